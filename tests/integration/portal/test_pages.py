"""Portal-side pages and the picker API, from snapshots; the portal's failures never reach the visitor."""

import pytest

from showcase.portal.citations import dataset_page_url
from showcase.portal.domain import resolve_citations
from showcase.portal.sync import sync_portal
from tests.conftest import soup
from tests.support import create_user, log_in, now, submit

pytestmark = pytest.mark.anyio


async def cite_two(fake_portal, portal, site):
    fake_portal.add("hopitaux", title="Hôpitaux publics", title_ar="المستشفيات العمومية")
    fake_portal.add("ecoles", title="Écoles primaires", template="package_show_arabic_title.json")
    return await resolve_citations(["hopitaux", "ecoles"], portal=portal, site=site, now=now())


async def test_dataset_page_shows_snapshot_in_visitors_language(fake_portal, portal, site, portal_client):
    await cite_two(fake_portal, portal, site)
    french = soup((await portal_client.get("/datasets/hopitaux?lang=fr")).text)
    arabic = soup((await portal_client.get("/datasets/hopitaux?lang=ar")).text)
    assert french.h1.get_text(strip=True) == "Hôpitaux publics"
    assert arabic.h1.get_text(strip=True) == "المستشفيات العمومية"
    assert french.select_one(".dataset-links a")["href"] == dataset_page_url(site, "hopitaux", "fr")
    assert arabic.select_one(".dataset-links a")["href"] == dataset_page_url(site, "hopitaux", "ar")


async def test_dataset_by_portal_id_redirects_to_its_name(fake_portal, portal, site, portal_client):
    await cite_two(fake_portal, portal, site)
    package_id = fake_portal.find("hopitaux")["id"]
    response = await portal_client.get(f"/datasets/{package_id}", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (301, "/datasets/hopitaux")
    assert (await portal_client.get("/datasets/nothing-here")).status_code == 404


async def test_index_lists_cited_datasets_and_filters_by_producer_and_theme(fake_portal, portal, site, portal_client):
    await cite_two(fake_portal, portal, site)
    page = soup((await portal_client.get("/datasets")).text)
    titles = sorted(a.get_text(strip=True) for a in page.select(".dataset-card-title a"))
    assert titles == ["Hôpitaux publics", "Écoles primaires"]
    producer = fake_portal.find("hopitaux")["organization"]["name"]
    producer_page = await portal_client.get(f"/producers/{producer}")
    assert producer_page.status_code == 200
    theme = fake_portal.find("hopitaux")["groups"][0]["name"]
    assert (await portal_client.get(f"/themes/{theme}")).status_code == 200
    filtered = soup((await portal_client.get("/datasets?q=hôpitaux")).text)
    assert [a.get_text(strip=True) for a in filtered.select(".dataset-card-title a")] == ["Hôpitaux publics"]


async def test_picker_searches_the_portal_then_falls_back_to_snapshots(fake_portal, portal, site, portal_client):
    await cite_two(fake_portal, portal, site)
    fake_portal.add("hopitaux-prives", title="Hôpitaux privés")
    live = (await portal_client.get("/api/v1/portal/datasets?q=hôpitaux")).json()
    assert live["source"] == "portal"
    assert [r["name"] for r in live["results"]] == ["hopitaux", "hopitaux-prives"]
    fake_portal.down = True
    fallback = (await portal_client.get("/api/v1/portal/datasets?q=hopitaux")).json()
    assert fallback["source"] == "snapshot"
    assert [r["name"] for r in fallback["results"]] == ["hopitaux"]


async def test_admin_sees_sync_reports(fake_portal, portal, site, portal_client):
    await cite_two(fake_portal, portal, site)
    await sync_portal(portal=portal, now=now(), trigger="cli")
    await create_user("admin@example.ma", roles=("admin",))
    await log_in(portal_client, "admin@example.ma")
    page = soup((await portal_client.get("/manage/portal")).text)
    first_row = [cell.get_text(" ", strip=True) for cell in page.select("table tbody tr")[0].find_all("td")]
    assert first_row[1:3] == ["Command line", "Done"]
    assert first_row[3:9] == ["2", "0", "0", "0", "0", "3"]
    response = await submit(portal_client, "/manage/portal", {}, action="/manage/portal/sync")
    assert response.status_code == 302
