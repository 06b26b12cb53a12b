"""The client and the citation parser against a real CKAN 2.12 (shared/ckan-peer/), seeded by seed.py.

    bash ../shared/ckan-peer/up.sh
    CKAN_TEST_URL=http://127.0.0.1:5000/api/3/action/ .venv/bin/python -m pytest -q tests/live
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest

from showcase.i18n import use_locale
from showcase.portal.citations import Citation, dataset_page_url, parse_citation, portal_site_of
from showcase.portal.client import PortalClient
from showcase.portal.outcomes import Found, NotFound, PortalError, SearchPage, Withdrawn

pytestmark = [pytest.mark.live, pytest.mark.anyio]

PUBLIC = [
    "liste-des-etablissements-publics-primaires",
    "liste-nominative-des-etablissements-hospitaliers-par-categorie",
    "abonnements-a-l-internet-au-maroc-2021",
    "dispositifs-medicaux-admis-au-remboursement",
    "tarification-des-soins-ngap",
    "laihat-al-mouassasat-as-sihhiya-al-oumoumiya",
]
ARABIC = "laihat-al-mouassasat-as-sihhiya-al-oumoumiya"
ARABIC_TITLE = "لائحة المؤسسات الصحية العمومية حسب الجهة"
PRIVATE = "statistiques-internes-des-urgences-2023"
DELETED = "carte-sanitaire-2019"
ORGANIZATIONS = ["anam", "anrt", "ministere-de-l-education-nationale", "ministere-de-la-sante"]
GROUPS = ["education", "sante", "telecommunications"]


@pytest.fixture
async def portal(ckan_url: str) -> AsyncIterator[PortalClient]:
    async with PortalClient(ckan_url, None, max_retries=1, backoff_base=0.1) as client:
        yield client


@pytest.fixture
async def admin(ckan_url: str, sysadmin_token: str) -> AsyncIterator[httpx.AsyncClient]:
    """A plain sysadmin HTTP client for the writes the test itself needs (create, rename, purge)."""
    async with httpx.AsyncClient(base_url=ckan_url.rstrip("/") + "/", headers={"Authorization": sysadmin_token},
                                 timeout=30) as client:
        yield client


async def write(admin: httpx.AsyncClient, action: str, payload: dict) -> dict:
    response = await admin.post(action, json=payload)
    assert response.status_code == 200, response.text[:500]
    return response.json()["result"]


async def by_name(portal: PortalClient, name: str) -> dict:
    outcome = await portal.package_show(name)
    assert isinstance(outcome, Found), outcome
    return outcome.result


async def all_public_ids(portal: PortalClient) -> list[str]:
    ids: list[str] = []
    while True:
        outcome = await portal.package_search(rows=1000, start=len(ids), sort="name asc")
        assert isinstance(outcome, Found), outcome
        page: SearchPage = outcome.result
        ids.extend(package["id"] for package in page.results)
        if not page.results or len(ids) >= page.count:
            return ids


async def test_status_show_is_ckan_2_12(portal: PortalClient) -> None:
    outcome = await portal.status_show()
    assert isinstance(outcome, Found)
    assert outcome.result["ckan_version"].startswith("2.12")


@pytest.mark.parametrize("name", PUBLIC)
async def test_found_by_name_and_by_id(portal: PortalClient, name: str) -> None:
    package = await by_name(portal, name)
    assert package["name"] == name
    assert package["state"] == "active"
    assert package["private"] is False
    by_id = await portal.package_show(package["id"])
    assert isinstance(by_id, Found)
    assert (by_id.result["id"], by_id.result["name"]) == (package["id"], name)


@pytest.mark.parametrize("lang", ["fr", "ar", "en", None])
async def test_resolve_a_pasted_page_url(portal: PortalClient, ckan_url: str, lang: str | None) -> None:
    site = portal_site_of(ckan_url)
    page = dataset_page_url(site, ARABIC, lang)
    assert page == f"{site.root}{'/' + lang if lang else ''}/dataset/{ARABIC}"
    async with httpx.AsyncClient() as browser:  # the page we would link to really exists
        assert (await browser.get(page)).status_code == 200
    with use_locale("en"):
        citation = parse_citation(page + "?utm_source=showcase#resources", portal_site=site)
    assert citation == Citation(ARABIC, "name")
    package = await by_name(portal, citation.key)
    assert package["title"] == ARABIC_TITLE


async def test_resolve_a_pasted_resource_url_and_id(portal: PortalClient, ckan_url: str) -> None:
    site = portal_site_of(ckan_url)
    package = await by_name(portal, "liste-nominative-des-etablissements-hospitaliers-par-categorie")
    resource = package["resources"][0]
    pasted = f"{site.root}/fr/dataset/{package['name']}/resource/{resource['id']}"
    assert parse_citation(pasted, portal_site=site) == Citation(package["name"], "name")
    # CKAN's own download URL names the dataset by id
    citation = parse_citation(resource["url"], portal_site=site)
    assert citation == Citation(package["id"], "id")
    assert (await by_name(portal, citation.key))["name"] == package["name"]


async def test_arabic_title_and_bilingual_resources(portal: PortalClient) -> None:
    package = await by_name(portal, ARABIC)
    assert package["title"] == ARABIC_TITLE
    assert package["resources"][0]["name"] == "المؤسسات الصحية العمومية"
    by_id = await portal.package_show(package["id"])
    assert isinstance(by_id, Found) and by_id.result["title"] == ARABIC_TITLE


async def test_private_dataset_is_withdrawn(portal: PortalClient) -> None:
    outcome = await portal.package_show(PRIVATE)
    assert isinstance(outcome, Withdrawn)
    assert outcome.message.startswith("Access denied: User  not authorized to read package ")


async def test_deleted_dataset_is_withdrawn(portal: PortalClient) -> None:
    outcome = await portal.package_show(DELETED)
    assert isinstance(outcome, Withdrawn)
    assert outcome.message.startswith("Access denied: User  not authorized to read package ")


async def test_withdrawn_by_id_too_and_even_with_a_sysadmin_token(ckan_url: str, sysadmin_token: str,
                                                                   portal: PortalClient) -> None:
    async with PortalClient(ckan_url, sysadmin_token, max_retries=0) as privileged:
        private = await privileged.package_show(PRIVATE)
        deleted = await privileged.package_show(DELETED)
        private_id = (await privileged.call("package_show", {"id": PRIVATE})).result["id"]
        deleted_id = (await privileged.call("package_show", {"id": DELETED})).result["id"]
    assert private == Withdrawn("the dataset is private")
    assert deleted == Withdrawn("the dataset is deleted")
    assert isinstance(await portal.package_show(private_id), Withdrawn)
    assert isinstance(await portal.package_show(deleted_id), Withdrawn)


async def test_missing_dataset_is_not_found(portal: PortalClient) -> None:
    assert await portal.package_show("jeu-de-donnees-inexistant") == NotFound("Not found")
    assert await portal.package_show(str(uuid.uuid4())) == NotFound("Not found")


async def test_packages_by_ids_on_all_public_ids(ckan_url: str, sysadmin_token: str, portal: PortalClient) -> None:
    ids = await all_public_ids(portal)
    async with PortalClient(ckan_url, sysadmin_token, max_retries=0) as privileged:
        withdrawn = [(await privileged.call("package_show", {"id": name})).result["id"] for name in (PRIVATE, DELETED)]
    missing = str(uuid.uuid4())
    sent_before = portal.requests_sent
    outcome = await portal.packages_by_ids([*ids, *withdrawn, missing])
    assert isinstance(outcome, Found)
    assert sorted(outcome.result) == sorted(ids)
    assert set(PUBLIC) <= {package["name"] for package in outcome.result.values()}
    assert portal.requests_sent - sent_before == -(-(len(ids) + 3) // 100)
    assert outcome.result[(await by_name(portal, ARABIC))["id"]]["title"] == ARABIC_TITLE


async def test_organizations_are_the_seeded_ones(portal: PortalClient) -> None:
    outcome = await portal.organizations()
    assert isinstance(outcome, Found)
    assert sorted(org["name"] for org in outcome.result) == ORGANIZATIONS
    assert all(org["is_organization"] is True and org["type"] == "organization" for org in outcome.result)
    names = await portal.call("organization_list", {"limit": 1000})
    assert sorted(org["name"] for org in outcome.result) == sorted(names.result)


async def test_groups_are_the_seeded_ones(portal: PortalClient) -> None:
    outcome = await portal.groups()
    assert isinstance(outcome, Found)
    assert sorted(group["name"] for group in outcome.result) == GROUPS
    assert {group["name"]: group["title"] for group in outcome.result}["sante"] == "Santé"


async def test_unknown_action_is_a_portal_error(portal: PortalClient) -> None:
    assert await portal.call("package_exists") == PortalError(
        reason="package_exists: HTTP 400: Bad request: Action name not known: package_exists", status=400,
        retryable=False)


async def test_a_port_with_nothing_listening_is_a_portal_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with PortalClient(f"http://127.0.0.1:{port}/api/3/action/", None, max_retries=2, backoff_base=0) as client:
        outcome = await client.package_show("tarification-des-soins-ngap")
        assert client.requests_sent == 3
    assert isinstance(outcome, PortalError)
    assert outcome.status is None and outcome.retryable is True
    assert outcome.reason.startswith("package_show: cannot reach the portal (ConnectError")
    assert outcome.reason.endswith("(after 3 attempts)")


async def test_a_renamed_dataset_is_still_found_by_its_id(portal: PortalClient, admin: httpx.AsyncClient,
                                                          ckan_url: str) -> None:
    """Names change and CKAN does not redirect old names: that is why a citation is stored by id."""
    suffix = uuid.uuid4().hex[:8]
    old_name, new_name = f"showcase-test-copie-{suffix}", f"showcase-test-renomme-{suffix}"
    created = await write(admin, "package_create", {
        "name": old_name, "title": "Copie de test (Showcase)", "owner_org": "ministere-de-la-sante",
        "notes": "Créé et purgé par tests/live/test_ckan_peer.py.", "license_id": "odc-odbl"})
    try:
        site = portal_site_of(ckan_url)
        cited = parse_citation(dataset_page_url(site, old_name, "fr"), portal_site=site)
        assert cited == Citation(old_name, "name")
        first = await by_name(portal, cited.key)
        assert first["id"] == created["id"]

        await write(admin, "package_patch", {"id": created["id"], "name": new_name})

        assert await portal.package_show(old_name) == NotFound("Not found")
        renamed = await portal.package_show(created["id"])
        assert isinstance(renamed, Found)
        assert (renamed.result["id"], renamed.result["name"]) == (created["id"], new_name)
        assert renamed.result["metadata_modified"] > first["metadata_modified"]
        by_ids = await portal.packages_by_ids([created["id"]])
        assert isinstance(by_ids, Found) and by_ids.result[created["id"]]["name"] == new_name
    finally:
        await write(admin, "dataset_purge", {"id": created["id"]})
    assert await portal.package_show(created["id"]) == NotFound("Not found")
