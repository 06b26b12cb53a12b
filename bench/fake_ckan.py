"""A CKAN-shaped Action API on loopback for benchmarks: N generated datasets in the real package shape.

    python bench/fake_ckan.py --datasets 1000 --latency 0.05 --port 5055   # serve until Ctrl-C

Answers GET (and JSON POST) on /api/3/action/<action> (and /api/action/<action>) with CKAN's envelope:

* package_show ?id=<id or name>  -> the package, or 404 "Not Found Error";
* package_search ?fq=id:("a" OR "b" ...)&rows=&start=  (also fq=groups:<name>, fq=organization:<name>,
  q ignored) -> {count, results, facets, search_facets, sort}; more than 1024 OR clauses -> 409
  "Search Error", as Solr's maxBooleanClauses would;
* organization_list / group_list ?all_fields=&limit=&offset=, status_show;
* anything else -> 400 with a bare JSON string body, as CKAN does.

Every call sleeps `latency` seconds first (a portal across the Internet), counts itself per action, and
runs in a bounded pool of handler threads. The server binds to loopback only.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as `python bench/fake_ckan.py`, this folder comes first on sys.path, where bench/http.py would hide
# the standard library's `http` package. Drop that entry before importing http.server.
if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import argparse
import json
import random
import re
import threading
import time
import uuid
from collections import Counter
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

LOOPBACK = {"127.0.0.1", "localhost"}
MAX_BOOLEAN_CLAUSES = 1024
MAX_BODY = 1024 * 1024
ROWS_MAX = 1000
ID_LIST = re.compile(r"^id:\((.*)\)$", re.DOTALL)

PRODUCERS = [
    ("haut-commissariat-au-plan", "Haut-Commissariat au Plan", "المندوبية السامية للتخطيط"),
    ("bank-al-maghrib", "Bank Al-Maghrib", "بنك المغرب"),
    ("office-des-changes", "Office des Changes", "مكتب الصرف"),
    ("poste-maroc", "Poste Maroc", "بريد المغرب"),
    ("ministere-de-l-economie-et-des-finances", "Ministère de l'Économie et des Finances", "وزارة الاقتصاد والمالية"),
    ("ministere-de-la-sante-et-de-la-protection-sociale", "Ministère de la Santé et de la Protection Sociale",
     "وزارة الصحة والحماية الاجتماعية"),
]
THEMES = [
    ("finance", "Économie et Finance", "الاقتصاد والمالية"),
    ("sante", "Santé", "الصحة"),
    ("education", "Éducation", "التعليم"),
    ("habitat", "Habitat et urbanisme", "السكنى والتعمير"),
    ("justice", "Justice", "العدل"),
    ("emploi", "Emploi", "التشغيل"),
]
TOPICS = [
    ("indice-des-prix-a-la-consommation", "Indice des prix à la consommation", "الرقم الاستدلالي للأثمان عند الاستهلاك"),
    ("balance-des-paiements", "Balance des paiements", "ميزان الأداءات"),
    ("etablissements-hospitaliers", "Établissements hospitaliers", "المؤسسات الاستشفائية"),
    ("effectifs-des-eleves", "Effectifs des élèves", "أعداد التلاميذ"),
    ("autorisations-de-construire", "Autorisations de construire", "رخص البناء"),
    ("affaires-enregistrees-par-les-tribunaux", "Affaires enregistrées par les tribunaux", "القضايا المسجلة بالمحاكم"),
    ("taux-de-chomage", "Taux de chômage", "معدل البطالة"),
    ("transferts-des-mre", "Transferts des Marocains résidant à l'étranger", "تحويلات مغاربة العالم"),
]
REGIONS = ["Tanger-Tétouan-Al Hoceïma", "Oriental", "Fès-Meknès", "Rabat-Salé-Kénitra", "Béni Mellal-Khénifra",
           "Casablanca-Settat", "Marrakech-Safi", "Drâa-Tafilalet", "Souss-Massa", "Guelmim-Oued Noun",
           "Laâyoune-Sakia El Hamra", "Dakhla-Oued Ed-Dahab"]


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")  # naive UTC with microseconds, as CKAN writes them


def _organization(rng: random.Random, name: str, title: str, title_ar: str, created: datetime, group: bool) -> dict:
    return {
        "id": _uuid(rng), "name": name, "title": title, "display_name": title, "type": "group" if group else "organization",
        "description": f"{title} — {title_ar}", "image_url": "", "image_display_url": "", "created": _stamp(created),
        "is_organization": not group, "approval_status": "approved", "state": "active", "package_count": 0,
        "num_followers": 0,
    }


def generate(count: int, seed: int = 212) -> tuple[list[dict], list[dict], list[dict]]:
    """`count` public datasets in data.gov.ma's package shape, with their organizations and groups."""
    rng = random.Random(seed)
    origin = datetime(2021, 12, 3, 9, 0, 0)
    organizations = [_organization(rng, *producer, origin, group=False) for producer in PRODUCERS]
    groups = [_organization(rng, *theme, origin, group=True) for theme in THEMES]
    creator = _uuid(rng)
    packages = []
    for number in range(count):
        topic, title_fr, title_ar = TOPICS[number % len(TOPICS)]
        year = 2015 + number % 10
        organization = organizations[number % len(organizations)]
        group = groups[number % len(groups)]
        organization["package_count"] += 1
        group["package_count"] += 1
        package_id = _uuid(rng)
        created = origin + timedelta(days=rng.randrange(0, 1000), seconds=rng.randrange(86400),
                                     microseconds=rng.randrange(10**6))
        modified = created + timedelta(days=rng.randrange(0, 300), microseconds=rng.randrange(10**6))
        region = REGIONS[number % len(REGIONS)]
        title = f"{title_fr} — {region} {year} (n° {number + 1})"
        notes = (f"{title_fr} pour la région {region}, année {year}. Série publiée par {organization['title']} "
                 f"sur le portail national des données ouvertes.")
        resources = []
        for position, (fmt, mimetype) in enumerate((("CSV", "text/csv"), ("XLSX", "application/vnd.openxmlformats-"
                                                                                   "officedocument.spreadsheetml.sheet"))):
            resource_id = _uuid(rng)
            resources.append({
                "id": resource_id, "package_id": package_id, "name": f"{title_fr} {year} ({fmt})",
                "description": f"Données {year}, {region}.", "format": fmt,
                "url": f"https://data.gov.ma/data/dataset/{package_id}/resource/{resource_id}/download/{topic}-{year}."
                       f"{fmt.lower()}",
                "url_type": "upload", "mimetype": mimetype, "mimetype_inner": None, "size": rng.randrange(2_000, 900_000),
                "hash": "", "created": _stamp(created), "last_modified": _stamp(modified),
                "metadata_modified": _stamp(modified), "position": position, "state": "active",
                "resource_type": None, "cache_url": None, "cache_last_updated": None,
            })
        tags = [{"id": _uuid(rng), "name": name, "display_name": name, "state": "active", "vocabulary_id": None}
                for name in (group["title"].lower(), region, str(year))]
        packages.append({
            "id": package_id, "name": f"{topic}-{year}-{number + 1:04d}", "title": title, "type": "dataset",
            "state": "active", "private": False, "owner_org": organization["id"], "notes": notes, "url": "",
            "version": None, "author": organization["title"], "author_email": None, "maintainer": "Cellule Open Data",
            "maintainer_email": "opendata@add.gov.ma", "license_id": "odc-odbl",
            "license_title": "Open Data Commons Open Database License (ODbL)",
            "license_url": "http://www.opendefinition.org/licenses/odc-odbl", "isopen": True,
            "metadata_created": _stamp(created), "metadata_modified": _stamp(modified), "creator_user_id": creator,
            "num_resources": len(resources), "num_tags": len(tags),
            "title_translated": {"fr": title, "ar": f"{title_ar} — {year}"},
            "notes_translated": {"fr": notes, "ar": f"{title_ar}، سنة {year}."},
            "organization": {key: organization[key] for key in ("id", "name", "title", "type", "description",
                                                                "image_url", "created", "is_organization",
                                                                "approval_status", "state")},
            "groups": [{key: group[key] for key in ("id", "name", "title", "display_name", "description",
                                                   "image_display_url")}],
            "resources": resources, "tags": tags,
            "extras": [{"key": "couverture_geographique", "value": region},
                       {"key": "frequence_de_mise_a_jour", "value": "Annuelle"}],
            "relationships_as_subject": [], "relationships_as_object": [],
        })
    return packages, organizations, groups


