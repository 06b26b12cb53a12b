"""Joining through the team's share link: the person asks (registering on the way), the captain accepts or declines."""

import pytest

from showcase import i18n
from showcase.challenges.tables import Team, TeamMember
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
from tests.support import csrf_token, link_in, log_in, outbox, submit

pytestmark = pytest.mark.anyio


async def _share_link(client) -> str:  # noqa: ANN001
    value = soup((await client.get(team_url())).text).select_one("#share-link")["value"]
    return value.removeprefix("http://testserver.local")


async def _ask(client, link: str, data: dict | None = None):  # noqa: ANN001, ANN202
    return await submit(client, link, ACCEPT if data is None else data)


async def _mails(to: str, template: str) -> list[dict]:
    return [message for message in await outbox(to) if message["template"] == template]


def _blocker(html: str) -> str | None:
    found = soup(html).select_one(".team-join-card .notice-warning")
    return found.get_text(" ", strip=True) if found else None


async def test_ask_to_join_then_the_captain_accepts(client, second, third):
    challenge = await make_challenge(title_fr="Hackathon mobilité", title_ar="هاكاثون التنقل")
    await person(client, "amina")
    await submit(client, "/challenges/hack-mobilite/register", ACCEPT)
    await submit(client, team_url(), {"name": "Les Cartographes"})
    link = await _share_link(client)
    assert link.startswith("/challenges/hack-mobilite/join/")

    # Youssef (Arabic account) opens the link logged out: the page names the team and sends him to log in and back.
    anonymous = soup((await second.get(link)).text)
    assert anonymous.h1.get_text() == "Les Cartographes"
    assert anonymous.select_one(f'a[href="/account/login?next={link}"]').get_text() == "Log in"
    token = csrf_token((await second.get("/account/login")).text)
    assert (await second.post(link, data={**ACCEPT, "_csrf_token": token})).status_code == 401
    await person(second, "youssef")
    page = soup((await second.get(link)).text)
    assert [box["name"] for box in page.select("input[type=checkbox]")] == ["accept_rules", "accept_eligibility"]
    unticked = await _ask(second, link, {})
    assert (unticked.status_code, field_error(unticked.text, "accept_rules")) == (
        400, "Accept the challenge's rules to register.")
    assert await registered_emails() == ["amina@example.ma"]

    asked = await _ask(second, link)
    assert (asked.status_code, asked.headers["location"]) == (302, team_url())
    waiting = soup((await second.get(team_url())).text)
    assert flashes(str(waiting)) == ["Your request has been sent to the captain of Les Cartographes. You will receive "
                                     "an e-mail when they accept it."]
    assert waiting.select_one(".team-pending p").get_text(" ", strip=True) == (
        "You asked to join Les Cartographes . Its captain, Amina El Idrissi , has not answered yet: you will receive "
        "an e-mail when they accept.")
    assert await registered_emails() == ["amina@example.ma", "youssef@example.ma"]
    assert await memberships() == [("Les Cartographes", "amina@example.ma", "member"),
                                   ("Les Cartographes", "youssef@example.ma", "pending")]
    again = await second.get(link)
    assert _blocker(again.text) == "You have asked to join this team. The captain has not answered yet."

    [request_mail] = await _mails("amina@example.ma", "challenge_join_request")
    with i18n.use_locale("fr"):  # Amina's language
        subject = i18n.gettext("%(person)s asks to join %(team)s", person="يوسف بنعلي", team="Les Cartographes")
        sentence = i18n.gettext("%(person)s opened your team’s share link and asks to join “%(team)s” in the "
                                "challenge “%(challenge)s”.", person="يوسف بنعلي", team="Les Cartographes",
                                challenge="Hackathon mobilité")
    assert (request_mail["template"], request_mail["locale"], request_mail["subject"]) == (
        "challenge_join_request", "fr", " ".join(subject.split()))
    assert "demande à rejoindre" in subject and sentence in request_mail["body_text"]
    assert link_in(request_mail["body_text"]) == team_url()

    captain_page = soup((await client.get(team_url())).text)
    [request] = captain_page.select(".team-request")
    assert request.select_one(".team-member-name").get_text() == "يوسف بنعلي"
    youssef_id = (await TeamMember.select(TeamMember.user).where(TeamMember.status == "pending").first())["user"]
    approved = await act(client, f"/requests/{youssef_id}/approve")
    assert approved.status_code == 302
    assert flashes((await client.get(team_url())).text) == ["يوسف بنعلي joined the team."]
    [welcome] = await _mails("youssef@example.ma", "challenge_join_approved")
    with i18n.use_locale("ar"):  # Youssef's language, the challenge named in his language too
        subject = i18n.gettext("You are now in the team %(team)s", team="Les Cartographes")
        sentence = i18n.gettext("The captain of “%(team)s” accepted your request: you are now a member of the team "
                                "in the challenge “%(challenge)s”.", team="Les Cartographes",
                                challenge="هاكاثون التنقل")
    assert (welcome["template"], welcome["locale"], welcome["subject"]) == (
        "challenge_join_approved", "ar", " ".join(subject.split()))
    assert subject.startswith("أصبحت") and sentence in welcome["body_text"]
    assert link_in(welcome["body_text"]) == team_url()
    member_page = soup((await second.get(link_in(welcome["body_text"]))).text)
    assert member_page.h1.get_text() == "Les Cartographes"
    assert [m.select_one(".team-member-name").get_text() for m in member_page.select(".team-members .team-member")] == [
        "Amina El Idrissi", "يوسف بنعلي"]

    # Salma asks too; the captain declines: she is told and may try elsewhere.
    await person(third, "salma")
    await _ask(third, link)
    salma_id = (await TeamMember.select(TeamMember.user).where(TeamMember.status == "pending").first())["user"]
    refused = await act(client, f"/requests/{salma_id}/refuse")
    assert refused.status_code == 302
    assert flashes((await client.get(team_url())).text) == ["You declined the request from Salma Berrada."]
    refusal = await _mails("salma@example.ma", "challenge_join_refused")
    assert [(m["locale"], m["subject"]) for m in refusal] == [
        ("fr", "Votre demande pour rejoindre Les Cartographes a été refusée")]  # Salma reads French
    assert link_in(refusal[0]["body_text"]) == "/challenges/hack-mobilite"
    assert await memberships() == [("Les Cartographes", "amina@example.ma", "member"),
                                   ("Les Cartographes", "youssef@example.ma", "member")]
    assert soup((await third.get(team_url())).text).select_one(".team-create h2").get_text() == "Create your team"
    assert challenge["slug"] == "hack-mobilite"


