"""check_url and check_many over httpx.MockTransport: HEAD/GET, redirects hop by hop, reasons, limits."""

from __future__ import annotations

import asyncio
import dataclasses
import ssl
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any

import httpcore
import httpx
import pytest

from showcase.linkcheck import USER_AGENT, LinkResult, check_many, check_url
from showcase.linkcheck.checker import BODY_LIMIT
from showcase.linkcheck.ssrf import ResolutionFailed

pytestmark = pytest.mark.anyio

Handler = Callable[[httpx.Request], Any]


class Recorder:
    """A MockTransport handler by route; `seen` lists "METHOD url" of every request that reached it."""

    def __init__(self, routes: dict[str, Handler]) -> None:
        self.routes = routes
        self.seen: list[str] = []
        self.user_agents: set[str] = set()

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(f"{request.method} {request.url}")
        self.user_agents.add(request.headers["user-agent"])
        answer = self.routes[request.url.path](request)
        if asyncio.iscoroutine(answer):
            answer = await answer
        return answer

    def factory(self, *, timeout: float, resolver: Any, allow_private: bool) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self), timeout=timeout)


def status(code: int, **headers: str) -> Handler:
    return lambda request: httpx.Response(code, headers=headers)


def by_method(head: Handler, get: Handler) -> Handler:
    return lambda request: head(request) if request.method == "HEAD" else get(request)


def redirect(location: str, code: int = 302) -> Handler:
    return status(code, location=location)


async def check(recorder: Recorder, path: str = "/", **options: Any) -> LinkResult:
    return await check_url(f"https://public.example{path}", client_factory=recorder.factory, **options)


async def test_check_url_ok_with_head_only() -> None:
    recorder = Recorder({"/": status(200)})
    result = await check(recorder)
    assert (result.ok, result.status, result.reason, result.final_url) == (True, 200, "ok", "https://public.example/")
    assert recorder.seen == ["HEAD https://public.example/"]
    assert recorder.user_agents == {USER_AGENT}
    assert USER_AGENT == "Showcase link checker (+https://data.gov.ma)"


@pytest.mark.parametrize("head_status", [403, 404, 405, 400, 500, 501, 503])
async def test_check_url_confirms_a_failing_head_with_get(head_status: int) -> None:
    recorder = Recorder({"/": by_method(status(head_status), status(200))})
    result = await check(recorder)
    assert (result.ok, result.status, result.reason) == (True, 200, "ok")
    assert recorder.seen == ["HEAD https://public.example/", "GET https://public.example/"]


async def test_check_url_falls_back_to_get_when_head_breaks_off() -> None:
    def head(request: httpx.Request) -> httpx.Response:
        raise httpx.RemoteProtocolError("Server disconnected without sending a response.")

    recorder = Recorder({"/": by_method(head, status(204))})
    result = await check(recorder)
    assert (result.ok, result.status, result.reason) == (True, 204, "ok")


@pytest.mark.parametrize(("code", "requests"), [(401, 1), (429, 1), (403, 2)])
async def test_check_url_counts_refusals_as_reachable_but_restricted(code: int, requests: int) -> None:
    recorder = Recorder({"/": status(code)})
    result = await check(recorder)
    assert (result.ok, result.status, result.reason) == (True, code, "restricted")
    assert len(recorder.seen) == requests


@pytest.mark.parametrize("code", [404, 410, 451, 500, 502, 503])
async def test_check_url_fails_on_error_statuses(code: int) -> None:
    result = await check(Recorder({"/": status(code)}))
    assert (result.ok, result.status, result.reason) == (False, code, f"http_{code}")


async def test_check_url_follows_relative_and_absolute_redirects() -> None:
    recorder = Recorder({
        "/a": redirect("b", 301),
        "/b": redirect("https://other.example/c?x=1", 308),
        "/c": redirect("/d", 303),
        "/d": status(200),
    })
    result = await check(recorder, "/a")
    assert (result.ok, result.status, result.final_url) == (True, 200, "https://other.example/d")
    assert [line.split()[0] for line in recorder.seen] == ["HEAD"] * 4


async def test_check_url_follows_a_redirect_answered_to_the_get_fallback() -> None:
    recorder = Recorder({"/a": by_method(status(405), redirect("/b")), "/b": status(200)})
    result = await check(recorder, "/a")
    assert (result.ok, result.final_url) == (True, "https://public.example/b")
    assert recorder.seen == ["HEAD https://public.example/a", "GET https://public.example/a",
                             "HEAD https://public.example/b"]


async def test_check_url_allows_exactly_max_redirects() -> None:
    routes: dict[str, Handler] = {f"/{n}": redirect(f"/{n + 1}") for n in range(5)}
    routes["/5"] = status(200)
    result = await check(Recorder(routes), "/0")
    assert (result.ok, result.final_url) == (True, "https://public.example/5")


