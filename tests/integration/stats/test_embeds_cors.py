"""CORS on GET /api/v1/datasets/{id}/reuses: the portal's origin only, preflight answered, Vary: Origin."""

import pytest

from tests.integration.reuses.helpers import author_and_reuse
from showcase.reuses.tables import Reuse
from tests.support import now

pytestmark = pytest.mark.anyio
PATH = "/api/v1/datasets/reseau-routier-classe/reuses"


async def test_portal_origin_gets_the_cors_header(client):
    slug = await author_and_reuse(client)
    await Reuse.update({Reuse.status: "published", Reuse.published_at: now()}, force=True)
    response = await client.get(PATH, headers={"Origin": "https://data.gov.ma"})
    assert response.status_code == 200 and [r["slug"] for r in response.json()] == [slug]
    assert response.headers["access-control-allow-origin"] == "https://data.gov.ma"
    assert "origin" in response.headers["vary"].lower()
    assert "access-control-allow-credentials" not in response.headers


async def test_other_origins_get_nothing(client):
    for origin in ("https://evil.example", "https://data.gov.ma.evil.example", "http://data.gov.ma", "null"):
        response = await client.get(PATH, headers={"Origin": origin})
        assert response.status_code == 200
        assert "access-control-allow-origin" not in response.headers, origin
        assert "origin" in response.headers["vary"].lower()
    assert "access-control-allow-origin" not in (await client.get(PATH)).headers


async def test_preflight_answered_for_the_portal_only(client):
    asked = {"Origin": "https://data.gov.ma", "Access-Control-Request-Method": "GET",
             "Access-Control-Request-Headers": "accept"}
    response = await client.options(PATH, headers=asked)
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "https://data.gov.ma"
    assert response.headers["access-control-allow-methods"] == "GET, OPTIONS"
    assert response.headers["access-control-allow-headers"] == "accept"
    other = await client.options(PATH, headers={**asked, "Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


async def test_other_api_routes_have_no_cors(client):
    response = await client.get("/api/v1/reuses", headers={"Origin": "https://data.gov.ma"})
    assert "access-control-allow-origin" not in response.headers
