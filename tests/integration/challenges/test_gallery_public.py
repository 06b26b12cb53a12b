"""The entries gallery /challenges/<slug>/entries and an entry's public page: closed until the organizers open it
(they may preview), then exactly the submitted entries not screened out, by track; never the custom answers."""

import re

import pytest

from showcase.challenges.tables import Entry, EntryAnswer, Question, TeamMember
from showcase.reuses.tables import Reuse, ReuseDataset
from tests.conftest import soup
from tests.integration.challenges.helpers import make_challenge, make_team
from tests.integration.challenges.public_rows import make_entry, page_as
from tests.support import create_user

pytestmark = pytest.mark.anyio

SCHOOLS = "etablissements-scolaires-par-cycle-secteur-et-region"  # in the bundled snapshot, not eligible here


def text(element) -> str:  # noqa: ANN001
    return re.sub(r"[ \t\n]+", " ", element.get_text()).strip()


async def gallery(*, entries_public: bool, phase: str = "finished") -> dict:
    """A challenge with entries in every state; the ids by title."""
    organizer = await create_user("organizer@example.ma", name="Organisatrice")
    challenge = await make_challenge(slug="hack", phase=phase, organizer_id=organizer, entries_public=entries_public)
    ids = {}
    cases = [("Carte des routes", "submitted", "eligible", (0,)), ("Bus à l'heure", "submitted", "pending", (1,)),
             ("Vélos partagés", "submitted", "needs_info", (0, 1)), ("Hors sujet", "submitted", "ineligible", (0,)),
             ("Encore en brouillon", "draft", "pending", (0,)), ("Retirée", "withdrawn", "pending", (1,))]
    for number, (title, status, screening, tracks) in enumerate(cases):
        captain = await create_user(f"captain{number}@example.ma", name=f"Capitaine {number}")
        team = await make_team(challenge["id"], captain, name=f"Équipe {number}")
        ids[title] = await make_entry(challenge["id"], team, title, status=status, screening=screening,
                                      track_positions=tracks)
    return {"challenge": challenge, "ids": ids}


async def test_closed_gallery_is_404_for_the_public_and_a_preview_for_organizers(app):
    await gallery(entries_public=False)
    await create_user("member@example.ma")
    for email in (None, "member@example.ma", "captain0@example.ma"):
        assert (await page_as(app, email, "/challenges/hack/entries")).status_code == 404, email
    response = await page_as(app, "organizer@example.ma", "/challenges/hack/entries")
    assert response.status_code == 200
    page = soup(response.text)
    assert text(page.select_one(".notice")) == (
        "Preview. The gallery is not open to the public yet: only the organizers see this page.")
    assert len(page.select(".entry-card")) == 3


async def test_open_gallery_shows_exactly_the_submitted_entries_not_screened_out(client):
    await gallery(entries_public=True)
    page = soup((await client.get("/challenges/hack/entries")).text)
    cards = page.select(".entry-card")
    assert [card.select_one(".entry-card-title a").get_text(strip=True) for card in cards] == [
        "Carte des routes", "Bus à l'heure", "Vélos partagés"]
    assert [text(card.select_one(".entry-card-team")) for card in cards] == [
        "Team Équipe 0", "Team Équipe 1", "Team Équipe 2"]
    assert [[b.get_text(strip=True) for b in card.select(".entry-card-tracks .badge")] for card in cards] == [
        ["Piste 1"], ["Piste 2"], ["Piste 1", "Piste 2"]]
    assert cards[0].select_one(".reuse-card-summary").get_text(strip=True) == "Résumé de Carte des routes."
    assert page.select_one(".gallery-count").get_text(strip=True) == "3 entries"
    assert page.select(".notice") == []
    for hidden in ("Hors sujet", "Encore en brouillon", "Retirée"):
        assert hidden not in page.get_text()


async def test_gallery_filters_by_track(client):
    world = await gallery(entries_public=True)
    tracks = soup((await client.get("/challenges/hack/entries")).text).select(".entry-filter a")
    assert [a.get_text(strip=True) for a in tracks] == ["All tracks", "Piste 1", "Piste 2"]
    second = tracks[2]["href"]
    page = soup((await client.get(second)).text)
    assert [a.get_text(strip=True) for a in page.select(".entry-card-title a")] == ["Bus à l'heure", "Vélos partagés"]
    assert page.select_one(".entry-filter [aria-current=true]").get_text(strip=True) == "Piste 2"
    everything = soup((await client.get("/challenges/hack/entries?track=nonsense")).text)
    assert len(everything.select(".entry-card")) == 3
    assert world["ids"]["Carte des routes"] < world["ids"]["Bus à l'heure"]


