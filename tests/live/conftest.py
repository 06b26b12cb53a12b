"""The live suite: the client against a real CKAN (shared/ckan-peer/up.sh starts one on 127.0.0.1:5000).

Runs only when CKAN_TEST_URL is set (e.g. http://127.0.0.1:5000/api/3/action/); skipped otherwise, except
under CI=true, where a missing CKAN_TEST_URL is a failure. It runs in the SQLite pass of tests/run_suite.py
only: these tests do not touch the database, so the PostgreSQL pass would repeat them for nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

TOKEN_FILE = Path("/tmp/ckan-peer/token")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "live: talks to a real CKAN at CKAN_TEST_URL (see tests/live/conftest.py)")


def _in_postgres_pass() -> bool:
    return os.environ.get("TEST_DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    live = [item for item in items if item.get_closest_marker("live")]
    if _in_postgres_pass():
        for item in live:
            item.add_marker(pytest.mark.skip(reason="the live CKAN suite runs in the SQLite pass only"))
    elif not os.environ.get("CKAN_TEST_URL") and os.environ.get("CI", "").lower() != "true":
        for item in live:
            item.add_marker(pytest.mark.skip(
                reason="CKAN_TEST_URL is not set: run `bash ../shared/ckan-peer/up.sh` and set "
                       "CKAN_TEST_URL=http://127.0.0.1:5000/api/3/action/ to test against a real CKAN"))


@pytest.fixture(scope="session")
def ckan_url() -> str:
    url = os.environ.get("CKAN_TEST_URL", "").strip()
    if not url:  # only reached under CI=true (otherwise the tests were skipped at collection)
        pytest.fail("CKAN_TEST_URL is not set under CI=true: .ci/run starts the peer and exports it")
    return url


@pytest.fixture(scope="session")
def sysadmin_token() -> str:
    token = os.environ.get("CKAN_TEST_TOKEN", "").strip()
    if not token and TOKEN_FILE.exists():
        token = TOKEN_FILE.read_text().strip()
    if not token:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("no sysadmin token: set CKAN_TEST_TOKEN or let up.sh write /tmp/ckan-peer/token")
        pytest.skip("no sysadmin token (CKAN_TEST_TOKEN or /tmp/ckan-peer/token)")
    return token
