"""Both browsers speak English: messages are compared with their English source text, whatever the catalogues say."""

from collections.abc import AsyncIterator

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient


def _english(test_client: AsyncTestClient) -> AsyncTestClient:
    test_client.cookies.set("lang", "en", domain="testserver.local")
    return test_client


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient]:
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as test_client:
        yield _english(test_client)


@pytest.fixture
async def other_client(app: Litestar) -> AsyncIterator[AsyncTestClient]:
    """A second browser, for a second person."""
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as test_client:
        yield _english(test_client)
