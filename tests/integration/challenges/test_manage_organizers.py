"""Co-organizers: the organizer adds them by the e-mail of an existing account and removes them."""

import pytest

from showcase.challenges.tables import ChallengeEvent, ChallengeRole
from tests.conftest import soup
from tests.integration.challenges.helpers import make_challenge, register
from tests.integration.challenges.manage_support import browser, organizer
from tests.support import create_user, outbox, submit

pytestmark = pytest.mark.anyio
URL = "/manage/challenges/equipe-orga/organizers"


async def setup(client):
    user_id = await organizer(client)
    challenge = await make_challenge(slug="equipe-orga", phase="registration", organizer_id=user_id)
    return user_id, challenge


async def roles(challenge_id):
    rows = await ChallengeRole.select(ChallengeRole.user, ChallengeRole.role, ChallengeRole.key).where(
        ChallengeRole.challenge == challenge_id).order_by(ChallengeRole.id)
    return [(row["user"], row["role"], row["key"]) for row in rows]


async def test_the_organizer_adds_a_co_organizer_who_is_told_by_email(client, app):
    user_id, challenge = await setup(client)
    helper_id = await create_user("yassine@example.ma", name="Yassine", locale="ar")
    response = await submit(client, URL, {"email": "  Yassine@Example.MA "})
    assert (response.status_code, response.headers["location"]) == (302, URL)
    assert await roles(challenge["id"]) == [(user_id, "organizer", f"{challenge['id']}:{user_id}"),
                                            (helper_id, "co_organizer", f"{challenge['id']}:{helper_id}")]
    mails = [m for m in await outbox("yassine@example.ma") if m["template"] != "verify_email"]
    assert [(m["template"], m["locale"]) for m in mails] == [("challenge_co_organizer", "ar")]
    assert "http://testserver.local/manage/challenges/equipe-orga" in mails[0]["body_text"]
    page = soup((await client.get(URL)).text)
    assert [[cell.get_text(strip=True) for cell in row.select("td")[:3]] for row in page.select("tbody tr")] == [
        ["Nadia Organisatrice", "organisatrice@example.ma", "Organizer"],
        ["Yassine", "yassine@example.ma", "Co-organizer"]]
    assert [e["action"] for e in await ChallengeEvent.select(ChallengeEvent.action)] == ["organizer_added"]
    async with browser(app, "yassine@example.ma", create=False) as helper:
        assert (await helper.get("/manage/challenges/equipe-orga/edit")).status_code == 200
        assert [a.get_text(strip=True) for a in soup((await helper.get("/manage/challenges")).text).select("tbody a")] == [
            "Hackathon mobilité"]


@pytest.mark.parametrize(("email", "message"), [
    ("personne@example.ma", "No account uses this address. Ask the person to sign up on Showcase first, then add "
                            "them here."),
    ("", "Enter the e-mail address of their account."),
    ("pas-une-adresse", "This does not look like an e-mail address (example: amina@example.ma)."),
    ("organisatrice@example.ma", "This person already organizes the challenge."),
])
async def test_clear_messages_when_the_person_cannot_be_added(client, email, message):
    _user_id, challenge = await setup(client)
    response = await submit(client, URL, {"email": email})
    assert response.status_code == 400
    page = soup(response.text)
    assert page.select_one("#f-email-error").get_text(strip=True) == message
    assert page.find("input", id="f-email")["value"] == email
    assert len(await roles(challenge["id"])) == 1


async def test_a_participant_cannot_become_an_organizer(client):
    _user_id, challenge = await setup(client)
    participant = await create_user("participant@example.ma", name="Participant")
    await register(challenge["id"], participant)
    response = await submit(client, URL, {"email": "participant@example.ma"})
    assert response.status_code == 400
    assert soup(response.text).select_one("#f-email-error").get_text(strip=True) == (
        "This person takes part in the challenge: those who run a challenge cannot compete in it.")


async def test_removing_a_co_organizer_but_never_the_organizer(client, app):
    user_id, challenge = await setup(client)
    helper_id = await create_user("yassine@example.ma", name="Yassine")
    await submit(client, URL, {"email": "yassine@example.ma"})
    removed = await submit(client, URL, {}, action=f"{URL}/{helper_id}/remove")
    assert removed.status_code == 302
    assert await roles(challenge["id"]) == [(user_id, "organizer", f"{challenge['id']}:{user_id}")]
    refused = await submit(client, URL, {}, action=f"{URL}/{user_id}/remove")
    assert refused.status_code == 400
    assert [li.get_text(strip=True) for li in soup(refused.text).select(".error-summary li")] == [
        "The organizer of the challenge cannot be removed."]
    assert (await submit(client, URL, {}, action=f"{URL}/999999/remove")).status_code == 404
    async with browser(app, "yassine@example.ma", create=False) as former:
        assert (await former.get("/manage/challenges/equipe-orga")).status_code == 403
    assert [e["action"] for e in await ChallengeEvent.select(ChallengeEvent.action).order_by(ChallengeEvent.id)] == [
        "organizer_added", "organizer_removed"]


async def test_a_co_organizer_sees_the_list_but_cannot_change_it(client, app):
    user_id, challenge = await setup(client)
    helper_id = await create_user("yassine@example.ma", name="Yassine")
    await submit(client, URL, {"email": "yassine@example.ma"})
    await create_user("third@example.ma", name="Third")
    async with browser(app, "yassine@example.ma", create=False) as helper:
        page = await helper.get(URL)
        assert page.status_code == 200
        assert soup(page.text).find("input", id="f-email") is None
        assert (await submit(helper, URL, {"email": "third@example.ma"})).status_code == 403
        assert (await submit(helper, URL, {}, action=f"{URL}/{helper_id}/remove")).status_code == 403
    assert len(await roles(challenge["id"])) == 2
