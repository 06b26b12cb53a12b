"""Registering for a challenge: rules and eligibility accepted, the phase and the person's role decide, no double rows."""

import asyncio

import pytest

from showcase.challenges.tables import Challenge, ChallengeSlugRedirect, Registration
from tests.conftest import soup
from tests.integration.challenges.helpers import make_challenge, make_team
from tests.integration.challenges.teams_support import (
    ACCEPT,
    field_error,
    flashes,
    notice,
    person,
    register_page,
    registered_emails,
    second,  # noqa: F401 - fixture
)
from tests.support import csrf_token

pytestmark = pytest.mark.anyio


async def test_anonymous_visitor_is_sent_to_log_in_and_back(client):
    await make_challenge()
    response = await client.get("/challenges/hack-mobilite/register", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (
        302, "/account/login?next=/challenges/hack-mobilite/register")
    await person(None, "amina")
    login = await client.get(response.headers["location"])
    posted = await client.post("/account/login", data={"email": "amina@example.ma", "password": "correct horse battery",
                                                        "next": "/challenges/hack-mobilite/register",
                                                        "_csrf_token": csrf_token(login.text)}, follow_redirects=False)
    assert posted.headers["location"] == "/challenges/hack-mobilite/register"
    team = await client.get("/challenges/hack-mobilite/team", follow_redirects=False)
    assert (team.status_code, team.headers["location"]) == (302, "/challenges/hack-mobilite/register")


async def test_register_page_shows_rules_and_eligibility_then_registers(client):
    challenge = await make_challenge(rules_fr="1. **Une équipe**, une entrée.\n2. Code ouvert.",
                                     rules_ar="قاعدة واحدة", eligibility_fr="Je réside au *Maroc*.")
    await person(client, "amina")
    page = soup((await client.get("/challenges/hack-mobilite/register")).text)
    statements = page.select(".team-statement")
    assert [s.h2.get_text() for s in statements] == ["Rules", "Eligibility"]
    # English visitors read the French text (no English version): Markdown rendered, sanitised.
    assert str(statements[0].select_one(".team-statement-text")) == (
        '<div class="team-statement-text prose" dir="auto"><ol>\n<li><strong>Une équipe</strong>, une entrée.</li>\n'
        "<li>Code ouvert.</li>\n</ol>\n</div>")
    assert statements[1].select_one(".team-statement-text em").get_text() == "Maroc"
    assert [box["name"] for box in page.select("input[type=checkbox]")] == ["accept_rules", "accept_eligibility"]

    response = await register_page(client)
    assert (response.status_code, response.headers["location"]) == (302, "/challenges/hack-mobilite/team")
    row = await Registration.select(Registration.key, Registration.challenge).first()
    assert row["key"] == f"{challenge['id']}:{row['key'].split(':')[1]}"
    assert await registered_emails() == ["amina@example.ma"]
    space = await client.get("/challenges/hack-mobilite/team")
    assert flashes(space.text) == ["You are registered. Create your team or join one."]
    assert soup(space.text).select_one(".team-create h2").get_text() == "Create your team"


async def test_the_arabic_page_shows_the_arabic_rules(client):
    await make_challenge(rules_fr="Règles en français", rules_ar="القواعد بالعربية")
    await person(client, "amina")
    page = soup((await client.get("/challenges/hack-mobilite/register?lang=ar")).text)
    assert page.html["dir"] == "rtl"
    assert page.select_one(".team-statement-text").get_text(strip=True) == "القواعد بالعربية"


async def test_both_boxes_are_required_with_a_message_beside_each(client):
    await make_challenge()
    await person(client, "amina")
    response = await register_page(client, data={})
    assert response.status_code == 400
    assert field_error(response.text, "accept_rules") == "Accept the challenge's rules to register."
    assert field_error(response.text, "accept_eligibility") == (
        "Confirm that you meet the eligibility conditions to register.")
    half = await register_page(client, data={"accept_rules": "on"})
    assert half.status_code == 400
    page = soup(half.text)
    assert page.select_one("#f-accept_rules").has_attr("checked")  # what was ticked stays ticked
    assert field_error(half.text, "accept_rules") is None
    assert field_error(half.text, "accept_eligibility") is not None
    assert await registered_emails() == []


async def test_double_submit_and_concurrent_submits_register_once(client):
    await make_challenge()
    await person(client, "amina")
    page = await client.get("/challenges/hack-mobilite/register")
    token = csrf_token(page.text)
    responses = await asyncio.gather(*[
        client.post("/challenges/hack-mobilite/register", data={**ACCEPT, "_csrf_token": token}, follow_redirects=False)
        for _ in range(4)])
    assert [r.status_code for r in responses] == [302, 302, 302, 302]
    assert {r.headers["location"] for r in responses} == {"/challenges/hack-mobilite/team"}
    assert await registered_emails() == ["amina@example.ma"]
    again = await register_page(client)
    assert (again.status_code, again.headers["location"]) == (302, "/challenges/hack-mobilite/team")
    assert "You are already registered for this challenge." in flashes((await client.get(again.headers["location"])).text)
    shown = await client.get("/challenges/hack-mobilite/register", follow_redirects=False)
    assert (shown.status_code, shown.headers["location"]) == (302, "/challenges/hack-mobilite/team")


@pytest.mark.parametrize(("phase", "status", "message"), [
    ("registration", 302, None),
    ("submissions", 302, None),
    ("upcoming", 403, "Registration has not opened yet."),
    ("screening", 403, "Registration is closed: the submission deadline has passed."),
    ("judging", 403, "Registration is closed: the submission deadline has passed."),
    ("finished", 403, "Registration is closed: the submission deadline has passed."),
])
async def test_registration_opens_and_closes_with_the_phase(client, phase, status, message):
    await make_challenge(phase=phase)
    await person(client, "amina")
    page = await client.get("/challenges/hack-mobilite/register", follow_redirects=False)
    response = await register_page(client)
    assert response.status_code == status
    if message:
        assert (page.status_code, notice(page.text)) == (403, message)
        assert notice(response.text) == message
        assert soup(page.text).select("form.team-register-form") == []
        assert await registered_emails() == []
    else:
        assert await registered_emails() == ["amina@example.ma"]


async def test_draft_challenge_is_not_found(client):
    await make_challenge(phase="draft")
    await person(client, "amina")
    assert (await client.get("/challenges/hack-mobilite/register")).status_code == 404


@pytest.mark.parametrize("role", ["organizer", "co_organizer", "admin"])
async def test_organizers_and_admins_cannot_register(client, role):
    user_id = await person(client, "nadia", roles=("admin",) if role == "admin" else ())
    await make_challenge(organizer_id=user_id if role == "organizer" else None,
                         co_organizer_ids=(user_id,) if role == "co_organizer" else ())
    page = await client.get("/challenges/hack-mobilite/register")
    response = await register_page(client)
    expected = "Organizers of a challenge (and site administrators) cannot take part in it."
    assert (page.status_code, notice(page.text)) == (403, expected)
    assert (response.status_code, notice(response.text)) == (403, expected)
    assert await registered_emails() == []
    space = await client.get("/challenges/hack-mobilite/team")
    assert soup(space.text).select_one(".team-main h2").get_text() == "You organize this challenge"


async def test_an_old_address_redirects(client):
    challenge = await make_challenge(slug="hack-routes")
    await ChallengeSlugRedirect.insert(ChallengeSlugRedirect(old_slug="hack-mobilite", challenge=challenge["id"]))
    await person(client, "amina")
    response = await client.get("/challenges/hack-mobilite/register", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (301, "/challenges/hack-routes/register")


async def test_my_challenges_lists_registrations_with_team_phase_and_next_date(client, second):
    amina = await person(client, "amina")
    open_call = await make_challenge(slug="hack-mobilite", title_fr="Hackathon mobilité")
    later = await make_challenge(slug="defi-eau", phase="registration", title_fr="Défi de l'eau")
    await make_challenge(slug="not-mine", title_fr="Pas le mien")
    await make_team(open_call["id"], amina, name="Les Cartographes")
    await register_page(client, "defi-eau")
    page = soup((await client.get("/account/challenges")).text)
    cards = page.select(".team-mine")
    assert [c.select_one(".team-mine-title").get_text(strip=True) for c in cards] == [
        "Défi de l'eau", "Hackathon mobilité"]
    assert [c.select_one(".phase-badge").get_text(strip=True) for c in cards] == [
        "Registration open", "Submissions open"]
    assert cards[0].select_one(".team-mine-meta .muted").get_text() == "No team yet"
    assert cards[1].select_one(".team-mine-meta bdi").get_text() == "Les Cartographes"
    assert cards[1].select_one(".team-mine-meta .badge-success").get_text() == "Captain"
    assert cards[0].select_one(".team-mine-next strong").get_text() == "Submissions open"
    assert cards[1].select_one(".team-mine-next strong").get_text() == "Submission deadline"
    assert [c.select_one(".team-mine-relative").get_text() for c in cards] == ["in 1 week", "in 1 week"]
    await person(second, "salma")
    empty = soup((await second.get("/account/challenges")).text)
    assert empty.select_one(".empty-state p").get_text() == "You have not registered for any challenge yet."
    assert (await Challenge.count()) == 3
