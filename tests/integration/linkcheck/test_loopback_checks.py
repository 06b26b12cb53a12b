"""check_url against a real HTTP server on 127.0.0.1, with allow_private=True (tests only: loopback)."""

from __future__ import annotations

import socket
import time

import pytest

from showcase.linkcheck import USER_AGENT, check_many, check_url
from tests.integration.linkcheck.conftest import LoopbackServer

pytestmark = pytest.mark.anyio


async def test_loopback_ok_answers_head_with_the_user_agent(loopback: LoopbackServer) -> None:
    result = await check_url(loopback.url("/ok"), allow_private=True)
    assert (result.ok, result.status, result.reason, result.final_url) == (True, 200, "ok", loopback.url("/ok"))
    assert [(seen.method, seen.path, seen.user_agent) for seen in loopback.requests] == [
        ("HEAD", "/ok", USER_AGENT)]


async def test_loopback_404_is_confirmed_with_get_and_fails(loopback: LoopbackServer) -> None:
    result = await check_url(loopback.url("/missing"), allow_private=True)
    assert (result.ok, result.status, result.reason) == (False, 404, "http_404")
    assert [seen.method for seen in loopback.requests] == ["HEAD", "GET"]


async def test_loopback_head_405_then_get_200_is_ok(loopback: LoopbackServer) -> None:
    result = await check_url(loopback.url("/no-head"), allow_private=True)
    assert (result.ok, result.status, result.reason) == (True, 200, "ok")
    assert [(seen.method, seen.path) for seen in loopback.requests] == [("HEAD", "/no-head"), ("GET", "/no-head")]


async def test_loopback_head_without_answer_then_get_is_ok(loopback: LoopbackServer) -> None:
    result = await check_url(loopback.url("/head-hangs-up"), allow_private=True)
    assert (result.ok, result.status) == (True, 200)


async def test_loopback_403_is_reachable_but_restricted(loopback: LoopbackServer) -> None:
    result = await check_url(loopback.url("/forbidden"), allow_private=True)
    assert (result.ok, result.status, result.reason) == (True, 403, "restricted")


async def test_loopback_redirect_chain_of_three_hops_is_followed(loopback: LoopbackServer) -> None:
    result = await check_url(loopback.url("/hop/1"), allow_private=True)
    assert (result.ok, result.status, result.final_url) == (True, 200, loopback.url("/ok"))
    assert [seen.path for seen in loopback.requests] == ["/hop/1", "/hop/2", "/hop/3", "/ok"]


async def test_loopback_redirect_loop_is_too_many_redirects(loopback: LoopbackServer) -> None:
    result = await check_url(loopback.url("/loop/a"), allow_private=True)
    assert (result.ok, result.reason) == (False, "too_many_redirects")
    assert [seen.path for seen in loopback.requests] == ["/loop/a", "/loop/b"] * 3  # 1 + 5 redirects


async def test_loopback_slow_server_times_out(loopback: LoopbackServer) -> None:
    started = time.monotonic()
    result = await check_url(loopback.url("/slow"), allow_private=True, timeout=0.5)
    assert (result.ok, result.status, result.reason) == (False, None, "timeout")
    assert time.monotonic() - started < 2.0


async def test_loopback_big_body_is_not_downloaded(loopback: LoopbackServer) -> None:
    started = time.monotonic()
    result = await check_url(loopback.url("/big"), allow_private=True)
    assert (result.ok, result.status) == (True, 200)
    assert time.monotonic() - started < 2.0


async def test_loopback_closed_port_is_a_connection_failure() -> None:
    with socket.socket() as probe:  # a port nobody listens on any more
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = await check_url(f"http://127.0.0.1:{port}/", allow_private=True)
    assert (result.ok, result.status, result.reason) == (False, None, "connection")


async def test_loopback_check_many_reports_each_url(loopback: LoopbackServer) -> None:
    paths = ["/ok", "/missing", "/no-head", "/hop/1", "/loop/a", "/forbidden"]
    results = await check_many([loopback.url(path) for path in paths], concurrency=2, allow_private=True)
    assert [(result.ok, result.reason) for result in results.values()] == [
        (True, "ok"), (False, "http_404"), (True, "ok"), (True, "ok"), (False, "too_many_redirects"),
        (True, "restricted")]
