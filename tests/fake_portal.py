"""A CKAN-shaped portal for integration tests, built from recorded real packages.

It answers package_show, package_search (q, fq=id:(...)), organization_list and group_list exactly in
CKAN's envelope, and lets a test rename, withdraw, purge or bring down datasets and count the calls.
"""

from __future__ import annotations

import copy
import json
import re
import uuid
from pathlib import Path

import httpx

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ckan" / "core"
BASE_URL = "http://portal.test/api/3/action/"


def recorded_package(name: str = "package_show_by_name.json") -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))["body"]["result"]


def _envelope(action: str, result: object) -> dict:
    return {"help": f"{BASE_URL}help_show?name={action}", "success": True, "result": result}


def _error(action: str, status: int, kind: str, message: str) -> httpx.Response:
    return httpx.Response(status, json={"help": f"{BASE_URL}help_show?name={action}", "success": False,
                                        "error": {"__type": kind, "message": message}})


class FakePortal:
    def __init__(self) -> None:
        self.packages: dict[str, dict] = {}
        self.withdrawn: set[str] = set()
        self.down = False
        self.calls: list[str] = []

    # --- arranging the portal --------------------------------------------------------------

    def add(self, name: str, *, title: str | None = None, title_ar: str | None = None,
            template: str = "package_show_by_name.json", modified: str = "2025-03-01T10:00:00.000000") -> dict:
        package = copy.deepcopy(recorded_package(template))
        package["id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, name))
        package["name"] = name
        if title is not None:
            package["title"] = title
        if title_ar is not None:
            package["title_translated"] = {"fr": package["title"], "ar": title_ar}
        package["metadata_modified"] = modified
        self.packages[package["id"]] = package
        return package

    def rename(self, package_id: str, new_name: str) -> None:
        self.packages[package_id]["name"] = new_name

    def find(self, key: str) -> dict | None:
        for package in self.packages.values():
            if key in (package["id"], package["name"]):
                return package
        return None

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    # --- answering -------------------------------------------------------------------------

    def handle(self, request: httpx.Request) -> httpx.Response:
        action = request.url.path.rstrip("/").rsplit("/", 1)[-1]
        self.calls.append(action)
        if self.down:
            return httpx.Response(502, text="<html><body><h1>502 Bad Gateway</h1></body></html>",
                                  headers={"content-type": "text/html"})
        params = request.url.params
        if action == "package_show":
            package = self.find(params.get("id", ""))
            if package is None:
                return _error(action, 404, "Not Found Error", "Not found")
            if package["id"] in self.withdrawn:
                return _error(action, 403, "Authorization Error", "Access denied: User  not authorized to read package")
            return httpx.Response(200, json=_envelope(action, package))
        if action == "package_search":
            public = [p for p in self.packages.values() if p["id"] not in self.withdrawn]
            fq = params.get("fq") or ""
            if match := re.match(r"^id:\((.*)\)$", fq):
                wanted = {part.strip().strip('"') for part in match.group(1).split(" OR ")}
                public = [p for p in public if p["id"] in wanted]
            query = (params.get("q") or "").lower()
            if query:
                public = [p for p in public if query in (p["title"] + " " + p["name"]).lower()]
            rows = int(params.get("rows") or 10)
            return httpx.Response(200, json=_envelope(action, {"count": len(public), "results": public[:rows],
                                                               "facets": {}, "search_facets": {}, "sort": ""}))
        if action in ("organization_list", "group_list"):
            seen: dict[str, dict] = {}
            for package in self.packages.values():
                records = [package["organization"]] if action == "organization_list" else package["groups"]
                for record in records:
                    seen.setdefault(record["id"], {**record, "package_count": 0})["package_count"] += 1
            offset = int(params.get("offset") or 0)
            limit = int(params.get("limit") or 25)
            return httpx.Response(200, json=_envelope(action, list(seen.values())[offset:offset + limit]))
        return httpx.Response(400, json=f"Bad request: Action name not known: {action}")
