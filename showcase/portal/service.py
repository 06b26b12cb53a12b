"""The portal client's life in the app: opened once, shared, closed at shutdown; scheduled refreshes."""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import httpx
from litestar import Litestar

from showcase.background import every
from showcase.portal.bundled import BUNDLED_BASE_URL, bundled_transport
from showcase.portal.citations import PortalSite, portal_site_of
from showcase.portal.client import PortalClient
from showcase.settings import DEFAULT_PORTAL_URL, Settings

logger = logging.getLogger("showcase.portal")


def portal_site(settings: Settings) -> PortalSite:
    """Where citations must point: the national portal, also when its bundled snapshot stands in."""
    return portal_site_of(DEFAULT_PORTAL_URL if settings.portal_is_bundled else settings.portal_url)


def open_portal(settings: Settings, transport: httpx.AsyncBaseTransport | None = None) -> PortalClient:
    if settings.portal_is_bundled:
        return PortalClient(base_url=BUNDLED_BASE_URL, token=None, transport=transport or bundled_transport(),
                            backoff_base=0)
    return PortalClient(base_url=settings.portal_url, token=settings.portal_api_token, transport=transport)


def portal_lifespan(client: PortalClient | None = None):  # noqa: ANN201
    """Open the portal client (or use the one given, e.g. by a test) for the app's lifetime."""

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncGenerator[None, None]:
        settings = app.state.settings
        async with client or open_portal(settings) as portal:
            app.state.portal = portal
            if settings.portal_sync_interval and not settings.redis_url:
                # With REDIS_URL the schedule is a SAQ cron job instead, run by exactly one worker
                # (showcase.portal.jobs.job_worker_lifespan).
                async with every(settings.portal_sync_interval, lambda: run_sync_in_background(app, "schedule"),
                                 name="portal sync", first_delay=min(300, settings.portal_sync_interval)):
                    yield
            else:
                yield

    return lifespan


async def run_sync_in_background(app: Litestar, trigger: str) -> None:
    """A refresh started by the schedule or an admin; a run already under way is left alone."""
    from showcase.portal.sync import SyncAlreadyRunning, sync_portal

    try:
        _run_id, report = await sync_portal(portal=app.state.portal, now=datetime.now(UTC), trigger=trigger)
    except SyncAlreadyRunning:
        logger.info("portal refresh skipped: another one is running")
        return
    logger.info("portal refresh (%s): checked %s, changed %s, withdrawn %s, missing %s, errors %s, calls %s",
                trigger, report.checked, report.changed, report.withdrawn, report.missing, report.errors, report.calls)


def provide_portal(request) -> PortalClient:  # noqa: ANN001
    return request.app.state.portal
