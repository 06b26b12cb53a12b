"""Link health: three failed checks in a row flag a reuse once; a working link clears the flag."""

import functools
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from showcase.linkcheck import check_many
from showcase.reuses.linkhealth import check_links
from showcase.reuses.tables import Reuse
from tests.integration.reuses.helpers import author_and_reuse
from tests.support import create_user, now, outbox

pytestmark = pytest.mark.anyio


@pytest.fixture
def site():
    state = {"status": 404}

    class Handler(BaseHTTPRequestHandler):
        def do_HEAD(self):  # noqa: N802
            self.send_response(state["status"])
            self.end_headers()

        do_GET = do_HEAD  # noqa: N815

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state, f"http://127.0.0.1:{server.server_address[1]}/app"
    server.shutdown()


# Loopback is refused by the SSRF guard; only these tests may let the checker reach their own server.
local_check = functools.partial(check_many, allow_private=True, timeout=2.0)


async def test_three_failures_flag_once_and_recovery_clears(client, site):
    state, url = site
    await author_and_reuse(client)
    await create_user("moderator@example.ma", name="Salma", roles=("moderator",))
    await Reuse.update({Reuse.status: "published", Reuse.url: url}, force=True)
    start = now()
    for day in range(4):
        report = await check_links(now=start + timedelta(days=day), check=local_check)
        assert (report.checked, report.failing) == (1, 1)
    row = await Reuse.select(Reuse.link_failures, Reuse.link_status, Reuse.link_reason, Reuse.link_flagged_at).first()
    assert (row["link_failures"], row["link_status"], row["link_reason"]) == (4, 404, "http_404")
    assert row["link_flagged_at"] == start + timedelta(days=2)
    mails = [(m["to_address"], m["template"]) for m in await outbox() if m["template"] == "reuse_link_broken"]
    assert sorted(mails) == [("amina@example.ma", "reuse_link_broken"), ("moderator@example.ma", "reuse_link_broken")]
    state["status"] = 200
    report = await check_links(now=start + timedelta(days=5), check=local_check)
    assert (report.ok, report.recovered) == (1, 1)
    row = await Reuse.select(Reuse.link_failures, Reuse.link_flagged_at).first()
    assert row == {"link_failures": 0, "link_flagged_at": None}


async def test_recently_checked_links_wait(client, site):
    _state, url = site
    await author_and_reuse(client)
    await Reuse.update({Reuse.status: "published", Reuse.url: url}, force=True)
    first = await check_links(now=now(), check=local_check)
    again = await check_links(now=now() + timedelta(hours=1), check=local_check)
    assert (first.checked, again.checked) == (1, 0)


async def test_the_guard_refuses_loopback_addresses(client, site):
    _state, url = site
    await author_and_reuse(client)
    await Reuse.update({Reuse.status: "published", Reuse.url: url}, force=True)
    report = await check_links(now=now())
    assert report.problems == [("routes-du-maroc", "blocked_address")]
