"""Pure security helpers: redirect targets after log-in, and the rate-limit window."""

import pytest
from hypothesis import given, strategies as st
from litestar.stores.memory import MemoryStore

from showcase import ratelimit
from showcase.exceptions import RateLimited
from showcase.security import safe_next_url


@pytest.mark.parametrize(("candidate", "expected"), [
    ("/startups/atlas", "/startups/atlas"),
    ("/account?tab=1", "/account?tab=1"),
    ("//evil.example/", "/"),
    ("https://evil.example/", "/"),
    ("/\\evil.example", "/"),
    ("", "/"),
    (None, "/"),
])
def test_safe_next_url(candidate, expected):
    assert safe_next_url(candidate) == expected


@given(st.text())
def test_safe_next_url_is_always_a_local_path(candidate):
    result = safe_next_url(candidate)
    assert result.startswith("/") and not result.startswith("//") and "\\" not in result


@pytest.mark.anyio
async def test_rate_limit_window_opens_again_after_it_ends():
    store = MemoryStore()
    limit = ratelimit.Limit("test", attempts=2, window_seconds=60)
    await ratelimit.hit(store, limit, "1.2.3.4", now=1000.0)
    await ratelimit.hit(store, limit, "1.2.3.4", now=1010.0)
    with pytest.raises(RateLimited) as raised:
        await ratelimit.hit(store, limit, "1.2.3.4", now=1030.0)
    assert raised.value.retry_after == 30
    await ratelimit.hit(store, limit, "5.6.7.8", now=1030.0)  # another subject has its own counter
    await ratelimit.hit(store, limit, "1.2.3.4", now=1061.0)  # a new window


@pytest.fixture
def anyio_backend():
    return "asyncio"
