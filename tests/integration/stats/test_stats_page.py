"""The /stats page and its CSVs on the fixed world of stats_support.py: exact figures in the data tables, the SVG
charts (parsed, titled, described, mirrored in Arabic), filters and their messages, CSVs parsed back, the home
page's figures, and a number of SQL queries that does not grow with the rows."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest

from showcase.db import get_engine
from tests.conftest import soup
from tests.integration.stats.stats_support import build_world

pytestmark = pytest.mark.anyio

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
async def world(monkeypatch):
    monkeypatch.setenv("STATS_CACHE_SECONDS", "0")
    return await build_world()


def table(page, section_id: str) -> list[list[str]]:
    section = page.find("section", attrs={"aria-labelledby": f"{section_id}-title"})
    return [[cell.get_text(strip=True) for cell in row.find_all(["th", "td"])]
            for row in section.select("details table tbody tr")]


def chart(page, chart_id: str) -> ET.Element:
    return ET.fromstring(str(page.find("svg", id=chart_id)))


async def get_page(client, url: str = "/stats"):
    response = await client.get(url)
    assert response.status_code == 200, response.text[:3000]
    return soup(response.text)


async def test_every_figure_in_its_data_table(client, world):
    page = await get_page(client)
    figures = {div.dt.get_text(strip=True): div.dd.get_text(strip=True)
               for div in page.select(".stats-figures")[0].select(".figure")}
    assert figures == {"Reuses": "7", "Datasets reused": "3", "Data producers": "2", "Challenges": "2"}
    assert table(page, "months") == [["January 2026", "2"], ["February 2026", "2"], ["March 2026", "3"]]
    assert table(page, "types") == [["Application", "4"], ["Visualisation", "3"]]
    assert table(page, "themes") == [["Éducation", "4"], ["Population", "3"]]
    assert table(page, "producers") == [["Ministère de l’Éducation nationale", "6"], ["Haut-Commissariat au Plan", "3"]]
    assert table(page, "datasets") == [["Établissements scolaires", "4"], ["+Résultats du bac", "3"],
                                       ["Population légale", "3"]]
    assert table(page, "challenges") == [["Défi hackathon-education", "2", "6", "2", "3"],
                                         ["Défi defi-population", "1", "1", "0", "0"]]
    challenge_figures = {div.dt.get_text(strip=True): div.dd.get_text(strip=True)
                         for div in page.select(".stats-figures-small .figure")}
    assert challenge_figures == {"Teams": "3", "Participants": "6", "Submitted entries": "2", "Datasets used": "3"}
    assert "archived ones included" in page.get_text()
    assert "Of which 1 archived reuse." in page.get_text()


async def test_filters_change_every_figure(client, world):
    page = await get_page(client, "/stats?from=2026-02&to=2026-02")
    assert table(page, "months") == [["February 2026", "2"]]
    assert table(page, "types") == [["Application", "1"], ["Visualisation", "1"]]
    assert table(page, "producers") == [["Haut-Commissariat au Plan", "1"], ["Ministère de l’Éducation nationale", "1"]]
    assert table(page, "challenges") == [["Défi hackathon-education", "2", "6", "2", "3"]]
    assert page.find("input", id="f-from")["value"] == "2026-02"
    page = await get_page(client, "/stats?theme=education")
    assert table(page, "months") == [["January 2026", "2"], ["February 2026", "1"], ["March 2026", "1"]]
    assert table(page, "datasets") == [["Établissements scolaires", "3"], ["+Résultats du bac", "2"],
                                       ["Population légale", "1"]]
    assert page.find("select", id="f-theme").find("option", selected=True)["value"] == "education"
    # the CSV links carry the filters
    links = [a["href"] for a in page.select(".stats-csv a")]
    assert links == [f"/stats/{name}.csv?theme=education" for name in
                     ("months", "types", "themes", "producers", "datasets", "challenges")]
    page = await get_page(client, "/stats?from=2027-01&to=2027-02")
    assert table(page, "months") == [["January 2027", "0"], ["February 2027", "0"]]
    assert "No reuse in this period." in page.get_text()
    assert "No challenge in this period." in page.get_text()


@pytest.mark.parametrize(("query", "field", "typed", "message"), [
    ("from=2026-13", "from", "2026-13", "“From” is not a month: write it as year-month, for example 2026-03."),
    ("to=mars", "to", "mars", "“To” is not a month: write it as year-month, for example 2026-09."),
    ("from=2026-05&to=2026-02", "to", "2026-02",
     "The period ends before it starts: “To” must be the same month as “From” or later."),
    ("theme=nope", "theme", "", "This theme does not exist: choose one from the list."),
])
async def test_bad_filters_say_why_and_keep_the_input(client, world, query, field, typed, message):
    response = await client.get(f"/stats?{query}")
    assert response.status_code == 400
    page = soup(response.text)
    assert page.find(id=f"f-{field}-error").get_text(strip=True) == message
    assert message in page.select_one(".error-summary").get_text()
    element = page.find(id=f"f-{field}")
    if element.name == "select":
        assert element.find("option", selected=True) is None  # an unknown theme is not in the list
    else:
        assert element["value"] == typed
    assert page.find("svg") is None
    csv_response = await client.get(f"/stats/months.csv?{query}")
    assert (csv_response.status_code, csv_response.text.strip()) == (400, message)


async def test_bad_filter_message_in_arabic(client, world):
    client.headers["Accept-Language"] = "ar"
    response = await client.get("/stats?from=2026-13")
    assert response.status_code == 400
    assert '<html lang="ar" dir="rtl">' in response.text


async def test_each_csv_parsed_back(client, world):
    async def rows(url: str) -> list[list[str]]:
        response = await client.get(url)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))

    assert await rows("/stats/months.csv") == [["month", "reuses"], ["2026-01", "2"], ["2026-02", "2"], ["2026-03", "3"]]
    assert await rows("/stats/types.csv") == [["type", "label", "reuses"], ["application", "Application", "4"],
                                              ["visualisation", "Visualisation", "3"]]
    assert await rows("/stats/themes.csv") == [["theme", "title_fr", "title_ar", "reuses"],
                                               ["education", "Éducation", "التعليم", "4"],
                                               ["population", "Population", "السكان", "3"]]
    assert await rows("/stats/producers.csv") == [
        ["producer", "title_fr", "title_ar", "reuses"],
        ["men", "Ministère de l’Éducation nationale", "وزارة التربية الوطنية", "6"],
        ["hcp", "Haut-Commissariat au Plan", "المندوبية السامية للتخطيط", "3"]]
    assert await rows("/stats/datasets.csv") == [
        ["dataset", "title_fr", "title_ar", "reuses"], ["ecoles", "Établissements scolaires", "المؤسسات التعليمية", "4"],
        ["bac", "'+Résultats du bac", "نتائج البكالوريا", "3"],  # a formula, defused
        ["population", "Population légale", "السكان القانونيون", "3"]]
    assert await rows("/stats/challenges.csv") == [
        ["challenge", "title_fr", "title_ar", "teams", "participants", "entries", "datasets"],
        ["hackathon-education", "Défi hackathon-education", "", "2", "6", "2", "3"],
        ["defi-population", "Défi defi-population", "", "1", "1", "0", "0"]]
    # the same filters as the page
    assert await rows("/stats/months.csv?from=2026-03&theme=population") == [["month", "reuses"], ["2026-03", "1"]]
    assert await rows("/stats/producers.csv?to=2026-01&theme=education") == [
        ["producer", "title_fr", "title_ar", "reuses"],
        ["men", "Ministère de l’Éducation nationale", "وزارة التربية الوطنية", "2"],
        ["hcp", "Haut-Commissariat au Plan", "المندوبية السامية للتخطيط", "1"]]
    assert (await client.get("/stats/unknown.csv")).status_code == 404
    assert (await client.get("/stats/months.json")).status_code == 404


async def test_charts_parse_with_title_description_and_labels(client, world):
    page = await get_page(client)
    for chart_id in ("chart-months", "chart-types", "chart-themes", "chart-producers", "chart-datasets",
                     "chart-challenges"):
        svg = chart(page, chart_id)
        assert svg.get("role") == "img"
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert title.text and desc.text
    months = chart(page, "chart-months")
    assert months.find(f"{SVG}title").text == "Reuses published per month"
    assert months.find(f"{SVG}desc").text == "January 2026: 2; February 2026: 2; March 2026: 3"
    assert chart(page, "chart-producers").find(f"{SVG}desc").text == (
        "Ministère de l’Éducation nationale: 6; Haut-Commissariat au Plan: 3")
    assert not page.select("svg [style]")  # CSP: presentation attributes only


def column_xs(svg: ET.Element) -> list[float]:
    return [float(rect.get("x").rstrip("%")) for rect in svg.iter(f"{SVG}rect")]


async def test_arabic_charts_are_mirrored(client, world):
    french = chart(await get_page(client, "/stats?lang=fr"), "chart-months")
    arabic = chart(await get_page(client, "/stats?lang=ar"), "chart-months")
    assert (french.get("direction"), arabic.get("direction")) == ("ltr", "rtl")
    # three months: January on the left in French, on the right in Arabic
    assert column_xs(french) == [5.0, 38.33, 71.67]
    assert column_xs(arabic) == [71.67, 38.33, 5.0]
    labels = [(text.get("x"), text.get("text-anchor"), text.text) for text in arabic.iter(f"{SVG}text")
              if text.get("class") == "column-label"]
    assert labels == [("100%", "start", "يناير 2026"), ("50%", "middle", "فبراير 2026"), ("0%", "end", "مارس 2026")]
    bars = chart(await get_page(client, "/stats?lang=ar"), "chart-types")
    assert bars.get("direction") == "rtl"
    label = next(text for text in bars.iter(f"{SVG}text") if text.get("class") == "bar-label")
    assert (label.get("x"), label.get("text-anchor")) == ("100%", "start")
    widest = next(rect for rect in bars.iter(f"{SVG}rect") if rect.get("class") == "bar")
    assert (widest.get("x"), widest.get("width")) == ("0%", "100%")


async def test_home_figures_come_from_the_stats_queries(client, world):
    page = await get_page(client, "/")
    figures = {div.dt.get_text(strip=True): div.dd.get_text(strip=True) for div in page.select(".hero-panel .figure")}
    assert figures == {"Reuses": "7", "Startups": "2", "Datasets reused": "3", "Challenges": "2"}


async def test_stats_linked_from_the_footer(client, world):
    page = await get_page(client, "/")
    assert page.select_one('.site-footer a[href="/stats"]')


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


async def test_queries_do_not_grow_with_rows(client, world, count_queries):
    from showcase.reuses.tables import Reuse, ReuseDataset, ReuseTheme
    from tests.integration.stats.stats_support import at

    async def page_queries() -> int:
        count_queries.count = 0
        assert (await client.get("/stats?theme=education")).status_code == 200
        return count_queries.count

    small = await page_queries()
    for n in range(40):
        rows = await Reuse.insert(Reuse(slug=f"more-{n}", title_fr=f"Encore {n}", status="published",
                                        type="api" if n % 2 else "article",
                                        published_at=at(1 + n % 9, 1 + n % 27))).returning(Reuse.id)
        await ReuseDataset.insert(ReuseDataset(reuse=rows[0]["id"], dataset=world["ecoles"] if n % 3 else world["bac"]))
        await ReuseTheme.insert(ReuseTheme(reuse=rows[0]["id"], theme=world["theme-education"]))
    large = await page_queries()
    assert small == large
    assert large == 9, large  # the theme list and 8 aggregate queries, whatever the rows


async def test_figures_cached_a_minute_per_filter_state(client, world, count_queries, monkeypatch):
    monkeypatch.setenv("STATS_CACHE_SECONDS", "60")
    first = await get_page(client, "/stats?theme=population")
    count_queries.count = 0
    again = await get_page(client, "/stats?theme=population")
    assert count_queries.count == 1  # the theme list only: the figures come from the cache store
    assert table(again, "months") == table(first, "months") == [["January 2026", "1"], ["February 2026", "1"],
                                                                ["March 2026", "1"]]
    csv_response = await client.get("/stats/months.csv?theme=population")
    assert csv_response.content.decode("utf-8-sig").splitlines() == ["month,reuses", "2026-01,1", "2026-02,1",
                                                                     "2026-03,1"]
    other = await get_page(client, "/stats?theme=education")  # another filter state: counted anew
    assert table(other, "months") == [["January 2026", "2"], ["February 2026", "1"], ["March 2026", "1"]]
