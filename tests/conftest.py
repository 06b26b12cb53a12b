"""Test set-up: a real database (SQLite file or PostgreSQL), migrated once, emptied before each test."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Each run gets its own var/ (secret key, session files, media): parallel runs never share them.
TEST_VAR = Path(tempfile.mkdtemp(prefix="showcase-test-var-"))

# Settings are read once: the environment must be ready before anything imports showcase.
os.environ["DATABASE_URL"] = os.environ.get("TEST_DATABASE_URL", "sqlite:///var/test.sqlite")
os.environ["DATABASE_POOL"] = "false"  # the test client runs the app on its own event loop
os.environ["DEBUG"] = "true"  # cookies without Secure over http://testserver.local
os.environ["MAIL_WORKER"] = "false"  # tests read the outbox themselves
os.environ["ARGON2_PROFILE"] = "test"
os.environ["BASE_URL"] = "http://testserver.local"
os.environ["VAR_DIR"] = str(TEST_VAR)
os.environ["MEDIA_ROOT"] = str(TEST_VAR / "media")
os.environ["PORTAL_URL"] = "bundled"  # the offline snapshot; tests that need another portal pass a transport
os.environ["PORTAL_SYNC_INTERVAL"] = "0"
os.environ["LINK_CHECK_INTERVAL"] = "0"
os.environ.pop("REDIS_URL", None)
os.environ.pop("SMTP_URL", None)

import pytest  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402
from litestar import Litestar  # noqa: E402
from litestar.testing import AsyncTestClient  # noqa: E402

from showcase.settings import get_settings  # noqa: E402
from tests import support  # noqa: E402

IS_POSTGRES = get_settings().is_postgres


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "postgres_only" in item.keywords and not IS_POSTGRES:
            item.add_marker(pytest.mark.skip(reason="runs in the PostgreSQL pass"))


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session", autouse=True)
def migrated_database() -> Iterator[None]:
    """Start from nothing and apply the real migrations, as a deployment does."""
    support.reset_schema()
    support.run_migrations()
    yield
    shutil.rmtree(TEST_VAR, ignore_errors=True)


@pytest.fixture(autouse=True)
def empty_tables(migrated_database: None) -> None:
    support.empty_tables()


@pytest.fixture(scope="session")
def shared_app() -> Litestar:
    from showcase.app import create_app

    return create_app()


@pytest.fixture
def app(shared_app: Litestar) -> Litestar:
    """One application for the whole run — building its ~400 routes costs half a second, which before every test
    was a quarter of the suite — with its stores emptied first, as a new application's would be (sessions,
    cached pages, rate-limit counters, the cache). Lifespans still run per test client."""
    from litestar.stores.file import FileStore
    from litestar.stores.memory import MemoryStore

    for name in ("sessions", "response_cache", "rate_limit", "cache"):
        store = shared_app.stores.get(name)
        if isinstance(store, MemoryStore):
            store._store.clear()
        elif isinstance(store, FileStore):
            shutil.rmtree(Path(store.path), ignore_errors=True)  # store.path is an anyio.Path
            Path(store.path).mkdir(parents=True, exist_ok=True)
    return shared_app


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient]:
    """An English-speaking browser: assertions read the English source strings."""
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as test_client:
        test_client.headers["Accept-Language"] = "en"
        yield test_client


def csrf_token(html: str) -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert found, "the page has no CSRF token"
    return found.group(1)


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")
