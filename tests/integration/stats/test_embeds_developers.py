"""/developers: the API endpoints listed from the app's OpenAPI document, the snippets with the real BASE_URL, a
live preview of the embed and the badge on the most reused dataset, linked from the footer."""

import pytest

from showcase.portal.service import open_portal
from showcase.settings import get_settings
from tests.conftest import soup
from tests.integration.stats.embeds_support import POPULATION, ROADS, ReuseMaker, session_user
from tests.support import create_user

pytestmark = pytest.mark.anyio


async def test_endpoints_come_from_the_openapi_document(client):
    schema = (await client.get("/schema/openapi.json")).json()
    expected = sorted((path, method.upper()) for path, item in schema["paths"].items() for method in item
                      if method in ("get", "post", "put", "patch", "delete"))
    page = soup((await client.get("/developers")).text)
    rows = page.select(".dev-endpoints tbody tr")
    shown = sorted((r.select_one(".dev-path").get_text(strip=True), r.select_one(".dev-method").get_text(strip=True))
                   for r in rows)
    assert shown == expected and ("/api/v1/datasets/{dataset_id}/reuses", "GET") in shown


async def test_snippets_and_live_preview(client):
    author = await create_user("amina@example.ma", name="Amina El Idrissi")
    moderator = await create_user("moderator@example.ma", name="Salma", roles=("moderator",))
    async with open_portal(get_settings()) as portal:
        maker = ReuseMaker(portal, session_user(author, "Amina"), session_user(moderator, "Salma", moderator=True))
        await maker.reuse("Carte des routes", datasets=(ROADS, POPULATION))
        await maker.reuse("Trafic", datasets=(ROADS,))
    page = soup((await client.get("/developers?lang=en")).text)
    snippets = [pre.get_text() for pre in page.select(".dev-snippet pre")]
    assert any(f'<iframe src="http://testserver.local/embed/datasets/{ROADS}?lang=en"' in s for s in snippets)
    assert any(f'<img src="http://testserver.local/badges/datasets/{ROADS}.svg?lang=en"' in s for s in snippets)
    assert any(s.startswith("[![") and f"(http://testserver.local/badges/datasets/{ROADS}.svg?lang=en)" in s
               for s in snippets)
    assert [a.get_text(strip=True) for a in page.select(".dev-preview .embed-title")] == ["Trafic", "Carte des routes"]
    assert page.select_one(f'.dev-preview img[src="/badges/datasets/{ROADS}.svg?lang=en"]') is not None
    assert "https://data.gov.ma" in page.get_text()


async def test_linked_from_the_footer(client):
    page = soup((await client.get("/")).text)
    hrefs = [a["href"] for a in page.select(".site-footer a")]
    assert "/developers" in hrefs and "/open-data" in hrefs
