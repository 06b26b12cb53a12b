"""The team space: creating a team (as people or as a startup), what it shows, leaving, removing, the captaincy."""

from datetime import timedelta

import pytest

from showcase.challenges.tables import Challenge, Entry, Team, TeamMember
from showcase.challenges.teams import meets_minimum, team_size
from showcase.startups.tables import Startup, StartupMember
from tests.conftest import soup
from tests.integration.challenges.helpers import make_challenge, make_team, register
from tests.integration.challenges.teams_support import (
    act,
    close_submissions,
    create_team_page,
    field_error,
    flashes,
    memberships,
    notice,
    person,
    register_page,
    second,  # noqa: F401 - fixture
    team_names,
    team_url,
)
from tests.support import now

pytestmark = pytest.mark.anyio


async def _space(client) -> object:  # noqa: ANN001
    return soup((await client.get(team_url())).text)


async def test_create_a_team_and_see_the_team_space(client):
    await make_challenge(min_team_size=1, max_team_size=3)
    await person(client, "amina")
    await register_page(client)
    empty = await create_team_page(client, name="  ")
    assert (empty.status_code, field_error(empty.text, "name")) == (400, "Give your team a name (at least 2 characters).")
    response = await create_team_page(client, name="  Les   Cartographes ")
    assert (response.status_code, response.headers["location"]) == (302, team_url())
    page = soup((await client.get(team_url())).text)
    assert flashes(str(page)) == ["Your team is created. Invite your teammates by e-mail or share the link below."]
    assert page.h1.get_text() == "Les Cartographes"
    assert [(m.select_one(".team-member-name").get_text(), m.select_one(".team-captain").get_text())
            for m in page.select(".team-members .team-member")] == [("Amina El Idrissi", "Captain")]
    assert page.select_one(".team-count").get_text() == "1 of 3"
    assert page.select_one(".team-size p").get_text() == "From 1 to 3 members."
    assert page.select_one(".team-size .badge").get_text() == "Your team can submit"
    assert page.select_one(".team-entry .badge").get_text() == "No entry yet"
    assert page.select_one(".team-entry a")["href"] == "/challenges/hack-mobilite/submit"
    assert page.select_one(".team-countdown .countdown-label").get_text() == "Submission deadline"
    link = page.select_one("#share-link")["value"]
    assert link.startswith("http://testserver.local/challenges/hack-mobilite/join/")
    assert soup((await client.get(team_url())).text).select_one("#share-link")["value"] == link  # the same, again
    assert await memberships() == [("Les Cartographes", "amina@example.ma", "member")]
    # A second team in the same challenge: refused, the person is already in one.
    again = await create_team_page(client, name="Autre équipe")
    assert (again.status_code, notice(again.text)) == (403, "You are already in a team for this challenge.")


async def test_team_names_are_unique_in_a_challenge(client, second):
    challenge = await make_challenge()
    salma = await person(None, "salma")
    await make_team(challenge["id"], salma, name="Les Cartographes")
    await person(client, "amina")
    await register_page(client)
    response = await create_team_page(client, name="les cartographes")
    assert (response.status_code, field_error(response.text, "name")) == (
        400, "Another team of this challenge already uses this name.")
    assert soup(response.text).select_one("#f-name")["value"] == "les cartographes"
    assert await team_names() == ["Les Cartographes"]


async def test_a_startup_enters_as_a_team(client, second):
    await make_challenge()
    amina = await person(client, "amina")
    ours = await Startup.insert(Startup(name="Souss Agri Data", slug="souss-agri-data")).returning(Startup.id)
    theirs = await Startup.insert(Startup(name="Atlas Maps", slug="atlas-maps")).returning(Startup.id)
    await StartupMember.insert(StartupMember(startup=ours[0]["id"], user=amina, role="member"))
    await register_page(client)
    form = soup((await client.get(team_url())).text)
    assert [(o["value"], o.get_text()) for o in form.select("#f-startup option")] == [
        ("", "No, as a team of people"), (str(ours[0]["id"]), "Souss Agri Data")]
    wrong = await create_team_page(client, name="", startup=str(theirs[0]["id"]))
    assert (wrong.status_code, field_error(wrong.text, "startup")) == (400, "Choose one of your startups.")
    response = await create_team_page(client, name="", startup=str(ours[0]["id"]))
    assert response.status_code == 302
    page = await _space(client)
    assert page.h1.get_text() == "Souss Agri Data"
    assert page.select_one(".team-heading-meta .badge-info").get_text() == "Startup team: Souss Agri Data"
    assert (await Team.select(Team.startup).first())["startup"] == ours[0]["id"]
    # The same startup cannot enter twice.
    salma = await person(second, "salma")
    await StartupMember.insert(StartupMember(startup=ours[0]["id"], user=salma, role="owner"))
    await register_page(second)
    twice = await create_team_page(second, name="Souss bis", startup=str(ours[0]["id"]))
    assert (twice.status_code, field_error(twice.text, "startup")) == (
        400, "Souss Agri Data already has a team in this challenge.")


