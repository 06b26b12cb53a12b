"""The /startups directory: filters, search, pagination, empty states; the URL carries the state."""

from datetime import timedelta

import pytest

from showcase.startups.fields import search_key
from showcase.startups.tables import REGIONS, Startup
from tests.conftest import soup
from tests.support import now

pytestmark = pytest.mark.anyio


async def _seed(count: int) -> None:
    """`count` startups, newest last; regions and stages cycle so every filter has an exact answer."""
    start = now() - timedelta(days=count)
    stages = ("idea", "prototype", "early")
    rows = []
    for number in range(count):
        name = f"Startup {number:02d}" if number % 10 else f"École {number:02d}"
        rows.append(Startup(
            name=name, slug=f"startup-{number:02d}", search_key=search_key(name), description_fr="Texte",
            region=REGIONS[number % 3], stage=stages[number % 3], city="Rabat", created_at=start + timedelta(hours=number),
            updated_at=start,
        ))
    await Startup.insert(*rows)


def _cards(html: str) -> list[str]:
    return [card.select_one(".startup-card-title").get_text() for card in soup(html).select(".startup-card")]


def _count(html: str) -> str:
    return soup(html).select_one(".startup-count").get_text()


async def test_pagination_24_per_page_newest_first(client):
    await _seed(30)
    first = await client.get("/startups")
    assert first.status_code == 200
    assert _count(first.text) == "30 startups"
    cards = _cards(first.text)
    assert (len(cards), cards[0], cards[-1]) == (24, "Startup 29", "Startup 06")
    pages = soup(first.text).select_one(".pagination")
    assert [a["href"] for a in pages.select("a")] == ["/startups?page=2", "/startups?page=2"]
    second = await client.get("/startups?page=2")
    assert _cards(second.text) == ["Startup 05", "Startup 04", "Startup 03", "Startup 02", "Startup 01", "École 00"]
    # Nonsense page numbers fall back to a real page instead of failing.
    assert _cards((await client.get("/startups?page=abc")).text) == cards
    assert _cards((await client.get("/startups?page=99")).text)[-1] == "École 00"


async def test_filters_combine_and_stay_in_links(client):
    await _seed(30)
    page = await client.get("/startups?region=oriental&stage=prototype")
    assert _count(page.text) == "10 startups"
    assert _cards(page.text) == [f"{'École' if n % 10 == 0 else 'Startup'} {n:02d}" for n in range(28, 0, -3)]
    html = soup(page.text)
    assert html.select_one("#f-region option[selected]")["value"] == "oriental"
    assert html.select_one("#f-stage option[selected]")["value"] == "prototype"
    assert [card.select_one(".startup-region").get_text() for card in html.select(".startup-card")] == ["Oriental"] * 10
    mismatched = await client.get("/startups?region=oriental&stage=idea")
    assert _count(mismatched.text) == "0 startups"
    assert soup(mismatched.text).select_one(".empty-state p").get_text() == "No startup matches these filters."


async def test_search_by_name_ignores_case_and_accents(client):
    await _seed(30)
    page = await client.get("/startups?q=ECOLE")
    assert _cards(page.text) == ["École 20", "École 10", "École 00"]
    assert soup(page.text).select_one("#f-q")["value"] == "ECOLE"
    assert _count((await client.get("/startups?q=startup+2")).text) == "9 startups"  # 21..29 except École 20


async def test_search_and_filters_paginate_together(client):
    await _seed(90)
    page = await client.get("/startups?q=startup&region=tanger-tetouan-al-hoceima")
    assert _count(page.text) == "27 startups"  # 30 in the region, minus École 00, 30 and 60
    assert len(_cards(page.text)) == 24
    next_link = soup(page.text).select_one('.pagination a[rel="next"]')["href"]
    assert next_link == "/startups?q=startup&region=tanger-tetouan-al-hoceima&page=2"
    assert _cards((await client.get(next_link)).text) == ["Startup 09", "Startup 06", "Startup 03"]


async def test_unknown_filters_are_ignored(client):
    await _seed(3)
    page = await client.get("/startups?region=atlantis&stage=unicorn")
    assert _count(page.text) == "3 startups"


async def test_empty_directory(client):
    page = await client.get("/startups")
    assert page.status_code == 200
    assert _count(page.text) == "0 startups"
    assert soup(page.text).select_one(".empty-state p").get_text() == "No startup has a profile yet."
    assert soup(page.text).select_one(".pagination") is None