async def test_an_entry_page_shows_the_reuse_team_tracks_and_eligible_datasets_never_the_answers(client):
    world = await gallery(entries_public=True)
    entry_id = world["ids"]["Vélos partagés"]
    entry = await Entry.select(Entry.team, Entry.reuse).where(Entry.id == entry_id).first()
    member = await create_user("member2@example.ma", name="Salma Bennani")
    await TeamMember(team=entry["team"], challenge=world["challenge"]["id"], user=member,
                     key=f"{world['challenge']['id']}:{member}").save()
    pending = await create_user("pending@example.ma", name="Pas encore acceptée")
    await TeamMember(team=entry["team"], challenge=world["challenge"]["id"], user=pending, status="pending",
                     key=f"{world['challenge']['id']}:{pending}").save()
    question = await Question.select(Question.id).where(Question.challenge == world["challenge"]["id"]).first()
    await EntryAnswer(entry=entry_id, question=question["id"], value="RÉPONSE-CONFIDENTIELLE").save()
    # the reuse cites an eligible dataset and one that is not eligible
    from tests.integration.challenges.public_rows import cite

    await cite(entry["reuse"], "reseau-routier-classe", SCHOOLS)
    assert await ReuseDataset.count().where(ReuseDataset.reuse == entry["reuse"]) == 2

    response = await client.get(f"/challenges/hack/entries/{entry_id}")
    assert response.status_code == 200
    page = soup(response.text)
    assert page.select_one("h1").get_text(strip=True) == "Vélos partagés"
    assert page.select_one(".entry-team-line bdi").get_text(strip=True) == "Équipe 2"
    assert [li.get_text(strip=True)[1:] for li in page.select(".entry-members li")] == [
        "Capitaine 2", "Salma Bennani"]
    assert [b.get_text(strip=True) for b in page.select(".entry-tracks .badge")] == ["Piste 1", "Piste 2"]
    assert [a["href"] for a in page.select(".dataset-card-title a")] == ["/datasets/reseau-routier-classe"]
    assert page.select_one(".reuse-description strong").get_text() == "Vélos partagés"
    assert page.select_one("a[href='/reuses/vélos-partagés']").get_text(strip=True) == "See its page in the reuses"
    assert "RÉPONSE-CONFIDENTIELLE" not in response.text
    assert "Pas encore acceptée" not in response.text
    assert page.select(".notice") == []


async def test_an_unpublished_reuse_gets_no_link(client):
    world = await gallery(entries_public=True)
    entry = await Entry.select(Entry.reuse).where(Entry.id == world["ids"]["Carte des routes"]).first()
    await Reuse.update({Reuse.status: "draft"}).where(Reuse.id == entry["reuse"])
    page = soup((await client.get(f"/challenges/hack/entries/{world['ids']['Carte des routes']}")).text)
    assert page.select("a[href^='/reuses/']") == []
    assert page.select_one("h1").get_text(strip=True) == "Carte des routes"


async def test_entries_out_of_the_gallery_are_404_except_for_their_team_and_the_organizers(app):
    world = await gallery(entries_public=True)
    await create_user("member@example.ma")
    for title in ("Hors sujet", "Encore en brouillon", "Retirée"):
        url = f"/challenges/hack/entries/{world['ids'][title]}"
        for email in (None, "member@example.ma", "captain0@example.ma"):
            assert (await page_as(app, email, url)).status_code == 404, (title, email)
    own = await page_as(app, "captain4@example.ma", f"/challenges/hack/entries/{world['ids']['Encore en brouillon']}")
    assert own.status_code == 200
    assert text(soup(own.text).select_one(".notice")) == (
        "This entry is not in the public gallery: only its team and the organizers see this page. "
        "Status: Draft · Not screened yet.")
    organizer = await page_as(app, "organizer@example.ma", f"/challenges/hack/entries/{world['ids']['Hors sujet']}")
    assert organizer.status_code == 200
    assert (await page_as(app, None, "/challenges/hack/entries/999999")).status_code == 404


async def test_an_entry_of_a_closed_gallery_is_404_for_the_public(app):
    world = await gallery(entries_public=False)
    url = f"/challenges/hack/entries/{world['ids']['Carte des routes']}"
    assert (await page_as(app, None, url)).status_code == 404
    assert (await page_as(app, "organizer@example.ma", url)).status_code == 200


async def test_an_entry_is_only_found_under_its_own_challenge(client):
    world = await gallery(entries_public=True)
    await make_challenge(slug="autre", phase="finished", entries_public=True, datasets=())
    response = await client.get(f"/challenges/autre/entries/{world['ids']['Carte des routes']}")
    assert response.status_code == 404