async def test_minimum_size_is_shown_and_exported(client, second):
    challenge = await make_challenge(min_team_size=2, max_team_size=4)
    amina = await person(client, "amina")
    team_id = await make_team(challenge["id"], amina)
    page = await _space(client)
    assert page.select_one(".team-size p").get_text() == "From 2 to 4 members."
    assert page.select_one(".team-size .badge-warning").get_text() == "1 more member needed to submit"
    assert page.select_one(".team-entry .muted").get_text() == "Your team needs at least 2 members to submit."
    assert (await team_size(team_id), meets_minimum(1, challenge), meets_minimum(2, challenge)) == (1, False, True)
    youssef = await person(None, "youssef")
    await register(challenge["id"], youssef)
    await TeamMember.insert(TeamMember(team=team_id, challenge=challenge["id"], user=youssef,
                                       key=f"{challenge['id']}:{youssef}", status="pending"))
    assert await team_size(team_id) == 1  # a request to join is not a member yet
    await Challenge.update({Challenge.min_team_size: 3, Challenge.max_team_size: 3}).where(Challenge.id == challenge["id"])
    page = await _space(client)
    assert page.select_one(".team-size p").get_text() == "Exactly 3 members."
    assert page.select_one(".team-size .badge-warning").get_text() == "2 more members needed to submit"


async def _entry(challenge_id: int, team_id: int, **fields) -> None:  # noqa: ANN003
    await Entry.delete().where(Entry.team == team_id)
    await Entry.insert(Entry(challenge=challenge_id, team=team_id, **fields))


async def test_the_entry_status_is_shown_read_only(client):
    challenge = await make_challenge()
    amina = await person(client, "amina")
    team_id = await make_team(challenge["id"], amina)
    await _entry(challenge["id"], team_id, status="draft")
    page = await _space(client)
    assert page.select_one(".team-entry-status").get_text(" ", strip=True) == "Draft Not submitted yet."
    assert page.select_one(".team-entry a").get_text() == "Open the entry"

    moment = now().replace(microsecond=0) - timedelta(hours=2)
    await _entry(challenge["id"], team_id, status="submitted", version=3, submitted_at=moment)
    page = await _space(client)
    assert page.select_one(".team-entry-status").get_text(" ", strip=True) == "Submitted Version 3"
    assert page.select_one(".team-entry-when time")["datetime"] == moment.isoformat()
    assert page.select(".team-screening") == []  # not decided yet: nothing to say

    await _entry(challenge["id"], team_id, status="submitted", version=3, submitted_at=moment, screening="needs_info",
                 screening_reason="Ajoutez le lien vers le code source.")
    page = await _space(client)
    assert page.select_one(".team-screening p").get_text(" ", strip=True) == "Screening: Needs information"
    assert page.select_one(".team-screening blockquote").get_text() == "Ajoutez le lien vers le code source."

    await _entry(challenge["id"], team_id, status="submitted", version=1, submitted_at=moment, screening="ineligible",
                 screening_reason="Aucun jeu de données éligible n'est cité.")
    page = await _space(client)
    assert page.select_one(".team-screening p").get_text(" ", strip=True) == "Screening: Ineligible"
    assert page.select_one(".team-screening blockquote").get_text() == "Aucun jeu de données éligible n'est cité."

    await _entry(challenge["id"], team_id, status="withdrawn", withdrawn_at=moment)
    page = await _space(client)
    assert page.select_one(".team-entry-status").get_text(" ", strip=True) == "Withdrawn"

    await close_submissions(challenge["id"])
    await _entry(challenge["id"], team_id, status="submitted", version=2, submitted_at=moment, screening="eligible")
    page = await _space(client)
    assert page.select_one(".team-screening p").get_text(" ", strip=True) == "Screening: Eligible"
    assert page.select_one(".team-entry a").get_text() == "See the entry"


async def test_a_member_leaves(client, second):
    challenge = await make_challenge()
    amina = await person(client, "amina")
    youssef = await person(second, "youssef")
    await make_team(challenge["id"], amina, members=(youssef,))
    response = await act(second, "/leave")
    assert (response.status_code, response.headers["location"]) == (302, team_url())
    page = soup((await second.get(team_url())).text)
    assert flashes(str(page)) == ["You left the team."]
    assert page.select_one(".team-create h2").get_text() == "Create your team"  # still registered
    assert await memberships() == [("Les Cartographes", "amina@example.ma", "member")]


