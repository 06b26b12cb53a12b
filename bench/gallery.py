"""Gallery benchmark: 10,000 reuses citing 1,000 datasets, the real app under uvicorn (one worker), SQLite.

    python bench/gallery.py                      # 2,000 requests per endpoint at concurrency 32
    python bench/gallery.py -n 4000 -c 64 --reuses 20000 --keep

Seeds a throw-away SQLite database directly (bulk SQL, then the search index through
showcase.reuses.search.rebuild_index), starts uvicorn with DEBUG=false, and measures, in the same run:
/livez (the ceiling), the gallery /reuses, a filtered search /reuses?q=<word>&type=application, and the page
of a reuse citing 20 datasets. It prints requests/s, p50/p99, the server's CPU ms per request and each
endpoint's share of /livez's requests/s (target for the gallery: at least 3 %).

The gallery keeps its facet counts in memory for a minute per filter state (showcase.reuses.gallery), so a
repeated URL measures the page without its six GROUP BY queries. A second phase restarts the server with
GALLERY_FACET_CACHE_SECONDS=0 and measures the same pages with every facet counted on every request (the
cost of a first visit to a new search); --no-uncached skips it. Measurement helpers come from bench/http.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)  # this folder holds http.py, which would hide the standard library's http package

import argparse
import asyncio
import importlib.util
import json
import random
import shutil
import sqlite3
import subprocess
import tempfile
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import quote_plus

ROOT = Path(__file__).resolve().parent.parent
SEARCH_WORD = "carte"
BIG_REUSE_SLUG = "bench-reuse-with-20-datasets"


def _bench_http():
    spec = importlib.util.spec_from_file_location("showcase_bench_http", Path(__file__).with_name("http.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


# --- the data --------------------------------------------------------------------------------------------------

FR_SUBJECTS = ["carte", "écoles", "hôpitaux", "barrages", "routes", "population", "emploi", "budget", "tourisme",
               "énergie", "pêche", "logement", "justice", "santé", "agriculture", "élections", "transport", "eau",
               "climat", "plages", "prix", "dirham", "vaccination", "baccalauréat", "pauvreté", "électricité"]
FR_FORMS = ["Carte interactive des {}", "Tableau de bord : {}", "Observatoire des {}", "API ouverte sur les {}",
            "Visualiser les {} par région", "Atlas des {} du Maroc", "Analyse des {} en 2024", "Indicateurs {}",
            "Explorer les {}", "Les {} en chiffres"]
AR_WORDS = ["خريطة", "المدارس", "المستشفيات", "السدود", "الطرق", "السكان", "التشغيل", "الميزانية", "السياحة",
            "الطاقة", "الصيد", "السكن", "العدالة", "الصحة", "الفلاحة", "الانتخابات", "النقل", "الماء", "المناخ",
            "الشواطئ", "الأسعار", "الدرهم", "التلقيح", "البكالوريا", "الفقر", "الكهرباء"]
AR_FORMS = ["خريطة {} التفاعلية", "لوحة قيادة {}", "مرصد {}", "واجهة برمجية حول {}", "{} حسب الجهة", "أطلس {} بالمغرب"]
LOREM = ("données ouvertes portail national région province indicateur évolution série mensuelle annuelle "
         "comparaison tableau graphique téléchargement citoyens chercheurs journalistes décideurs application "
         "mobile web interactive filtre recherche export CSV JSON API mise à jour qualité source").split()
LOREM_AR = "البيانات المفتوحة البوابة الوطنية الجهة الإقليم مؤشر تطور سلسلة شهرية سنوية مقارنة جدول رسم تحميل".split()
TYPES = ["application"] * 4 + ["visualisation"] * 3 + ["api", "article", "paper", "idea", "hardware", "other"]
TAGS = [f"{word}" for word in ("cartes", "open data", "santé", "éducation", "mobilité", "finances", "climat", "eau",
                               "tourisme", "emploi", "agriculture", "énergie", "justice", "logement", "démographie",
                               "élections", "budget", "transport", "pêche", "villes")] + [f"tag-{i}" for i in range(60)]
THEMES = [("agriculture", "Agriculture et pêche", "الفلاحة والصيد البحري"), ("finance", "Économie et Finance", "الاقتصاد والمالية"),
          ("education", "Éducation", "التربية والتعليم"), ("emploi", "Emploi", "التشغيل"), ("energie", "Énergie", "الطاقة"),
          ("environnement", "Environnement et eau", "البيئة والماء"), ("habitat", "Habitat et urbanisme", "الإسكان والتعمير"),
          ("justice", "Justice", "العدل"), ("population", "Population et démographie", "السكان والديموغرافيا"),
          ("sante", "Santé", "الصحة"), ("tourisme", "Tourisme", "السياحة"), ("transport", "Transport et logistique", "النقل واللوجستيك")]


def _insert(db: sqlite3.Connection, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    db.executemany(sql, rows)


def seed(path: Path, *, reuses: int, datasets: int, rng: random.Random) -> dict:
    """Bulk rows straight into the migrated database; the same columns Piccolo would write."""
    db = sqlite3.connect(path)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    stamp = lambda moment: str(moment)  # noqa: E731 - Piccolo's SQLite format for Timestamptz
    _insert(db, "portal_producer", ("id", "portal_id", "name", "title_fr", "title_ar"),
            [(i, f"org-{i}", f"producteur-{i:02d}", f"Ministère numéro {i}", f"الوزارة رقم {i}") for i in range(1, 31)])
    _insert(db, "portal_theme", ("id", "portal_id", "name", "title_fr", "title_ar"),
            [(i, f"group-{i}", name, fr, ar) for i, (name, fr, ar) in enumerate(THEMES, 1)])
    dataset_rows, dataset_themes = [], []
    for i in range(1, datasets + 1):
        subject = rng.choice(FR_SUBJECTS)
        dataset_rows.append((i, f"pkg-{i:05d}", f"jeu-{i:04d}-{subject}", f"Statistiques des {subject} n° {i}",
                             f"إحصائيات {rng.choice(AR_WORDS)} رقم {i}", f"Série sur les {subject}.",
                             rng.randint(1, 30), "CSV,XLSX", rng.randint(1, 6), stamp(now - timedelta(days=i)),
                             "active", stamp(now)))
        for theme in rng.sample(range(1, len(THEMES) + 1), rng.randint(1, 2)):
            dataset_themes.append((i, theme))
    _insert(db, "portal_dataset", ("id", "portal_id", "name", "title_fr", "title_ar", "excerpt_fr", "producer",
                                   "formats", "resource_count", "metadata_modified", "status", "checked_at"),
            dataset_rows)
    _insert(db, "portal_dataset_theme", ("dataset", "theme"), dataset_themes)
    _insert(db, "account_user", ("id", "email", "name", "locale", "email_verified_at"),
            [(i, f"user{i}@example.ma", f"Personne {i} {rng.choice(['Alami', 'Bennani', 'Chraibi', 'Idrissi'])}",
              rng.choice(["fr", "ar"]), stamp(now)) for i in range(1, 501)])
    _insert(db, "startup", ("id", "name", "slug", "search_key", "created_by"),
            [(i, f"Startup {i} Data", f"startup-{i}", f"startup {i} data", rng.randint(1, 500)) for i in range(1, 101)])
    reuse_rows, links, themes, tags = [], [], [], []
    for i in range(1, reuses + 1):
        subject = rng.choice(FR_SUBJECTS)
        title_fr = rng.choice(FR_FORMS).format(subject) + f" {i}"
        title_ar = rng.choice(AR_FORMS).format(rng.choice(AR_WORDS)) if rng.random() < 0.6 else ""
        description = " ".join(rng.choice(LOREM) for _ in range(80))
        description = f"**{subject.capitalize()}** : {description}. [Source](https://example.ma/{i})"
        status = "published" if rng.random() < 0.95 else rng.choice(["draft", "submitted", "archived"])
        published = now - timedelta(minutes=i * 37)
        reuse_rows.append((
            i, BIG_REUSE_SLUG if i == 1 else f"reuse-{i}", title_fr, title_ar,
            f"Une réutilisation sur les {subject}.", " ".join(rng.choice(LOREM_AR) for _ in range(12)) if title_ar else "",
            description, " ".join(rng.choice(LOREM_AR) for _ in range(40)) if title_ar else "",
            f"https://reuse-{i}.example.ma/", f"{i:064x}", rng.choice(TYPES), status, rng.randint(1, 500),
            rng.randint(1, 100) if rng.random() < 0.3 else None, i % 97 == 0 and status == "published",
            stamp(published) if status in ("published", "archived") else None,
            stamp(now) if rng.random() < 0.01 else None, rng.randint(0, 5000), stamp(published), stamp(published),
        ))
        cited = rng.sample(range(1, datasets + 1), 20 if i == 1 else rng.randint(1, 5))
        links += [(i, dataset, position) for position, dataset in enumerate(cited)]
        themes += [(i, theme) for theme in rng.sample(range(1, len(THEMES) + 1), rng.randint(1, 2))]
        tags += [(i, tag) for tag in rng.sample(TAGS, rng.randint(0, 4))]
    _insert(db, "reuse", ("id", "slug", "title_fr", "title_ar", "summary_fr", "summary_ar", "description_fr",
                          "description_ar", "url", "url_hash", "type", "status", "owner", "startup", "featured",
                          "published_at", "deleted_at", "views", "created_at", "updated_at"), reuse_rows)
    db.execute(f"UPDATE reuse SET status = 'published', deleted_at = NULL WHERE slug = '{BIG_REUSE_SLUG}'")
    _insert(db, "reuse_dataset", ("reuse", "dataset", "position"), links)
    _insert(db, "reuse_theme", ("reuse", "theme"), themes)
    _insert(db, "reuse_tag", ("reuse", "tag"), tags)
    db.commit()
    db.execute("ANALYZE")
    db.close()
    return {"reuses": reuses, "datasets": datasets, "reuse_dataset": len(links), "reuse_theme": len(themes),
            "reuse_tag": len(tags)}


def seed_main(reuses: int, datasets: int) -> None:
    """Run inside the server's environment (DATABASE_URL set): rows, then the search index."""
    from showcase.settings import get_settings

    started = time.perf_counter()
    counts = seed(get_settings().sqlite_path, reuses=reuses, datasets=datasets, rng=random.Random(20261122))
    rows_s = time.perf_counter() - started

    async def index() -> int:
        from showcase.db import close_connections, get_engine
        from showcase.reuses.search import rebuild_index

        try:
            async with get_engine().transaction():
                return await rebuild_index()
        finally:
            await close_connections()

    started = time.perf_counter()
    counts["indexed"] = asyncio.run(index())
    counts["rows_s"], counts["index_s"] = round(rows_s, 2), round(time.perf_counter() - started, 2)
    print(json.dumps(counts))


