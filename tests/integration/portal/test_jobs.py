"""With REDIS_URL the portal refresh is a SAQ job on the real Redis: each scheduled slot runs in exactly
one worker (two apps stand for two web processes), and the admin button queues at most one run."""

import asyncio
import dataclasses
import os
import socket
import threading
import time
from contextlib import asynccontextmanager

import anyio
import httpx
import pytest
from litestar.testing import AsyncTestClient

from showcase.portal.client import PortalClient
from showcase.portal.domain import resolve_citations
from showcase.portal import jobs
from showcase.portal.jobs import JOB_TIMEOUT, SCHEDULED_KEY, cron_for
from showcase.portal.tables import SyncRun
from showcase.settings import get_settings
from tests.fake_portal import BASE_URL
from tests.conftest import soup
from tests.support import create_user, log_in, now, submit

pytestmark = pytest.mark.anyio
REDIS_URL = os.environ.get("TEST_REDIS_JOBS_URL", "redis://127.0.0.1:6379/14")


@pytest.fixture
def redis_settings(monkeypatch):
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=2).close()
    except OSError:
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is not reachable on 127.0.0.1:6379 (required under CI=true)")
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    # A queue of this run's own: another checkout's test run on the same Redis never feeds our workers.
    monkeypatch.setattr(jobs, "QUEUE_NAME", f"showcase-test-{os.getpid()}")
    return dataclasses.replace(get_settings(), redis_url=REDIS_URL, portal_url=BASE_URL, portal_sync_interval=0)


@asynccontextmanager
async def serving(settings, transport: httpx.AsyncBaseTransport):
    """One web process: the app with its lifespans (and so its SAQ worker) on the test client's loop."""
    from showcase.app import create_app

    portal = PortalClient(BASE_URL, transport=transport, backoff_base=0, max_retries=1)
    async with AsyncTestClient(app=create_app(settings, portal=portal), base_url="http://testserver.local") as http:
        http.headers["Accept-Language"] = "en"
        yield http


def on_app_loop(http: AsyncTestClient, function, *args):  # noqa: ANN001, ANN201
    """Await `function(*args)` on the loop the app (and its Redis connections) lives on."""
    return http.blocking_portal.call(function, *args)


async def until(condition, *, timeout: float = 5.0) -> None:  # noqa: ANN001
    with anyio.fail_after(timeout):
        while not await condition():
            await anyio.sleep(0.05)


async def runs() -> list[dict]:
    return await SyncRun.select(SyncRun.trigger, SyncRun.status, SyncRun.started_at).order_by(SyncRun.id)


async def cite(fake_portal, portal, site, names):
    for name in names:
        fake_portal.add(name)
    return await resolve_citations(names, portal=portal, site=site, now=now())


async def enqueue_slot(http: AsyncTestClient, slot: int):  # noqa: ANN201
    """What each worker's cron tick does for the slot it computes (saq.Worker.schedule)."""
    return await http.app.state.job_queue.enqueue("portal_sync_job", key=SCHEDULED_KEY, scheduled=slot,
                                                  timeout=JOB_TIMEOUT, trigger="job")


def test_interval_becomes_a_cron_grid_never_sparser_than_asked():
    assert cron_for(6 * 3600) == "0 */6 * * *"
    assert cron_for(3600) == "0 * * * *"
    assert cron_for(5 * 3600) == "0 */4 * * *"
    assert cron_for(15 * 60) == "*/15 * * * *"
    assert cron_for(7 * 60) == "*/6 * * * *"
    assert cron_for(86400) == "0 0 * * *"
    assert cron_for(2 * 86400) == "0 0 */2 * *"
    assert cron_for(2) == "* * * * * */2"


async def test_same_slot_enqueued_by_two_workers_runs_once(redis_settings, fake_portal, portal, site):
    await cite(fake_portal, portal, site, ["hopitaux", "ecoles"])
    async with serving(redis_settings, fake_portal.transport()) as one, \
            serving(redis_settings, fake_portal.transport()) as two:
        slot = int(time.time())
        first, second = on_app_loop(one, enqueue_slot, one, slot), on_app_loop(two, enqueue_slot, two, slot)
        assert (first is None) != (second is None), "SAQ keeps one job per key until it completes"

        async def finished(http=one) -> bool:
            job = on_app_loop(http, http.app.state.job_queue.job, SCHEDULED_KEY)
            return job is not None and job.status == "complete"

        await until(finished)
        job = on_app_loop(one, one.app.state.job_queue.job, SCHEDULED_KEY)
        assert job.result["checked"] == 2
        # A worker whose clock lags computes the same slot again after it ran: the slot is claimed.
        assert on_app_loop(two, enqueue_slot, two, slot) is not None
        await until(lambda: finished(two))
        job = on_app_loop(two, two.app.state.job_queue.job, SCHEDULED_KEY)
        assert job.result == {"skipped": "slot already ran"}
    assert [(run["trigger"], run["status"]) for run in await runs()] == [("job", "done")]