async def test_the_captain_hands_over_before_leaving(client, second):
    challenge = await make_challenge()
    amina = await person(client, "amina")
    youssef = await person(second, "youssef")
    team_id = await make_team(challenge["id"], amina, members=(youssef,))
    page = await _space(client)
    assert page.select_one(".team-leave p").get_text() == (
        "You are the captain: hand the captaincy over to another member before leaving the team.")
    refused = await act(client, "/leave")
    assert (refused.status_code, notice(refused.text)) == (
        403, "You are the captain: hand the captaincy over to another member before leaving the team.")
    assert [(o["value"], o.get_text()) for o in page.select("#f-new_captain option")] == [(str(youssef), "يوسف بنعلي")]
    wrong = await act(client, "/captain", {"new_captain": str(amina)})
    assert (wrong.status_code, field_error(wrong.text, "new_captain")) == (400, "Choose another member of the team.")
    handed = await act(client, "/captain", {"new_captain": str(youssef)})
    assert handed.status_code == 302
    assert flashes((await client.get(team_url())).text) == ["يوسف بنعلي is now the captain of the team."]
    assert (await Team.select(Team.captain).where(Team.id == team_id).first())["captain"] == youssef
    youssef_page = await _space(second)
    assert youssef_page.select_one(".team-heading-meta .badge-success").get_text() == "You are the captain"
    assert [m.select_one(".team-member-name").get_text() for m in youssef_page.select(".team-members .team-member")] == [
        "يوسف بنعلي", "Amina El Idrissi"]  # the captain first
    assert (await act(client, "/leave")).status_code == 302
    assert await memberships() == [("Les Cartographes", "youssef@example.ma", "member")]


async def test_a_captain_alone_disbands_the_team_with_its_draft(client):
    challenge = await make_challenge()
    amina = await person(client, "amina")
    team_id = await make_team(challenge["id"], amina)
    await _entry(challenge["id"], team_id, status="submitted", version=1, submitted_at=now())
    refused = await act(client, "/leave")
    assert (refused.status_code, notice(refused.text)) == (403, (
        "Your team has a submitted entry. Withdraw it before leaving: the team and its entry would be deleted."))
    await _entry(challenge["id"], team_id, status="draft")
    page = await _space(client)
    assert page.select_one(".team-leave p").get_text() == (
        "You are the only member: leaving deletes the team and its draft entry.")
    response = await act(client, "/leave")
    assert response.status_code == 302
    assert flashes((await client.get(team_url())).text) == [
        "You left the team; it had no other member and has been deleted."]
    assert (await Team.count(), await Entry.count(), await TeamMember.count()) == (0, 0, 0)


async def test_the_captain_removes_a_member_and_renames_the_team(client, second):
    challenge = await make_challenge()
    amina = await person(client, "amina")
    youssef = await person(second, "youssef")
    await make_team(challenge["id"], amina, members=(youssef,))
    assert soup((await second.get(team_url())).text).select(".team-member form") == []  # members see no buttons
    response = await act(client, f"/members/{youssef}/remove")
    assert response.status_code == 302
    assert flashes((await client.get(team_url())).text) == ["يوسف بنعلي is no longer in the team."]
    assert await memberships() == [("Les Cartographes", "amina@example.ma", "member")]
    assert (await act(client, f"/members/{youssef}/remove")).status_code == 404
    itself = await act(client, f"/members/{amina}/remove")
    assert (itself.status_code, notice(itself.text)) == (
        403, "To leave your own team, hand the captaincy over first, then leave.")
    renamed = await act(client, "/rename", {"name": "Atlas Data"})
    assert renamed.status_code == 302
    assert await team_names() == ["Atlas Data"]
    too_long = await act(client, "/rename", {"name": "x" * 121})
    assert (too_long.status_code, field_error(too_long.text, "name")) == (
        400, "The name is too long: 120 characters at most.")


async def test_after_the_deadline_no_team_changes(client, second):
    challenge = await make_challenge()
    amina = await person(client, "amina")
    youssef = await person(second, "youssef")
    await make_team(challenge["id"], amina, members=(youssef,))
    await close_submissions(challenge["id"])
    closed = "The submission deadline has passed: teams can no longer change."
    page = await _space(client)
    assert page.select_one(".notice-warning").get_text() == closed
    assert page.select("form[action$='/team/invitations']") == []
    assert page.select("#share-link") == []
    before = await memberships()
    for path, data in (("/rename", {"name": "Nouveau nom"}), ("/captain", {"new_captain": str(youssef)}),
                       (f"/members/{youssef}/remove", {}), ("/invitations", {"email": "new@example.ma"}),
                       ("/share-link", {}), ("/share-link/disable", {})):
        response = await act(client, path, data)
        assert (path, response.status_code, notice(response.text)) == (path, 403, closed)
    member = await act(second, "/leave")
    assert (member.status_code, notice(member.text)) == (403, closed)
    assert await memberships() == before
    assert await team_names() == ["Les Cartographes"]