class FakeCkan:
    """The server; use as a context manager (`with FakeCkan() as portal: portal.api_url`)."""

    def __init__(self, datasets: int = 1000, *, latency: float = 0.05, host: str = "127.0.0.1", port: int = 0,
                 max_workers: int = 32, seed: int = 212) -> None:
        if host not in LOOPBACK:
            raise ValueError("the fake portal binds to loopback only")
        self.latency = latency
        self.packages, self.organizations, self.groups = generate(datasets, seed)
        self.by_key = {package["id"]: package for package in self.packages}
        self.by_key.update({package["name"]: package for package in self.packages})
        self.calls: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._workers = threading.BoundedSemaphore(max_workers)
        self._server = ThreadingHTTPServer((host, port), self._handler_class())
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def api_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/api/3/action/"

    @property
    def total_calls(self) -> int:
        with self._lock:
            return sum(self.calls.values())

    def reset_calls(self) -> None:
        with self._lock:
            self.calls.clear()

    def start(self) -> FakeCkan:
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-ckan", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeCkan:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- actions ---------------------------------------------------------------------------------------

    def answer(self, action: str, params: dict[str, str]) -> tuple[int, object]:
        """(status, body) for one call; the body is CKAN's envelope, or a bare string for a bad request."""
        def ok(result: object) -> tuple[int, object]:
            return 200, {"help": f"{self.api_url}help_show?name={action}", "success": True, "result": result}

        def error(status: int, kind: str, message: str) -> tuple[int, object]:
            return status, {"help": f"{self.api_url}help_show?name={action}", "success": False,
                            "error": {"__type": kind, "message": message}}

        if action == "package_show":
            package = self.by_key.get(params.get("id", ""))
            return ok(package) if package else error(404, "Not Found Error", "Not found")
        if action == "package_search":
            try:
                rows = min(int(params.get("rows", 10)), ROWS_MAX)
                start = int(params.get("start", 0))
            except ValueError:
                return 409, {"help": "", "success": False,
                             "error": {"rows": ["Invalid integer"], "__type": "Validation Error"}}
            found = self.packages
            fq = params.get("fq", "").strip()
            if match := ID_LIST.match(fq):
                wanted = [part.strip().strip('"') for part in match.group(1).split(" OR ")]
                if len(wanted) > MAX_BOOLEAN_CLAUSES:
                    return error(409, "Search Error", f"Search error: too many boolean clauses ({len(wanted)})")
                found = [self.by_key[key] for key in dict.fromkeys(wanted) if key in self.by_key]
            elif fq.startswith(("groups:", "organization:")):
                field, _, value = fq.partition(":")
                found = [package for package in found
                         if value in ({group["name"] for group in package["groups"]} if field == "groups"
                                      else {package["organization"]["name"]})]
            return ok({"count": len(found), "results": found[start:start + rows], "facets": {},
                       "search_facets": {}, "sort": params.get("sort", "score desc, metadata_modified desc")})
        if action in ("organization_list", "group_list"):
            records = self.organizations if action == "organization_list" else self.groups
            all_fields = params.get("all_fields", "").lower() == "true"
            limit = int(params.get("limit", 25 if all_fields else 1000))
            offset = int(params.get("offset", 0))
            page = records[offset:offset + min(limit, 25 if all_fields else 1000)]
            return ok(page if all_fields else [record["name"] for record in page])
        if action == "status_show":
            return ok({"site_title": "fake CKAN (bench)", "site_url": self.api_url.removesuffix("/api/3/action/"),
                       "ckan_version": "2.12.0", "locale_default": "fr", "extensions": []})
        return 400, f"Bad request: Action name not known: {action}"

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        portal = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as a real portal behind nginx
            disable_nagle_algorithm = True  # headers and body go out at once: no 40 ms delayed-ACK stall
            server_version = "fake-ckan"

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
                pass

            def do_GET(self) -> None:  # noqa: N802
                self._serve({})

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("content-length") or 0)
                if length > MAX_BODY:
                    self._send(413, "Bad request: body too large")
                    return
                try:
                    body = json.loads(self.rfile.read(length) or b"{}")
                except ValueError:
                    self._send(400, "Bad request: JSON Error: Could not parse the request body")
                    return
                self._serve({key: str(value) for key, value in body.items()} if isinstance(body, dict) else {})

            def _serve(self, extra: dict[str, str]) -> None:
                parts = urlsplit(self.path)
                match = re.fullmatch(r"/api(?:/3)?/action/([a-z_]+)/?", parts.path)
                if not match:
                    self._send(404, "Not found", content_type="text/html; charset=utf-8")
                    return
                action = match.group(1)
                params = {key: values[-1] for key, values in parse_qs(parts.query).items()}
                params.update(extra)
                with portal._workers:
                    with portal._lock:
                        portal.calls[action] += 1
                    if portal.latency:
                        time.sleep(portal.latency)
                    status, body = portal.answer(action, params)
                self._send(status, body)

            def _send(self, status: int, body: object, content_type: str = "application/json;charset=utf-8") -> None:
                data = json.dumps(body, ensure_ascii=False).encode() if "json" in content_type else str(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds added to every call (default 0.05)")
    parser.add_argument("--host", default="127.0.0.1", choices=sorted(LOOPBACK))
    parser.add_argument("--port", type=int, default=5055)
    args = parser.parse_args()
    with FakeCkan(args.datasets, latency=args.latency, host=args.host, port=args.port) as portal:
        print(f"fake CKAN with {len(portal.packages)} datasets at {portal.api_url} (Ctrl-C to stop)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
