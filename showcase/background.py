"""Periodic in-process jobs started and stopped with the app."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncGenerator, Awaitable, Callable
from contextlib import asynccontextmanager

logger = logging.getLogger("showcase.background")


@asynccontextmanager
async def every(seconds: float, job: Callable[[], Awaitable[object]], *, name: str,
                first_delay: float = 0.0) -> AsyncGenerator[None, None]:
    """Run `job` every `seconds` while the app lives; a failing run is logged and the loop goes on."""

    async def loop() -> None:
        await asyncio.sleep(first_delay)
        while True:
            try:
                await job()
            except Exception:  # noqa: BLE001 - a database hiccup must not end the loop
                logger.exception("%s failed; trying again in %s s", name, seconds)
            await asyncio.sleep(seconds)

    task = asyncio.create_task(loop(), name=name)
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
