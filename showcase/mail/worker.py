"""The in-process delivery loop started with the app (one per process; claims keep it exactly-once)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from litestar import Litestar

from showcase.mail.domain import deliver_due
from showcase.mail.senders import sender_from_settings
from showcase.settings import get_settings

logger = logging.getLogger("showcase.mail")
POLL_SECONDS = 5.0


@asynccontextmanager
async def mail_worker(app: Litestar) -> AsyncGenerator[None, None]:
    settings = get_settings()
    if not settings.mail_worker:
        yield
        return
    sender = sender_from_settings(settings.smtp_url)

    async def run() -> None:
        while True:
            try:
                await deliver_due(sender=sender, from_address=settings.mail_from, now=datetime.now(UTC))
            except Exception:  # noqa: BLE001 - the loop must outlive a database hiccup
                logger.exception("mail delivery loop failed; trying again shortly")
            await asyncio.sleep(POLL_SECONDS)

    task = asyncio.create_task(run(), name="showcase-mail-worker")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