async def test_replace_and_disable_the_link(client, second):
    challenge = await make_challenge()
    amina = await person(client, "amina")
    await make_team(challenge["id"], amina)
    await Team.update({Team.join_token_hash: "first-seed"}).where(Team.captain == amina)
    first = await _share_link(client)
    assert (await act(client, "/share-link")).status_code == 302
    assert flashes((await client.get(team_url())).text) == ["Here is a new share link. The previous one no longer works."]
    new = await _share_link(client)
    assert new != first
    await person(second, "youssef")
    old = await second.get(first)
    assert (old.status_code, notice(old.text)) == (404, (
        "This link to join a team is not valid: the captain may have replaced or disabled it. Ask them for the current "
        "link."))
    assert (await second.get(new)).status_code == 200
    assert (await act(client, "/share-link/disable")).status_code == 302
    page = soup((await client.get(team_url())).text)
    assert page.select_one(".team-share p").get_text() == "Sharing by link is off."
    assert page.select("#share-link") == []
    assert (await second.get(new)).status_code == 404
    refused = await _ask(second, new)
    assert refused.status_code == 404
    assert await memberships() == [("Les Cartographes", "amina@example.ma", "member")]
    stored = (await Team.select(Team.join_token_hash).first())["join_token_hash"]
    assert stored == ""
    assert (await act(client, "/share-link")).status_code == 302
    seed = (await Team.select(Team.join_token_hash).first())["join_token_hash"]
    assert len(seed) == 64 and seed not in await _share_link(client)  # the link is derived, the seed never shown


async def test_a_link_works_only_for_its_own_challenge(client, second):
    first = await make_challenge(slug="hack-mobilite")
    await make_challenge(slug="defi-eau")
    amina = await person(client, "amina")
    await make_team(first["id"], amina)
    await Team.update({Team.join_token_hash: "seed"}).where(Team.captain == amina)
    link = await _share_link(client)
    await person(second, "youssef")
    elsewhere = await second.get(link.replace("hack-mobilite", "defi-eau"))
    assert elsewhere.status_code == 404
    assert (await second.get(link[:-3] + "abc")).status_code == 404
    assert (await second.get("/challenges/hack-mobilite/join/not-a-token")).status_code == 404


