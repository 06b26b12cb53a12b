"""E-mail invitations to a team: the message (language, link), accepting with registration, declining, revoking,
expiry, the size bound, one team per person — also when two acceptances race."""

import asyncio
from datetime import timedelta

import pytest

from showcase import i18n
from showcase.challenges.tables import Registration, TeamInvitation, TeamMember
from tests.conftest import soup
from tests.integration.challenges.helpers import make_challenge, make_team, register
from tests.integration.challenges.teams_support import (
    ACCEPT,
    act,
    close_submissions,
    field_error,
    flashes,
    memberships,
    notice,
    person,
    registered_emails,
    second,  # noqa: F401 - fixture
    team_url,
    third,  # noqa: F401 - fixture
)
from tests.support import csrf_token, link_in, log_in, now, outbox, submit

pytestmark = pytest.mark.anyio


async def _invite(client, email: str):  # noqa: ANN001, ANN202
    return await act(client, "/invitations", {"email": email})


async def _invitation_mails(to: str) -> list[dict]:
    return [message for message in await outbox(to) if message["template"] == "challenge_team_invitation"]


async def _captain_with_team(client, **challenge_fields) -> dict:  # noqa: ANN001, ANN003
    challenge = await make_challenge(title_fr="Hackathon mobilité", title_ar="هاكاثون التنقل", **challenge_fields)
    amina = await person(client, "amina")
    team_id = await make_team(challenge["id"], amina)
    return {**challenge, "team_id": team_id, "amina": amina}


def _problem(html: str) -> str:
    return soup(html).select_one(".notice-error").get_text(" ", strip=True)


def _blocker(html: str) -> str | None:
    found = soup(html).select_one(".team-join-card .notice-warning")
    return found.get_text(" ", strip=True) if found else None


async def _accept(client, link: str, data: dict | None = None):  # noqa: ANN001, ANN202
    return await submit(client, link, ACCEPT if data is None else data, action=f"{link}/accept")


async def test_invitation_in_the_invitees_language_then_accepted_with_registration(client, second):
    await _captain_with_team(client)
    await person(None, "youssef")  # has an account in Arabic, not registered for the challenge
    response = await _invite(client, " Youssef@Example.MA ")
    assert (response.status_code, response.headers["location"]) == (302, team_url())
    assert flashes((await client.get(team_url())).text) == ["Invitation sent. The link works for 14 days."]
    [message] = await _invitation_mails("youssef@example.ma")
    with i18n.use_locale("ar"):  # Youssef's language
        subject = i18n.gettext("%(inviter)s invites you to join the team %(team)s (%(challenge)s)",
                               inviter="Amina El Idrissi", team="Les Cartographes", challenge="هاكاثون التنقل")
        explanation = i18n.gettext("Log in with your account to answer. If you are not registered for the challenge "
                                   "yet, you will accept its rules on the same page.")
    assert (message["locale"], message["subject"]) == ("ar", " ".join(subject.split()))
    assert subject.startswith("يدعوك") and explanation in message["body_text"]
    link = link_in(message["body_text"])
    token = link.removeprefix("/challenges/invitations/")
    stored = await TeamInvitation.select(TeamInvitation.token_hash, TeamInvitation.email, TeamInvitation.status,
                                         TeamInvitation.expires_at, TeamInvitation.created_at).first()
    assert stored["token_hash"] != token and len(stored["token_hash"]) == 64
    assert (stored["email"], stored["status"], stored["expires_at"] - stored["created_at"]) == (
        "youssef@example.ma", "pending", timedelta(days=14))
    pending = soup((await client.get(team_url())).text).select(".team-invitation-email")
    assert [item.get_text() for item in pending] == ["youssef@example.ma"]

    anonymous = soup((await second.get(link)).text)
    assert anonymous.select_one(".lead").get_text(" ", strip=True) == (
        "Amina El Idrissi invites you to join the team Les Cartographes in the challenge Hackathon mobilité .")
    assert anonymous.select_one(f'a[href="/account/login?next={link}"]').get_text() == "Log in"
    login_token = csrf_token((await second.get("/account/login")).text)
    for answer in ("accept", "decline"):
        refused = await second.post(f"{link}/{answer}", data={**ACCEPT, "_csrf_token": login_token})
        assert (answer, refused.status_code) == (answer, 401)
    await log_in(second, "youssef@example.ma")
    page = soup((await second.get(link)).text)
    assert [box["name"] for box in page.select("form[action$='/accept'] input[type=checkbox]")] == [
        "accept_rules", "accept_eligibility"]
    missing = await _accept(second, link, {"accept_rules": "on"})
    assert (missing.status_code, field_error(missing.text, "accept_eligibility")) == (
        400, "Confirm that you meet the eligibility conditions to register.")
    assert await registered_emails() == ["amina@example.ma"]

    accepted = await _accept(second, link)
    assert (accepted.status_code, accepted.headers["location"]) == (302, team_url())
    assert flashes((await second.get(team_url())).text) == [
        "Welcome to Les Cartographes! You are now a member of the team."]
    assert await registered_emails() == ["amina@example.ma", "youssef@example.ma"]
    assert await memberships() == [("Les Cartographes", "amina@example.ma", "member"),
                                   ("Les Cartographes", "youssef@example.ma", "member")]
    assert (await TeamInvitation.select(TeamInvitation.status).first())["status"] == "accepted"
    assert soup((await client.get(team_url())).text).select(".team-invitation") == []
    used = await second.get(link)
    assert (used.status_code, _problem(used.text)) == (400, "This invitation has already been answered.")


