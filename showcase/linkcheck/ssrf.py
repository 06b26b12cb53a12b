"""SSRF guard for fetching user-supplied URLs: address rules, URL rules and a connect-time httpx transport.

Checking a URL string, or resolving its host once before the request, is not enough (the lesson of
opendatateam/udata's `udata/ssrf.py`): a DNS answer can change between the check and the connection
(rebinding), an address has many spellings (`::ffff:7f00:1`, `2130706433`, `0x7f.1`), and any hop can
redirect inside. So the rules are enforced where the socket is opened: `GuardedTransport` resolves the host
itself, refuses the connection when ANY resolved address is not public, and connects to a vetted IP. httpcore
then runs TLS over that socket with `server_hostname` set to the URL's host, so SNI and certificate
verification stay on the original name; the `Host` header is the URL's too.

`validate_url` is the cheap early check (scheme, credentials, port, IP literals); callers run it on every hop
and the transport re-checks the address of every connection.

Usage::

    async with guarded_client(timeout=10.0) as client:
        validate_url(url)
        response = await client.head(url)     # raises BlockedAddress for an internal destination
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from collections.abc import Awaitable, Callable, Iterable
from typing import Any
from urllib.parse import SplitResult, urlsplit

import httpcore
import httpx

__all__ = [
    "BlockedAddress",
    "GuardedNetworkBackend",
    "GuardedTransport",
    "InvalidURL",
    "ResolutionFailed",
    "Resolver",
    "UnsafeURL",
    "blocked_reason",
    "guarded_client",
    "is_public_address",
    "resolve_public",
    "system_resolver",
    "validate_url",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[str]]]
"""`async (host, port) -> [ip, ...]`; tests inject one to simulate DNS answers, including rebinding."""

ALLOWED_SCHEMES = frozenset({"http", "https"})
ALLOWED_LOW_PORTS = frozenset({80, 443})
MIN_HIGH_PORT = 1024
MAX_URL_LENGTH = 4096

_V4 = ipaddress.IPv4Network
_V6 = ipaddress.IPv6Network
# Non-public IPv4 blocks (IANA special-purpose registry and friends), named so a refusal says why. Checked in
# addition to the stdlib flags, whose lists differ between Python releases (3.11.7 calls 192.0.0.9 global).
_IPV4_BLOCKS: tuple[tuple[ipaddress.IPv4Network, str], ...] = (
    (_V4("0.0.0.0/8"), "'this network' address"),
    (_V4("10.0.0.0/8"), "private address"),
    (_V4("100.64.0.0/10"), "shared (CGNAT) address"),
    (_V4("127.0.0.0/8"), "loopback address"),
    (_V4("169.254.0.0/16"), "link-local address"),  # includes the cloud metadata service 169.254.169.254
    (_V4("172.16.0.0/12"), "private address"),
    (_V4("192.0.0.0/24"), "IETF protocol assignment"),
    (_V4("192.0.2.0/24"), "documentation address"),
    (_V4("192.88.99.0/24"), "6to4 relay anycast address"),
    (_V4("192.168.0.0/16"), "private address"),
    (_V4("198.18.0.0/15"), "benchmarking address"),
    (_V4("198.51.100.0/24"), "documentation address"),
    (_V4("203.0.113.0/24"), "documentation address"),
    (_V4("224.0.0.0/4"), "multicast address"),
    (_V4("240.0.0.0/4"), "reserved address"),  # includes the broadcast 255.255.255.255
)
_IPV6_BLOCKS: tuple[tuple[ipaddress.IPv6Network, str], ...] = (
    (_V6("::/128"), "unspecified address"),
    (_V6("::1/128"), "loopback address"),
    (_V6("::/96"), "IPv4-compatible address (deprecated)"),
    (_V6("64:ff9b:1::/48"), "local-use NAT64 address"),
    (_V6("100::/64"), "discard-only address"),
    (_V6("2001::/32"), "Teredo tunnel address"),
    (_V6("2001::/23"), "IETF protocol assignment"),
    (_V6("2001:db8::/32"), "documentation address"),
    (_V6("3fff::/20"), "documentation address"),
    (_V6("5f00::/16"), "segment routing (SRv6) address"),
    (_V6("fc00::/7"), "unique local address"),
    (_V6("fe80::/10"), "link-local address"),
    (_V6("fec0::/10"), "site-local address (deprecated)"),
    (_V6("ff00::/8"), "multicast address"),
)
_IPV6_GLOBAL_UNICAST = _V6("2000::/3")
_NAT64_WELL_KNOWN = _V6("64:ff9b::/96")  # RFC 6052: the gateway forwards to the embedded IPv4
# A host whose last label is a number is parsed as an IPv4 address by browsers (WHATWG "ends in a number").
_NUMERIC_LABEL = re.compile(r"[0-9]+|0x[0-9a-f]*")
_IDNA_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})  # label separators for IDNA


class UnsafeURL(Exception):
    """A URL or address the link checker refuses to fetch; `reason` says why in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class BlockedAddress(UnsafeURL):
    """The destination is, or resolves to, an address that is not publicly routable."""


