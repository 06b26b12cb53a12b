"""With REDIS_URL, workers share sessions and rate-limit counters (two apps stand for two workers)."""

import dataclasses
import os
import socket

import pytest
from litestar.testing import AsyncTestClient

from showcase.settings import get_settings
from tests.support import create_user, log_in, submit

pytestmark = pytest.mark.anyio
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_settings():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=2).close()
    except OSError:
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is not reachable on 127.0.0.1:6379 (required under CI=true)")
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    return dataclasses.replace(get_settings(), redis_url=REDIS_URL)


async def test_session_from_one_worker_is_valid_on_another(redis_settings):
    from showcase.app import create_app

    await create_user()
    first, second = create_app(redis_settings), create_app(redis_settings)
    async with AsyncTestClient(app=first, base_url="http://testserver.local") as one, \
            AsyncTestClient(app=second, base_url="http://testserver.local") as two:
        await log_in(one)
        two.cookies = one.cookies
        response = await two.get("/account/", follow_redirects=False)
        assert response.status_code == 200
        assert "Amina El Idrissi" in response.text


async def test_rate_limit_counts_across_workers(redis_settings):
    from showcase.app import create_app

    first, second = create_app(redis_settings), create_app(redis_settings)
    statuses = []
    async with AsyncTestClient(app=first, base_url="http://testserver.local") as one, \
            AsyncTestClient(app=second, base_url="http://testserver.local") as two:
        for index in range(61):
            client = one if index % 2 else two
            response = await submit(client, "/account/signup", {
                "name": "Bot", "email": f"bot{index}@example.ma", "password": "correct horse battery"})
            statuses.append(response.status_code)
    assert statuses == [302] * 60 + [429]
