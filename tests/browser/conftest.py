"""Browser-journey fixtures: a live server (tests/browser/server.py), Debian's Chromium, contexts, pages.

The server is a subprocess with its own explicit environment and SQLite file: tests/conftest.py points
os.environ at the in-process test database, which is emptied before every test and must not be shared.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import server as live
from tests.browser.server import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# Package scope, not session: while Playwright's sync API is started, its event loop counts as "running"
# in this thread, and every async test after it (anyio, piccolo's run_sync) would fail with "Cannot run
# the event loop while another loop is running". It is stopped once the last browser journey is done.
@pytest.fixture(scope="package")
def browser() -> Iterator:
    """Chromium from Debian (Playwright cannot download its own browsers here)."""
    if not CHROMIUM.exists():
        message = f"Chromium is not installed at {CHROMIUM}: run `make browser-deps` (needs root)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}. A missing browser is a failure under CI=true.", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


@pytest.fixture(scope="package")
def live_server() -> Iterator[LiveServer]:
    try:
        server = live.start()
    except live.ServerError as exc:
        pytest.fail(f"the browser-test server did not start: {exc}", pytrace=False)
    try:
        yield server
    finally:
        live.stop(server.process)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """Remember each phase's report on the item, so fixtures can tell that the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"browser_report_{report.when}", report)


@pytest.fixture
def new_context(browser, live_server: LiveServer, request: pytest.FixtureRequest):  # noqa: ANN001, ANN201
    """Make isolated browser contexts (their own cookies): one per person in a journey.

    A French-speaking visitor by default. When the test fails, every open page is saved as
    test-artifacts/screenshots/FAILED-<test>-<context>-<page>.png, and the server log's tail is printed.
    """
    contexts = []

    def make(**options):  # noqa: ANN003, ANN202
        settings = {"base_url": live_server.url, "locale": "fr-FR", "viewport": {"width": 1280, "height": 900},
                    "timezone_id": "Africa/Casablanca", **options}
        context = browser.new_context(**settings)
        context.set_default_timeout(10_000)
        context.set_default_navigation_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    report = getattr(request.node, "browser_report_call", None)
    failed = report is not None and report.failed
    if failed:
        live.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        print(f"\n--- browser-test server log (tail) ---\n{live.log_tail()}")
    for index, context in enumerate(contexts):
        if failed:
            for number, open_page in enumerate(context.pages):
                path = live.SCREENSHOTS / f"FAILED-{request.node.name}-{index}-{number}.png"
                try:
                    open_page.screenshot(path=str(path), full_page=True)
                except Exception:  # noqa: BLE001 - a diagnostic must not hide the real failure
                    pass
        context.close()


@pytest.fixture
def context(new_context):  # noqa: ANN001, ANN201
    return new_context()


@pytest.fixture
def page(context):  # noqa: ANN001, ANN201
    return context.new_page()
