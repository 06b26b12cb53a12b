"""Conflicts of interest as people declare them: a judge on their conflicts page (with a reason, audited; the entry
then answers 404 for them), and a team naming judges of a public jury on its entry form."""

import pytest

from showcase.challenges.tables import Challenge
from showcase.judging import access
from showcase.judging.tables import Assignment, AuditEvent, Conflict, Judge, JudgingSettings
from tests.conftest import soup
from tests.integration.challenges.entries_support import entry_fields, setup_team
from tests.integration.challenges.helpers import make_team
from tests.integration.challenges.screening_rows import add_entry
from tests.integration.judging.audit_support import conflicts_url
from tests.integration.judging.support import (
    ORGANIZER,
    TEAM_NAMES,
    judge_email,
    jury_with_entries,
)
from tests.support import create_user, log_in, submit

pytestmark = pytest.mark.anyio


def _titles(html: str, selector: str) -> list[str]:
    return [li.select_one("strong").get_text(strip=True) for li in soup(html).select(selector)]


async def test_a_judge_declares_a_conflict_with_a_reason_and_the_entry_disappears_for_them(client):
    jury = await jury_with_entries(judges=2, entries=3)
    e1, e2 = jury.entries[0], jury.entries[1]
    round_entries = "/judging/" + jury.slug + "/entries/"
    round_id = (await access.first_round(jury.challenge["id"]))["id"]
    await Assignment(round=round_id, challenge=jury.challenge["id"], entry=e2, judge=jury.judges[0],
                     key=f"{round_id}:{e2}:{jury.judges[0]}").save()
    await log_in(client, judge_email(0))
    assert (await client.get(round_entries + str(e2))).status_code == 200
    page = await client.get(conflicts_url(jury.slug))
    assert page.status_code == 200
    assert _titles(page.text, ".conflict-entry") == ["Projet Les Cartographes", "Projet Data Atlas",
                                                     "Projet Oasis Lab"]
    assert [s.get_text(" ", strip=True) for s in soup(page.text).select(".conflict-entry .muted")] == [
        "· Les Cartographes", "· Data Atlas", "· Oasis Lab"]

    missing = await submit(client, conflicts_url(jury.slug), {"entry": str(e2), "reason": "  "})
    assert missing.status_code == 400
    assert soup(missing.text).select_one("#f-reason-error").get_text() == (
        "Say in a few words why you should not review this entry.")
    assert soup(missing.text).select_one("details[open] input[name=entry]")["value"] == str(e2)
    assert await Conflict.count() == 0
    stranger = await submit(client, conflicts_url(jury.slug), {"entry": "99999", "reason": "Mon frère"})
    assert stranger.status_code == 400
    assert soup(stranger.text).select_one("#f-entry").get_text() == "Choose an entry of this challenge."

    declared = await submit(client, conflicts_url(jury.slug), {"entry": str(e2), "reason": " J'ai conseillé l'équipe "})
    assert (declared.status_code, declared.headers["location"]) == (303, conflicts_url(jury.slug))
    assert await Conflict.select(Conflict.user, Conflict.entry, Conflict.source, Conflict.reason) == [
        {"user": jury.judges[0], "entry": e2, "source": "declared", "reason": "J'ai conseillé l'équipe"}]
    assert await AuditEvent.select(AuditEvent.action, AuditEvent.actor_name, AuditEvent.subject,
                                   AuditEvent.payload) == [
        {"action": "conflict.declared", "actor_name": "Hind Juge", "subject": f"entry:{e2}",
         "payload": '{"judge":%d,"reason":"J\'ai conseillé l\'équipe"}' % jury.judges[0]},
        # declared after the assignment: the judge is taken off the entry
        {"action": "assignment.removed", "actor_name": "Hind Juge", "subject": f"round:{round_id}",
         "payload": '{"entry":%d,"judge":%d,"reason":"conflict"}' % (e2, jury.judges[0])}]
    assert await Assignment.count() == 0
    page = await client.get(conflicts_url(jury.slug))
    assert _titles(page.text, ".conflict-list li") == ["Projet Data Atlas"]
    assert [p.get_text() for p in soup(page.text).select(".conflict-reason")] == ["J'ai conseillé l'équipe"]
    assert _titles(page.text, ".conflict-entry") == ["Projet Les Cartographes", "Projet Oasis Lab"]
    # The entry no longer exists for this judge (access.check_entry); another judge still sees their entries.
    assert (await client.get(round_entries + str(e2))).status_code == 404
    assert e1 not in {row["entry"] for row in await Conflict.select(Conflict.entry)}


