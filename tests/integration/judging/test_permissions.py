"""Who sees what while a challenge is judged, over every judging page: visitors, a participant, a judge, a judge
with a conflict, the organizer. Written from the product rules (issue 6), not read back from the code:

- judges' pages exist only for the jury (and the organizers): 404 for anyone else, the login page for visitors;
- an entry a judge is conflicted with does not exist for that judge (404), nor does one not assigned to them;
- the back office is the organizers': 403 for people who can see the challenge but not run it;
- results, their CSVs and the API do not exist before publication, except as the organizers' preview;
- in anonymised mode no team, startup or member name reaches a judge, in any page's HTML."""

from __future__ import annotations

import pytest

from showcase.judging.access import settings_of
from showcase.judging.tables import Conflict, JudgingSettings
from tests.integration.judging.scoring_support import assign, rubric
from tests.integration.judging.support import ORGANIZER, TEAM_NAMES, captain_email, judge_email, jury_with_entries
from tests.support import log_in

pytestmark = pytest.mark.anyio

PERSONAS = ("visitor", "participant", "judge", "conflicted_judge", "organizer")
LOGIN = "login"


async def _cast():
    jury = await jury_with_entries(judges=2, entries=2)
    challenge_id = jury.challenge["id"]
    await rubric(challenge_id)
    first, second = jury.entries
    judge, conflicted = jury.judges
    await Conflict(challenge=challenge_id, user=conflicted, entry=first, source="declared", reason="Ancien collègue",
                   key=f"{first}:{conflicted}").save()
    await assign(challenge_id, [(first, judge), (second, judge), (second, conflicted)])
    return jury


def _urls(slug: str, first: int, second: int) -> dict[str, tuple[str, ...]]:
    """Expected GET status per persona, in PERSONAS order."""
    manage = f"/manage/challenges/{slug}/judging"
    return {
        f"/judging/{slug}": (LOGIN, 404, 200, 200, 200),
        f"/judging/{slug}/entries/{first}": (LOGIN, 404, 200, 404, 200),
        f"/judging/{slug}/entries/{second}": (LOGIN, 404, 200, 200, 200),
        f"/judging/{slug}/conflicts": (LOGIN, 404, 200, 200, 404),
        manage: (LOGIN, 403, 403, 403, 200),
        f"{manage}/criteria": (LOGIN, 403, 403, 403, 200),
        f"{manage}/rounds": (LOGIN, 403, 403, 403, 200),
        f"{manage}/results": (LOGIN, 403, 403, 403, 200),
        f"{manage}/vote": (LOGIN, 403, 403, 403, 200),
        f"{manage}/audit": (LOGIN, 403, 403, 403, 200),
        f"{manage}/audit/scores.csv": (LOGIN, 403, 403, 403, 200),
        f"{manage}/audit/trail.json": (LOGIN, 403, 403, 403, 200),
        f"/challenges/{slug}/results": (404, 404, 404, 404, 200),
        f"/challenges/{slug}/results.csv": (404, 404, 404, 404, 404),
        f"/challenges/{slug}/results/scores.csv": (404, 404, 404, 404, 404),
        f"/api/v1/challenges/{slug}/results": (404, 404, 404, 404, 404),
    }


async def _as(client, persona: str, jury) -> None:  # noqa: ANN001
    client.cookies.clear()
    emails = {"participant": captain_email(0), "judge": judge_email(0), "conflicted_judge": judge_email(1),
              "organizer": ORGANIZER}
    if persona in emails:
        await log_in(client, emails[persona])


def _outcome(response) -> object:  # noqa: ANN001
    if response.status_code in (302, 303) and response.headers["location"].startswith("/account/login"):
        return LOGIN
    return response.status_code


async def test_every_judging_page_answers_each_persona_as_the_rules_say(client):
    jury = await _cast()
    urls = _urls(jury.slug, *jury.entries)
    seen = {}
    for index, persona in enumerate(PERSONAS):
        await _as(client, persona, jury)
        for url, expected in urls.items():
            seen[(url, persona)] = (_outcome(await client.get(url, follow_redirects=False)), expected[index])
    assert {key: got for key, (got, _want) in seen.items()} == {key: want for key, (_got, want) in seen.items()}


async def test_anonymised_judging_shows_no_team_startup_or_member_name_to_judges(client):
    jury = await _cast()
    await settings_of(jury.challenge["id"])  # the row is created on first use
    await JudgingSettings.update({JudgingSettings.anonymised: True}).where(
        JudgingSettings.challenge == jury.challenge["id"])
    names = [*TEAM_NAMES[:2], *(f"Capitaine {name}" for name in TEAM_NAMES[:2])]
    first, second = jury.entries
    pages = ["/judging", f"/judging/{jury.slug}", f"/judging/{jury.slug}/entries/{first}",
             f"/judging/{jury.slug}/entries/{second}", f"/judging/{jury.slug}/conflicts",
             f"/judging/{jury.slug}/compare"]
    await _as(client, "judge", jury)
    leaks = {}
    for url in pages:
        response = await client.get(url)
        assert response.status_code == 200, url
        found = [name for name in names if name in response.text]
        if found:
            leaks[url] = found
    assert leaks == {}
    # The organizers are not judged by the setting: they still see who is who.
    await _as(client, "organizer", jury)
    assert TEAM_NAMES[0] in (await client.get(f"/manage/challenges/{jury.slug}/judging")).text


async def test_the_judges_page_leads_to_conflicts_and_to_comparisons_when_the_round_is_pairwise(client):
    from showcase.judging.tables import Round
    from tests.conftest import soup

    jury = await _cast()
    await _as(client, "judge", jury)
    links = [a["href"] for a in soup((await client.get(f"/judging/{jury.slug}")).text).select("main a")]
    assert f"/judging/{jury.slug}/conflicts" in links
    assert f"/judging/{jury.slug}/compare" not in links
    await Round(challenge=jury.challenge["id"], position=2, kind="pairwise", name_fr="Finale", name_ar="النهائي",
                key=f"{jury.challenge['id']}:2").save()
    links = [a["href"] for a in soup((await client.get(f"/judging/{jury.slug}")).text).select("main a")]
    assert f"/judging/{jury.slug}/compare" in links
