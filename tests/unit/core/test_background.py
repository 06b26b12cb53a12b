"""Periodic jobs keep running after a failed run and stop with the app."""

import anyio
import pytest

from showcase.background import every

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


async def test_every_survives_a_failure_and_stops():
    runs = []

    async def job():
        runs.append(len(runs))
        if len(runs) == 1:
            raise RuntimeError("first run fails")

    async with every(0.01, job, name="test job"):
        with anyio.fail_after(5):
            while len(runs) < 3:
                await anyio.sleep(0.01)
    stopped_at = len(runs)
    await anyio.sleep(0.05)
    assert runs[:3] == [0, 1, 2]
    assert len(runs) == stopped_at
