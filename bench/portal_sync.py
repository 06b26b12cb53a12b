"""Portal sync benchmark: refreshing 1,000 cited datasets, batched versus one call per dataset.

    python bench/portal_sync.py                    # 1,000 datasets, 50 ms per call
    python bench/portal_sync.py -n 300 --latency 0.1 --json
    python bench/portal_sync.py --quick            # client level only, without the end-to-end sync

It starts bench/fake_ckan.py on a free loopback port (1,000 generated datasets in the real package shape,
50 ms added to every call, like a portal across the Internet) and measures, with the real PortalClient:

  (a) batched  — PortalClient.packages_by_ids(all ids): package_search with fq=id:("a" OR ...), 100 ids per
                 call, up to `concurrency` calls at once (what the sync job does);
  (b) full     — the real sync (sync_portal, as `showcase sync` runs it) over N cited datasets in a
                 throw-away SQLite database: batched searches, snapshot writes, organizations and groups;
  (c) naive    — one package_show per dataset, one after the other (what ckanext-showcase does).

Calls are counted by the server. Targets: a speed-up of at least 20x, and at most 15 calls per 1,000
datasets; the exit status is 1 when a target is missed.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as `python bench/portal_sync.py`, this folder comes first on sys.path, where bench/http.py would hide
# the standard library's `http` package. Drop that entry first; load fake_ckan.py by its path.
BENCH = Path(__file__).resolve().parent
if sys.path and Path(sys.path[0] or ".").resolve() == BENCH:
    sys.path.pop(0)
ROOT = BENCH.parent
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))

import argparse
import asyncio
import importlib.util
import json
import math
import time
from dataclasses import asdict, dataclass

from showcase.portal.client import PortalClient
from showcase.portal.outcomes import Found

TARGET_SPEEDUP = 20.0
TARGET_CALLS_PER_1000 = 15


def _load_fake_ckan():  # noqa: ANN202
    spec = importlib.util.spec_from_file_location("fake_ckan", BENCH / "fake_ckan.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["fake_ckan"] = module
    spec.loader.exec_module(module)
    return module


@dataclass
class Run:
    method: str
    datasets: int
    found: int
    calls: int
    seconds: float

    @property
    def calls_per_1000(self) -> float:
        return self.calls * 1000 / self.datasets


async def batched(portal, ids: list[str], concurrency: int) -> Run:  # noqa: ANN001
    portal.reset_calls()
    async with PortalClient(portal.api_url, None, concurrency=concurrency) as client:
        started = time.perf_counter()
        outcome = await client.packages_by_ids(ids)
        seconds = time.perf_counter() - started
    assert isinstance(outcome, Found), outcome
    return Run("batched: packages_by_ids", len(ids), len(outcome.result), portal.total_calls, seconds)


async def naive(portal, ids: list[str]) -> Run:  # noqa: ANN001
    portal.reset_calls()
    found = 0
    async with PortalClient(portal.api_url, None) as client:
        started = time.perf_counter()
        for package_id in ids:
            outcome = await client.package_show(package_id)
            found += isinstance(outcome, Found)
        seconds = time.perf_counter() - started
    return Run("naive: one package_show each", len(ids), found, portal.total_calls, seconds)


SEED_AND_SYNC = """
import asyncio, json, sys, time
from datetime import UTC, datetime
from showcase.portal.service import open_portal
from showcase.portal.sync import sync_portal
from showcase.portal.tables import Dataset
from showcase.settings import get_settings

async def main():
    ids = json.load(open(sys.argv[1]))
    for start in range(0, len(ids), 200):
        await Dataset.insert(*[Dataset(portal_id=pid, name=f"seed-{start + n}", status="active")
                               for n, pid in enumerate(ids[start:start + 200])])
    async with open_portal(get_settings()) as portal:
        started = time.perf_counter()
        _run, report = await sync_portal(portal=portal, now=datetime.now(UTC), trigger="bench")
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        _run, again = await sync_portal(portal=portal, now=datetime.now(UTC), trigger="bench")
        steady = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "checked": report.checked, "changed": report.changed,
                      "errors": report.errors, "calls": report.calls, "steady_seconds": steady,
                      "steady_changed": again.changed}))

