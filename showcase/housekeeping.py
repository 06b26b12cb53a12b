"""Hourly clean-up in each process: expired sessions and long-dead account tokens."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

from litestar import Litestar

logger = logging.getLogger("showcase.housekeeping")
INTERVAL_SECONDS = 3600
TOKEN_RETENTION = timedelta(days=30)


async def clean_up(app: Litestar, *, now: datetime) -> int:
    """Delete expired session files or entries and tokens expired for a month; return tokens deleted."""
    from showcase.accounts.tables import AccountToken

    store = app.stores.get("sessions")
    if hasattr(store, "delete_expired"):
        with contextlib.suppress(FileNotFoundError):  # no session was ever stored
            await store.delete_expired()
    deleted = await AccountToken.delete().where(AccountToken.expires_at < now - TOKEN_RETENTION).returning(AccountToken.id)
    return len(deleted)


@asynccontextmanager
async def housekeeping(app: Litestar) -> AsyncGenerator[None, None]:
    async def run() -> None:
        while True:
            await asyncio.sleep(INTERVAL_SECONDS)
            try:
                await clean_up(app, now=datetime.now(UTC))
            except Exception:  # noqa: BLE001 - never let clean-up take the site down
                logger.exception("housekeeping failed")

    task = asyncio.create_task(run(), name="showcase-housekeeping")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
