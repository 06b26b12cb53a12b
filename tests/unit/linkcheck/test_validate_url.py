"""The early URL check: schemes, credentials, ports, disguised IP literals, hosts."""

from __future__ import annotations

import pytest

from showcase.linkcheck.ssrf import BlockedAddress, InvalidURL, validate_url

ACCEPTED = [
    "http://example.com",
    "https://example.com/",
    "https://data.gov.ma/data/fr/dataset/x?lang=fr#top",
    "HTTPS://Example.COM/Path",
    "http://example.com:80/",
    "https://example.com:443/",
    "http://example.com:443/",
    "https://example.com:1024/",
    "https://example.com:8443/",
    "https://example.com:65535/",
    "https://bücher.example/",  # IDN, sent as xn--bcher-kva.example
    "https://موقع.وزارة-الاتصالات.مصر/",
    "https://example.com./",  # trailing dot
    "https://example\u3002com/",  # ideographic full stop: IDNA reads it as a dot
    "http://8.8.8.8/",
    "http://[2606:4700:4700::1111]/",
    "https://a-b.c-d.example/%20space?q=%C3%A9",
]


@pytest.mark.parametrize("url", ACCEPTED)
def test_validate_url_accepts_public_http_urls(url: str) -> None:
    assert validate_url(url).hostname


def test_validate_url_returns_the_split_url() -> None:
    parts = validate_url("https://example.com:8443/a/b?c=d#e")
    assert (parts.scheme, parts.hostname, parts.port, parts.path, parts.query) == (
        "https", "example.com", 8443, "/a/b", "c=d")


INVALID = [
    "",
    "example.com",  # no scheme
    "//example.com/",
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "gopher://example.com:70/_GET",
    "ftp://example.com/",
    "ws://example.com/",
    "http:///path-only",
    "http://",
    "http://user:password@example.com/",
    "http://user@example.com/",
    "http://:@example.com/",
    "http://example.com@evil.example/",
    "http://evil.example\\@example.com/",  # backslash: parsers disagree
    "http://example.com\\.evil.example/",
    "http://exa mple.com/",
    "http://example.com/\n",
    "http://example.com/\x00",
    "http://example.com:22/",
    "http://example.com:25/",
    "http://example.com:0/",
    "http://example.com:79/",
    "http://example.com:1023/",
    "http://example.com:65536/",
    "http://example.com:-1/",
    "http://example.com:port/",
    "http://intranet/",  # single label: would go through the resolver's search domains
    "http://134744072/",  # 8.8.8.8 as an integer: public, but not a canonical spelling
    "http://8.8.2056/",
    "http://a.b.1/",  # WHATWG "ends in a number"
    "http://example.0x1/",
    "http://[fe80::1%25eth0]/",
    "http://[::1/",
    "https://example.com/" + "a" * 5000,
]


@pytest.mark.parametrize("url", INVALID)
def test_validate_url_refuses_malformed_or_unsafe_urls(url: str) -> None:
    with pytest.raises(InvalidURL):
        validate_url(url)


BLOCKED = [
    "http://127.0.0.1/",
    "http://127.0.0.1:8080/",
    "http://10.0.0.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/",
    "http://0.0.0.0/",
    "http://[::1]/",
    "http://[::]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:a9fe:a9fe]/",
    "http://[64:ff9b::7f00:1]/",
    "http://[fd00::1]/",
    "http://2130706433/",  # 127.0.0.1 as a decimal integer
    "http://0x7f000001/",  # ... as hexadecimal
    "http://0x7f.1/",
    "http://0177.0.0.1/",  # octal
    "http://127.1/",
    "http://127.0.1/",
    "http://0/",
    "http://017700000001/",
    "http://0xa9.0xfe.0xa9.0xfe/",  # 169.254.169.254 in hex
    "http://localhost/",
    "http://LOCALHOST:8000/",
    "http://api.localhost/",
    "http://localhost./",
    "http://127\u30020\u30020\u30021/",  # ideographic full stops: httpx connects to 127.0.0.1
    "http://0x7f.0.0.1./",
]


@pytest.mark.parametrize("url", BLOCKED)
def test_validate_url_blocks_internal_addresses_in_any_spelling(url: str) -> None:
    with pytest.raises(BlockedAddress):
        validate_url(url)


def test_validate_url_error_says_what_a_disguised_address_means() -> None:
    with pytest.raises(BlockedAddress) as caught:
        validate_url("http://2130706433/")
    assert caught.value.reason == "2130706433 means 127.0.0.1, which is not public: loopback address"


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080/", "http://localhost:8080/", "http://[::1]:8080/"])
def test_validate_url_with_allow_private_accepts_loopback_for_tests(url: str) -> None:
    assert validate_url(url, allow_private=True).port == 8080


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://u:p@127.0.0.1/", "http://127.0.0.1:22/"])
def test_validate_url_with_allow_private_keeps_the_other_rules(url: str) -> None:
    with pytest.raises(InvalidURL):
        validate_url(url, allow_private=True)