async def test_a_full_team_takes_no_request_and_no_approval(client, second, third):
    challenge = await make_challenge(max_team_size=2)
    amina = await person(client, "amina")
    youssef = await person(second, "youssef")
    salma = await person(third, "salma")
    team_id = await make_team(challenge["id"], amina)
    await Team.update({Team.join_token_hash: "seed"}).where(Team.id == team_id)
    link = await _share_link(client)
    await _ask(second, link)
    await _ask(third, link)
    assert (await act(client, f"/requests/{youssef}/approve")).status_code == 302
    full = await act(client, f"/requests/{salma}/approve")
    assert (full.status_code, notice(full.text)) == (403, "The team is full: this challenge allows at most 2 members per team.")
    await act(client, f"/requests/{salma}/refuse")
    await person(None, "karim")
    from tests.integration.challenges.teams_support import _browser  # a fourth person

    async for fourth in _browser(client.app):
        await log_in(fourth, "karim@example.ma")
        page = await fourth.get(link)
        assert (page.status_code, _blocker(page.text)) == (
            200, "The team is full: this challenge allows at most 2 members per team.")
        refused = await _ask(fourth, link)
        assert (refused.status_code, _blocker(refused.text)) == (
            403, "The team is full: this challenge allows at most 2 members per team.")
    assert await memberships() == [("Les Cartographes", "amina@example.ma", "member"),
                                   ("Les Cartographes", "youssef@example.ma", "member")]


async def test_a_request_can_be_withdrawn_or_replaced(client, second, third):
    challenge = await make_challenge()
    amina = await person(client, "amina")
    salma = await person(third, "salma")
    team_a = await make_team(challenge["id"], amina, name="Les Cartographes")
    team_b = await make_team(challenge["id"], salma, name="Atlas Data")
    await Team.update({Team.join_token_hash: "seed"}).where(Team.id.is_in([team_a, team_b]))
    link_a, link_b = await _share_link(client), await _share_link(third)
    await person(second, "youssef")
    await _ask(second, link_a)
    page = soup((await second.get(link_b)).text)
    assert page.select_one(".notice-info").get_text(" ", strip=True) == (
        "This replaces your request to join Les Cartographes .")
    await _ask(second, link_b)
    assert await memberships() == [("Les Cartographes", "amina@example.ma", "member"),
                                   ("Atlas Data", "salma@example.ma", "member"),
                                   ("Atlas Data", "youssef@example.ma", "pending")]
    withdrawn = await act(second, "/request/cancel")
    assert withdrawn.status_code == 302
    assert flashes((await second.get(team_url())).text) == ["Your request to join has been withdrawn."]
    assert [row[1] for row in await memberships()] == ["amina@example.ma", "salma@example.ma"]
    nothing = await act(second, "/request/cancel")
    assert (nothing.status_code, notice(nothing.text)) == (403, "You have no request waiting for a captain's approval.")


async def test_who_cannot_ask(client, second):
    organizer = await person(None, "nadia")
    challenge = await make_challenge(organizer_id=organizer)
    amina = await person(client, "amina")
    salma = await person(second, "salma")
    team_a = await make_team(challenge["id"], amina, name="Les Cartographes")
    await make_team(challenge["id"], salma, name="Atlas Data")
    await Team.update({Team.join_token_hash: "seed"}).where(Team.id == team_a)
    link = await _share_link(client)
    own = await client.get(link)
    assert _blocker(own.text) == "You are already a member of this team."
    other = await _ask(second, link)
    assert (other.status_code, _blocker(other.text)) == (403, "You are already in a team for this challenge.")
    await log_in(second, "nadia@example.ma")
    organizer_page = await second.get(link)
    assert _blocker(organizer_page.text) == "Organizers of a challenge (and site administrators) cannot take part in it."
    assert (await _ask(second, link)).status_code == 403
    await close_submissions(challenge["id"])
    await person(second, "karim")
    late = await _ask(second, link)
    assert (late.status_code, _blocker(late.text)) == (403, "Registration is closed: the submission deadline has passed.")
    leila = await person(second, "leila")
    await register(challenge["id"], leila)
    registered_late = await _ask(second, link)
    assert (registered_late.status_code, _blocker(registered_late.text)) == (
        403, "The submission deadline has passed: teams can no longer change.")
    assert [row[1] for row in await memberships()] == ["amina@example.ma", "salma@example.ma"]
