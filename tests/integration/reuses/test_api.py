"""The reuse API, personal tokens, the Atom feeds, the CSV export and the OpenAPI document."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest

from showcase.accounts.tokens import create_token
from showcase.reuses.tables import Reuse
from tests.integration.reuses.helpers import author_and_reuse
from tests.support import create_user, now, submit

pytestmark = pytest.mark.anyio
ATOM = "{http://www.w3.org/2005/Atom}"


async def published(client):
    slug = await author_and_reuse(client)
    await Reuse.update({Reuse.status: "published", Reuse.published_at: now()}, force=True)
    return slug


async def test_list_and_detail_of_published_reuses(client):
    slug = await published(client)
    listing = (await client.get("/api/v1/reuses?dataset=reseau-routier-classe")).json()
    assert (listing["total"], listing["page"], listing["next_page"]) == (1, 1, None)
    item = listing["data"][0]
    assert (item["slug"], item["type"], item["url"], item["themes"], item["tags"]) == (
        slug, "application", "https://routes.example.ma/", ["transport"], ["cartes", "mobilité"])
    assert [d["name"] for d in item["datasets"]] == ["reseau-routier-classe", "population-legale-regions-provinces-rgph-2024"]
    assert item["description_fr"] is None
    detail = (await client.get(f"/api/v1/reuses/{slug}")).json()
    assert detail["description_fr"] == "Une **carte**."
    assert (await client.get("/api/v1/reuses?type=article")).json()["total"] == 0
    by_dataset = (await client.get("/api/v1/datasets/reseau-routier-classe/reuses")).json()
    assert [r["slug"] for r in by_dataset] == [slug]


async def test_unpublished_reuses_are_not_in_the_api(client):
    slug = await author_and_reuse(client)
    assert (await client.get(f"/api/v1/reuses/{slug}")).status_code == 404
    assert (await client.get("/api/v1/reuses")).json()["total"] == 0


async def test_token_holder_creates_and_updates_a_reuse(client):
    user_id = await create_user()
    token = await create_token(user_id=user_id, name="script", now=now())
    headers = {"Authorization": f"Token {token}"}
    body = {"url": "https://eau.example.ma", "type": "visualisation", "title_fr": "Eau des plages",
            "description_fr": "Carte.", "datasets": ["qualite-des-eaux-de-baignade-des-plages"], "submit": True}
    created = await client.post("/api/v1/reuses", json=body, headers=headers)
    assert created.status_code == 201, created.text
    assert (created.json()["slug"], created.json()["status"]) == ("eau-des-plages", "submitted")
    patched = await client.patch("/api/v1/reuses/eau-des-plages", json={"summary_fr": "Baignade."}, headers=headers)
    assert (patched.status_code, patched.json()["summary_fr"], patched.json()["datasets"][0]["name"]) == (
        200, "Baignade.", "qualite-des-eaux-de-baignade-des-plages")
    refused = await client.post("/api/v1/reuses", json={"url": "nope"}, headers=headers)
    assert refused.status_code == 400
    assert set(refused.json()["errors"]) == {"title_fr", "description_fr", "url", "datasets"}


async def test_api_writes_need_a_valid_token(client):
    assert (await client.post("/api/v1/reuses", json={})).status_code == 401
    assert (await client.post("/api/v1/reuses", json={}, headers={"Authorization": "Token shc_wrong"})).status_code == 401


async def test_another_users_token_cannot_edit(client):
    slug = await author_and_reuse(client)
    other = await create_user("other@example.ma", name="Other")
    token = await create_token(user_id=other, name="x", now=now())
    response = await client.patch(f"/api/v1/reuses/{slug}", json={"title_fr": "Volé"},
                                  headers={"Authorization": f"Token {token}"})
    assert response.status_code == 403


async def test_token_page_shows_new_token_once_and_revokes(client):
    from tests.support import log_in

    await create_user()
    await log_in(client)
    created = await submit(client, "/account/tokens/", {"token_name": "mon script"})
    assert "shc_" in created.text
    listing = await client.get("/account/tokens/")
    assert "mon script" in listing.text and "shc_" in listing.text  # the prefix only
    from showcase.accounts.tables import ApiToken

    token_id = (await ApiToken.select(ApiToken.id).first())["id"]
    await submit(client, "/account/tokens/", {}, action=f"/account/tokens/{token_id}/revoke")
    assert (await ApiToken.select(ApiToken.revoked_at).first())["revoked_at"] is not None


async def test_atom_feeds_and_csv(client):
    slug = await published(client)
    feed = ET.fromstring((await client.get("/reuses.atom")).content)
    assert [e.find(f"{ATOM}id").text for e in feed.findall(f"{ATOM}entry")] == [f"http://testserver.local/reuses/{slug}"]
    theme_feed = ET.fromstring((await client.get("/themes/transport/reuses.atom")).content)
    assert len(theme_feed.findall(f"{ATOM}entry")) == 1
    dataset_feed = ET.fromstring((await client.get("/datasets/reseau-routier-classe/reuses.atom")).content)
    assert len(dataset_feed.findall(f"{ATOM}entry")) == 1
    response = await client.get("/reuses.csv")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["slug"], r["title_ar"], r["datasets"]) for r in rows] == [
        (slug, "طرق المغرب", "reseau-routier-classe population-legale-regions-provinces-rgph-2024")]


async def test_openapi_document_lists_the_api(client):
    schema = (await client.get("/schema/openapi.json")).json()
    assert {"/api/v1/reuses", "/api/v1/reuses/{slug}", "/api/v1/datasets/{dataset_id}/reuses",
            "/api/v1/portal/datasets"} <= set(schema["paths"])
    assert not any(path.startswith("/account") for path in schema["paths"])
