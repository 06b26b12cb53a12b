"""Invitations, membership and ownership, through the pages and the e-mailed link."""

from datetime import timedelta

import pytest

from showcase.startups.tables import Startup, StartupInvitation, StartupMember
from tests.conftest import soup
from tests.integration.startups.helpers import create_startup, owner_client
from tests.support import create_user, link_in, log_in, now, outbox, submit

pytestmark = pytest.mark.anyio


async def _invite(client, slug: str, email: str):  # noqa: ANN001, ANN202
    return await submit(client, f"/startups/{slug}/team", {"email": email}, action=f"/startups/{slug}/invitations")


async def _roles() -> list[tuple[str, str]]:
    rows = await StartupMember.select(StartupMember.user.email, StartupMember.role).order_by(StartupMember.id)
    return [(row["user.email"], row["role"]) for row in rows]


async def _startup_with_invitation(client, email: str = "youssef@example.ma") -> tuple[str, str]:  # noqa: ANN001
    await owner_client(client)
    slug = await create_startup(client)
    response = await _invite(client, slug, email)
    assert (response.status_code, response.headers["location"]) == (302, f"/startups/{slug}/team")
    return slug, link_in((await outbox(email.strip().lower()))[-1]["body_text"])


async def test_invitation_accepted_by_another_account(client, other_client):
    await create_user("youssef@example.ma", name="يوسف بنعلي", locale="ar")
    slug, link = await _startup_with_invitation(client, " Youssef@Example.MA ")
    [message] = [m for m in await outbox("youssef@example.ma") if m["template"] == "startup_invitation"]
    assert message["locale"] == "ar"
    assert link.startswith("/invitations/")
    stored = await StartupInvitation.select(StartupInvitation.token_hash, StartupInvitation.status,
                                            StartupInvitation.expires_at, StartupInvitation.created_at).first()
    token = link.removeprefix("/invitations/")
    assert stored["token_hash"] != token and len(stored["token_hash"]) == 64
    assert (stored["status"], stored["expires_at"] - stored["created_at"]) == ("pending", timedelta(days=14))

    # Anyone holding the link may answer with any account: here, a different address.
    anonymous = await other_client.get(link)
    assert anonymous.status_code == 200
    assert f'href="/account/login?next={link}"' in anonymous.text
    await create_user("y.benali@example.ma", name="Youssef Benali")
    await log_in(other_client, "y.benali@example.ma")
    page = await other_client.get(link)
    assert "invites you to join <bdi>Souss Agri Data</bdi>" in page.text
    response = await submit(other_client, link, {}, action=f"{link}/accept")
    assert (response.status_code, response.headers["location"]) == (302, f"/startups/{slug}")
    profile = await other_client.get(f"/startups/{slug}")
    assert "Welcome to Souss Agri Data! You are now a member." in profile.text
    members = [(m.select_one(".member-name").get_text(), m.select_one(".member-role").get_text())
               for m in soup(profile.text).select(".member")]
    assert members == [("Amina El Idrissi", "Owner"), ("Youssef Benali", "Member")]
    assert await _roles() == [("amina@example.ma", "owner"), ("y.benali@example.ma", "member")]
    again = await other_client.get(link)
    assert (again.status_code, soup(again.text).select_one(".notice-error").get_text()) == (
        400, "This invitation has already been answered.")


async def test_invitation_to_unknown_address_uses_inviter_language(client):
    slug, _link = await _startup_with_invitation(client, "newcomer@example.ma")
    [message] = await outbox("newcomer@example.ma")
    assert (message["locale"], message["subject"]) == (
        "en", "Amina El Idrissi invites you to join Souss Agri Data on Showcase")
    assert "You will be asked to log in or create an account (any e-mail address works)." in message["body_text"]