class InvalidURL(UnsafeURL):
    """The URL itself is refused: scheme, credentials, port, an odd IP spelling, a malformed host."""


class ResolutionFailed(Exception):
    """The host name did not resolve (NXDOMAIN, no address, resolver failure)."""


def _as_address(ip: str | IPAddress) -> IPAddress | None:
    if isinstance(ip, ipaddress.IPv4Address | ipaddress.IPv6Address):
        return ip
    try:
        return ipaddress.ip_address(ip.strip().removeprefix("[").removesuffix("]"))
    except ValueError:
        return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv4-mapped, 6to4 or NAT64 (64:ff9b::/96) address routes to."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64_WELL_KNOWN:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def blocked_reason(ip: str | IPAddress) -> str | None:
    """Why `ip` is not a public destination, or None when it is."""
    address = _as_address(ip)
    if address is None:
        return "not an IP address"
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            inner = blocked_reason(embedded)
            return None if inner is None else f"{inner} ({embedded} embedded in {address})"
        for network, label in _IPV6_BLOCKS:
            if address in network:
                return label
        if address not in _IPV6_GLOBAL_UNICAST:
            return "reserved address"
    else:
        for network, label in _IPV4_BLOCKS:
            if address in network:
                return label
    flags = (
        ("multicast address", address.is_multicast),
        ("unspecified address", address.is_unspecified),
        ("loopback address", address.is_loopback),
        ("link-local address", address.is_link_local),
        ("reserved address", address.is_reserved),
        ("private address", address.is_private),
        ("non-global address", not address.is_global),
    )
    return next((label for label, flagged in flags if flagged), None)


def is_public_address(ip: str | IPAddress) -> bool:
    """Whether `ip` is a globally routable unicast address (anything unparsable is not)."""
    return blocked_reason(ip) is None


def _check_address(host: str, ip: str, *, allow_private: bool) -> None:
    reason = blocked_reason(ip)
    if reason is None or (allow_private and _as_address(ip) is not None):
        return
    if host == ip:
        raise BlockedAddress(f"{ip} is not public: {reason}")
    raise BlockedAddress(f"{host} resolves to {ip}, which is not public: {reason}")


