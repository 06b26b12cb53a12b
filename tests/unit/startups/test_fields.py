"""Pure helpers of the startup form: slugs, web addresses, numbers, search keys."""

import pytest

from showcase.exceptions import InvalidInput
from showcase.i18n import use_locale
from showcase.startups import rules
from showcase.startups.fields import (
    clean_descriptions,
    clean_founded_year,
    clean_profile,
    clean_slug,
    clean_team_size,
    normalize_website,
    search_key,
    slugify,
)


@pytest.fixture(autouse=True)
def english():
    with use_locale("en"):
        yield


@pytest.mark.parametrize(("text", "slug"), [
    ("Souss Agri Data", "souss-agri-data"),
    ("École Numérique — Fès", "ecole-numerique-fes"),
    ("L’Oriental Mobilité", "loriental-mobilite"),
    ("Cœur & Santé", "coeur-sante"),
    ("  --Rabat   Civic--Tech--  ", "rabat-civic-tech"),
    ("تمويل", "tmwyl"),
    ("المغرب الرقمي", "almghrb-alrqmy"),
    ("دَرْب", "drb"),  # harakat dropped
    ("بيانات ٢٠٢٤", "byanat-2024"),  # Arabic-Indic digits
    ("Atlas ذكاء", "atlas-dhka"),
    ("!!!", ""),
    ("", ""),
])
def test_slugify(text, slug):
    assert slugify(text) == slug


def test_slugify_cuts_long_names_between_words():
    assert slugify("alpha " * 20, max_length=20) == "alpha-alpha-alpha"
    assert slugify("a" * 100) == "a" * 80


def test_clean_slug():
    assert clean_slug("", name="Souss Agri") == "souss-agri"
    assert clean_slug("  My Startup ", name="x") == "my-startup"
    assert clean_slug("", name="!!!") == "startup"
    with pytest.raises(InvalidInput) as bad:
        clean_slug("???", name="x")
    assert bad.value.errors == {"slug": "Use letters, digits and hyphens in the address (example: souss-agri)."}
    with pytest.raises(InvalidInput) as reserved:
        clean_slug("New", name="x")
    assert reserved.value.errors == {"slug": "This address is reserved. Choose another one."}
    with pytest.raises(InvalidInput) as short:
        clean_slug("a", name="x")
    assert short.value.errors == {"slug": "Use at least 2 characters in the address."}


@pytest.mark.parametrize(("raw", "normalised"), [
    ("", ""),
    ("   ", ""),
    ("example.ma", "https://example.ma/"),
    ("www.Example.MA/Produits", "https://www.example.ma/Produits"),
    ("HTTP://Example.ma:80/a?b=1#top", "http://example.ma/a?b=1"),
    ("https://example.ma:443", "https://example.ma/"),
    ("https://example.ma:8443/x", "https://example.ma:8443/x"),
    ("  https://souss-agri.ma/fr/  ", "https://souss-agri.ma/fr/"),
    ("https://مثال.المغرب/", "https://xn--mgbh0fb.xn--mgbc0a9azcg/"),
    ("example.ma:8080", "https://example.ma:8080/"),
])
def test_normalize_website(raw, normalised):
    assert normalize_website(raw) == normalised


@pytest.mark.parametrize("raw", [
    "javascript:alert(1)", "mailto:contact@example.ma", "ftp://example.ma", "data:text/html,hi", "localhost",
    "https://", "http://exa mple.ma", "https://user:pass@example.ma", "https://example.ma:99999",
    "https://-bad-.ma", "https://example.ma/" + "x" * 300, "http://exa\tmple.ma",
])
def test_normalize_website_refuses(raw):
    with pytest.raises(InvalidInput) as refused:
        normalize_website(raw)
    assert refused.value.errors == {
        "website": "Enter a web address starting with http:// or https:// (example: https://example.ma)."}


def test_numbers():
    assert clean_founded_year("", current_year=2026) is None
    assert clean_founded_year(" 1900 ", current_year=2026) == 1900
    assert clean_founded_year("٢٠٢٦", current_year=2026) == 2026
    for bad in ("1899", "2027", "twenty", "20.5", "-2000"):
        with pytest.raises(InvalidInput) as refused:
            clean_founded_year(bad, current_year=2026)
        assert refused.value.errors == {"founded_year": "Enter a year between 1900 and 2026."}
    assert clean_team_size("10000") == 10000
    assert clean_team_size("1") == 1
    for bad in ("0", "10001", "3 people", "1e3"):
        with pytest.raises(InvalidInput) as refused:
            clean_team_size(bad)
        assert refused.value.errors == {"team_size": "Enter a number of people between 1 and 10000."}


def test_descriptions_need_one_language():
    assert clean_descriptions("  Bonjour ", "") == ("Bonjour", "")
    assert clean_descriptions("", "مرحبا") == ("", "مرحبا")
    with pytest.raises(InvalidInput) as refused:
        clean_descriptions(" ", "\n")
    message = "Describe the startup in French or in Arabic (or both)."
    assert refused.value.errors == {"description_fr": message, "description_ar": message}


def test_clean_profile_reports_every_field_at_once():
    with pytest.raises(InvalidInput) as refused:
        clean_profile({"name": "", "region": "mars", "website": "ftp://x.ma", "team_size": "0"}, current_year=2026)
    assert sorted(refused.value.errors) == ["description_ar", "description_fr", "name", "region", "team_size", "website"]
    cleaned = clean_profile({"name": " Atlas  Mobility ", "description_ar": "نص", "region": "casablanca-settat",
                             "stage": "growth", "slug": ""}, current_year=2026, current_slug="atlas")
    assert cleaned == {"name": "Atlas Mobility", "slug": "atlas", "description_fr": "", "description_ar": "نص",
                       "region": "casablanca-settat", "city": "", "website": "", "founded_year": None,
                       "team_size": None, "stage": "growth"}


def test_search_key():
    assert search_key("  École  NUMÉRIQUE ") == "ecole numerique"
    assert search_key("إِبْدَاع") == search_key("ابداع") == "ابداع"
    assert search_key("مدرسة") == "مدرسه"


class _User:
    def __init__(self, user_id=1, *, verified=True, admin=False):
        self.id, self.email_verified, self.is_admin = user_id, verified, admin


def test_rules():
    owner, member, admin = _User(1), _User(2), _User(3, admin=True)
    assert (rules.can_create_startup(owner), rules.can_create_startup(_User(verified=False)),
            rules.can_create_startup(None)) == (True, False, False)
    assert [rules.can_edit_startup(u, r) for u, r in ((owner, "owner"), (member, "member"), (admin, None), (None, None))] == [
        True, False, True, False]
    assert [rules.can_manage_members(u, r) for u, r in ((owner, "owner"), (member, "member"), (admin, None))] == [
        True, False, False]
    assert [rules.can_view_members(u, r) for u, r in ((member, "member"), (_User(9), None), (admin, None))] == [
        True, False, True]
    assert rules.can_remove_member(owner, "owner", target_user_id=2, target_role="member") is True
    assert rules.can_remove_member(owner, "owner", target_user_id=1, target_role="owner") is False
    assert rules.can_remove_member(member, "member", target_user_id=1, target_role="owner") is False
