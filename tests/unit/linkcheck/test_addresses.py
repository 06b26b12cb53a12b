"""Which addresses count as public destinations: a table of exact answers plus properties over whole ranges."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from showcase.linkcheck.ssrf import blocked_reason, is_public_address

PUBLIC = [
    "8.8.8.8",
    "1.1.1.1",
    "93.184.215.14",
    "41.248.0.1",  # Maroc Telecom
    "100.63.255.255",  # just below CGNAT
    "100.128.0.0",  # just above CGNAT
    "172.15.255.255",  # just below 172.16/12
    "172.32.0.0",  # just above 172.16/12
    "169.253.255.255",
    "192.167.255.255",
    "223.255.255.255",
    "2606:4700:4700::1111",
    "2001:4860:4860::8888",
    "2a00:1450:4007:80f::200e",
    "::ffff:8.8.8.8",  # IPv4-mapped public
    "64:ff9b::808:808",  # NAT64 well-known prefix, public IPv4 inside
    "2002:808:808::1",  # 6to4, public IPv4 inside
    ipaddress.ip_address("8.8.4.4"),
]

NOT_PUBLIC = [
    # IPv4
    "0.0.0.0",
    "0.1.2.3",
    "10.0.0.1",
    "10.255.255.255",
    "100.64.0.1",  # CGNAT: the stdlib calls it neither private nor global
    "100.127.255.254",
    "127.0.0.1",
    "127.255.255.254",
    "169.254.169.254",  # cloud metadata
    "169.254.0.1",
    "172.16.0.1",
    "172.31.255.255",
    "192.0.0.9",  # IETF protocol assignments (3.11.7's stdlib calls this one global)
    "192.0.0.170",
    "192.0.2.1",  # TEST-NET-1
    "192.88.99.1",  # 6to4 relay anycast
    "192.168.1.1",
    "198.18.0.1",  # benchmarking
    "198.19.255.255",
    "198.51.100.7",  # TEST-NET-2
    "203.0.113.9",  # TEST-NET-3
    "224.0.0.1",  # multicast
    "239.255.255.250",
    "240.0.0.1",  # reserved
    "255.255.255.255",  # broadcast
    # IPv6
    "::",
    "::1",
    "[::1]",
    "::ffff:127.0.0.1",  # IPv4-mapped loopback
    "::ffff:7f00:1",
    "::ffff:10.0.0.1",
    "::ffff:169.254.169.254",
    "::127.0.0.1",  # IPv4-compatible (deprecated), even for a public IPv4
    "::8.8.8.8",
    "64:ff9b::7f00:1",  # NAT64 with loopback inside
    "64:ff9b::a00:1",  # NAT64 with 10.0.0.1 inside
    "64:ff9b:1::1",  # local-use NAT64
    "2002:7f00:1::",  # 6to4 with loopback inside
    "2002:a9fe:a9fe::1",  # 6to4 with the metadata address inside
    "2002:c0a8:101::1",  # 6to4 with 192.168.1.1 inside
    "2001::1",  # Teredo
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo, public server and client
    "2001:10::1",  # ORCHID
    "2001:20::1",  # ORCHIDv2
    "2001:db8::1",  # documentation
    "3fff::1",  # documentation (RFC 9637)
    "5f00::1",  # SRv6
    "100::1",  # discard-only
    "fc00::1",  # unique local
    "fd12:3456:789a::1",
    "fe80::1",  # link-local
    "fe80::1%eth0",
    "febf::1",
    "fec0::1",  # site-local (deprecated)
    "ff02::1",  # multicast
    "ff05::1:3",
    "4000::1",  # outside 2000::/3: unassigned
    "e000::1",
    # not addresses at all
    "",
    "localhost",
    "example.com",
    "2130706433",
    "0x7f000001",
    "127.1",
    "999.1.1.1",
]


@pytest.mark.parametrize("address", PUBLIC, ids=str)
def test_is_public_address_true_for_routable_unicast(address: str) -> None:
    assert is_public_address(address) is True
    assert blocked_reason(address) is None


@pytest.mark.parametrize("address", NOT_PUBLIC, ids=str)
def test_is_public_address_false_for_internal_or_special(address: str) -> None:
    assert is_public_address(address) is False


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback address"),
        ("169.254.169.254", "link-local address"),
        ("100.64.0.1", "shared (CGNAT) address"),
        ("fd00::1", "unique local address"),
        ("::ffff:127.0.0.1", "loopback address (127.0.0.1 embedded in ::ffff:7f00:1)"),
        ("2001::1", "Teredo tunnel address"),
        ("not-an-ip", "not an IP address"),
    ],
)
def test_blocked_reason_names_the_category(address: str, reason: str) -> None:
    assert blocked_reason(address) == reason


PRIVATE_V4_RANGES = [
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
    "224.0.0.0/4", "240.0.0.0/4",
]
PRIVATE_V6_RANGES = ["fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8", "2001:db8::/32", "2001::/32", "::/96"]


def _address_in(networks: list[str]) -> st.SearchStrategy:
    def pick(network: str) -> st.SearchStrategy:
        net = ipaddress.ip_network(network)
        first = int(net.network_address)
        make = ipaddress.IPv4Address if net.version == 4 else ipaddress.IPv6Address
        return st.integers(first, first + net.num_addresses - 1).map(make)

    return st.sampled_from(networks).flatmap(pick)


@given(_address_in(PRIVATE_V4_RANGES))
def test_private_ipv4_never_public_in_any_spelling(address: ipaddress.IPv4Address) -> None:
    packed = int(address)
    spellings = [
        address,
        str(address),
        ipaddress.IPv6Address(f"::ffff:{address}"),  # IPv4-mapped
        ipaddress.IPv6Address(packed),  # IPv4-compatible
        ipaddress.IPv6Address((0x0064_FF9B << 96) | packed),  # NAT64
        ipaddress.IPv6Address((0x2002 << 112) | (packed << 80) | 1),  # 6to4
    ]
    assert [is_public_address(spelling) for spelling in spellings] == [False] * len(spellings)


@given(_address_in(PRIVATE_V6_RANGES))
def test_special_ipv6_never_public(address: ipaddress.IPv6Address) -> None:
    assert is_public_address(address) is False


@given(st.integers(0, 2**32 - 1).map(ipaddress.IPv4Address))
def test_embedded_ipv4_forms_agree_with_the_ipv4_itself(address: ipaddress.IPv4Address) -> None:
    mapped = ipaddress.IPv6Address(f"::ffff:{address}")
    nat64 = ipaddress.IPv6Address((0x0064_FF9B << 96) | int(address))
    assert (is_public_address(mapped), is_public_address(nat64)) == (is_public_address(address),) * 2


@given(st.integers(0, 2**32 - 1).map(ipaddress.IPv4Address))
def test_public_ipv4_is_global_for_the_stdlib_too(address: ipaddress.IPv4Address) -> None:
    if is_public_address(address):
        assert address.is_global and not address.is_private and not address.is_multicast