async def system_resolver(host: str, port: int) -> list[str]:
    """The addresses of `host` from the event loop's getaddrinfo, in the order the system prefers."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ResolutionFailed(f"{host} does not resolve: {exc}") from exc
    return [str(info[4][0]) for info in infos]


def _unique(addresses: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(addresses))


async def resolve_public(host: str, port: int, *, resolver: Resolver | None = None,
                         allow_private: bool = False) -> list[str]:
    """Every address of `host`; raises BlockedAddress if ANY of them is not public, ResolutionFailed if none."""
    literal = _as_address(host)
    if literal is not None:
        addresses = [str(literal)]
    else:
        addresses = _unique(await (resolver or system_resolver)(host, port))
    if not addresses:
        raise ResolutionFailed(f"{host} has no address")
    for ip in addresses:
        _check_address(host, ip, allow_private=allow_private)
    return addresses


def _inet_aton_address(host: str) -> ipaddress.IPv4Address | None:
    """What `inet_aton` (and browsers) make of numeric hosts like 2130706433, 0x7f.1 or 0177.0.0.1."""
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except (OSError, ValueError):
        return None


def _check_host(host: str, *, allow_private: bool) -> None:
    bare = host.translate(_IDNA_DOTS).removeprefix("[").removesuffix("]").rstrip(".").lower()
    if not bare:
        raise InvalidURL("the URL has no host")
    literal = _as_address(bare)
    if literal is not None:
        if "%" in bare:
            raise InvalidURL(f"{host}: IPv6 zone identifiers are not allowed")
        _check_address(str(literal), str(literal), allow_private=allow_private)
        return
    numeric = _inet_aton_address(bare)
    if numeric is not None or _NUMERIC_LABEL.fullmatch(bare.rsplit(".", 1)[-1]):
        if numeric is not None and not allow_private and not is_public_address(numeric):
            raise BlockedAddress(f"{host} means {numeric}, which is not public: {blocked_reason(numeric)}")
        raise InvalidURL(f"{host} is not a canonical IP address nor a domain name")
    if bare == "localhost" or bare.endswith(".localhost"):
        if not allow_private:
            raise BlockedAddress(f"{host} is a loopback name")
        return
    if "." not in bare and not allow_private:
        raise InvalidURL(f"{host} is not a fully qualified domain name")


def validate_url(url: str, *, allow_private: bool = False) -> SplitResult:
    """Split `url` after checking it may be fetched; raises InvalidURL or BlockedAddress otherwise."""
    if not isinstance(url, str) or not url:
        raise InvalidURL("the URL is empty")
    if len(url) > MAX_URL_LENGTH:
        raise InvalidURL(f"the URL is longer than {MAX_URL_LENGTH} characters")
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F or ch == "\\" for ch in url):
        raise InvalidURL("the URL contains whitespace, control characters or backslashes")
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise InvalidURL(f"the URL is malformed: {exc}") from exc
    if parts.scheme not in ALLOWED_SCHEMES:
        raise InvalidURL(f"the scheme {parts.scheme or '(none)'!r} is not allowed, only http and https")
    if "@" in parts.netloc:
        raise InvalidURL("credentials in URLs are not allowed")
    if not parts.hostname:
        raise InvalidURL("the URL has no host")
    _check_host(parts.hostname, allow_private=allow_private)
    try:
        port = parts.port
        parsed = httpx.URL(url)
    except (ValueError, httpx.InvalidURL) as exc:
        raise InvalidURL(f"the URL is malformed: {exc}") from exc
    if port is not None and port not in ALLOWED_LOW_PORTS and port < MIN_HIGH_PORT:
        raise InvalidURL(f"port {port} is not allowed (80, 443 or 1024-65535)")
    if parsed.host != parts.hostname:  # what httpx will connect to, so a parser differential cannot slip by
        _check_host(parsed.host, allow_private=allow_private)
    return parts


class GuardedNetworkBackend(httpcore.AsyncNetworkBackend):
    """Opens TCP connections only to vetted addresses: resolves, checks every answer, connects to the IP."""

    def __init__(self, *, resolver: Resolver | None = None, allow_private: bool = False,
                 inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self._resolver = resolver
        self._allow_private = allow_private
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: Iterable[Any] | None = None) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                addresses = await resolve_public(host, port, resolver=self._resolver,
                                                 allow_private=self._allow_private)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from exc
        failure: Exception | None = None
        for ip in addresses:  # the vetted IPs themselves: nothing resolves the name again
            try:
                return await self._inner.connect_tcp(ip, port, timeout=timeout, local_address=local_address,
                                                     socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        assert failure is not None
        raise failure

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Iterable[Any] | None = None) -> httpcore.AsyncNetworkStream:
        raise BlockedAddress("Unix sockets are not allowed")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class GuardedTransport(httpx.AsyncHTTPTransport):
    """`httpx.AsyncHTTPTransport` whose every connection goes through `GuardedNetworkBackend`; no proxy."""

    def __init__(self, *, resolver: Resolver | None = None, allow_private: bool = False,
                 verify: Any = True, limits: httpx.Limits = httpx.Limits(max_connections=10)) -> None:
        ssl_context = httpx.create_ssl_context(verify=verify, trust_env=False)
        super().__init__(verify=ssl_context, limits=limits, trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(  # replaces the parent's pool: same settings, guarded backend
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedNetworkBackend(resolver=resolver, allow_private=allow_private),
        )


def guarded_client(*, timeout: float = 10.0, resolver: Resolver | None = None, allow_private: bool = False,
                   verify: Any = True, headers: dict[str, str] | None = None) -> httpx.AsyncClient:
    """An AsyncClient on `GuardedTransport`: no redirects followed, no proxy or .netrc from the environment.

    `allow_private=True` is for tests against servers on 127.0.0.1 only; nothing in the application passes it.
    """
    return httpx.AsyncClient(
        transport=GuardedTransport(resolver=resolver, allow_private=allow_private, verify=verify),
        timeout=httpx.Timeout(timeout), follow_redirects=False, trust_env=False, headers=headers,
    )