async def test_decline(client, other_client):
    slug, link = await _startup_with_invitation(client)
    await create_user("youssef@example.ma", name="Youssef")
    await log_in(other_client, "youssef@example.ma")
    response = await submit(other_client, link, {}, action=f"{link}/decline")
    assert (response.status_code, response.headers["location"]) == (302, "/account/startups")
    page = await other_client.get("/account/startups")
    assert "You declined the invitation to join Souss Agri Data." in page.text
    assert (await StartupInvitation.select(StartupInvitation.status).first())["status"] == "declined"
    assert await _roles() == [("amina@example.ma", "owner")]


async def test_expired_invitation(client, other_client):
    slug, link = await _startup_with_invitation(client)
    await StartupInvitation.update({StartupInvitation.expires_at: now() - timedelta(seconds=1)}).where(
        StartupInvitation.status == "pending")
    await create_user("youssef@example.ma", name="Youssef")
    await log_in(other_client, "youssef@example.ma")
    page = await other_client.get(link)
    assert (page.status_code, soup(page.text).select_one(".notice-error").get_text()) == (
        400, "This invitation has expired. Ask the startup's owner to invite you again.")
    response = await submit(other_client, "/account/startups", {}, action=f"{link}/accept")
    assert response.status_code == 400
    assert await _roles() == [("amina@example.ma", "owner")]


async def test_revoked_and_unknown_invitations(client, other_client):
    slug, link = await _startup_with_invitation(client)
    team = soup((await client.get(f"/startups/{slug}/team")).text)
    assert [li.bdi.get_text() for li in team.select(".invitation")] == ["youssef@example.ma"]
    invitation_id = (await StartupInvitation.select(StartupInvitation.id).first())["id"]
    response = await submit(client, f"/startups/{slug}/team", {},
                            action=f"/startups/{slug}/invitations/{invitation_id}/revoke")
    assert response.status_code == 302
    assert soup((await client.get(f"/startups/{slug}/team")).text).select(".invitation") == []
    page = await other_client.get(link)
    assert (page.status_code, soup(page.text).select_one(".notice-error").get_text()) == (
        400, "This invitation was withdrawn by the startup's owner.")
    unknown = await other_client.get("/invitations/not-a-real-token")
    assert (unknown.status_code, soup(unknown.text).select_one(".notice-error").get_text()) == (
        400, "This invitation link is not valid. Check that you copied it whole, or ask the startup's owner for a new one.")


async def test_reinviting_replaces_the_pending_invitation(client, other_client):
    slug, first_link = await _startup_with_invitation(client)
    await _invite(client, slug, "youssef@example.ma")
    second_link = link_in((await outbox("youssef@example.ma"))[-1]["body_text"])
    rows = await StartupInvitation.select(StartupInvitation.status).order_by(StartupInvitation.id)
    assert rows == [{"status": "revoked"}, {"status": "pending"}]
    assert (await other_client.get(first_link)).status_code == 400
    assert (await other_client.get(second_link)).status_code == 200


async def test_inviting_a_member_or_a_bad_address_is_refused(client):
    await owner_client(client)
    slug = await create_startup(client)
    response = await _invite(client, slug, "AMINA@example.ma")
    assert response.status_code == 400
    assert soup(response.text).select_one("#f-email-error").get_text() == (
        "amina@example.ma is already a member of this startup.")
    response = await _invite(client, slug, "not-an-address")
    assert soup(response.text).select_one("#f-email-error").get_text() == (
        "This does not look like an e-mail address (example: amina@example.ma).")
    assert soup(response.text).select_one("#f-email")["value"] == "not-an-address"
    assert await StartupInvitation.count() == 0


