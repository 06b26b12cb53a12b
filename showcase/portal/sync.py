"""Refresh every cited dataset, producer and theme in a few batched calls, and report what changed.

Cost for N cited datasets: ceil(N / 100) package_search calls, one package_show per dataset that
vanished from search (to tell withdrawn from missing), one per pending citation, plus the paged
organization and group lists. Each batch commits on its own, oldest-checked first: an interrupted
run resumes where it stopped, and a second run changes nothing (idempotent).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from showcase.portal.domain import mark_unavailable, merge_pending
from showcase.portal.storing import store_package, store_packages, upsert_organization
from showcase.portal.outcomes import Found, NotFound, PortalError, Withdrawn
from showcase.portal.tables import Dataset, Producer, SyncRun, Theme

logger = logging.getLogger("showcase.portal")
BATCH_SIZE = 100
STALE_RUN = timedelta(minutes=30)
Progress = Callable[[int, int], None]


@dataclass
class SyncReport:
    checked: int = 0
    changed: int = 0
    withdrawn: int = 0
    missing: int = 0
    reappeared: int = 0
    resolved: int = 0
    errors: int = 0
    calls: int = 0
    messages: list[str] = field(default_factory=list)

    def error(self, message: str) -> None:
        self.errors += 1
        if len(self.messages) < 20:
            self.messages.append(message)


class SyncAlreadyRunning(Exception):
    """Another refresh started less than STALE_RUN ago and has not finished."""


async def _start_run(*, trigger: str, now: datetime) -> int:
    running = await SyncRun.select(SyncRun.id).where(
        (SyncRun.status == "running") & (SyncRun.started_at > now - STALE_RUN)).first()
    if running:
        raise SyncAlreadyRunning()
    await SyncRun.update({SyncRun.status: "failed", SyncRun.message: "interrupted"}).where(SyncRun.status == "running")
    rows = await SyncRun.insert(SyncRun(trigger=trigger, status="running", started_at=now)).returning(SyncRun.id)
    return rows[0]["id"]


async def _refresh_organizations(portal, report: SyncReport, *, now: datetime) -> None:  # noqa: ANN001
    for table, fetch in ((Producer, portal.organizations), (Theme, portal.groups)):
        report.calls += 1
        outcome = await fetch()
        if not isinstance(outcome, Found):
            report.error(f"{table._meta.tablename}: {getattr(outcome, 'reason', outcome)}")
            continue
        for record in outcome.result:
            await upsert_organization(table, record, now=now, count=record.get("package_count"))


async def _refresh_batch(portal, rows: list[dict], report: SyncReport, *, now: datetime) -> None:  # noqa: ANN001
    ids = [row["portal_id"] for row in rows]
    report.calls += 1
    outcome = await portal.packages_by_ids(ids)
    if isinstance(outcome, PortalError):
        report.error(f"batch of {len(ids)}: {outcome.reason}")
        await Dataset.update({Dataset.last_error: outcome.reason[:2000]}).where(Dataset.portal_id.is_in(ids))
        return
    found: dict = outcome.result
    report.checked += len(rows)
    present = [row for row in rows if row["portal_id"] in found]
    for stored in await store_packages([found[row["portal_id"]] for row in present], now=now):
        report.changed += stored.changed
        report.reappeared += stored.reappeared
    report.resolved += sum(row["status"] == "pending" for row in present)
    for row in (row for row in rows if row["portal_id"] not in found):
        # Absent from search: ask directly, which is the only way to tell withdrawn from missing.
        report.calls += 1
        await _settle_absent(portal, row, report, now=now)


async def _settle_absent(portal, row: dict, report: SyncReport, *, now: datetime) -> None:  # noqa: ANN001
    outcome = await portal.package_show(row["portal_id"])
    if isinstance(outcome, Found):  # the search index lagged behind
        stored = await store_package(outcome.result, now=now)
        report.changed += stored.changed
    elif isinstance(outcome, Withdrawn):
        report.withdrawn += row["status"] != "withdrawn"
        await mark_unavailable(row["id"], status="withdrawn", now=now)
    elif isinstance(outcome, NotFound):
        report.missing += row["status"] != "missing"
        await mark_unavailable(row["id"], status="missing", now=now)
    else:
        report.error(f"{row['portal_id']}: {outcome.reason}")
        await Dataset.update({Dataset.last_error: outcome.reason[:2000]}).where(Dataset.id == row["id"])


async def _resolve_pending(portal, report: SyncReport, *, now: datetime) -> None:  # noqa: ANN001
    """Citations kept while the portal was down and known only by name."""
    pending = await Dataset.select(Dataset.id, Dataset.cited_key).where(
        (Dataset.status == "pending") & Dataset.portal_id.is_null())
    for row in pending:
        report.calls += 1
        outcome = await portal.package_show(row["cited_key"])
        if isinstance(outcome, Found):
            await merge_pending(row["id"], outcome.result, now=now)
            report.resolved += 1
        elif isinstance(outcome, (Withdrawn, NotFound)):
            status = "withdrawn" if isinstance(outcome, Withdrawn) else "missing"
            await mark_unavailable(row["id"], status=status, now=now)
        else:
            report.error(f"{row['cited_key']}: {outcome.reason}")


async def sync_portal(*, portal, now: datetime, trigger: str = "cli", progress: Progress | None = None,  # noqa: ANN001
                      batch_size: int = BATCH_SIZE) -> tuple[int, SyncReport]:
    """Refresh everything cited; return the SyncRun id and its report. Raises SyncAlreadyRunning."""
    run_id = await _start_run(trigger=trigger, now=now)
    report = SyncReport()
    try:
        await _refresh_organizations(portal, report, now=now)
        rows = await Dataset.select(Dataset.id, Dataset.portal_id, Dataset.status).where(
            Dataset.portal_id.is_not_null()).order_by(Dataset.checked_at, Dataset.id)
        total = len(rows)
        if progress:
            progress(0, total)
        for start in range(0, total, batch_size):
            batch = rows[start:start + batch_size]
            await _refresh_batch(portal, batch, report, now=now)
            if progress:
                progress(min(start + batch_size, total), total)
        await _resolve_pending(portal, report, now=now)
    except Exception as exc:
        await _finish(run_id, report, status="failed", message=f"{type(exc).__name__}: {exc}", now=now)
        raise
    await _finish(run_id, report, status="done", message="\n".join(report.messages), now=now)
    return run_id, report


async def _finish(run_id: int, report: SyncReport, *, status: str, message: str, now: datetime) -> None:
    await SyncRun.update({
        SyncRun.status: status, SyncRun.finished_at: max(now, datetime.now(UTC)), SyncRun.checked: report.checked,
        SyncRun.changed: report.changed, SyncRun.withdrawn: report.withdrawn, SyncRun.missing: report.missing,
        SyncRun.reappeared: report.reappeared, SyncRun.resolved: report.resolved, SyncRun.errors: report.errors,
        SyncRun.calls: report.calls, SyncRun.message: message[:5000],
    }).where(SyncRun.id == run_id)
