"""Language choice and Babel formatting."""

from datetime import UTC, datetime

import pytest

from showcase import i18n


@pytest.mark.parametrize(("header", "expected"), [
    ("ar-MA,ar;q=0.9,fr;q=0.8", "ar"),
    ("en-US,en;q=0.9", "en"),
    ("de-DE,de;q=0.9", None),
    ("de;q=0.9,fr;q=0.5", "fr"),
    ("fr;q=0.2,ar;q=0.8", "ar"),
    ("", None),
    ("*", None),
    ("ar;q=abc,en", "en"),
])
def test_negotiate_accept_language(header, expected):
    assert i18n.negotiate(header) == expected


@pytest.mark.parametrize(("query", "cookie", "header", "expected"), [
    ("ar", "en", "fr", "ar"),
    ("xx", "en", "fr", "en"),
    (None, None, "ar", "ar"),
    (None, "klingon", None, "fr"),
    (None, None, None, "fr"),
])
def test_choose_locale_order(query, cookie, header, expected):
    assert i18n.choose_locale(query, cookie, header) == expected


def test_text_direction():
    assert [i18n.text_direction(code) for code in ("fr", "ar", "en")] == ["ltr", "rtl", "ltr"]


def test_numbers_and_dates_follow_locale():
    moment = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
    with i18n.use_locale("fr"):
        assert i18n.format_number(1234567) == "1\u202f234\u202f567"
        assert i18n.format_date(moment, "long") == "5 mars 2026"
    with i18n.use_locale("en"):
        assert i18n.format_number(1234567) == "1,234,567"
        assert i18n.format_date(moment, "long") == "March 5, 2026"
    with i18n.use_locale("ar"):
        assert i18n.format_date(moment, "long") == "5 مارس 2026"


def test_use_locale_restores_previous():
    i18n.set_locale("en")
    with i18n.use_locale("ar"):
        assert i18n.get_locale() == "ar"
    assert i18n.get_locale() == "en"