async def test_invitations_are_rate_limited_per_user(client):
    await owner_client(client)
    slug = await create_startup(client)
    page = await client.get(f"/startups/{slug}/team")
    token = soup(page.text).select_one('input[name="_csrf_token"]')["value"]
    statuses = []
    for number in range(31):
        response = await client.post(f"/startups/{slug}/invitations", data={"email": f"p{number}@example.ma",
                                                                             "_csrf_token": token})
        statuses.append(response.status_code)
    assert statuses == [200] * 30 + [429]  # followed redirects to the team page, then the refusal
    assert soup(response.text).select_one("#f-email-error").get_text() == (
        "You have sent many invitations in a short time. Try again in 60 minutes.")
    assert await StartupInvitation.count() == 30


async def test_only_owners_invite(client, other_client):
    await owner_client(client)
    slug = await create_startup(client)
    member = await create_user("youssef@example.ma", name="Youssef")
    await StartupMember.insert(StartupMember(startup=(await Startup.select(Startup.id).first())["id"], user=member))
    await log_in(other_client, "youssef@example.ma")
    team = await other_client.get(f"/startups/{slug}/team")
    assert team.status_code == 200
    assert soup(team.text).select_one(f'form[action="/startups/{slug}/invitations"]') is None
    response = await _invite(other_client, slug, "friend@example.ma")
    assert response.status_code == 403
    assert await StartupInvitation.count() == 0


async def _team_of_two(client, other_client) -> str:  # noqa: ANN001
    slug, link = await _startup_with_invitation(client)
    await create_user("youssef@example.ma", name="Youssef")
    await log_in(other_client, "youssef@example.ma")
    await submit(other_client, link, {}, action=f"{link}/accept")
    return slug


async def test_member_leaves(client, other_client):
    slug = await _team_of_two(client, other_client)
    response = await submit(other_client, f"/startups/{slug}/team", {}, action=f"/startups/{slug}/leave")
    assert (response.status_code, response.headers["location"]) == (302, "/account/startups")
    assert "You have left the startup." in (await other_client.get("/account/startups")).text
    assert await _roles() == [("amina@example.ma", "owner")]


async def test_last_owner_cannot_leave(client, other_client):
    slug = await _team_of_two(client, other_client)
    response = await submit(client, f"/startups/{slug}/team", {}, action=f"/startups/{slug}/leave")
    assert (response.status_code, response.headers["location"]) == (302, f"/startups/{slug}/team")
    page = await client.get(f"/startups/{slug}/team")
    assert soup(page.text).select_one(".flash-error").get_text() == (
        "You are the only owner of this startup. Transfer ownership to another member before leaving.")
    assert await _roles() == [("amina@example.ma", "owner"), ("youssef@example.ma", "member")]


async def test_transfer_ownership_then_leave(client, other_client):
    slug = await _team_of_two(client, other_client)
    youssef = (await StartupMember.select(StartupMember.user).where(StartupMember.role == "member").first())["user"]
    response = await submit(client, f"/startups/{slug}/team", {"new_owner": str(youssef)},
                            action=f"/startups/{slug}/transfer")
    assert response.status_code == 302
    assert "Ownership has been transferred. You are now a member." in (await client.get(f"/startups/{slug}/team")).text
    assert await _roles() == [("amina@example.ma", "member"), ("youssef@example.ma", "owner")]
    # The old owner lost the owner's rights.
    assert (await client.get(f"/startups/{slug}/edit")).status_code == 403
    assert (await other_client.get(f"/startups/{slug}/edit")).status_code == 200
    response = await submit(client, f"/startups/{slug}/team", {}, action=f"/startups/{slug}/leave")
    assert response.headers["location"] == "/account/startups"
    assert await _roles() == [("youssef@example.ma", "owner")]


async def test_transfer_to_a_stranger_is_refused(client, other_client):
    slug = await _team_of_two(client, other_client)
    stranger = await create_user("karim@example.ma", name="Karim")
    response = await submit(client, f"/startups/{slug}/team", {"new_owner": str(stranger)},
                            action=f"/startups/{slug}/transfer")
    assert response.status_code == 400
    assert soup(response.text).select_one("#f-new_owner-error").get_text() == "Choose one of the startup's members."
    response = await submit(other_client, f"/startups/{slug}/team", {"new_owner": str(stranger)},
                            action=f"/startups/{slug}/transfer")
    assert response.status_code == 403
    assert await _roles() == [("amina@example.ma", "owner"), ("youssef@example.ma", "member")]


