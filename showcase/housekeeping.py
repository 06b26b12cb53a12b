"""Hourly clean-up in each process: expired sessions and long-dead account tokens."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

from litestar import Litestar

from showcase.background import every

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
    async def job() -> None:
        await clean_up(app, now=datetime.now(UTC))

    async with every(INTERVAL_SECONDS, job, name="housekeeping", first_delay=INTERVAL_SECONDS):
        yield
