"""Scheduled and requested portal refreshes on a SAQ job queue in Redis, when REDIS_URL is set.

Every web process runs one in-process SAQ worker (concurrency 1) on the queue "showcase". Without
REDIS_URL nothing here starts: service.portal_lifespan runs the schedule in-process with every().

Exactly once, in three layers:

1. SAQ enqueues a cron job under one fixed key ("cron:portal_sync_job") and refuses a second job
   with that key while the first is incomplete (queued, scheduled or active): however many workers
   tick the schedule, one job waits for each slot, and moving it to the queue is done under a Redis
   lock, so one worker dequeues it.
2. The job claims its scheduled slot (`SET saq:showcase:portal-sync:slot:<epoch> NX`) before it
   runs: a worker whose clock lags and re-enqueues a slot that already ran finds it claimed and
   skips. A run that fails or is cancelled gives the slot back, so SAQ's retry can run it.
3. One refresh at a time across all workers (a Redis lock), and sync.py's SyncAlreadyRunning guard
   in the database behind it: an admin refresh meeting a scheduled one is skipped, not doubled.

Cadence: PORTAL_SYNC_INTERVAL (seconds) becomes a UTC cron expression on a fixed grid, rounded
down to the nearest step that divides its unit evenly, so a refresh never comes less often than
asked: 6 h -> "0 */6 * * *", 1 h -> "0 * * * *", 5 h -> "0 */4 * * *", 15 min -> "*/15 * * * *",
1 day -> "0 0 * * *", 2 days -> "0 0 */2 * *" (day-of-month steps restart on the 1st),
under a minute -> a seconds field ("* * * * * */10"). 0 schedules nothing (the button still works).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from litestar import Litestar
from saq import CronJob, Job, Queue, Worker

from showcase.settings import Settings

logger = logging.getLogger("showcase.portal")

QUEUE_NAME = "showcase"
SCHEDULED_KEY = "cron:portal_sync_job"  # the key SAQ gives the CronJob of portal_sync_job (unique=True)
REQUESTED_KEY = "portal-sync:requested"  # one admin-requested refresh queued or running at a time
JOB_TIMEOUT = 30 * 60  # = sync.STALE_RUN: a stuck job is swept after this, and its SyncRun counts as stale
SHUTDOWN_GRACE = 10.0  # seconds a running refresh gets to finish when the app stops


def _step(value: int, unit: int) -> int:
    """The largest divisor of `unit` not above `value` (so the grid repeats evenly)."""
    return max(step for step in range(1, unit + 1) if unit % step == 0 and step <= max(value, 1))


def cron_for(seconds: int) -> str:
    """The UTC cron expression for an interval in seconds (see the module docstring for the mapping)."""
    if seconds <= 0:
        raise ValueError("an interval of 0 schedules nothing")
    if seconds >= 86400:
        days = min(seconds // 86400, 31)
        return "0 0 * * *" if days == 1 else f"0 0 */{days} * *"
    if seconds >= 3600:
        hours = _step(seconds // 3600, 24)
        return "0 * * * *" if hours == 1 else f"0 */{hours} * * *"
    if seconds >= 60:
        minutes = _step(seconds // 60, 60)
        return "* * * * *" if minutes == 1 else f"*/{minutes} * * * *"
    return f"* * * * * */{_step(seconds, 60)}"


def make_queue(settings: Settings) -> Queue:
    return Queue.from_url(settings.redis_url, name=QUEUE_NAME)


async def portal_sync_job(ctx: dict[str, Any], *, trigger: str = "job") -> dict[str, Any]:
    """Run one refresh with the app's portal client; return the report's numbers (kept by SAQ)."""
    from showcase.portal.sync import SyncAlreadyRunning, sync_portal
    from showcase.portal.tables import SyncRun

    app: Litestar = ctx["app"]
    job: Job = ctx["job"]
    redis = ctx["worker"].queue.redis
    slot_key = f"saq:{QUEUE_NAME}:portal-sync:slot:{job.scheduled}" if job.scheduled else None
    if slot_key and not await redis.set(slot_key, job.id, nx=True, ex=max(2 * JOB_TIMEOUT, 7 * 86400)):
        logger.info("portal refresh for slot %s skipped: it already ran", job.scheduled)
        return {"skipped": "slot already ran"}
    try:
        lock = redis.lock(f"saq:{QUEUE_NAME}:portal-sync:running", timeout=JOB_TIMEOUT + 60, blocking=False)
        if not await lock.acquire():
            logger.info("portal refresh (%s) skipped: another worker is refreshing", trigger)
            return {"skipped": "another refresh is running"}
        now = datetime.now(UTC)
        try:
            run_id, report = await sync_portal(portal=app.state.portal, now=now, trigger=trigger)
        except SyncAlreadyRunning:
            logger.info("portal refresh (%s) skipped: another one is running", trigger)
            return {"skipped": "another refresh is running"}
        except asyncio.CancelledError:
            # sync_portal records failures but not cancellation (shutdown): close its row, or the
            # retry would wait STALE_RUN behind a run that no longer exists.
            with contextlib.suppress(Exception):
                await SyncRun.update({SyncRun.status: "failed", SyncRun.message: "interrupted"}).where(
                    (SyncRun.status == "running") & (SyncRun.started_at == now))
            raise
        finally:
            with contextlib.suppress(Exception):
                await lock.release()
    except BaseException:
        # Failed or cancelled: give the slot back so SAQ's retry (or a restarted worker) can run it.
        if slot_key:
            with contextlib.suppress(Exception):
                await redis.delete(slot_key)
        raise
    logger.info("portal refresh (%s): checked %s, changed %s, withdrawn %s, missing %s, errors %s, calls %s",
                trigger, report.checked, report.changed, report.withdrawn, report.missing, report.errors, report.calls)
    return {"run_id": run_id, "checked": report.checked, "changed": report.changed, "withdrawn": report.withdrawn,
            "missing": report.missing, "reappeared": report.reappeared, "resolved": report.resolved,
            "errors": report.errors, "calls": report.calls}


def scheduled_sync(settings: Settings) -> CronJob | None:
    if not settings.portal_sync_interval:
        return None
    return CronJob(portal_sync_job, cron=cron_for(settings.portal_sync_interval), unique=True,
                   timeout=JOB_TIMEOUT, kwargs={"trigger": "job"})


async def enqueue_sync(app: Litestar, trigger: str) -> Job | None:
    """Queue a refresh now; None when one requested earlier is still queued or running."""
    queue: Queue = app.state.job_queue
    return await queue.enqueue(Job(function="portal_sync_job", key=REQUESTED_KEY, kwargs={"trigger": trigger},
                                   timeout=JOB_TIMEOUT, retries=1))


class _InProcessWorker(Worker):
    SIGNALS = []  # noqa: RUF012 - the server (uvicorn) owns SIGINT/SIGTERM; the app lifespan stops us


@asynccontextmanager
async def job_worker_lifespan(app: Litestar) -> AsyncGenerator[None, None]:
    """With REDIS_URL: this process's SAQ worker, from startup to shutdown. Without: nothing."""
    settings: Settings = app.state.settings
    app.state.job_queue = None
    app.state.job_worker = None
    if not settings.redis_url:
        yield
        return

    async def startup(ctx: dict[str, Any]) -> None:
        ctx["app"] = app

    queue = make_queue(settings)
    await queue.connect()
    cron = scheduled_sync(settings)
    worker = _InProcessWorker(queue, functions=[portal_sync_job], cron_jobs=[cron] if cron else [],
                              cron_tz=UTC, concurrency=1, startup=startup)
    task = asyncio.create_task(worker.start(), name="saq worker")
    app.state.job_queue, app.state.job_worker = queue, worker
    try:
        yield
    finally:
        running = [context["task"] for context in list(worker.job_task_contexts.values())]
        if running:
            await asyncio.wait(running, timeout=SHUTDOWN_GRACE)
        await worker.stop()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await queue.disconnect()