async def test_cron_ticks_in_two_workers_run_each_slot_once(redis_settings, fake_portal, portal, site):
    await cite(fake_portal, portal, site, ["hopitaux"])
    settings = dataclasses.replace(redis_settings, portal_sync_interval=2)  # "* * * * * */2"
    async with serving(settings, fake_portal.transport()) as one, serving(settings, fake_portal.transport()) as two:
        assert one.app.state.job_worker is not two.app.state.job_worker

        async def three_runs_done() -> bool:
            return sum(run["status"] == "done" for run in await runs()) >= 3

        await until(three_runs_done, timeout=10)
    done = [run for run in await runs() if run["status"] == "done"]
    assert {run["trigger"] for run in done} == {"job"}
    slots = [int(run["started_at"].timestamp()) // 2 for run in done]  # a run starts < 2 s after its slot
    assert len(slots) == len(set(slots)), f"a slot ran twice: {slots}"
    assert all(run["status"] == "done" for run in await runs())


class GatedTransport(httpx.AsyncBaseTransport):
    """The fake portal, answering only once the test opens the gate (a refresh that takes a while)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.gate = threading.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        while not self.gate.is_set():
            await asyncio.sleep(0.01)
        return await self.inner.handle_async_request(request)


async def test_refresh_button_queues_one_job_that_leaves_a_report(redis_settings, fake_portal, portal, site):
    await cite(fake_portal, portal, site, ["hopitaux", "ecoles"])
    await create_user("admin@example.ma", roles=("admin",))
    transport = GatedTransport(fake_portal.transport())
    async with serving(redis_settings, transport) as http:
        await log_in(http, "admin@example.ma")
        response = await submit(http, "/manage/portal", {}, action="/manage/portal/sync")
        assert (response.status_code, response.headers["location"]) == (302, "/manage/portal")

        async def started() -> bool:
            return [(run["trigger"], run["status"]) for run in await runs()] == [("admin", "running")]

        await until(started)
        again = await submit(http, "/manage/portal", {}, action="/manage/portal/sync")
        assert again.status_code == 302
        queue = http.app.state.job_queue
        assert on_app_loop(http, queue.count, "incomplete") == 1, "a second click queues no second run"
        transport.gate.set()

        async def done() -> bool:
            return [run["status"] for run in await runs()] == ["done"]

        await until(done)
        page = soup((await http.get("/manage/portal")).text)
        first_row = [cell.get_text(" ", strip=True) for cell in page.select("table tbody tr")[0].find_all("td")]
        assert first_row[1:3] == ["Administrator", "Done"]
        assert first_row[3] == "2"  # checked
        assert len(page.select("table tbody tr")) == 1


async def test_without_redis_no_worker_starts(fake_portal):
    settings = dataclasses.replace(get_settings(), redis_url=None, portal_url=BASE_URL, portal_sync_interval=3600)

    async def task_names() -> set[str]:
        return {task.get_name() for task in asyncio.all_tasks()}

    async with serving(settings, fake_portal.transport()) as http:
        assert http.app.state.job_queue is None
        assert http.app.state.job_worker is None
        names = on_app_loop(http, task_names)
        assert "saq worker" not in names
        assert "portal sync" in names  # the in-process schedule instead


async def test_shutdown_mid_refresh_closes_its_report_and_requeues_the_job(redis_settings, fake_portal, portal, site,
                                                                           monkeypatch):
    await cite(fake_portal, portal, site, ["hopitaux"])
    monkeypatch.setattr(jobs, "SHUTDOWN_GRACE", 0.1)
    transport = GatedTransport(fake_portal.transport())  # never opened: the refresh is still running at shutdown
    async with serving(redis_settings, transport) as http:
        assert on_app_loop(http, jobs.enqueue_sync, http.app, "admin") is not None

        async def started() -> bool:
            return [run["status"] for run in await runs()] == ["running"]

        await until(started)
    assert [(run["trigger"], run["status"]) for run in await runs()] == [("admin", "failed")]
    assert (await SyncRun.select(SyncRun.message).first()) == {"message": "interrupted"}
    import redis

    queued = redis.Redis.from_url(REDIS_URL).lrange(f"saq:{jobs.QUEUE_NAME}:queued", 0, -1)
    assert queued == [f"saq:job:{jobs.QUEUE_NAME}:{jobs.REQUESTED_KEY}".encode()], "the next worker runs it again"
