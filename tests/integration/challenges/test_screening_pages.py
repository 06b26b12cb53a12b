"""What organizers read on the registrations and teams pages, and the entry page's own facts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from showcase.accounts.tables import User
from showcase.challenges.tables import Registration, Team, TeamMember
from showcase.startups.tables import Startup
from tests.conftest import soup
from tests.integration.challenges.helpers import make_challenge, make_team
from tests.integration.challenges.screening_rows import EMAILS, add_entry, cast
from tests.support import create_user, log_in

pytestmark = pytest.mark.anyio

BASE = "/manage/challenges/hack-mobilite"


def table_rows(html: str) -> list[list[str]]:
    return [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in soup(html).select("tbody tr")]


async def test_registrations_list_people_with_their_team_or_none(client):
    people = await cast("submissions")
    waiting = await create_user("attente@example.ma", name="Hind Attente")
    await Registration(challenge=people.challenge["id"], user=waiting,
                       key=f"{people.challenge['id']}:{waiting}").save()
    await TeamMember(team=people.team, challenge=people.challenge["id"], user=waiting,
                     key=f"{people.challenge['id']}:{waiting}", status="pending").save()
    moment = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)
    await Registration.update({Registration.created_at: moment}).where(Registration.id > 0)
    await log_in(client, EMAILS["organizer"])

    page = await client.get(f"{BASE}/registrations")

    assert "4 people registered" in page.text
    when = "11/20/26, 5:00\u202fPM ( UTC+1 ) UTC 11/20/26, 4:00\u202fPM"  # local time (UTC+1 in November), then UTC
    assert table_rows(page.text) == [
        ["Yasmine Capitaine", EMAILS["captain"], when, "Les Cartographes captain"],
        ["يوسف العضو", EMAILS["member"], when, "Les Cartographes"],
        ["Salma Inscrite", EMAILS["participant"], when, "no team yet"],
        ["Hind Attente", "attente@example.ma", when, "Les Cartographes asked to join"],
    ]


async def test_registrations_are_paginated_fifty_a_page(client):
    people = await cast("submissions")
    challenge_id = people.challenge["id"]
    rows = [User(email=f"p{n}@example.ma", name=f"Personne {n:02d}", password_hash="-") for n in range(48)]
    await User.insert(*rows)
    ids = [row["id"] for row in await User.select(User.id).where(User.email.like("p%@example.ma")).order_by(User.id)]
    start = datetime(2026, 11, 1, tzinfo=UTC)
    await Registration.insert(*[Registration(challenge=challenge_id, user=user_id, key=f"{challenge_id}:{user_id}",
                                             created_at=start + timedelta(minutes=n)) for n, user_id in enumerate(ids)])
    await log_in(client, EMAILS["organizer"])

    first = await client.get(f"{BASE}/registrations")
    second = await client.get(f"{BASE}/registrations?page=2")

    assert "51 people registered" in first.text
    assert len(table_rows(first.text)) == 50
    assert [row[0] for row in table_rows(second.text)] == ["Salma Inscrite"]  # registered last
    assert soup(second.text).select_one('.pagination a[rel="prev"]')["href"] == f"{BASE}/registrations?page=1"


async def test_teams_show_captain_members_requests_startup_and_entry(client):
    people = await cast("screening")
    challenge_id = people.challenge["id"]
    startup = Startup(name="Darija Maps", slug="darija-maps")
    await startup.save()
    await Team.update({Team.startup: startup.id}).where(Team.id == people.team)
    waiting = await create_user("attente@example.ma", name="Hind Attente")
    await Registration(challenge=challenge_id, user=waiting, key=f"{challenge_id}:{waiting}").save()
    await TeamMember(team=people.team, challenge=challenge_id, user=waiting, key=f"{challenge_id}:{waiting}",
                     status="pending").save()
    entry_id = await add_entry(challenge_id, people.team, screening="needs_info")
    solo = await create_user("solo@example.ma", name="Solo")
    await make_team(challenge_id, solo, name="Atlas Data")
    await log_in(client, EMAILS["organizer"])

    page = soup((await client.get(f"{BASE}/teams")).text)

    cards = page.select(".participant-card")
    assert [card.select_one("h3").get_text(strip=True) for card in cards] == ["Atlas Data", "Les Cartographes"]
    atlas, cartographes = cards
    assert atlas.select_one(".entry-state").get_text(strip=True) == "No entry yet"
    assert cartographes.select_one(".entry-state").get_text(" ", strip=True) == (
        "Submitted Needs information Open the entry")
    assert cartographes.select_one(f'a[href="{BASE}/entries/{entry_id}"]') is not None
    assert cartographes.select_one(".team-startup a")["href"] == "/startups/darija-maps"
    members = cartographes.select(".member-list:not(.member-list-pending) li")
    assert [li.get_text(" ", strip=True) for li in members] == [
        f"Yasmine Capitaine {EMAILS['captain']} captain", f"يوسف العضو {EMAILS['member']}"]
    assert [li.get_text(" ", strip=True) for li in cartographes.select(".member-list-pending li")] == [
        "Hind Attente attente@example.ma waiting for the captain"]
    assert cartographes.select_one(".team-size").get_text(" ", strip=True) == "2 members of 3 at most"


async def test_the_entry_page_names_the_people_a_decision_reaches(client):
    people = await cast("screening")
    entry_id = await add_entry(people.challenge["id"], people.team, versions=3)
    await log_in(client, EMAILS["organizer"])

    page = soup((await client.get(f"{BASE}/entries/{entry_id}")).text)

    assert [li.get_text(" ", strip=True) for li in page.select(".entry-main .member-list li")] == [
        f"Yasmine Capitaine {EMAILS['captain']} captain", f"يوسف العضو {EMAILS['member']}"]
    assert [tr.select_one("td").get_text(strip=True) for tr in page.select(".versions-table tbody tr")] == [
        "3", "2", "1"]
    assert {form.select_one('input[name="decision"]')["value"] for form in page.select("form.decision")} == {
        "eligible", "needs_info", "ineligible"}


async def test_an_unknown_entry_or_one_of_another_challenge_is_not_found(client):
    people = await cast("screening")
    second = await make_challenge(slug="autre-defi", phase="screening", organizer_id=people.organizer)
    foreign = await add_entry(second["id"], await make_team(second["id"], await create_user("y@example.ma", name="Y")))
    await log_in(client, EMAILS["organizer"])

    assert (await client.get(f"{BASE}/entries/999999")).status_code == 404
    assert (await client.get(f"{BASE}/entries/{foreign}")).status_code == 404
