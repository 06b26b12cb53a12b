"""The offline portal snapshot (showcase/portal/snapshot/) has the shape of real CKAN responses and is consistent."""

from __future__ import annotations

import json
import re
import uuid
from collections import Counter
from datetime import datetime
from importlib.resources import files
from typing import Any

import pytest

NONE = type(None)
ARABIC = re.compile(r"[\u0600-\u06FF]")
NAME = re.compile(r"^[a-z0-9-]{2,100}$")  # CKAN allows "_" too; the snapshot sticks to portal-style slugs
TAG = re.compile(r"^[\w .-]{2,100}$")  # CKAN's tag_name_validator
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$")
BASE = "https://data.gov.ma/data"
LICENSES = {
    "odc-odbl": ("Open Data Commons Open Database License (ODbL)", "http://www.opendefinition.org/licenses/odc-odbl"),
    "cc-by-4.0": (
        "Creative Commons Attribution 4.0 International (CC BY 4.0)", "https://creativecommons.org/licenses/by/4.0/"
    ),
}

PACKAGE_KEYS: dict[str, Any] = {
    "id": str, "name": str, "title": str, "notes": str, "type": str, "state": str, "private": bool,
    "owner_org": str, "organization": dict, "groups": list, "tags": list, "extras": list, "resources": list,
    "license_id": str, "license_title": str, "license_url": str, "isopen": bool,
    "metadata_created": str, "metadata_modified": str, "num_resources": int, "num_tags": int,
    "author": (str, NONE), "author_email": (str, NONE), "maintainer": (str, NONE), "maintainer_email": (str, NONE),
    "version": (str, NONE), "url": (str, NONE), "creator_user_id": str,
    "relationships_as_subject": list, "relationships_as_object": list,
    "title_translated": dict, "notes_translated": dict,
}
RESOURCE_KEYS: dict[str, Any] = {
    "id": str, "package_id": str, "name": str, "description": (str, NONE), "format": str, "url": str,
    "position": int, "state": str, "url_type": (str, NONE), "mimetype": (str, NONE), "size": (int, NONE),
    "hash": str, "created": str, "last_modified": (str, NONE), "metadata_modified": str,
    "cache_url": (str, NONE), "cache_last_updated": (str, NONE), "mimetype_inner": (str, NONE),
    "resource_type": (str, NONE),
}
EMBEDDED_ORG_KEYS: dict[str, Any] = {
    "id": str, "name": str, "title": str, "type": str, "description": str, "image_url": str, "created": str,
    "is_organization": bool, "approval_status": str, "state": str,
}
EMBEDDED_GROUP_KEYS: dict[str, Any] = {
    "id": str, "name": str, "title": str, "display_name": str, "description": str, "image_display_url": str,
}
TAG_KEYS: dict[str, Any] = {"id": str, "name": str, "display_name": str, "state": str, "vocabulary_id": (str, NONE)}
LIST_KEYS: dict[str, Any] = {
    "id": str, "name": str, "title": str, "display_name": str, "description": str, "image_url": str,
    "image_display_url": str, "created": str, "is_organization": bool, "approval_status": str, "state": str,
    "type": str, "package_count": int, "num_followers": int, "title_translated": dict,
}
FORMATS = {"CSV", "XLSX", "JSON", "PDF", "SHP", "API"}


def load(name: str) -> dict[str, Any]:
    return json.loads(files("showcase.portal.snapshot").joinpath(name).read_text(encoding="utf-8"))


PACKAGES_DOC = load("packages.json")
ORGS_DOC = load("organizations.json")
GROUPS_DOC = load("groups.json")
PACKAGES: list[dict[str, Any]] = PACKAGES_DOC["result"]["results"]
ORGS: list[dict[str, Any]] = ORGS_DOC["result"]
GROUPS: list[dict[str, Any]] = GROUPS_DOC["result"]
ORGS_BY_ID = {o["id"]: o for o in ORGS}
GROUPS_BY_NAME = {g["name"]: g for g in GROUPS}