async def test_only_judges_have_a_conflicts_page(client):
    jury = await jury_with_entries(judges=1, entries=1)
    await create_user("curieux@example.ma", name="Curieux")
    await log_in(client, "curieux@example.ma")
    assert (await client.get(conflicts_url(jury.slug))).status_code == 404
    client.cookies.clear()
    await log_in(client, ORGANIZER)
    assert (await client.get(conflicts_url(jury.slug))).status_code == 404


async def test_automatic_conflicts_are_listed_and_anonymised_mode_names_no_team(client):
    jury = await jury_with_entries(judges=1, entries=2)
    colleague = await create_user("collegue@univ1.ma", name="Collègue Univ")
    team = await make_team(jury.challenge["id"], colleague, name="Univ Team")
    await add_entry(jury.challenge["id"], team, title="Projet Univ", screening="eligible")
    await log_in(client, judge_email(0))
    page = await client.get(conflicts_url(jury.slug))
    mine = soup(page.text).select(".conflict-list li")
    assert [li.get_text(" ", strip=True) for li in mine] == [
        "Projet Univ · Univ Team Found automatically Same e-mail domain as a team member (univ1.ma)"]
    assert _titles(page.text, ".conflict-entry") == ["Projet Les Cartographes", "Projet Data Atlas"]

    await JudgingSettings.update({JudgingSettings.anonymised: True}).where(
        JudgingSettings.challenge == jury.challenge["id"])
    html = (await client.get(conflicts_url(jury.slug))).text
    for name in ("Univ Team", "Collègue Univ", "(univ1.ma)", "Capitaine"):  # titles are the reuses', not names
        assert name not in html
    assert soup(html).select(".conflict-entry .muted") == []
    assert not any(f"· {team}" in html for team in TEAM_NAMES)
    assert [li.get_text(" ", strip=True) for li in soup(html).select(".conflict-list li")] == [
        "Projet Univ Found automatically Found automatically (team, startup or company e-mail domain)"]


async def _judge_on(challenge_id: int, email: str, name: str) -> int:
    user = await create_user(email, name=name)
    await Judge(challenge=challenge_id, user=user, key=f"{challenge_id}:{user}:0").save()
    return user


async def test_a_team_names_a_judge_of_a_public_jury_when_it_submits(client):
    setup = await setup_team(client)
    challenge_id = setup.challenge["id"]
    hind = await _judge_on(challenge_id, "hind@univ.ma", "Hind Juge")
    omar = await _judge_on(challenge_id, "omar@univ.ma", "Omar Juge")
    page = soup((await client.get(setup.url)).text)
    assert [label.get_text(" ", strip=True) for label in page.select(".conflict-judges label.check")] == [
        "Conflict of interest with Hind Juge", "Conflict of interest with Omar Juge"]

    no_reason = await submit(client, setup.url, {**entry_fields(setup), "conflict_judge": [str(omar)]})
    assert no_reason.status_code == 400
    assert soup(no_reason.text).select_one(f"#f-conflict_reason_{omar}-error").get_text() == (
        "Say in a few words why this judge should not review your entry.")
    assert soup(no_reason.text).find("input", attrs={"name": "conflict_judge", "value": str(omar)}).has_attr("checked")
    assert await Conflict.count() == 0

    named = await submit(client, setup.url, {**entry_fields(setup), "conflict_judge": [str(omar)],
                                             f"conflict_reason_{omar}": "Il dirige une startup concurrente",
                                             f"conflict_reason_{hind}": "pas coché"})
    assert named.status_code == 303
    entry_id = (await Conflict.select(Conflict.entry).first())["entry"]
    assert await Conflict.select(Conflict.user, Conflict.source, Conflict.reason) == [
        {"user": omar, "source": "team", "reason": "Il dirige une startup concurrente"}]
    page = soup((await client.get(setup.url)).text)
    assert page.find("input", attrs={"name": "conflict_judge", "value": str(omar)}).has_attr("checked")
    assert not page.find("input", attrs={"name": "conflict_judge", "value": str(hind)}).has_attr("checked")
    assert page.select_one(f"#f-conflict_reason_{omar}")["value"] == "Il dirige une startup concurrente"

    # Unticked before the deadline: removed. Both changes are in the audit trail.
    await submit(client, setup.url, entry_fields(setup))
    assert await Conflict.count() == 0
    assert await AuditEvent.select(AuditEvent.action, AuditEvent.actor_name, AuditEvent.subject) == [
        {"action": "conflict.named", "actor_name": "Amina El Idrissi", "subject": f"entry:{entry_id}"},
        {"action": "conflict.removed", "actor_name": "Amina El Idrissi", "subject": f"entry:{entry_id}"},
    ]


