"""The in-process delivery loop started with the app (one per process; claims keep it exactly-once)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from litestar import Litestar

from showcase.background import every
from showcase.mail.domain import deliver_due
from showcase.mail.senders import sender_from_settings
from showcase.settings import get_settings

POLL_SECONDS = 5.0


@asynccontextmanager
async def mail_worker(app: Litestar) -> AsyncGenerator[None, None]:
    settings = get_settings()
    if not settings.mail_worker:
        yield
        return
    sender = sender_from_settings(settings.smtp_url)

    async def deliver() -> None:
        await deliver_due(sender=sender, from_address=settings.mail_from, now=datetime.now(UTC))

    async with every(POLL_SECONDS, deliver, name="mail delivery"):
        yield