def check_keys(obj: dict[str, Any], spec: dict[str, Any], where: str) -> None:
    missing = set(spec) - set(obj)
    assert not missing, f"{where}: missing {sorted(missing)}"
    for key, types in spec.items():
        assert isinstance(obj[key], types), f"{where}: {key}={obj[key]!r} is not {types}"
        if types is int or types == (int, NONE):  # bool is an int subclass: refuse it where an int is expected
            assert not isinstance(obj[key], bool), f"{where}: {key} is a bool"


def is_uuid4(value: str) -> bool:
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        return False
    return parsed.version == 4 and str(parsed) == value


def naive(value: str) -> datetime:
    assert TIMESTAMP.match(value), f"{value!r} is not CKAN's naive ISO format with microseconds"
    parsed = datetime.fromisoformat(value)
    assert parsed.tzinfo is None
    return parsed


def ids(package: dict[str, Any]) -> str:
    return package["name"]


def test_envelopes() -> None:
    for doc, action in ((PACKAGES_DOC, "package_search"), (ORGS_DOC, "organization_list"), (GROUPS_DOC, "group_list")):
        assert doc["success"] is True
        assert doc["help"] == f"{BASE}/api/3/action/help_show?name={action}"
    result = PACKAGES_DOC["result"]
    assert set(result) >= {"count", "results", "facets", "search_facets", "sort"}
    assert isinstance(ORGS, list) and isinstance(GROUPS, list)


def test_package_count() -> None:
    assert PACKAGES_DOC["result"]["count"] == len(PACKAGES)
    assert 38 <= len(PACKAGES) <= 45


def test_ids_and_names_are_unique_and_valid() -> None:
    package_ids = [p["id"] for p in PACKAGES]
    names = [p["name"] for p in PACKAGES]
    resource_ids = [r["id"] for p in PACKAGES for r in p["resources"]]
    list_ids = [o["id"] for o in ORGS] + [g["id"] for g in GROUPS]
    everything = package_ids + resource_ids + list_ids
    assert all(is_uuid4(i) for i in everything)
    assert len(set(everything)) == len(everything)
    assert len(set(names)) == len(names)
    assert all(NAME.match(n) for n in names + [o["name"] for o in ORGS] + [g["name"] for g in GROUPS])
    tag_ids = {t["name"]: t["id"] for p in PACKAGES for t in p["tags"]}  # one id per tag name, as in CKAN
    assert all(is_uuid4(i) for i in tag_ids.values())
    assert len({t["id"] for p in PACKAGES for t in p["tags"]}) == len(tag_ids)


@pytest.mark.parametrize("package", PACKAGES, ids=ids)
def test_package_shape(package: dict[str, Any]) -> None:
    where = package["name"]
    check_keys(package, PACKAGE_KEYS, where)
    assert package["state"] == "active" and package["private"] is False and package["type"] == "dataset"
    assert package["license_id"] in LICENSES
    assert (package["license_title"], package["license_url"]) == LICENSES[package["license_id"]]
    assert package["isopen"] is True
    assert package["extras"] == []
    check_keys(package["organization"], EMBEDDED_ORG_KEYS, where + " organization")
    assert 1 <= len(package["groups"]) <= 2
    for group in package["groups"]:
        check_keys(group, EMBEDDED_GROUP_KEYS, where + " group")
    assert package["tags"] and package["num_tags"] == len(package["tags"])
    for tag in package["tags"]:
        check_keys(tag, TAG_KEYS, where + " tag")
        assert TAG.match(tag["name"]) and tag["display_name"] == tag["name"] and tag["state"] == "active"
    assert 1 <= len(package["resources"]) <= 4 and package["num_resources"] == len(package["resources"])
    for position, resource in enumerate(package["resources"]):
        check_keys(resource, RESOURCE_KEYS, where + " resource")
        assert resource["package_id"] == package["id"]
        assert resource["position"] == position and resource["state"] == "active"
        assert resource["format"] in FORMATS
        if resource["url_type"] == "upload":
            assert re.fullmatch(
                rf"{re.escape(BASE)}/dataset/{package['id']}/resource/{resource['id']}/download/[a-z0-9_]+\.[a-z]+",
                resource["url"],
            )
            assert resource["size"] and resource["last_modified"]
        else:
            assert resource["url_type"] is None and resource["format"] == "API"
            assert resource["url"].startswith(f"{BASE}/api/3/action/")


