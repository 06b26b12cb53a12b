"""The jury: invitations by e-mail, answering them, the organizers' jury tab and the public jury list."""

from datetime import timedelta

import pytest

from showcase.challenges.tables import Challenge
from showcase.judging.tables import Judge, JudgeInvitation
from tests.conftest import soup
from tests.integration.challenges.helpers import make_challenge, make_team
from tests.support import create_user, link_in, log_in, outbox, submit

pytestmark = pytest.mark.anyio

JURY = "/manage/challenges/hack-mobilite/jury"


async def _organizer_invites(client, email: str, track: str = "") -> object:  # noqa: ANN001
    return await submit(client, JURY, {"email": email, "track": track}, action=f"{JURY}/invitations")


async def _setup(client) -> dict:  # noqa: ANN001
    organizer = await create_user("org@agence.ma", name="Nadia Organisatrice", locale="en")
    challenge = await make_challenge(organizer_id=organizer)
    await log_in(client, "org@agence.ma")
    return challenge


async def _mails(email: str) -> list[dict]:
    return [m for m in await outbox(email) if m["template"] == "judge_invitation"]


def _judge_names(html: str) -> list[str]:
    return [row.select("td")[0].get_text() for row in soup(html).select("#judges-title ~ .table-wrap tbody tr")
            if row.select_one("form")]


async def test_invite_accept_and_jury_listed_when_public(client):
    await _setup(client)
    await create_user("karim@univ.ma", name="Karim Juge", locale="ar")
    response = await _organizer_invites(client, "Karim@Univ.ma")
    assert (response.status_code, response.headers["location"]) == (302, JURY)
    mails = await _mails("karim@univ.ma")
    assert [(m["template"], m["locale"]) for m in mails] == [("judge_invitation", "ar")]
    link = link_in(mails[0]["body_text"])
    assert link.startswith("/judging/invitations/")
    client.cookies.clear()
    page = soup((await client.get(link)).text)
    assert page.select_one(f'a[href="/account/login?next={link}"]') is not None
    await log_in(client, "karim@univ.ma")
    accepted = await submit(client, link, {}, action=f"{link}/accept")
    assert (accepted.status_code, accepted.headers["location"]) == (302, "/challenges/hack-mobilite")
    assert [row["key"] for row in await Judge.select(Judge.key)] == ["1:2:0"]
    public = soup((await client.get("/challenges/hack-mobilite")).text)
    assert [li.get_text() for li in public.select(".challenge-jury-list li")] == ["Karim Juge"]
    await Challenge.update({Challenge.jury_public: False}).where(Challenge.slug == "hack-mobilite")
    hidden = soup((await client.get("/challenges/hack-mobilite")).text)
    assert hidden.select(".challenge-jury-list") == []
    client.cookies.clear()
    await log_in(client, "org@agence.ma")
    assert _judge_names((await client.get(JURY)).text) == ["Karim Juge"]
    again = await submit(client, link, {}, action=f"{link}/accept")  # answered already
    assert again.status_code == 400


async def test_invitee_without_account_gets_the_inviters_language_and_can_decline(client):
    await _setup(client)
    await _organizer_invites(client, "new@univ.ma")
    mails = await _mails("new@univ.ma")
    assert [(m["template"], m["locale"]) for m in mails] == [("judge_invitation", "en")]
    assert "You will be asked to log in or create an account first." in mails[0]["body_text"]
    link = link_in(mails[0]["body_text"])
    client.cookies.clear()
    await create_user("new@univ.ma", name="Nouveau")
    await log_in(client, "new@univ.ma")
    declined = await submit(client, link, {}, action=f"{link}/decline")
    assert declined.status_code == 302
    assert await Judge.count() == 0
    assert [row["status"] for row in await JudgeInvitation.select(JudgeInvitation.status)] == ["declined"]


async def test_revoke_and_expired_tokens(client):
    await _setup(client)
    await _organizer_invites(client, "a@univ.ma")
    await _organizer_invites(client, "b@univ.ma")
    page = soup((await client.get(JURY)).text)
    assert [li.bdi.get_text() for li in page.select("#invitations-title ~ ul li")] == ["a@univ.ma", "b@univ.ma"]
    first = await JudgeInvitation.select(JudgeInvitation.id).where(JudgeInvitation.email == "a@univ.ma").first()
    revoked = await submit(client, JURY, {}, action=f"{JURY}/invitations/{first['id']}/revoke")
    assert revoked.status_code == 302
    page = soup((await client.get(JURY)).text)
    assert [li.bdi.get_text() for li in page.select("#invitations-title ~ ul li")] == ["b@univ.ma"]
    revoked_link = link_in((await _mails("a@univ.ma"))[0]["body_text"])
    response = await client.get(revoked_link)
    assert (response.status_code, soup(response.text).select_one(".notice-error").get_text()) == (
        400, "This invitation was withdrawn by the organizers.")
    await JudgeInvitation.update({JudgeInvitation.expires_at: JudgeInvitation.created_at - timedelta(seconds=1)}).where(
        JudgeInvitation.email == "b@univ.ma")
    expired = await client.get(link_in((await _mails("b@univ.ma"))[0]["body_text"]))
    assert (expired.status_code, soup(expired.text).select_one(".notice-error").get_text()) == (
        400, "This invitation has expired. Ask the organizers to invite you again.")
    unknown = await client.get("/judging/invitations/nope")
    assert unknown.status_code == 400


async def test_a_participant_cannot_join_the_jury(client):
    challenge = await _setup(client)
    player = await create_user("player@univ.ma", name="Yassine Joueur")
    await make_team(challenge["id"], player)
    refused = await _organizer_invites(client, "player@univ.ma")
    assert refused.status_code == 400
    assert "player@univ.ma takes part in this challenge as a member of a team and cannot judge it." in refused.text
    # Invited before joining a team: refused when accepting.
    late = await create_user("late@univ.ma", name="Late Joiner")
    await _organizer_invites(client, "late@univ.ma")
    await make_team(challenge["id"], (await create_user("cap@x.ma", name="Cap")), name="Autres",
                    members=(late,))
    link = link_in((await _mails("late@univ.ma"))[0]["body_text"])
    client.cookies.clear()
    await log_in(client, "late@univ.ma")
    response = await submit(client, link, {}, action=f"{link}/accept")
    assert response.status_code == 403
    assert ("You take part in this challenge as a member of a team, so you cannot be on its jury."
            in soup(response.text).select_one(".notice-warning").get_text())
    assert await Judge.count() == 0


async def test_only_organizers_reach_the_jury_tab(client):
    challenge = await _setup(client)
    co = await create_user("co@agence.ma", name="Co Org")
    from showcase.challenges.tables import ChallengeRole
    await ChallengeRole(challenge=challenge["id"], user=co, role="co_organizer", key=f"{challenge['id']}:{co}").save()
    await create_user("admin@agence.ma", name="Admin", roles=("admin",))
    player = await create_user("player@univ.ma", name="Joueur")
    await make_team(challenge["id"], player)
    assert (await client.get(JURY)).status_code == 200
    client.cookies.clear()
    visitor = await client.get(JURY, follow_redirects=False)
    assert (visitor.status_code, visitor.headers["location"]) == (
        302, "/account/login?next=/manage/challenges/hack-mobilite/jury")
    for email, status in (("player@univ.ma", 403), ("co@agence.ma", 200), ("admin@agence.ma", 200)):
        await log_in(client, email)
        assert ((await client.get(JURY)).status_code, email) == (status, email)
        client.cookies.clear()
