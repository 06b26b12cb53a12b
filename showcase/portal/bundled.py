"""An offline stand-in for the portal: answers the CKAN actions we use from the bundled snapshot.

`PORTAL_URL=bundled` (what `make run` uses) plugs this transport under the real client, so resolving,
syncing and the dataset picker work with no network, through exactly the same code as in production.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import httpx

SNAPSHOT_DIR = Path(__file__).resolve().parent / "snapshot"
BUNDLED_BASE_URL = "http://bundled.portal.invalid/api/3/action/"
_ID_LIST = re.compile(r'^id:\((.*)\)$')


@lru_cache(maxsize=1)
def bundled_data() -> tuple[list[dict], list[dict], list[dict]]:
    def results(name: str) -> list:
        body = json.loads((SNAPSHOT_DIR / name).read_text(encoding="utf-8"))["result"]
        return body["results"] if isinstance(body, dict) else body

    return results("packages.json"), results("organizations.json"), results("groups.json")


def _envelope(action: str, result: object) -> dict:
    return {"help": f"{BUNDLED_BASE_URL}help_show?name={action}", "success": True, "result": result}


def _error(action: str, status: int, kind: str, message: str) -> httpx.Response:
    body = {"help": f"{BUNDLED_BASE_URL}help_show?name={action}", "success": False,
            "error": {"__type": kind, "message": message}}
    return httpx.Response(status, json=body)


def _matches(package: dict, words: list[str]) -> bool:
    haystack = " ".join([
        package.get("name", ""), package.get("title", ""), package.get("notes", ""),
        *(package.get("title_translated") or {}).values(),
        *(tag.get("name", "") for tag in package.get("tags") or []),
        (package.get("organization") or {}).get("title", ""),
    ]).lower()
    return all(word in haystack for word in words)


def _search(params: httpx.QueryParams) -> dict:
    packages, _, _ = bundled_data()
    found = packages
    fq = (params.get("fq") or "").strip()
    if match := _ID_LIST.match(fq):
        wanted = {part.strip().strip('"') for part in match.group(1).split(" OR ")}
        found = [p for p in found if p["id"] in wanted]
    elif fq.startswith(("organization:", "groups:")):
        field, _, value = fq.partition(":")
        if field == "organization":
            found = [p for p in found if (p.get("organization") or {}).get("name") == value]
        else:
            found = [p for p in found if value in {g["name"] for g in p.get("groups") or []}]
    query = (params.get("q") or "").strip()
    if query and query != "*:*":
        found = [p for p in found if _matches(p, query.lower().split())]
    start = int(params.get("start") or 0)
    rows = min(int(params.get("rows") or 10), 1000)
    return {"count": len(found), "results": found[start:start + rows], "sort": "score desc", "facets": {},
            "search_facets": {}}


def _listing(records: list[dict], params: httpx.QueryParams) -> list:
    offset = int(params.get("offset") or 0)
    all_fields = (params.get("all_fields") or "").lower() == "true"
    limit = int(params.get("limit") or (25 if all_fields else 1000))
    page = records[offset:offset + limit]
    return page if all_fields else [record["name"] for record in page]


def handle(request: httpx.Request) -> httpx.Response:
    action = request.url.path.rstrip("/").rsplit("/", 1)[-1]
    params = request.url.params
    packages, organizations, groups = bundled_data()
    if action == "package_show":
        key = params.get("id", "")
        for package in packages:
            if key in (package["id"], package["name"]):
                return httpx.Response(200, json=_envelope(action, package))
        return _error(action, 404, "Not Found Error", "Not found")
    if action == "package_search":
        return httpx.Response(200, json=_envelope(action, _search(params)))
    if action == "organization_list":
        return httpx.Response(200, json=_envelope(action, _listing(organizations, params)))
    if action == "group_list":
        return httpx.Response(200, json=_envelope(action, _listing(groups, params)))
    if action == "status_show":
        return httpx.Response(200, json=_envelope(action, {"ckan_version": "bundled", "site_title": "data.gov.ma (bundled)"}))
    return httpx.Response(400, json=f"Bad request: Action name not known: {action}")


def bundled_transport() -> httpx.MockTransport:
    return httpx.MockTransport(handle)
