"""Prize tracks: name in French and/or Arabic, amount in whole dirhams, number of winners."""

import pytest

from showcase.challenges.tables import Entry, EntryTrack, Track
from tests.conftest import soup
from tests.integration.challenges.helpers import make_challenge, make_team
from tests.integration.challenges.manage_support import organizer
from tests.support import create_user, submit

pytestmark = pytest.mark.anyio
URL = "/manage/challenges/pistes/tracks"


async def setup(client):
    user_id = await organizer(client)
    return await make_challenge(slug="pistes", phase="registration", organizer_id=user_id, tracks=0)


async def stored() -> list[dict]:
    return await Track.select(Track.name_fr, Track.name_ar, Track.amount_mad, Track.winners, Track.position).order_by(
        Track.position)


@pytest.mark.parametrize(("typed", "amount"), [("10 000", 10_000), ("10000", 10_000), ("25\u202f000", 25_000),
                                               ("", 0), ("0", 0)])
async def test_amounts_are_whole_dirhams_with_or_without_spaces(client, typed, amount):
    await setup(client)
    response = await submit(client, URL, {"name_fr": "Grand prix", "name_ar": "الجائزة الكبرى", "amount_mad": typed,
                                          "winners": "2"})
    assert (response.status_code, response.headers["location"]) == (302, URL)
    assert await stored() == [{"name_fr": "Grand prix", "name_ar": "الجائزة الكبرى", "amount_mad": amount,
                               "winners": 2, "position": 0}]


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"amount_mad": "abc"}, "amount_mad",
     "Enter the amount in dirhams as a whole number of 0 or more (example: 10 000)."),
    ({"amount_mad": "-500"}, "amount_mad",
     "Enter the amount in dirhams as a whole number of 0 or more (example: 10 000)."),
    ({"amount_mad": "10.5"}, "amount_mad",
     "Enter the amount in dirhams as a whole number of 0 or more (example: 10 000)."),
    ({"winners": "0"}, "winners", "Enter a whole number of winners from 1 to 100."),
    ({"winners": ""}, "winners", "Enter a whole number of winners from 1 to 100."),
    ({"name_fr": "", "name_ar": ""}, "name_fr", "Name the track in French or in Arabic (or both)."),
])
async def test_bad_tracks_are_explained_and_kept(client, values, field, message):
    await setup(client)
    response = await submit(client, URL, {"name_fr": "Prix jeunesse", "amount_mad": "5 000", "winners": "1",
                                          "description_fr": "Moins de 25 ans", **values})
    assert response.status_code == 400
    page = soup(response.text)
    assert page.select_one(f"#f-{field}-error").get_text(strip=True) == message
    assert page.find("textarea", id="f-description_fr").get_text() == "Moins de 25 ans"
    assert page.find("input", id="f-amount_mad")["value"] == values.get("amount_mad", "5 000")
    assert await Track.count() == 0


async def test_edit_reorder_and_delete_a_track_chosen_by_entries(client):
    challenge = await setup(client)
    for name in ("Mobilité", "Santé"):
        await submit(client, URL, {"name_fr": name, "amount_mad": "10 000", "winners": "1"})
    first, second = [row["id"] for row in await Track.select(Track.id).order_by(Track.position)]
    page = soup((await client.get(URL)).text)
    assert [badge.get_text(strip=True) for badge in page.select(".manage-item .manage-amount")] == [
        "10,000 MAD", "10,000 MAD"]
    edited = await submit(client, f"{URL}/{second}", {"name_fr": "Santé publique", "amount_mad": "15000",
                                                      "winners": "3", "action": "save"})
    assert edited.status_code == 302
    await submit(client, URL, {"action": "up"}, action=f"{URL}/{second}")
    assert [(row["name_fr"], row["amount_mad"], row["winners"]) for row in await stored()] == [
        ("Santé publique", 15_000, 3), ("Mobilité", 10_000, 1)]
    captain = await create_user("capitaine@example.ma", name="Capitaine")
    entry = Entry(challenge=challenge["id"], team=await make_team(challenge["id"], captain))
    await entry.save()
    await EntryTrack(entry=entry.id, track=first).save()
    unconfirmed = await submit(client, URL, {"action": "delete"}, action=f"{URL}/{first}")
    assert unconfirmed.status_code == 400
    assert soup(unconfirmed.text).select_one(f"#delete-{first}-error").get_text(strip=True) == (
        "1 entry chose this track: tick the box to remove it from that entry too.")
    confirmed = await submit(client, URL, {"action": "delete", "confirm": "1"}, action=f"{URL}/{first}")
    assert confirmed.status_code == 302
    assert [row["name_fr"] for row in await stored()] == ["Santé publique"]
    assert await EntryTrack.count() == 0