async def test_an_address_without_account_gets_the_inviters_language(client):
    await _captain_with_team(client)
    client.headers["Accept-Language"] = "fr"
    await _invite(client, "nouvelle@example.ma")
    [message] = await _invitation_mails("nouvelle@example.ma")
    assert message["locale"] == "fr"
    assert "hackathons" in message["body_text"]
    assert "Hackathon mobilité" in message["subject"]
    assert link_in(message["body_text"]).startswith("/challenges/invitations/")


async def test_an_english_inviter_writes_in_english_to_a_stranger(client):
    await _captain_with_team(client)
    await _invite(client, "stranger@example.ma")
    [message] = await _invitation_mails("stranger@example.ma")
    assert (message["locale"], message["subject"]) == (
        "en", "Amina El Idrissi invites you to join the team Les Cartographes (Hackathon mobilité)")
    assert ("You will be asked to log in or create an account (any e-mail address works), then to accept the "
            "challenge’s rules.") in message["body_text"]


async def test_decline(client, second):
    await _captain_with_team(client)
    await person(second, "youssef")
    await _invite(client, "youssef@example.ma")
    link = link_in((await _invitation_mails("youssef@example.ma"))[0]["body_text"])
    response = await submit(second, link, {}, action=f"{link}/decline")
    assert (response.status_code, response.headers["location"]) == (302, "/challenges/hack-mobilite")
    assert (await TeamInvitation.select(TeamInvitation.status).first())["status"] == "declined"
    assert await memberships() == [("Les Cartographes", "amina@example.ma", "member")]
    assert await registered_emails() == ["amina@example.ma"]