@pytest.mark.parametrize("package", PACKAGES, ids=ids)
def test_package_is_bilingual(package: dict[str, Any]) -> None:
    for field in ("title_translated", "notes_translated"):
        translated = package[field]
        assert set(translated) == {"fr", "ar"}
        assert translated["fr"].strip() and translated["ar"].strip()
        assert ARABIC.search(translated["ar"]) and not ARABIC.search(translated["fr"])
    assert package["title"] in (package["title_translated"]["fr"], package["title_translated"]["ar"])
    assert package["notes"] in (package["notes_translated"]["fr"], package["notes_translated"]["ar"])


def test_exactly_two_arabic_main_titles() -> None:
    arabic = [p["name"] for p in PACKAGES if ARABIC.search(p["title"])]
    assert len(arabic) == 2, arabic


@pytest.mark.parametrize("package", PACKAGES, ids=ids)
def test_timestamps(package: dict[str, Any]) -> None:
    created = naive(package["metadata_created"])
    modified = naive(package["metadata_modified"])
    assert datetime(2021, 1, 1) <= created < modified < datetime(2027, 1, 1)
    naive(package["organization"]["created"])
    for resource in package["resources"]:
        r_created = naive(resource["created"])
        assert created <= r_created <= modified
        assert naive(resource["metadata_modified"]) <= modified
        if resource["last_modified"] is not None:
            assert naive(resource["last_modified"]) <= modified


def test_search_order_is_newest_first() -> None:
    stamps = [p["metadata_modified"] for p in PACKAGES]
    assert stamps == sorted(stamps, reverse=True)


@pytest.mark.parametrize("package", PACKAGES, ids=ids)
def test_references_resolve(package: dict[str, Any]) -> None:
    assert package["owner_org"] == package["organization"]["id"]
    org = ORGS_BY_ID[package["owner_org"]]
    for key in EMBEDDED_ORG_KEYS:
        assert package["organization"][key] == org[key]
    for group in package["groups"]:
        listed = GROUPS_BY_NAME[group["name"]]
        for key in EMBEDDED_GROUP_KEYS:
            assert group[key] == listed[key]


@pytest.mark.parametrize(("items", "is_org"), [(ORGS, True), (GROUPS, False)], ids=["organizations", "groups"])
def test_lists(items: list[dict[str, Any]], is_org: bool) -> None:
    assert len({i["name"] for i in items}) == len(items)
    for item in items:
        check_keys(item, LIST_KEYS, item["name"])
        assert item["is_organization"] is is_org
        assert item["type"] == ("organization" if is_org else "group")
        assert item["state"] == "active" and item["approval_status"] == "approved"
        assert item["display_name"] == item["title"] == item["title_translated"]["fr"]
        assert ARABIC.search(item["title_translated"]["ar"])
        naive(item["created"])


def test_package_counts_match() -> None:
    org_counts = Counter(p["owner_org"] for p in PACKAGES)
    group_counts = Counter(g["name"] for p in PACKAGES for g in p["groups"])
    assert {o["id"]: o["package_count"] for o in ORGS} == {o["id"]: org_counts[o["id"]] for o in ORGS}
    assert {g["name"]: g["package_count"] for g in GROUPS} == {g["name"]: group_counts[g["name"]] for g in GROUPS}
    assert all(o["package_count"] > 0 for o in ORGS + GROUPS)


def test_portal_slugs_are_present() -> None:
    assert {o["name"] for o in ORGS} >= {
        "haut-commissariat-au-plan", "bank-al-maghrib", "office-des-changes", "poste-maroc",
        "ministere-de-l-economie-et-des-finances", "ministere-de-la-sante-et-de-la-protection-sociale",
    }
    assert {g["name"] for g in GROUPS} >= {"finance", "sante", "education", "habitat", "justice", "emploi"}
