"""Link health for user URLs (reuse links): one guarded check per URL, redirects followed hop by hop.

How a check runs:

* every hop's URL passes `validate_url` and every connection goes through the SSRF-guarded transport
  (`showcase.linkcheck.ssrf`), so a redirect to an internal address is refused like a direct link;
* redirects (301/302/303/307/308 with a Location) are followed by hand, at most `max_redirects` of them;
* HEAD first; a GET (streamed, at most 64 KB of body read) double-checks every HEAD answer that would count
  as a failure (>= 400, except 401/407/429) and HEAD requests the server breaks off, because many servers
  mishandle HEAD (405, 403, 501, a closed connection);
* each request has `timeout` seconds per operation and the whole check `deadline` seconds (3 x timeout).

How the final answer is read (`LinkResult.reason`):

* 2xx -> ok=True, "ok";
* 401, 403, 429 -> ok=True, "restricted": the site is there but refuses anonymous clients or bots (many
  sites answer crawlers so); flagging those links would mostly flag working links;
* any other status -> ok=False, "http_<status>" (a 3xx without Location too);
* errors -> ok=False: "timeout", "dns", "blocked_address", "invalid_url", "too_many_redirects", "tls",
  "connection".

`allow_private=True` lets the checker reach loopback and private addresses. It exists ONLY for tests that
talk to servers on 127.0.0.1; nothing in the application passes it.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from showcase.linkcheck.ssrf import (
    BlockedAddress,
    InvalidURL,
    ResolutionFailed,
    Resolver,
    guarded_client,
    validate_url,
)

__all__ = [
    "USER_AGENT",
    "ClientFactory",
    "LinkResult",
    "check_many",
    "check_url",
    "newly_flagged",
    "next_failure_count",
    "should_flag",
]

USER_AGENT = "Showcase link checker (+https://data.gov.ma)"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RESTRICTED_STATUSES = frozenset({401, 403, 429})
NO_GET_RETRY_STATUSES = frozenset({401, 407, 429})  # a GET would be refused the same way (or rate-limited)
BODY_LIMIT = 64 * 1024
DEADLINE_FACTOR = 3

ClientFactory = Callable[..., httpx.AsyncClient]
"""Called as `factory(timeout=..., resolver=..., allow_private=...)`; the default is `ssrf.guarded_client`.
A factory must keep the guard (build on `guarded_client`/`GuardedTransport`); tests pass mock transports."""


@dataclass(frozen=True, slots=True)
class LinkResult:
    """The outcome of one link check; `detail` is a human-readable explanation for moderators."""

    ok: bool
    status: int | None
    final_url: str
    reason: str
    checked_at: datetime
    detail: str = ""


@dataclass(slots=True)
class _Chain:
    url: str
    status: int | None = None


def _now() -> datetime:
    return datetime.now(UTC)


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, kind):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _reason_for(exc: Exception) -> str:
    if isinstance(exc, BlockedAddress):
        return "blocked_address"
    if isinstance(exc, InvalidURL | httpx.InvalidURL | httpx.UnsupportedProtocol):
        return "invalid_url"
    if isinstance(exc, ResolutionFailed):
        return "dns"
    if isinstance(exc, httpx.TimeoutException | TimeoutError):
        return "timeout"
    if _caused_by(exc, ssl.SSLError) or _caused_by(exc, ssl.CertificateError):
        return "tls"
    return "connection"


def _classify(chain: _Chain) -> LinkResult:
    status = chain.status
    assert status is not None
    if 200 <= status < 300:
        return LinkResult(True, status, chain.url, "ok", _now())
    if status in RESTRICTED_STATUSES:
        return LinkResult(True, status, chain.url, "restricted", _now(), f"the server answered {status}")
    return LinkResult(False, status, chain.url, f"http_{status}", _now(), f"the server answered {status}")


async def _read_some(response: httpx.Response) -> None:
    """Read at most BODY_LIMIT bytes (undecoded); a broken or stalled body does not change the status."""
    received = 0
    if response.is_stream_consumed:  # a body given in full (httpx.MockTransport); nothing left to stream
        return
    try:
        async for chunk in response.aiter_raw():
            received += len(chunk)
            if received >= BODY_LIMIT:
                break
    except httpx.TransportError:
        pass


async def _probe(client: httpx.AsyncClient, chain: _Chain) -> str | None:
    """Ask `chain.url` with HEAD, then GET when HEAD is unreliable; set the status, return the Location."""
    headers = {"User-Agent": USER_AGENT}
    try:
        response = await client.head(chain.url, headers=headers)
    except (httpx.RemoteProtocolError, httpx.ReadError):
        pass  # the server broke off the HEAD: try GET
    else:
        if response.status_code < 400 or response.status_code in NO_GET_RETRY_STATUSES:
            chain.status = response.status_code
            return response.headers.get("location")
    async with client.stream("GET", chain.url, headers=headers) as response:
        chain.status = response.status_code
        if response.status_code not in REDIRECT_STATUSES:
            await _read_some(response)
        return response.headers.get("location")


async def _follow(client: httpx.AsyncClient, chain: _Chain, *, max_redirects: int,
                  allow_private: bool) -> LinkResult:
    redirects = 0
    while True:
        validate_url(chain.url, allow_private=allow_private)
        location = await _probe(client, chain)
        if chain.status not in REDIRECT_STATUSES or not location:
            return _classify(chain)
        if redirects >= max_redirects:
            return LinkResult(False, chain.status, chain.url, "too_many_redirects", _now(),
                              f"more than {max_redirects} redirects")
        redirects += 1
        chain.url = str(httpx.URL(chain.url).join(location))
        chain.status = None


async def check_url(url: str, *, client_factory: ClientFactory | None = None, timeout: float = 10.0,
                    max_redirects: int = 5, resolver: Resolver | None = None, allow_private: bool = False,
                    deadline: float | None = None) -> LinkResult:
    """Check that `url` answers, through the SSRF guard; never raises for a network or URL problem."""
    factory = client_factory or guarded_client
    budget = deadline if deadline is not None else timeout * DEADLINE_FACTOR
    chain = _Chain(url)
    try:
        async with asyncio.timeout(budget):
            async with factory(timeout=timeout, resolver=resolver, allow_private=allow_private) as client:
                return await _follow(client, chain, max_redirects=max_redirects, allow_private=allow_private)
    except TimeoutError:
        return LinkResult(False, chain.status, chain.url, "timeout", _now(), f"no answer within {budget:g} s")
    except (BlockedAddress, InvalidURL, ResolutionFailed, httpx.HTTPError, httpx.InvalidURL, OSError) as exc:
        detail = str(exc) or type(exc).__name__
        return LinkResult(False, chain.status, chain.url, _reason_for(exc), _now(), detail)


async def check_many(urls: Iterable[str], *, concurrency: int = 8, client_factory: ClientFactory | None = None,
                     timeout: float = 10.0, max_redirects: int = 5, resolver: Resolver | None = None,
                     allow_private: bool = False) -> dict[str, LinkResult]:
    """Check each distinct URL, at most `concurrency` at a time; results keep the order of first appearance."""
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    unique = list(dict.fromkeys(urls))
    semaphore = asyncio.Semaphore(concurrency)

    async def one(url: str) -> LinkResult:
        async with semaphore:
            return await check_url(url, client_factory=client_factory, timeout=timeout,
                                   max_redirects=max_redirects, resolver=resolver, allow_private=allow_private)

    results = await asyncio.gather(*(one(url) for url in unique))
    return dict(zip(unique, results, strict=True))


def next_failure_count(previous: int, result: LinkResult) -> int:
    """Consecutive failures after `result`: back to 0 on success, one more on failure."""
    if previous < 0:
        raise ValueError("a failure count cannot be negative")
    return 0 if result.ok else previous + 1


def should_flag(consecutive_failures: int, threshold: int = 3) -> bool:
    """Whether a link that failed `consecutive_failures` checks in a row is flagged (author + moderators)."""
    if threshold < 1:
        raise ValueError("the threshold must be at least 1")
    return consecutive_failures >= threshold


def newly_flagged(previous: int, current: int, threshold: int = 3) -> bool:
    """Whether this check is the one that crosses the threshold: notify once, not after every later failure."""
    return should_flag(current, threshold) and not should_flag(previous, threshold)