async def test_revoked_expired_and_unknown_links(client, second):
    challenge = await _captain_with_team(client)
    await person(second, "youssef")
    await _invite(client, "youssef@example.ma")
    await _invite(client, "salma@example.ma")
    youssef_link = link_in((await _invitation_mails("youssef@example.ma"))[0]["body_text"])
    salma_link = link_in((await _invitation_mails("salma@example.ma"))[0]["body_text"])
    youssef_invitation = await TeamInvitation.select(TeamInvitation.id).where(
        TeamInvitation.email == "youssef@example.ma").first()
    revoked = await act(client, f"/invitations/{youssef_invitation['id']}/revoke")
    assert revoked.status_code == 302
    assert flashes((await client.get(team_url())).text) == ["The invitation to youssef@example.ma has been withdrawn."]
    assert (await act(client, f"/invitations/{youssef_invitation['id']}/revoke")).status_code == 404
    page = await second.get(youssef_link)
    assert (page.status_code, _problem(page.text)) == (400, "This invitation was withdrawn by the team's captain.")
    refused = await _accept(second, youssef_link)
    assert (refused.status_code, _problem(refused.text)) == (400, "This invitation was withdrawn by the team's captain.")

    await TeamInvitation.update({TeamInvitation.expires_at: now() - timedelta(seconds=1)}).where(
        TeamInvitation.email == "salma@example.ma")
    assert [i.get_text() for i in soup((await client.get(team_url())).text).select(".team-invitation-email")] == []
    await person(second, "salma")
    expired = await second.get(salma_link)
    assert (expired.status_code, _problem(expired.text)) == (
        400, "This invitation has expired. Ask the team's captain to invite you again.")
    assert (await _accept(second, salma_link)).status_code == 400
    unknown = await second.get("/challenges/invitations/not-a-real-token")
    assert (unknown.status_code, _problem(unknown.text)) == (400, (
        "This invitation link is not valid. Check that you copied it whole, or ask the team's captain for a new one."))
    assert await memberships() == [("Les Cartographes", "amina@example.ma", "member")]
    assert challenge["max_team_size"] == 3


async def test_reinviting_replaces_the_pending_invitation(client):
    await _captain_with_team(client)
    await _invite(client, "youssef@example.ma")
    await _invite(client, "youssef@example.ma")
    first, second_mail = await _invitation_mails("youssef@example.ma")
    rows = await TeamInvitation.select(TeamInvitation.status).order_by(TeamInvitation.id)
    assert [row["status"] for row in rows] == ["revoked", "pending"]
    assert link_in(first["body_text"]) != link_in(second_mail["body_text"])


async def test_members_and_pending_invitations_count_against_the_maximum(client, second, third):
    challenge = await _captain_with_team(client, max_team_size=3)
    youssef = await person(second, "youssef")
    await make_team(challenge["id"], await person(None, "hamza"), name="Atlas Data")  # someone else's team
    await _invite(client, "youssef@example.ma")
    await _invite(client, "salma@example.ma")
    page = soup((await client.get(team_url())).text)
    assert page.select_one(".team-invite p").get_text() == (
        "No place left: members and pending invitations fill the team. Withdraw an invitation to invite someone else.")
    full = await _invite(client, "karim@example.ma")
    assert (full.status_code, field_error(full.text, "email")) == (400, (
        "The team is full: members and pending invitations already take the 3 places. Withdraw an invitation first."))
    assert await _invitation_mails("karim@example.ma") == []
    # Youssef accepts; then the last seat is taken through the share link before Salma answers.
    await _accept(second, link_in((await _invitation_mails("youssef@example.ma"))[0]["body_text"]))
    leila = await person(None, "leila")
    await Registration.insert(Registration(challenge=challenge["id"], user=leila, key=f"{challenge['id']}:{leila}"))
    await TeamMember.insert(TeamMember(team=challenge["team_id"], challenge=challenge["id"], user=leila,
                                       key=f"{challenge['id']}:{leila}", status="member"))
    await person(third, "salma")
    salma_link = link_in((await _invitation_mails("salma@example.ma"))[0]["body_text"])
    refused = await _accept(third, salma_link)
    assert (refused.status_code, _blocker(refused.text)) == (
        403, "The team is full: this challenge allows at most 3 members per team.")
    assert (await TeamInvitation.select(TeamInvitation.status).where(TeamInvitation.email == "salma@example.ma")
            .first())["status"] == "pending"
    assert [row[1] for row in await memberships() if row[0] == "Les Cartographes"] == [
        "amina@example.ma", "youssef@example.ma", "leila@example.ma"]
    assert youssef


