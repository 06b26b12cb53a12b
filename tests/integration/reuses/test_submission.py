"""Submitting a reuse through the form: datasets cited, bad input kept, duplicates refused, the picker."""

import pytest

from showcase.portal.tables import Dataset
from showcase.reuses.tables import ModerationEvent, Reuse, ReuseDataset, ReuseTag, ReuseTheme
from tests.conftest import soup
from tests.integration.reuses.helpers import author_and_reuse, form, submit_reuse
from tests.support import create_user, log_in, submit

pytestmark = pytest.mark.anyio


async def test_submitted_reuse_stores_datasets_themes_and_tags(client):
    slug = await author_and_reuse(client)
    assert slug == "routes-du-maroc"
    reuse = await Reuse.select(Reuse.id, Reuse.status, Reuse.url, Reuse.title_ar, Reuse.type).where(Reuse.slug == slug).first()
    assert (reuse["status"], reuse["url"], reuse["title_ar"], reuse["type"]) == (
        "submitted", "https://routes.example.ma/", "طرق المغرب", "application")
    cited = await ReuseDataset.select(ReuseDataset.dataset.name).where(ReuseDataset.reuse == reuse["id"]).order_by(
        ReuseDataset.position)
    assert [row["dataset.name"] for row in cited] == ["reseau-routier-classe", "population-legale-regions-provinces-rgph-2024"]
    assert [r["theme.name"] for r in await ReuseTheme.select(ReuseTheme.theme.name)] == ["transport"]
    assert sorted(r["tag"] for r in await ReuseTag.select(ReuseTag.tag)) == ["cartes", "mobilité"]
    assert [e["action"] for e in await ModerationEvent.select(ModerationEvent.action)] == ["create"]


async def test_errors_are_listed_and_typed_values_kept(client):
    await create_user()
    await log_in(client)
    response = await submit_reuse(client, title_fr="", title_ar="", url="not a url", datasets="",
                                  description_fr="Texte gardé", themes=[])
    assert response.status_code == 400
    page = soup(response.text)
    errors = [li.get_text(strip=True) for li in page.select(".error-summary li")]
    assert errors == [
        "Give a title in French or in Arabic (or both).",
        "Enter a web address starting with http:// or https:// (example: https://example.ma).",
        "Cite at least one dataset of data.gov.ma.",
    ]
    assert page.find("textarea", id="f-description_fr").get_text() == "Texte gardé"
    assert await Reuse.count() == 0


async def test_uncitable_dataset_is_explained(client):
    await create_user()
    await log_in(client)
    response = await submit_reuse(client, datasets="https://www.data.gouv.fr/fr/datasets/xyz/")
    assert response.status_code == 400
    assert "data.gov.ma" in soup(response.text).select_one("#f-datasets-error").get_text()


async def test_second_reuse_with_the_same_address_links_to_the_first(client):
    slug = await author_and_reuse(client)
    response = await submit_reuse(client, url="http://www.routes.example.ma/?utm_source=x", title_fr="Autre")
    assert response.status_code == 400
    page = soup(response.text)
    assert page.select_one(".notice-warning a")["href"] == f"/reuses/{slug}"
    assert await Reuse.count() == 1


async def test_picker_without_javascript_searches_and_adds(client):
    await create_user()
    await log_in(client)
    found = await submit(client, "/reuses/new", form(action="search_datasets", dataset_q="barrages", datasets=""))
    assert found.status_code == 200
    choices = [box["value"] for box in soup(found.text).select("input[name=add_dataset]")]
    assert choices == ["situation-des-principaux-barrages-taux-de-remplissage"]
    added = await submit(client, "/reuses/new", form(action="add_datasets", datasets="reseau-routier-classe",
                                                     add_dataset=choices))
    assert soup(added.text).find("textarea", id="f-datasets").get_text() == (
        "reseau-routier-classe\nsituation-des-principaux-barrages-taux-de-remplissage")
    assert await Reuse.count() == 0


async def test_draft_is_private_until_published(client, app):
    from litestar.testing import AsyncTestClient

    slug = await author_and_reuse(client, action="save")
    assert (await Reuse.select(Reuse.status).first())["status"] == "draft"
    assert (await client.get(f"/reuses/{slug}")).status_code == 200
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as anonymous:
        assert (await anonymous.get(f"/reuses/{slug}")).status_code == 404
    await create_user("other@example.ma", name="Other")
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as other:
        await log_in(other, "other@example.ma")
        assert (await other.get(f"/reuses/{slug}")).status_code == 404
        assert (await other.get(f"/reuses/{slug}/edit")).status_code == 404
    assert await Dataset.count() == 2


def png_bytes(colour=(200, 30, 40), size=(800, 450)):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


async def test_cover_and_screenshots_are_stored_and_kept_across_errors(client):
    from showcase.reuses.tables import ReuseScreenshot

    await create_user()
    await log_in(client)
    files = {"cover": ("cover.png", png_bytes(), "image/png"),
             "screenshot_1": ("one.png", png_bytes((10, 90, 200)), "image/png"),
             "screenshot_2": ("bad.png", b"<html>not an image</html>", "image/png")}
    first = await submit(client, "/reuses/new", form(screenshot_alt_1="Carte", screenshot_alt_2="Cassé"), files=files)
    assert first.status_code == 400
    page = soup(first.text)
    assert page.select_one("#f-screenshot_2-error").get_text(strip=True) == (
        "This file is not an image we can use. Upload a JPEG, PNG, WebP or GIF image.")
    kept = {name: page.find("input", attrs={"name": name})["value"] for name in ("cover_key", "screenshot_key_1")}
    assert all(len(value) == 64 for value in kept.values())
    again = await submit(client, "/reuses/new", form(**kept, screenshot_alt_1="Carte"))
    assert again.status_code == 302
    reuse = await Reuse.select(Reuse.cover).first()
    assert reuse["cover"] == kept["cover_key"]
    assert await ReuseScreenshot.select(ReuseScreenshot.picture, ReuseScreenshot.alt) == [
        {"picture": kept["screenshot_key_1"], "alt": "Carte"}]
    detail = soup((await client.get(again.headers["location"])).text)
    assert [img["alt"] for img in detail.select(".screenshot-grid img")] == ["Carte"]
