"""Creating a challenge from the back office, and the list of challenges a person runs."""

import pytest

from showcase.challenges.tables import Challenge, ChallengeEvent, ChallengeRole
from tests.conftest import soup
from tests.integration.challenges.helpers import make_challenge
from tests.integration.challenges.manage_support import browser, challenge_row, new_draft, organizer
from tests.support import create_user, log_in, submit

pytestmark = pytest.mark.anyio


async def test_organizer_creates_a_draft_and_becomes_its_organizer(client):
    user_id = await organizer(client)
    slug = await new_draft(client)
    assert slug == "defi-des-donnees-de-leau"
    row = await challenge_row(slug)
    assert (row["status"], row["title_ar"], row["organizer_name"], row["created_by"], row["time_zone"]) == (
        "draft", "تحدي بيانات الماء", "Agence de l'eau", user_id, "Africa/Casablanca")
    roles = await ChallengeRole.select(ChallengeRole.user, ChallengeRole.role, ChallengeRole.key)
    assert roles == [{"user": user_id, "role": "organizer", "key": f"{row['id']}:{user_id}"}]
    assert [e["action"] for e in await ChallengeEvent.select(ChallengeEvent.action)] == ["create"]
    overview = await client.get(f"/manage/challenges/{slug}")
    assert overview.status_code == 200
    assert soup(overview.text).select_one(".phase-badge").get_text(strip=True) == "Draft"


async def test_same_title_gets_a_numbered_slug_and_arabic_only_title_is_transliterated(client):
    await organizer(client)
    assert await new_draft(client) == "defi-des-donnees-de-leau"
    assert await new_draft(client) == "defi-des-donnees-de-leau-2"
    assert await new_draft(client, title_fr="", title_ar="تحدي") == "thdy"


async def test_a_title_is_required_and_the_typed_values_are_kept(client):
    await organizer(client)
    response = await submit(client, "/manage/challenges/new", {"title_fr": "  ", "summary_fr": "Un résumé gardé",
                                                               "organizer_name": "ADD"})
    assert response.status_code == 400
    page = soup(response.text)
    assert [li.get_text(strip=True) for li in page.select(".error-summary li")] == [
        "Give a title in French or in Arabic (or both)."]
    assert page.find("textarea", id="f-summary_fr").get_text() == "Un résumé gardé"
    assert page.find("input", id="f-organizer_name")["value"] == "ADD"
    assert await Challenge.count() == 0


async def test_without_the_organizer_role_there_is_no_new_challenge(client):
    await create_user("membre@example.ma", name="Membre")
    await log_in(client, "membre@example.ma")
    listing = await client.get("/manage/challenges")
    assert listing.status_code == 200
    assert soup(listing.text).find("a", href="/manage/challenges/new") is None
    assert (await client.get("/manage/challenges/new")).status_code == 403
    refused = await client.post("/manage/challenges/new", data={"title_fr": "X"})
    assert refused.status_code == 403
    assert await Challenge.count() == 0


async def test_visitors_are_sent_to_log_in(client):
    response = await client.get("/manage/challenges", follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["location"] == "/account/login?next=/manage/challenges"


async def test_the_list_shows_the_challenges_a_person_runs_with_their_phase(client, app):
    user_id = await organizer(client)
    other_id = await create_user("autre-orga@example.ma", name="Autre", roles=("organizer",))
    await make_challenge(slug="mine-open", phase="submissions", organizer_id=user_id, title_fr="Le mien ouvert")
    await make_challenge(slug="co-run", phase="judging", organizer_id=other_id, co_organizer_ids=(user_id,),
                         title_fr="Co-organisé")
    await make_challenge(slug="not-mine", phase="registration", organizer_id=other_id, title_fr="Pas le mien")
    page = soup((await client.get("/manage/challenges")).text)
    rows = [(row.select_one("a").get_text(strip=True), row.select_one(".phase-badge").get_text(strip=True))
            for row in page.select("tbody tr")]
    assert sorted(rows) == [("Co-organisé", "Judging"), ("Le mien ouvert", "Submissions open")]
    async with browser(app, "admin@example.ma", name="Admin", roles=("admin",)) as admin:
        admin_page = soup((await admin.get("/manage/challenges")).text)
        assert len(admin_page.select("tbody tr")) == 3
        assert admin_page.find("a", href="/manage/challenges/new") is not None
