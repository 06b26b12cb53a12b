"""Impact statistics benchmark: /stats and a producer page with 10,000 published reuses, beside /healthz, in one run.

    python bench/stats.py                        # 2,000 requests per endpoint at concurrency 32
    python bench/stats.py -n 1000 --reuses 20000 --keep

Seeds a throw-away SQLite database with bulk inserts (10,000 published reuses over 36 months with a growing
trend, 8 types, 12 themes, ~500 datasets of ~40 producers, 1-5 datasets per reuse; a few hundred drafts,
archived and deleted reuses; 3 challenges with teams, members and entries), starts the real app under uvicorn
(one worker, DEBUG=false) and measures /healthz (a database ping: the ceiling of a page that touches the
database), the home page (its four figures come from the same queries), /stats, /stats?from=…&theme=… (a filtered state), /stats/datasets.csv and the page of the producer
with the most reuses, /producers/<name>. It prints requests/s, p50/p99 and the server's CPU ms per request.

/stats keeps the figures of each filter state for STATS_CACHE_SECONDS (60 by default) in the app's cache store,
so a repeated URL measures rendering only. A second phase restarts the server with STATS_CACHE_SECONDS=0 and
measures /stats with its 9 queries on every request (a first visit of a filter state), at concurrency 4 and
100 requests at most; --no-uncached skips it.
Measurement helpers come from bench/http.py, the server start from bench/gallery.py.
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

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"showcase_bench_{name}", Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


# --- the data --------------------------------------------------------------------------------------------------

TYPES = ["application"] * 4 + ["visualisation"] * 3 + ["api", "article", "paper", "idea", "hardware", "other"]
MONTHS = 36
END = datetime(2026, 11, 1, tzinfo=UTC)


def _insert(db: sqlite3.Connection, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    db.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})", rows)


def published_moment(rng: random.Random) -> datetime:
    """A moment in the last 36 months, more reuses in recent months (a growing portal)."""
    months_ago = int(MONTHS * (1 - rng.random() ** 0.6))
    return END - timedelta(days=30.4 * months_ago + rng.random() * 30, minutes=rng.randint(0, 1440))


def seed(path: Path, *, reuses: int, datasets: int, producers: int, rng: random.Random) -> dict:
    themes = _load("gallery").THEMES
    db = sqlite3.connect(path)
    stamp = str  # Piccolo's SQLite format for Timestamptz
    _insert(db, "portal_producer", ("id", "portal_id", "name", "title_fr", "title_ar"),
            [(i, f"org-{i}", f"producteur-{i:02d}", f"Ministère numéro {i}", f"الوزارة رقم {i}")
             for i in range(1, producers + 1)])
    _insert(db, "portal_theme", ("id", "portal_id", "name", "title_fr", "title_ar"),
            [(i, f"group-{i}", name, fr, ar) for i, (name, fr, ar) in enumerate(themes, 1)])
    # producers of unequal size: a few big ones publish most datasets
    weights = [1 / (rank ** 0.8) for rank in range(1, producers + 1)]
    _insert(db, "portal_dataset", ("id", "portal_id", "name", "title_fr", "title_ar", "producer", "status"),
            [(i, f"pkg-{i:05d}", f"jeu-{i:04d}", f"Jeu de données n° {i}", f"مجموعة بيانات رقم {i}",
              rng.choices(range(1, producers + 1), weights)[0], "active") for i in range(1, datasets + 1)])
    _insert(db, "account_user", ("id", "email", "name", "locale"),
            [(i, f"user{i}@example.ma", f"Personne {i}", "fr") for i in range(1, 301)])
    _insert(db, "startup", ("id", "name", "slug", "search_key"),
            [(i, f"Startup {i}", f"startup-{i}", f"startup {i}") for i in range(1, 51)])
    popularity = [1 / (rank ** 0.9) for rank in range(1, datasets + 1)]  # a few datasets are reused a lot
    reuse_rows, links, reuse_themes = [], [], []
    extra = reuses // 20  # drafts, archived and deleted ones besides the published
    for i in range(1, reuses + extra + 1):
        if i <= reuses:
            status, deleted = "published", None
        else:
            status = rng.choice(["draft", "submitted", "archived", "published"])
            deleted = stamp(END) if status == "published" else None
        published = published_moment(rng) if status in ("published", "archived") else None
        reuse_rows.append((i, f"reuse-{i}", f"Réutilisation {i}", f"https://reuse-{i}.example.ma/", f"{i:064x}",
                           rng.choice(TYPES), status, stamp(published) if published else None,
                           stamp(published + timedelta(days=90)) if status == "archived" else None, deleted,
                           stamp(published or END), stamp(published or END)))
        cited = set(rng.choices(range(1, datasets + 1), popularity, k=rng.randint(1, 5)))
        links += [(i, dataset, position) for position, dataset in enumerate(sorted(cited))]
        reuse_themes += [(i, theme) for theme in rng.sample(range(1, len(themes) + 1), rng.randint(1, 2))]
    _insert(db, "reuse", ("id", "slug", "title_fr", "url", "url_hash", "type", "status", "published_at",
                          "archived_at", "deleted_at", "created_at", "updated_at"), reuse_rows)
    _insert(db, "reuse_dataset", ("reuse", "dataset", "position"), links)
    _insert(db, "reuse_theme", ("reuse", "theme"), reuse_themes)
    # three published challenges, 20 teams of 3 each, an entry per team on a published reuse
    team_id, member_rows, team_rows, entry_rows = 0, [], [], []
    for challenge in (1, 2, 3):
        db.execute("INSERT INTO challenge (id, slug, title_fr, status, published_at) VALUES (?, ?, ?, 'published', ?)",
                   (challenge, f"defi-{challenge}", f"Défi {challenge}", stamp(END - timedelta(days=200 * challenge))))
        db.execute("INSERT INTO challenge_theme (challenge, theme) VALUES (?, ?)", (challenge, challenge))
        for _ in range(20):
            team_id += 1
            members = rng.sample(range(1, 301), 3)
            team_rows.append((team_id, challenge, f"Équipe {team_id}", members[0]))
            member_rows += [(team_id, challenge, user, f"{challenge}:{user}:{team_id}", "member") for user in members]
            entry_rows.append((challenge, team_id, rng.randint(1, reuses), rng.choice(["submitted", "draft"])))
    _insert(db, "challenge_team", ("id", "challenge", "name", "captain"), team_rows)
    _insert(db, "challenge_team_member", ("team", "challenge", "user", "key", "status"), member_rows)
    _insert(db, "challenge_entry", ("challenge", "team", "reuse", "status"), entry_rows)
    db.commit()
    db.execute("ANALYZE")
    top = db.execute(
        "SELECT p.name, COUNT(DISTINCT r.id) AS n FROM reuse r JOIN reuse_dataset rd ON rd.reuse = r.id "
        "JOIN portal_dataset d ON d.id = rd.dataset JOIN portal_producer p ON p.id = d.producer "
        "WHERE r.status = 'published' AND r.deleted_at IS NULL GROUP BY p.id ORDER BY n DESC LIMIT 1").fetchone()
    db.close()
    return {"reuses": reuses, "other_reuses": extra, "datasets": datasets, "producers": producers,
            "reuse_dataset": len(links), "reuse_theme": len(reuse_themes), "top_producer": top[0],
            "top_producer_reuses": top[1]}


def seed_main(reuses: int, datasets: int, producers: int) -> None:
    from showcase.settings import get_settings

    started = time.perf_counter()
    counts = seed(get_settings().sqlite_path, reuses=reuses, datasets=datasets, producers=producers,
                  rng=random.Random(20261122))
    counts["seconds"] = round(time.perf_counter() - started, 2)
    print(json.dumps(counts))


# --- the run ---------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--requests", type=int, default=2000, help="requests per endpoint (default 2000)")
    parser.add_argument("-c", "--concurrency", type=int, default=32, help="open connections (default 32)")
    parser.add_argument("-w", "--warmup", type=int, default=200, help="warm-up requests per endpoint (default 200)")
    parser.add_argument("-t", "--time-limit", type=float, default=60.0, help="seconds per endpoint at most")
    parser.add_argument("--reuses", type=int, default=10_000)
    parser.add_argument("--datasets", type=int, default=500)
    parser.add_argument("--producers", type=int, default=40)
    parser.add_argument("--no-uncached", action="store_true", help="skip the phase without the figures cache")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (database, logs)")
    parser.add_argument("--json", action="store_true", help="also print the results as JSON")
    parser.add_argument("--seed-only", action="store_true", help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args(argv)
    if args.seed_only:
        seed_main(args.reuses, args.datasets, args.producers)
        return 0
    if args.datasets < 20 or args.producers < 2 or args.reuses < 100:
        parser.error("use at least 100 reuses, 20 datasets and 2 producers")

    bench, gallery = _load("http"), _load("gallery")
    var_dir = Path(tempfile.mkdtemp(prefix="showcase-bench-stats-"))
    port = bench.free_port()
    env = bench.server_env(var_dir, port, debug=False)
    env.update(PORTAL_URL="bundled", PORTAL_SYNC_INTERVAL="0", LINK_CHECK_INTERVAL="0", MAIL_WORKER="false")
    env.pop("STATS_CACHE_SECONDS", None)
    log_path = var_dir / "server.log"
    try:
        print(f"Preparing {var_dir / 'bench.sqlite'}: migrate, {args.reuses:,} published reuses, "
              f"{args.datasets:,} datasets of {args.producers} producers ...", flush=True)
        bench.run_cli(env, "migrate")
        done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--seed-only", "--reuses",
                               str(args.reuses), "--datasets", str(args.datasets), "--producers", str(args.producers)],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            raise SystemExit(f"seeding failed:\n{done.stdout}\n{done.stderr}")
        seeded = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"Seeded: {seeded}", flush=True)
        producer_page = f"/producers/{seeded['top_producer']}"
        endpoints = ["/healthz", "/", "/stats", "/stats?from=2025-01&to=2026-06&theme=education", "/stats/datasets.csv",
                     producer_page]
        phases = {"cached": gallery.measure(bench, args, env, port, log_path, endpoints,
                                            "Phase 1: /stats figures cached a minute per filter state (a repeated URL)")}
        if not args.no_uncached:
            # Every request counts 10,000 reuses again: at concurrency 32 they only queue, so this phase uses a
            # few connections and requests (what a first visit of a new filter state costs).
            light = argparse.Namespace(**{**vars(args), "concurrency": min(4, args.concurrency),
                                          "requests": min(100, args.requests), "warmup": 4})
            phases["uncached"] = gallery.measure(
                bench, light, {**env, "STATS_CACHE_SECONDS": "0"}, port, log_path, endpoints[:5],
                "Phase 2: every figure counted on every request (STATS_CACHE_SECONDS=0), concurrency "
                f"{light.concurrency}")
        for name, results in phases.items():
            healthz = next(r for r in results if r.endpoint == "/healthz")
            for r in results[1:]:
                share = 100 * r.rps / healthz.rps if healthz.rps else 0
                print(f"[{name}] {r.endpoint}: {r.rps:,.0f} req/s = {share:.1f} % of /healthz ({healthz.rps:,.0f} req/s), "
                      f"p50 {r.percentile(0.5):.1f} ms, p99 {r.percentile(0.99):.1f} ms, "
                      f"server CPU {r.server_cpu_ms_per_request:.2f} ms/req, errors {r.errors}")
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
