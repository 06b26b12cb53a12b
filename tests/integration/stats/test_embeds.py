"""The portal embed /embed/datasets/<id>: published reuses only, no cookie at all, framed by the portal's origin
only (other pages still refuse framing), language by ?lang= only, a small 404 in the same language."""

from dataclasses import replace

import pytest
from litestar.testing import AsyncTestClient

from showcase.portal.service import open_portal
from showcase.portal.tables import Dataset
from showcase.settings import get_settings
from tests.conftest import soup
from tests.integration.stats.embeds_support import POPULATION, ROADS, ReuseMaker, session_user
from tests.support import create_user, log_in

pytestmark = pytest.mark.anyio


@pytest.fixture
async def maker():
    author = await create_user("amina@example.ma", name="Amina El Idrissi")
    moderator = await create_user("moderator@example.ma", name="Salma", roles=("moderator",))
    async with open_portal(get_settings()) as portal:
        yield ReuseMaker(portal, session_user(author, "Amina El Idrissi"), session_user(moderator, "Salma", moderator=True))


@pytest.fixture
async def three(maker):
    """Roads: two published (one also cites population), one archived, one awaiting review."""
    ids = {
        "map": await maker.reuse("Carte des routes", title_ar="خريطة الطرق", datasets=(ROADS, POPULATION)),
        "viz": await maker.reuse("Trafic par région", type="visualisation"),
        "old": await maker.reuse("Ancienne carte"),
        "pending": await maker.reuse("En attente", publish=False),
    }
    await maker.archive(ids["old"])
    return ids


def frame_ancestors(response) -> str:
    policy = response.headers["content-security-policy"]
    return next(part.strip() for part in policy.split(";") if part.strip().startswith("frame-ancestors"))


async def test_embed_lists_published_reuses_with_links_opening_in_a_new_tab(client, three):
    response = await client.get(f"/embed/datasets/{ROADS}?lang=fr")
    assert response.status_code == 200
    page = soup(response.text)
    assert page.html["lang"] == "fr" and page.html["dir"] == "ltr"
    assert [a.get_text(" ", strip=True) for a in page.select(".embed-title")] == ["Trafic par région", "Carte des routes"]
    assert [t.get_text(strip=True) for t in page.select(".embed-type")] == ["Visualisation", "Application"]
    links = page.select(".embed-link")
    assert [a["href"] for a in links] == ["/reuses/trafic-par-region?lang=fr", "/reuses/carte-des-routes?lang=fr"]
    assert all(a["target"] == "_blank" and "noopener" in a["rel"] for a in links)
    assert page.select_one(".embed-count a").get_text(strip=True) == "2\xa0réutilisations"
    add = page.select_one(".embed-add")
    assert add["href"] == f"/reuses/new?lang=fr&dataset={ROADS}" and add["target"] == "_blank"
    assert not page.select("script") and not page.select("form")
    assert page.select_one('link[rel="stylesheet"]')["href"] == "/static/css/embeds.css"
    assert "base.html" not in response.text and not page.select(".site-footer")


async def test_embed_by_portal_id_and_english(client, three):
    portal_id = (await Dataset.select(Dataset.portal_id).where(Dataset.name == POPULATION).first())["portal_id"]
    page = soup((await client.get(f"/embed/datasets/{portal_id}?lang=en")).text)
    assert page.html["lang"] == "en"
    assert [a.get_text(strip=True) for a in page.select(".embed-title")] == ["Carte des routes"]
    assert page.select_one(".embed-count a").get_text(strip=True) == "1 reuse"
    assert page.select_one(".embed-add").get_text(strip=True) == "Add yours"


async def test_arabic_embed_is_right_to_left_with_arabic_titles(client, three):
    page = soup((await client.get(f"/embed/datasets/{ROADS}?lang=ar")).text)
    assert (page.html["lang"], page.html["dir"]) == ("ar", "rtl")
    assert page.select(".embed-title bdi")[1].get_text() == "خريطة الطرق"
    assert page.select_one(".embed-count a").get_text(strip=True) == "إعادتا استخدام"
    assert page.select_one(".embed-add").get_text(strip=True) == "أضف إعادة استخدامك"


async def test_language_comes_from_the_parameter_only(client, three):
    client.cookies.set("lang", "ar")
    page = soup((await client.get(f"/embed/datasets/{ROADS}", headers={"Accept-Language": "ar"})).text)
    assert page.html["lang"] == "fr"  # neither the cookie nor the browser: the portal chooses
    assert soup((await client.get(f"/embed/datasets/{ROADS}?lang=xx")).text).html["lang"] == "fr"


async def test_no_cookie_at_all_even_for_a_logged_in_visitor_switching_language(client, three):
    await log_in(client)
    assert client.cookies.get("showcase_session")
    for url in (f"/embed/datasets/{ROADS}?lang=ar", f"/embed/datasets/{ROADS}?lang=en", "/embed/datasets/nope?lang=ar",
                f"/badges/datasets/{ROADS}.svg?lang=ar", "/badges/datasets/nope.svg"):
        response = await client.get(url)
        assert "set-cookie" not in response.headers, (url, response.headers.get_list("set-cookie"))
    async with AsyncTestClient(app=client.app, base_url="http://testserver.local") as anonymous:
        response = await anonymous.get(f"/embed/datasets/{ROADS}?lang=ar")
        assert response.headers.get_list("set-cookie") == [] and not anonymous.cookies
        assert (await anonymous.get("/reuses?lang=ar")).headers.get_list("set-cookie")  # other pages still do


async def test_framed_only_by_the_portal_and_cacheable(client, three):
    response = await client.get(f"/embed/datasets/{ROADS}")
    assert frame_ancestors(response) == "frame-ancestors https://data.gov.ma"
    assert "x-frame-options" not in response.headers
    assert sorted(response.headers["cache-control"].split(", ")) == ["max-age=300", "public"]
    for other in ("/", "/reuses", f"/datasets/{ROADS}", "/developers", "/embedded-nope"):
        answer = await client.get(other)
        assert answer.headers["x-frame-options"] == "DENY", other
        assert frame_ancestors(answer) == "frame-ancestors 'none'", other


async def test_the_configured_origin_is_the_one_allowed(three):
    from showcase.app import create_app

    app = create_app(replace(get_settings(), portal_origin="https://portail.example.ma:8443"))
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as client:
        response = await client.get(f"/embed/datasets/{ROADS}?lang=fr")
        assert frame_ancestors(response) == "frame-ancestors https://portail.example.ma:8443"


async def test_unknown_dataset_is_a_small_404_in_the_same_language(client, maker):
    response = await client.get("/embed/datasets/nope?lang=ar")
    assert response.status_code == 404
    page = soup(response.text)
    assert (page.html["lang"], page.html["dir"]) == ("ar", "rtl")
    assert not page.select(".site-header") and not page.select(".site-footer")
    assert page.select_one(".embed-missing") is not None
    assert frame_ancestors(response) == "frame-ancestors https://data.gov.ma"
    english = soup((await client.get("/embed/datasets/nope?lang=en")).text)
    assert english.select_one(".embed-missing").get_text(strip=True) == (
        "This dataset is not known to Showcase yet: no reuse of it has been shared.")


async def test_dataset_without_published_reuse(client, maker):
    await maker.reuse("En attente", publish=False)
    page = soup((await client.get(f"/embed/datasets/{ROADS}?lang=en")).text)
    assert page.select_one(".embed-count a").get_text(strip=True) == "0 reuses"
    assert page.select_one(".embed-empty").get_text(strip=True) == (
        "No reuse of this dataset has been published yet. Be the first!")