async def test_organizers_see_the_teams_conflicts_in_the_jury_tab_and_a_hidden_jury_is_not_offered(client):
    organizer = await create_user(ORGANIZER, name="Nadia Organisatrice", roles=("organizer",))
    setup = await setup_team(client, organizer_id=organizer)
    omar = await _judge_on(setup.challenge["id"], "omar@univ.ma", "Omar Juge")
    await submit(client, setup.url, {**entry_fields(setup), "conflict_judge": [str(omar)],
                                     f"conflict_reason_{omar}": "Mon ancien directeur"})
    client.cookies.clear()
    await log_in(client, ORGANIZER)
    jury_tab = soup((await client.get(f"/manage/challenges/{setup.challenge['slug']}/jury")).text)
    rows = [[td.get_text(strip=True) for td in tr.select("td")]
            for tr in jury_tab.select("#conflicts-title ~ .table-wrap tbody tr")]
    assert rows == [["Les Cartographes", "Omar Juge", "Named by the team", "Mon ancien directeur"]]

    await Challenge.update({Challenge.jury_public: False}).where(Challenge.id == setup.challenge["id"])
    client.cookies.clear()
    await log_in(client, "amina@example.ma")
    page = soup((await client.get(setup.url)).text)
    assert page.select(".entry-conflicts") == []
    # Ticks sent anyway change nothing while the jury is hidden.
    response = await submit(client, setup.url, entry_fields(setup))
    assert response.status_code == 303
    assert await Conflict.count() == 1


async def test_a_review_written_before_a_conflict_came_to_light_no_longer_counts(client):
    from showcase.judging.standings import round_scores
    from tests.integration.judging.scoring_support import assign, review, rubric

    jury = await jury_with_entries(judges=2, entries=2)
    challenge_id = jury.challenge["id"]
    criterion = (await rubric(challenge_id, ((1.0, 0, 10),)))[0]
    first, second = jury.entries
    round_id = await assign(challenge_id, [(first, jury.judges[0]), (first, jury.judges[1]), (second, jury.judges[0])])
    for entry_id, judge_id, mark in ((first, jury.judges[0], 8.0), (first, jury.judges[1], 4.0),
                                     (second, jury.judges[0], 6.0)):
        await review(challenge_id, round_id, entry_id, judge_id, {criterion: mark})
    assert sorted(await round_scores(challenge_id, round_id)) == sorted([
        (first, jury.judges[0], 8.0), (first, jury.judges[1], 4.0), (second, jury.judges[0], 6.0)])
    await log_in(client, judge_email(1))
    await submit(client, conflicts_url(jury.slug), {"entry": str(first), "reason": "Ma cousine est dans l'équipe"})
    assert sorted(await round_scores(challenge_id, round_id)) == sorted([
        (first, jury.judges[0], 8.0), (second, jury.judges[0], 6.0)])
    assert [(row["entry"], row["judge"]) for row in await Assignment.select(Assignment.entry, Assignment.judge)
            .order_by(Assignment.id)] == [(first, jury.judges[0]), (second, jury.judges[0])]