async def test_check_url_stops_after_max_redirects() -> None:
    routes: dict[str, Handler] = {f"/{n}": redirect(f"/{n + 1}") for n in range(3)}
    routes["/3"] = status(200)
    recorder = Recorder(routes)
    result = await check(recorder, "/0", max_redirects=2)
    assert (result.ok, result.status, result.reason, result.final_url) == (
        False, 302, "too_many_redirects", "https://public.example/2")
    assert len(recorder.seen) == 3


async def test_check_url_reports_a_redirect_without_location_as_its_status() -> None:
    result = await check(Recorder({"/": status(302)}))
    assert (result.ok, result.status, result.reason) == (False, 302, "http_302")


@pytest.mark.parametrize(("location", "reason"), [
    ("http://169.254.169.254/latest/meta-data/", "blocked_address"),
    ("http://127.0.0.1:8080/admin", "blocked_address"),
    ("http://[::ffff:10.0.0.1]/", "blocked_address"),
    ("http://2130706433/", "blocked_address"),
    ("http://localhost/", "blocked_address"),
    ("javascript:alert(1)", "invalid_url"),
    ("file:///etc/passwd", "invalid_url"),
    ("gopher://public.example:70/_x", "invalid_url"),
    ("http://admin:secret@public.example/", "invalid_url"),
    ("http://public.example:22/", "invalid_url"),
])
async def test_check_url_validates_every_redirect_hop(location: str, reason: str) -> None:
    recorder = Recorder({"/": redirect(location)})
    result = await check(recorder)
    assert (result.ok, result.reason) == (False, reason)
    assert recorder.seen == ["HEAD https://public.example/"]  # the unsafe hop was never requested


@pytest.mark.parametrize("url", ["ftp://public.example/", "http://10.1.1.1/", "https://u:p@public.example/",
                                 "not a url", ""])
async def test_check_url_refuses_an_unsafe_first_url_without_a_request(url: str) -> None:
    recorder = Recorder({})
    result = await check_url(url, client_factory=recorder.factory)
    assert (result.ok, result.status, result.final_url) == (False, None, url)
    assert result.reason in {"invalid_url", "blocked_address"}
    assert recorder.seen == []


def _raiser(exc: Exception) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc
    return handler


def _tls_failure() -> httpx.ConnectError:
    try:
        try:
            raise ssl.SSLCertVerificationError("certificate verify failed: Hostname mismatch")
        except ssl.SSLError as exc:
            raise httpcore.ConnectError(str(exc)) from exc
    except httpcore.ConnectError as exc:
        failure = httpx.ConnectError(str(exc))
        failure.__cause__ = exc
        return failure


@pytest.mark.parametrize(("exc", "reason"), [
    (httpx.ConnectTimeout("connect timed out"), "timeout"),
    (httpx.ReadTimeout("read timed out"), "timeout"),
    (httpx.ConnectError("[Errno 111] Connection refused"), "connection"),
    (ResolutionFailed("public.example does not resolve"), "dns"),
    (_tls_failure(), "tls"),
])
async def test_check_url_names_each_failure(exc: Exception, reason: str) -> None:
    result = await check(Recorder({"/": _raiser(exc)}))
    assert (result.ok, result.status, result.reason, result.detail) == (False, None, reason, str(exc))


async def test_check_url_gives_up_at_the_overall_deadline() -> None:
    async def drip(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(5)
        return httpx.Response(200)

    result = await check(Recorder({"/": drip}), deadline=0.1)
    assert (result.ok, result.reason, result.detail) == (False, "timeout", "no answer within 0.1 s")


class EndlessBody(httpx.AsyncByteStream):
    def __init__(self) -> None:
        self.sent = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while True:
            self.sent += 4096
            yield b"x" * 4096


async def test_check_url_get_reads_at_most_64_kilobytes() -> None:
    body = EndlessBody()
    recorder = Recorder({"/": by_method(status(405), lambda request: httpx.Response(200, stream=body))})
    result = await check(recorder)
    assert (result.ok, body.sent) == (True, BODY_LIMIT)


async def test_check_url_result_is_frozen_and_timestamped() -> None:
    before = datetime.now(UTC)
    result = await check(Recorder({"/": status(200)}))
    assert before <= result.checked_at <= datetime.now(UTC)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.ok = False  # type: ignore[misc]


async def test_check_many_checks_each_distinct_url_with_bounded_concurrency() -> None:
    in_flight = peak = 0

    async def slow(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        return httpx.Response(404 if request.url.path == "/7" else 200)

    routes = {f"/{n}": slow for n in range(12)}
    recorder = Recorder(routes)
    urls = [f"https://public.example/{n}" for n in range(12)] + ["https://public.example/3"]
    results = await check_many(urls, concurrency=3, client_factory=recorder.factory)
    assert list(results) == urls[:12]
    assert [url for url, result in results.items() if not result.ok] == ["https://public.example/7"]
    assert peak == 3
    assert len(recorder.seen) == 12 + 1  # /7 is confirmed with GET


async def test_check_many_refuses_a_concurrency_below_one() -> None:
    with pytest.raises(ValueError):
        await check_many(["https://public.example/"], concurrency=0)


async def test_check_many_of_nothing_is_empty() -> None:
    assert await check_many([]) == {}
