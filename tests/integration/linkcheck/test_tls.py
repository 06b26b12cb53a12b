"""TLS through the guard: the socket goes to the vetted IP, SNI and certificate checks stay on the URL's name."""

from __future__ import annotations

import ssl
from functools import partial

import pytest

from showcase.linkcheck import check_url, guarded_client
from tests.integration.linkcheck.conftest import LoopbackServer

pytestmark = pytest.mark.anyio


async def to_loopback(host: str, port: int) -> list[str]:
    return ["127.0.0.1"]


async def test_tls_verifies_the_certificate_of_the_url_name_over_the_vetted_ip(
        tls_loopback: LoopbackServer, tls_material: tuple[ssl.SSLContext, ssl.SSLContext]) -> None:
    factory = partial(guarded_client, verify=tls_material[1])
    url = tls_loopback.url("/ok", host="public.example", scheme="https")
    result = await check_url(url, client_factory=factory, resolver=to_loopback, allow_private=True)
    assert (result.ok, result.status, result.reason) == (True, 200, "ok")
    assert tls_loopback.sni == ["public.example"]
    assert [seen.host for seen in tls_loopback.requests] == [f"public.example:{tls_loopback.port}"]


async def test_tls_certificate_for_another_name_is_a_tls_failure(
        tls_loopback: LoopbackServer, tls_material: tuple[ssl.SSLContext, ssl.SSLContext]) -> None:
    factory = partial(guarded_client, verify=tls_material[1])
    url = tls_loopback.url("/ok", host="other.example", scheme="https")
    result = await check_url(url, client_factory=factory, resolver=to_loopback, allow_private=True)
    assert (result.ok, result.status, result.reason) == (False, None, "tls")
    assert tls_loopback.requests == []


async def test_tls_untrusted_authority_is_a_tls_failure(tls_loopback: LoopbackServer) -> None:
    url = tls_loopback.url("/ok", host="public.example", scheme="https")
    result = await check_url(url, resolver=to_loopback, allow_private=True)
    assert (result.ok, result.reason) == (False, "tls")
    assert tls_loopback.requests == []
