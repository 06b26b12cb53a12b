"""Without allow_private, the loopback server is never reached: directly, by name, by rebinding, by redirect.

Every test asserts the server saw no request at all. Host names are answered by injected resolvers (or by
libc for numeric and `localhost` forms): no query leaves the machine.
"""

from __future__ import annotations

import httpx
import pytest

from showcase.linkcheck import BlockedAddress, GuardedTransport, check_url, guarded_client, resolve_public
from tests.integration.linkcheck.conftest import LoopbackServer

pytestmark = pytest.mark.anyio

PUBLIC_IP = "93.184.215.14"  # what public.example claims to be for the first lookup only; never connected to


class RebindingResolver:
    """A hostile DNS server: a public answer for the first lookup, then 127.0.0.1 for every later one."""

    def __init__(self) -> None:
        self.lookups: list[str] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.lookups.append(host)
        return [PUBLIC_IP] if len(self.lookups) == 1 else ["127.0.0.1"]


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::ffff:127.0.0.1]", "2130706433", "0x7f.1",
                                  "127.1"])
async def test_guard_refuses_the_loopback_server_directly(loopback: LoopbackServer, host: str) -> None:
    result = await check_url(loopback.url("/ok", host=host))
    assert (result.ok, result.status, result.reason) == (False, None, "blocked_address")
    assert loopback.requests == []


async def test_guard_blocks_rebinding_at_connect_time_after_an_earlier_check_passed(
        loopback: LoopbackServer) -> None:
    resolver = RebindingResolver()
    url = loopback.url("/ok", host="public.example")
    assert await resolve_public("public.example", loopback.port, resolver=resolver) == [PUBLIC_IP]

    result = await check_url(url, resolver=resolver)

    assert (result.ok, result.reason, result.final_url) == (False, "blocked_address", url)
    assert result.detail == "public.example resolves to 127.0.0.1, which is not public: loopback address"
    assert resolver.lookups == ["public.example", "public.example"]
    assert loopback.requests == []


async def test_rebinding_resolver_does_reach_the_server_when_private_addresses_are_allowed(
        loopback: LoopbackServer) -> None:
    """The control for the test above: the second answer really leads to the server, Host kept."""
    resolver = RebindingResolver()
    await resolve_public("public.example", loopback.port, resolver=resolver)
    result = await check_url(loopback.url("/ok", host="public.example"), resolver=resolver, allow_private=True)
    assert (result.ok, result.status) == (True, 200)
    assert [(seen.method, seen.host) for seen in loopback.requests] == [("HEAD", f"public.example:{loopback.port}")]


def external_hop(location: str):
    """A client factory whose `http://external.example` answers 302 -> `location`; all else is guarded."""

    def redirect(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"location": location})

    def factory(*, timeout: float, resolver: object, allow_private: bool) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=GuardedTransport(resolver=resolver, allow_private=allow_private),  # type: ignore[arg-type]
            mounts={"http://external.example": httpx.MockTransport(redirect)},
            timeout=timeout, follow_redirects=False, trust_env=False,
        )

    return factory


@pytest.mark.parametrize("host", ["public.example", "127.0.0.1", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]",
                                  "2130706433", "localhost"])
async def test_guard_refuses_a_redirect_from_an_external_hop_to_the_loopback_server(
        loopback: LoopbackServer, host: str) -> None:
    resolver = RebindingResolver()
    await resolve_public("public.example", loopback.port, resolver=resolver)  # the earlier check passed
    target = loopback.url("/ok", host=host)

    result = await check_url("http://external.example/start", client_factory=external_hop(target),
                             resolver=resolver)

    assert (result.ok, result.status, result.reason, result.final_url) == (False, None, "blocked_address", target)
    assert loopback.requests == []


@pytest.mark.parametrize("host", ["127.0.0.1", "2130706433", "localhost", "[::ffff:127.0.0.1]"])
async def test_guarded_client_refuses_loopback_even_without_url_validation(
        loopback: LoopbackServer, host: str) -> None:
    """The transport alone holds the line: libc's answers for these spellings are checked before connecting."""
    async with guarded_client() as client:
        with pytest.raises(BlockedAddress):
            await client.get(loopback.url("/ok", host=host))
    assert loopback.requests == []


async def test_guarded_client_ignores_proxy_settings_from_the_environment(
        loopback: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy would connect for us, out of the guard's sight: environment proxies are never used."""
    monkeypatch.setenv("HTTP_PROXY", loopback.url(""))
    monkeypatch.setenv("ALL_PROXY", loopback.url(""))
    resolver = RebindingResolver()
    await resolve_public("public.example", 80, resolver=resolver)
    result = await check_url("http://public.example/ok", resolver=resolver)
    assert result.reason == "blocked_address"
    assert loopback.requests == []
