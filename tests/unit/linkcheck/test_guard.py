"""The connect-time guard: resolution, every answer checked, the socket opened to a vetted IP, TLS on the name.

The inner network backend is a recording fake: nothing here opens a socket.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Iterable
from typing import Any

import httpcore
import pytest

from showcase.linkcheck.ssrf import (
    BlockedAddress,
    GuardedNetworkBackend,
    ResolutionFailed,
    resolve_public,
    system_resolver,
)

pytestmark = pytest.mark.anyio

RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"


class FakeStream(httpcore.AsyncNetworkStream):
    def __init__(self, log: dict[str, Any]) -> None:
        self._log = log
        self._chunks = [RESPONSE]

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._chunks.pop(0) if self._chunks else b""

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._log.setdefault("written", b"")
        self._log["written"] += buffer

    async def aclose(self) -> None:
        pass

    async def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                        timeout: float | None = None) -> httpcore.AsyncNetworkStream:
        self._log["server_hostname"] = server_hostname
        return self

    def get_extra_info(self, info: str) -> Any:
        return None


class FakeBackend(httpcore.AsyncNetworkBackend):
    """Records where it is asked to connect; `refuse` lists IPs whose connection fails."""

    def __init__(self, refuse: Iterable[str] = ()) -> None:
        self.log: dict[str, Any] = {"connects": []}
        self.refuse = set(refuse)

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: Iterable[Any] | None = None) -> httpcore.AsyncNetworkStream:
        self.log["connects"].append((host, port))
        if host in self.refuse:
            raise httpcore.ConnectError(f"refused by {host}")
        return FakeStream(self.log)

    async def sleep(self, seconds: float) -> None:
        pass


def fixed(*answers: str):
    calls: list[str] = []

    async def resolver(host: str, port: int) -> list[str]:
        calls.append(host)
        return list(answers)

    resolver.calls = calls  # type: ignore[attr-defined]
    return resolver


def pool_for(resolver: Any, inner: FakeBackend, **options: Any) -> httpcore.AsyncConnectionPool:
    backend = GuardedNetworkBackend(resolver=resolver, inner=inner, **options)
    return httpcore.AsyncConnectionPool(network_backend=backend)


async def test_guard_connects_to_the_vetted_ip_and_keeps_the_name_for_tls_and_host() -> None:
    inner = FakeBackend()
    async with pool_for(fixed("93.184.215.14"), inner) as pool:
        response = await pool.request("GET", "https://public.example/page")
    assert response.status == 200
    assert inner.log["connects"] == [("93.184.215.14", 443)]
    assert inner.log["server_hostname"] == "public.example"
    assert b"Host: public.example\r\n" in inner.log["written"]


async def test_guard_refuses_when_any_answer_is_internal_and_never_connects() -> None:
    inner = FakeBackend()
    async with pool_for(fixed("93.184.215.14", "10.0.0.5"), inner) as pool:
        with pytest.raises(BlockedAddress) as caught:
            await pool.request("GET", "http://public.example/")
    assert caught.value.reason == "public.example resolves to 10.0.0.5, which is not public: private address"
    assert inner.log["connects"] == []


@pytest.mark.parametrize("answer", ["127.0.0.1", "::1", "::ffff:127.0.0.1", "169.254.169.254",
                                    "fe80::1%eth0", "64:ff9b::a9fe:a9fe", "0.0.0.0", "100.64.1.1"])
async def test_guard_refuses_each_internal_answer(answer: str) -> None:
    inner = FakeBackend()
    async with pool_for(fixed(answer), inner) as pool:
        with pytest.raises(BlockedAddress):
            await pool.request("GET", "http://public.example/")
    assert inner.log["connects"] == []


async def test_guard_refuses_ip_literal_hosts_without_asking_the_resolver() -> None:
    resolver = fixed("93.184.215.14")
    inner = FakeBackend()
    async with pool_for(resolver, inner) as pool:
        with pytest.raises(BlockedAddress):
            await pool.request("GET", "http://[::ffff:169.254.169.254]/")
    assert (resolver.calls, inner.log["connects"]) == ([], [])


async def test_guard_resolves_again_for_every_new_connection() -> None:
    answers = iter([["93.184.215.14"], ["127.0.0.1"]])  # a rebinding DNS server

    async def rebinding(host: str, port: int) -> list[str]:
        return next(answers)

    inner = FakeBackend()
    async with pool_for(rebinding, inner) as first:
        assert (await first.request("GET", "http://public.example/")).status == 200
    async with pool_for(rebinding, inner) as second:
        with pytest.raises(BlockedAddress):
            await second.request("GET", "http://public.example/")
    assert inner.log["connects"] == [("93.184.215.14", 80)]


async def test_guard_tries_the_next_vetted_address_when_one_fails() -> None:
    inner = FakeBackend(refuse={"2606:4700::1"})
    async with pool_for(fixed("2606:4700::1", "93.184.215.14"), inner) as pool:
        assert (await pool.request("GET", "http://public.example/")).status == 200
    assert inner.log["connects"] == [("2606:4700::1", 80), ("93.184.215.14", 80)]


async def test_guard_with_allow_private_connects_to_loopback_for_tests() -> None:
    inner = FakeBackend()
    async with pool_for(fixed("127.0.0.1"), inner, allow_private=True) as pool:
        assert (await pool.request("GET", "http://public.example/")).status == 200
    assert inner.log["connects"] == [("127.0.0.1", 80)]


async def test_guard_turns_a_slow_resolver_into_a_connect_timeout() -> None:
    async def slow(host: str, port: int) -> list[str]:
        await asyncio.sleep(5)
        return ["93.184.215.14"]

    async with pool_for(slow, FakeBackend()) as pool:
        with pytest.raises(httpcore.ConnectTimeout):
            await pool.request("GET", "http://public.example/", extensions={"timeout": {"connect": 0.05}})


async def test_guard_refuses_unix_sockets() -> None:
    with pytest.raises(BlockedAddress):
        await GuardedNetworkBackend().connect_unix_socket("/var/run/docker.sock")


async def test_resolve_public_returns_every_distinct_answer() -> None:
    resolver = fixed("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "93.184.215.14")
    assert await resolve_public("public.example", 443, resolver=resolver) == [
        "93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"]


async def test_resolve_public_without_answers_is_a_resolution_failure() -> None:
    with pytest.raises(ResolutionFailed):
        await resolve_public("public.example", 443, resolver=fixed())


async def test_system_resolver_failure_is_a_resolution_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    async def nxdomain(*args: Any, **kwargs: Any) -> list:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(asyncio.get_running_loop(), "getaddrinfo", nxdomain)  # no DNS query leaves the test
    with pytest.raises(ResolutionFailed):
        await system_resolver("name.invalid", 80)


@pytest.mark.parametrize("host", ["localhost", "2130706433", "0x7f.1", "127.1"])
async def test_system_resolver_answers_for_disguised_loopback_are_blocked(host: str) -> None:
    """libc turns these into 127.0.0.1 without any DNS query; the guard checks what they became."""
    with pytest.raises(BlockedAddress):
        await resolve_public(host, 80)