async def test_people_already_in_a_team_or_organizing_cannot_be_invited(client, second):
    organizer = await person(None, "nadia")
    challenge = await _captain_with_team(client, organizer_id=organizer)
    salma = await person(second, "salma")
    await make_team(challenge["id"], salma, name="Atlas Data")
    for email, message in (("salma@example.ma", "salma@example.ma is already in a team of this challenge."),
                           ("amina@example.ma", "amina@example.ma is already a member of your team."),
                           ("nadia@example.ma", "nadia@example.ma organizes this challenge and cannot take part in it."),
                           ("not an address", "This does not look like an e-mail address (example: amina@example.ma).")):
        response = await _invite(client, email)
        assert (response.status_code, field_error(response.text, "email")) == (400, message)
        assert soup(response.text).select_one("#f-email")["value"] == email
    # Invited before joining another team, the accept step refuses it too.
    await _invite(client, "karim@example.ma")
    karim = await person(None, "karim")
    await make_team(challenge["id"], karim, name="Karim solo")
    await log_in(second, "karim@example.ma")
    link = link_in((await _invitation_mails("karim@example.ma"))[0]["body_text"])
    page = await second.get(link)
    assert _blocker(page.text) == "You are already in a team for this challenge."
    refused = await _accept(second, link)
    assert (refused.status_code, _blocker(refused.text)) == (403, "You are already in a team for this challenge.")
    assert (await TeamInvitation.select(TeamInvitation.status).where(TeamInvitation.email == "karim@example.ma")
            .first())["status"] == "pending"


async def test_two_acceptances_at_once_make_one_membership(client, second, third):
    challenge = await _captain_with_team(client)
    hamza = await person(third, "hamza")
    await make_team(challenge["id"], hamza, name="Atlas Data")
    await _invite(client, "youssef@example.ma")
    await _invite(third, "youssef@example.ma")
    links = [link_in(m["body_text"]) for m in await _invitation_mails("youssef@example.ma")]
    await person(second, "youssef")
    token = csrf_token((await second.get(links[0])).text)
    responses = await asyncio.gather(*[
        second.post(f"{link}/accept", data={**ACCEPT, "_csrf_token": token}, follow_redirects=False) for link in links])
    assert sorted(r.status_code for r in responses) == [302, 403]
    [refused] = [r for r in responses if r.status_code == 403]
    assert _blocker(refused.text) == "You are already in a team for this challenge."
    youssef_rows = [row for row in await memberships() if row[1] == "youssef@example.ma"]
    assert len(youssef_rows) == 1 and youssef_rows[0][2] == "member"
    statuses = sorted(row["status"] for row in await TeamInvitation.select(TeamInvitation.status))
    assert statuses == ["accepted", "pending"]
    assert await registered_emails() == ["amina@example.ma", "hamza@example.ma", "youssef@example.ma"]


async def test_no_acceptance_after_the_deadline(client, second):
    challenge = await _captain_with_team(client)
    youssef = await person(second, "youssef")
    await _invite(client, "youssef@example.ma")
    link = link_in((await _invitation_mails("youssef@example.ma"))[0]["body_text"])
    await close_submissions(challenge["id"])
    page = await second.get(link)
    assert _blocker(page.text) == "Registration is closed: the submission deadline has passed."
    refused = await _accept(second, link)
    assert (refused.status_code, _blocker(refused.text)) == (
        403, "Registration is closed: the submission deadline has passed.")
    await register(challenge["id"], youssef)
    registered = await _accept(second, link)
    assert (registered.status_code, _blocker(registered.text)) == (
        403, "The submission deadline has passed: teams can no longer change.")
    assert await memberships() == [("Les Cartographes", "amina@example.ma", "member")]
    assert notice((await client.get(team_url())).text) is None