# --- the run -----------------------------------------------------------------------------------------------------


def start_server(bench, env: dict[str, str], port: int, log_path: Path) -> subprocess.Popen:
    with log_path.open("a") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "showcase.app:create_app", "--factory", "--host", "127.0.0.1",
             "--port", str(port), "--workers", "1", "--log-level", "warning", "--no-access-log"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    bench.wait_until_healthy(f"http://127.0.0.1:{port}", process, log_path)
    return process


def measure(bench, args: argparse.Namespace, env: dict[str, str], port: int, log_path: Path, endpoints: list[str],
            title: str) -> list:
    process = start_server(bench, env, port, log_path)
    try:
        memory = {"after start": bench.memory_mb(process.pid)}

        async def run_all() -> list:
            for path in endpoints:
                warm = await bench.hammer(port, f"http://127.0.0.1:{port}", path, count=args.warmup,
                                          concurrency=min(args.concurrency, 8), time_limit=args.time_limit,
                                          client_kind="raw")
                if warm.errors:
                    print(f"  warm-up {path}: {warm.errors} error(s), statuses {warm.statuses}", flush=True)
            results = []
            for path in endpoints:
                print(f"Measuring {path}: {args.requests} requests at concurrency {args.concurrency} ...", flush=True)
                results.append(await bench.hammer(port, f"http://127.0.0.1:{port}", path, count=args.requests,
                                                  concurrency=args.concurrency, time_limit=args.time_limit,
                                                  client_kind="raw", server_pid=process.pid))
            return results

        results = asyncio.run(run_all())
        memory["after the run"] = bench.memory_mb(process.pid)
        print(f"\n{title}")
        bench.print_table(results, concurrency=args.concurrency, client_kind="raw", memory=memory)
        return results
    finally:
        bench.stop(process)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--requests", type=int, default=2000, help="requests per endpoint (default 2000)")
    parser.add_argument("-c", "--concurrency", type=int, default=32, help="open connections (default 32)")
    parser.add_argument("-w", "--warmup", type=int, default=300, help="warm-up requests per endpoint (default 300)")
    parser.add_argument("-t", "--time-limit", type=float, default=60.0, help="seconds per endpoint at most")
    parser.add_argument("--word", default=SEARCH_WORD, help=f"the searched word (default {SEARCH_WORD!r}, in ~1/4 of reuses)")
    parser.add_argument("--reuses", type=int, default=10_000)
    parser.add_argument("--datasets", type=int, default=1_000)
    parser.add_argument("--no-uncached", action="store_true", help="skip the phase without the facet cache")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (database, logs)")
    parser.add_argument("--json", action="store_true", help="also print the results as JSON")
    parser.add_argument("--seed-only", action="store_true", help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args(argv)
    if args.seed_only:
        seed_main(args.reuses, args.datasets)
        return 0
    if args.datasets < 20 or args.reuses < 1:
        parser.error("use at least 20 datasets and 1 reuse")

    bench = _bench_http()
    var_dir = Path(tempfile.mkdtemp(prefix="showcase-bench-gallery-"))
    port = bench.free_port()
    env = bench.server_env(var_dir, port, debug=False)
    env.update(PORTAL_URL="bundled", PORTAL_SYNC_INTERVAL="0", MAIL_WORKER="false")
    env.pop("GALLERY_FACET_CACHE_SECONDS", None)
    log_path = var_dir / "server.log"
    endpoints = ["/livez", "/reuses", f"/reuses?q={quote_plus(args.word)}&type=application", f"/reuses/{BIG_REUSE_SLUG}"]
    try:
        print(f"Preparing {var_dir / 'bench.sqlite'}: migrate, {args.reuses:,} reuses, {args.datasets:,} datasets ...",
              flush=True)
        bench.run_cli(env, "migrate")
        done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--seed-only", "--reuses",
                               str(args.reuses), "--datasets", str(args.datasets)],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            raise SystemExit(f"seeding failed:\n{done.stdout}\n{done.stderr}")
        seeded = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"Seeded: {seeded}", flush=True)
        cached = measure(bench, args, env, port, log_path, endpoints,
                         "Phase 1: facets cached per filter state (a repeated URL)")
        phases = {"cached": cached}
        if not args.no_uncached:
            uncached_env = {**env, "GALLERY_FACET_CACHE_SECONDS": "0"}
            phases["uncached"] = measure(bench, args, uncached_env, port, log_path, endpoints[:3],
                                         "Phase 2: every facet counted on every request (GALLERY_FACET_CACHE_SECONDS=0)")
        for name, results in phases.items():
            livez = next(r for r in results if r.endpoint == "/livez")
            for r in results[1:]:
                share = 100 * r.rps / livez.rps if livez.rps else 0
                verdict = "" if "/reuses/" in r.endpoint else ("  (target >= 3 %: met)" if share >= 3 else
                                                               "  (target >= 3 %: NOT met)")
                print(f"[{name}] {r.endpoint}: {r.rps:,.0f} req/s = {share:.1f} % of /livez ({livez.rps:,.0f} req/s), "
                      f"p50 {r.percentile(0.5):.1f} ms, p99 {r.percentile(0.99):.1f} ms, "
                      f"server CPU {r.server_cpu_ms_per_request:.2f} ms/req{verdict}")
        if args.json:
            print(json.dumps({name: [r.summary() for r in results] for name, results in phases.items()}, indent=2))
        return 1 if any(r.errors for results in phases.values() for r in results) else 0
    finally:
        if args.keep:
            print(f"Kept {var_dir}")
        else:
            shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