asyncio.run(main())
"""


def run_full(portal, ids: list[str]) -> Run:  # noqa: ANN001
    """The real `sync_portal` over N cited datasets in a throw-away SQLite database, against the fake portal."""
    import os
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix="showcase-bench-sync-") as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite", "VAR_DIR": tmp, "DATABASE_POOL": "false",
               "PORTAL_URL": portal.api_url, "PORTAL_SYNC_INTERVAL": "0", "MAIL_WORKER": "false"}
        subprocess.run([sys.executable, "-m", "showcase.cli", "migrate"], env=env, check=True, capture_output=True,
                       cwd=ROOT)
        ids_file = Path(tmp) / "ids.json"
        ids_file.write_text(json.dumps(ids))
        portal.reset_calls()
        done = subprocess.run([sys.executable, "-c", SEED_AND_SYNC, str(ids_file)], env=env, check=True,
                              capture_output=True, text=True, cwd=ROOT)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["errors"] == 0 and figures["checked"] == len(ids), figures
    print(f"(a second sync with nothing changed on the portal: {figures['steady_seconds']:.2f} s, "
          f"{figures['steady_changed']} changed)", file=sys.stderr)
    # The server counted both syncs; each made the same calls, so the first one's share is half.
    assert portal.total_calls == 2 * figures["calls"], (portal.total_calls, figures["calls"])
    return Run("full: showcase sync (sync_portal)", len(ids), figures["checked"], figures["calls"], figures["seconds"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--datasets", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds the fake portal adds to each call")
    parser.add_argument("--concurrency", type=int, default=4, help="PortalClient concurrency for the batched run")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--quick", action="store_true", help="skip the end-to-end sync run (client level only)")
    args = parser.parse_args()

    fake_ckan = _load_fake_ckan()
    with fake_ckan.FakeCkan(args.datasets, latency=args.latency) as portal:
        ids = [package["id"] for package in portal.packages]
        fast = asyncio.run(batched(portal, ids, args.concurrency))
        full = None if args.quick else run_full(portal, ids)
        slow = asyncio.run(naive(portal, ids))
    speedup = slow.seconds / fast.seconds
    ok_speed = speedup >= TARGET_SPEEDUP
    ok_calls = fast.calls_per_1000 <= TARGET_CALLS_PER_1000 and fast.calls == math.ceil(len(ids) / 100)
    ok_found = fast.found == slow.found == len(ids)

    if args.json:
        print(json.dumps({"datasets": len(ids), "latency": args.latency, "concurrency": args.concurrency,
                          "batched": asdict(fast), "naive": asdict(slow), "speedup": round(speedup, 1),
                          "full_sync": asdict(full) if full else None,
                          "targets_met": ok_speed and ok_calls and ok_found}, indent=2))
    else:
        print(f"{len(ids):,} datasets, {args.latency * 1000:.0f} ms per call, client concurrency {args.concurrency}")
        print(f"{'method':<32}{'found':>8}{'calls':>8}{'calls/1000':>12}{'seconds':>10}")
        for run in (fast, *([full] if full else []), slow):
            print(f"{run.method:<32}{run.found:>8,}{run.calls:>8,}{run.calls_per_1000:>12.1f}{run.seconds:>10.2f}")
        print(f"speed-up: {speedup:.1f}x (target >= {TARGET_SPEEDUP:.0f}x: {'met' if ok_speed else 'MISSED'}); "
              f"calls per 1,000: {fast.calls_per_1000:.0f} (target <= {TARGET_CALLS_PER_1000}: "
              f"{'met' if ok_calls else 'MISSED'}); every dataset found: {'yes' if ok_found else 'NO'}")
    if full:
        full_speedup = slow.seconds / full.seconds
        ok_full = full_speedup >= TARGET_SPEEDUP and full.calls_per_1000 <= TARGET_CALLS_PER_1000
        ok_speed = ok_speed and ok_full
        if not args.json:
            print(f"full sync: {full.seconds:.2f} s, {full.calls} calls (organizations, groups and "
                  f"{math.ceil(len(ids) / 100)} searches), {full_speedup:.1f}x the naive way: "
                  f"{'met' if ok_full else 'MISSED'}")
    return 0 if ok_speed and ok_calls and ok_found else 1


if __name__ == "__main__":
    sys.exit(main())