async def test_owner_removes_a_member(client, other_client):
    slug = await _team_of_two(client, other_client)
    youssef = (await StartupMember.select(StartupMember.user).where(StartupMember.role == "member").first())["user"]
    amina = (await StartupMember.select(StartupMember.user).where(StartupMember.role == "owner").first())["user"]
    # A member cannot remove the owner.
    response = await submit(other_client, f"/startups/{slug}/team", {}, action=f"/startups/{slug}/members/{amina}/remove")
    assert response.status_code == 302
    assert soup((await other_client.get(f"/startups/{slug}/team")).text).select_one(".flash-error").get_text() == (
        "Only the startup's owners can remove members, and an owner cannot be removed.")
    response = await submit(client, f"/startups/{slug}/team", {}, action=f"/startups/{slug}/members/{youssef}/remove")
    assert response.status_code == 302
    assert "The member has been removed." in (await client.get(f"/startups/{slug}/team")).text
    assert await _roles() == [("amina@example.ma", "owner")]
    assert (await other_client.get(f"/startups/{slug}/team")).status_code == 403


async def test_my_startups_lists_roles_and_invitations(client, other_client):
    slug, _link = await _startup_with_invitation(client)
    mine = soup((await client.get("/account/startups")).text)
    assert [(c.select_one(".startup-card-title").get_text(), c.select_one(".member-role").get_text())
            for c in mine.select(".startup-card")] == [("Souss Agri Data", "Owner")]

    await create_user("youssef@example.ma", name="Youssef")
    await log_in(other_client, "youssef@example.ma")
    page = soup((await other_client.get("/account/startups")).text)
    assert [li.span.get_text() for li in page.select(".invitation")] == ["Join Souss Agri Data"]
    invitation_id = (await StartupInvitation.select(StartupInvitation.id).first())["id"]
    response = await submit(other_client, "/account/startups", {},
                            action=f"/account/startups/invitations/{invitation_id}/accept")
    assert (response.status_code, response.headers["location"]) == (302, f"/startups/{slug}")
    page = soup((await other_client.get("/account/startups")).text)
    assert page.select(".invitation") == []
    assert [(c.select_one(".startup-card-title").get_text(), c.select_one(".member-role").get_text())
            for c in page.select(".startup-card")] == [("Souss Agri Data", "Member")]


async def test_unconfirmed_address_does_not_see_invitations(client, other_client):
    await _startup_with_invitation(client)
    await create_user("youssef@example.ma", name="Youssef", verified=False)
    await log_in(other_client, "youssef@example.ma")
    page = soup((await other_client.get("/account/startups")).text)
    assert page.select(".invitation") == []
    invitation_id = (await StartupInvitation.select(StartupInvitation.id).first())["id"]
    await submit(other_client, "/account/startups", {}, action=f"/account/startups/invitations/{invitation_id}/accept")
    assert soup((await other_client.get("/account/startups")).text).select_one(".flash-error").get_text() == (
        "Confirm your e-mail address to answer the invitations sent to it.")
    assert await _roles() == [("amina@example.ma", "owner")]


async def test_someone_else_cannot_use_the_invitation_id(client, other_client):
    await _startup_with_invitation(client)
    await create_user("karim@example.ma", name="Karim")
    await log_in(other_client, "karim@example.ma")
    invitation_id = (await StartupInvitation.select(StartupInvitation.id).first())["id"]
    response = await submit(other_client, "/account/startups", {},
                            action=f"/account/startups/invitations/{invitation_id}/accept")
    assert response.status_code == 404
    assert await _roles() == [("amina@example.ma", "owner")]
