"""A producer's dashboard: datasets ranked by published reuses, reuses per month, challenges that used its data,
the latest reuses and the CSV, on a fixed world counted by hand (producers_support.build_world)."""

import csv
import io

import pytest

from showcase.db import get_engine
from showcase.stats import producer_queries as queries
from tests.conftest import soup
from tests.integration.stats.producers_support import at, build_world, reuse

pytestmark = pytest.mark.anyio


@pytest.fixture(autouse=True)
def _fresh_dashboards():
    queries.forget_dashboards()
    yield
    queries.forget_dashboards()


async def test_datasets_ranked_by_published_reuses(client):
    world = await build_world()
    ranking = await queries.dataset_ranking(world.hcp)
    assert [(d.key, d.reuses) for d in ranking] == [("population", 4), ("emploi", 2), ("pauvrete", 0)]
    page = soup((await client.get("/producers/hcp")).text)
    rows = [[cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
            for row in page.select(".producer-block")[0].select("tbody tr")]
    assert rows == [["1", "Population légale", "4"], ["2", "Emploi par région", "2"],
                    ["3", "Pauvreté multidimensionnelle", "0"]]
    chart = page.select_one("#producer-ranking-chart")
    assert chart["role"] == "img" and chart.title.get_text() == "Most reused datasets of Haut-Commissariat au Plan"
    assert [t.get_text() for t in chart.select(".bar-label")] == ["Population légale", "Emploi par région"]
    figures = [dd.get_text(strip=True) for dd in page.select(".producer-figures dd")]
    assert figures == ["5", "2 of 3", "2"]


async def test_reuses_per_month(client):
    world = await build_world()
    months = await queries.reuses_per_month(world.hcp, until=at(11, 22))
    assert [(m.month, m.reuses) for m in months] == [("2026-08", 1), ("2026-09", 1), ("2026-10", 2), ("2026-11", 1)]
    # Months without a reuse are kept, up to the month asked for.
    months = await queries.reuses_per_month(world.hcp, until=at(2, 1, 2027))
    assert [(m.month, m.reuses) for m in months][3:] == [("2026-11", 1), ("2026-12", 0), ("2027-01", 0),
                                                         ("2027-02", 0)]
    assert [(m.month, m.reuses) for m in await queries.reuses_per_month(world.bam, until=at(11, 1))] == [
        ("2026-10", 1), ("2026-11", 0)]
    page = soup((await client.get("/producers/hcp")).text)
    table = page.select(".producer-block")[1].select("tbody tr")
    counted = [(row.time["datetime"], row.td.get_text()) for row in table]
    assert counted[:4] == [("2026-08", "1"), ("2026-09", "1"), ("2026-10", "2"), ("2026-11", "1")]
    assert all(count == "0" for _, count in counted[4:])  # later months, if the clock has moved on
    chart = page.select_one("#producer-months-chart")
    assert chart["aria-labelledby"] == "producer-months-chart-title producer-months-chart-desc"
    assert [bar.title.get_text() for bar in chart.select(".column-bar")][:4] == [
        "August 2026: 1", "September 2026: 1", "October 2026: 2", "November 2026: 1"]
    assert chart.find("desc").get_text().startswith("Reuses published each month from August 2026 to ")


async def test_challenges_that_used_its_data(client):
    world = await build_world()
    used = await queries.challenges_using(world.hcp)
    assert [(c.slug, c.listed, c.entries) for c in used] == [("hackathon-emploi", 0, 1), ("defi-population", 1, 0)]
    assert [(c.slug, c.listed, c.entries) for c in await queries.challenges_using(world.bam)] == [
        ("defi-finance", 1, 0)]
    page = soup((await client.get("/producers/hcp")).text)
    items = [li.get_text(" ", strip=True) for li in page.select(".producer-challenges li")]
    assert items == ["Hackathon emploi 1 entry cites its data", "Défi population 1 of its datasets proposed"]


async def test_latest_reuses_listed(client):
    await build_world()
    page = soup((await client.get("/producers/hcp")).text)
    assert [a.get_text(strip=True) for a in page.select(".reuse-card-title a")] == [
        "Tableau de bord régional", "Emploi des jeunes", "Carte de la population", "=SUM(A1)", "Atlas démographique"]


async def test_arabic_page_mirrors_its_charts(client):
    await build_world()
    page = soup((await client.get("/producers/hcp?lang=ar")).text)
    assert page.h1.get_text(strip=True) == "المندوبية السامية للتخطيط"
    assert page.select_one("#producer-ranking-chart")["direction"] == "rtl"
    assert page.select_one("#producer-months-chart")["direction"] == "rtl"


async def test_csv_parsed_back_row_by_row(client):
    await build_world()
    response = await client.get("/producers/hcp/reuses.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    base = "http://testserver.local/reuses/"
    assert rows == [
        ["reuse", "reuse_page", "dataset", "dataset_title", "published_at_utc", "type", "url"],
        ["Tableau de bord régional", base + "tableau-regional", "emploi", "Emploi par région",
         "2026-11-05T10:00:00Z", "application", "https://tableau-regional.example.ma/"],
        ["Emploi des jeunes", base + "emploi-jeunes", "population", "Population légale", "2026-10-20T10:00:00Z",
         "visualisation", "https://emploi-jeunes.example.ma/"],
        ["Emploi des jeunes", base + "emploi-jeunes", "emploi", "Emploi par région", "2026-10-20T10:00:00Z",
         "visualisation", "https://emploi-jeunes.example.ma/"],
        ["Carte de la population", base + "carte-population", "population", "Population légale",
         "2026-10-03T10:00:00Z", "application", "https://carte-population.example.ma/"],
        ["'=SUM(A1)", base + "formule", "population", "Population légale", "2026-09-15T10:00:00Z", "application",
         "https://formule.example.ma/"],
        ["Atlas démographique", base + "atlas", "population", "Population légale", "2026-08-14T10:00:00Z",
         "article", "https://atlas.example.ma/"],
    ]


async def test_unknown_producer_is_404(client):
    assert (await client.get("/producers/nobody")).status_code == 404
    assert (await client.get("/producers/nobody/reuses.csv")).status_code == 404


async def test_empty_producer_page(client):
    world = await build_world()
    from tests.integration.stats.producers_support import producer

    await producer("vide", "Producteur sans données", "")
    page = soup((await client.get("/producers/vide")).text)
    assert "None of its datasets has been cited yet." in page.get_text()
    assert page.select_one("#producer-months-chart") is None
    assert world.hcp


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0


@pytest.fixture
def count_queries(monkeypatch):
    counter = QueryCounter()
    engine_class = type(get_engine())
    original = engine_class.run_querystring

    async def counting(self, querystring, in_pool=False):
        counter.count += 1
        return await original(self, querystring, in_pool=in_pool)

    monkeypatch.setattr(engine_class, "run_querystring", counting)
    return counter


async def test_queries_do_not_grow_with_reuses(client, count_queries):
    world = await build_world()
    pop, emp = world.datasets["population"], world.datasets["emploi"]
    for n in range(3):
        await reuse(f"extra-{n}", f"Réutilisation {n}", [pop, emp], published_at=at(6, 1 + n))

    async def page_queries() -> int:
        queries.forget_dashboards()
        count_queries.count = 0
        response = await client.get("/producers/hcp")
        assert response.status_code == 200
        return count_queries.count

    small = await page_queries()
    for n in range(3, 30):
        await reuse(f"extra-{n}", f"Réutilisation {n}", [pop, emp], published_at=at(1 + n % 12, 1 + n % 28, 2025))
    assert await page_queries() == small
    assert small == 7, small  # the producer, ranking, months, challenges, cards (3)
    count_queries.count = 0
    await client.get("/producers/hcp")
    assert count_queries.count == 1  # the figures are kept a minute: only the producer is read again
