"""Parsing what a person pastes to cite a dataset of the portal: exact examples and a property."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from showcase.exceptions import InvalidInput
from showcase.i18n import use_locale
from showcase.portal.citations import (
    Citation,
    PortalSite,
    dataset_page_url,
    parse_citation,
    parse_citations,
    portal_site_of,
)

PORTAL_URL = "https://data.gov.ma/data/api/3/action/"
SITE = portal_site_of(PORTAL_URL)
PEER = portal_site_of("http://127.0.0.1:5000/api/3/action/")
NAME = "liste-nominative-des-etablissements-hospitaliers-par-categorie"
ARABIC = "laihat-al-mouassasat-as-sihhiya-al-oumoumiya"
UUID = "7c56d73c-2635-429a-877a-a92baa225d11"
RID = "8fbf79f9-b332-4639-aec1-f963d8601262"

EMPTY = "Paste the address of a dataset page of data.gov.ma, or the dataset's name."
OTHER_SITE = ("This link is not on data.gov.ma. Paste the address of a dataset page of data.gov.ma, or the "
              "dataset's name.")
NOT_A_DATASET = ("This link is on data.gov.ma but it is not the page of a dataset. Open the dataset on "
                 "data.gov.ma and copy the address of its page, or paste the dataset's name.")


def bad_name(text: str, host: str = "data.gov.ma") -> str:
    return (f"“{text}” is neither the address of a dataset page nor a dataset name. Paste the address of a "
            f"dataset page of {host}, or the dataset's name (2 to 100 lowercase letters, digits, - or _).")


@pytest.fixture(autouse=True)
def english() -> None:
    with use_locale("en"):
        yield


# -- the portal's site -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("portal_url", "site"), [
    ("https://data.gov.ma/data/api/3/action/", PortalSite("https", "data.gov.ma", "/data")),
    ("https://data.gov.ma/data/api/3/action", PortalSite("https", "data.gov.ma", "/data")),
    ("https://www.data.gov.ma/data/api/3/action/", PortalSite("https", "www.data.gov.ma", "/data")),
    ("https://DATA.gov.ma/data/api/action/", PortalSite("https", "data.gov.ma", "/data")),
    ("https://data.gov.ma:443/data/api/3/action/", PortalSite("https", "data.gov.ma", "/data")),
    ("http://127.0.0.1:5000/api/3/action/", PortalSite("http", "127.0.0.1:5000", "")),
    ("http://localhost:5000/api/3/action", PortalSite("http", "localhost:5000", "")),
    ("https://ckan.example.org/portail/ckan/api/3/action/", PortalSite("https", "ckan.example.org", "/portail/ckan")),
])
def test_portal_site_of(portal_url: str, site: PortalSite) -> None:
    assert portal_site_of(portal_url) == site


@pytest.mark.parametrize(("site", "name", "lang", "url"), [
    (SITE, NAME, "fr", f"https://data.gov.ma/data/fr/dataset/{NAME}"),
    (SITE, ARABIC, "ar", f"https://data.gov.ma/data/ar/dataset/{ARABIC}"),
    (SITE, NAME, None, f"https://data.gov.ma/data/dataset/{NAME}"),
    (PEER, NAME, None, f"http://127.0.0.1:5000/dataset/{NAME}"),
    (PEER, NAME, "fr", f"http://127.0.0.1:5000/fr/dataset/{NAME}"),
    (PORTAL_URL, "abc", "en", "https://data.gov.ma/data/en/dataset/abc"),
])
def test_dataset_page_url(site: PortalSite | str, name: str, lang: str | None, url: str) -> None:
    assert dataset_page_url(site, name, lang) == url


def test_page_urls_parse_back() -> None:
    for site in (SITE, PEER):
        for lang in (None, "fr", "ar", "en"):
            assert parse_citation(dataset_page_url(site, ARABIC, lang), portal_site=site) == Citation(ARABIC, "name")


# -- accepted ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "citation"), [
    # dataset pages in every language path, http or https, with or without www.
    (f"https://data.gov.ma/data/fr/dataset/{NAME}", Citation(NAME, "name")),
    (f"https://data.gov.ma/data/ar/dataset/{ARABIC}", Citation(ARABIC, "name")),
    (f"https://data.gov.ma/data/en/dataset/{NAME}", Citation(NAME, "name")),
    (f"https://data.gov.ma/data/dataset/{NAME}", Citation(NAME, "name")),
    (f"http://data.gov.ma/data/fr/dataset/{NAME}", Citation(NAME, "name")),
    (f"https://www.data.gov.ma/data/fr/dataset/{NAME}", Citation(NAME, "name")),
    (f"http://www.data.gov.ma/data/ar/dataset/{NAME}", Citation(NAME, "name")),
    (f"HTTPS://DATA.GOV.MA/data/fr/dataset/{NAME}", Citation(NAME, "name")),
    (f"https://data.gov.ma:443/data/fr/dataset/{NAME}", Citation(NAME, "name")),
    (f"https://data.gov.ma./data/fr/dataset/{NAME}", Citation(NAME, "name")),
    # query strings, fragments, trailing slashes, double slashes
    (f"https://data.gov.ma/data/fr/dataset/{NAME}?activity_id=12#resources", Citation(NAME, "name")),
    (f"https://data.gov.ma/data/fr/dataset/{NAME}/", Citation(NAME, "name")),
    (f"https://data.gov.ma/data/fr/dataset/{NAME}#", Citation(NAME, "name")),
    (f"https://data.gov.ma/data//fr//dataset//{NAME}", Citation(NAME, "name")),
    # percent-encoding
    ("https://data.gov.ma/data/fr/dataset/carte%2Dsanitaire%2D2019", Citation("carte-sanitaire-2019", "name")),
    ("https://data.gov.ma/data/fr/dataset/carte%2dsanitaire%2d2019", Citation("carte-sanitaire-2019", "name")),
    ("https://data.gov.ma/%64ata/fr/dataset/abc", Citation("abc", "name")),
    # pages under a dataset
    (f"https://data.gov.ma/data/fr/dataset/{NAME}/resource/{RID}", Citation(NAME, "name")),
    (f"https://data.gov.ma/data/ar/dataset/{NAME}/resource/{RID}?inner_span=True", Citation(NAME, "name")),
    (f"https://data.gov.ma/data/dataset/{UUID}/resource/{RID}/download/etablissements.csv", Citation(UUID, "id")),
    (f"https://data.gov.ma/data/fr/dataset/activity/{NAME}", Citation(NAME, "name")),
    (f"https://data.gov.ma/data/fr/dataset/groups/{NAME}", Citation(NAME, "name")),
    (f"https://data.gov.ma/data/fr/dataset/resources/{NAME}", Citation(NAME, "name")),
    (f"https://data.gov.ma/data/fr/dataset/{NAME}.rdf", Citation(NAME, "name")),
    (f"https://data.gov.ma/data/fr/dataset/{NAME}.jsonld", Citation(NAME, "name")),
    # by id
    (f"https://data.gov.ma/data/fr/dataset/{UUID}", Citation(UUID, "id")),
    (f"https://data.gov.ma/data/fr/dataset/{UUID.upper()}", Citation(UUID, "id")),
    # the API address of the dataset
    (f"https://data.gov.ma/data/api/3/action/package_show?id={NAME}", Citation(NAME, "name")),
    (f"https://data.gov.ma/data/api/action/package_show?id={UUID}", Citation(UUID, "id")),
    # without a scheme, and the way people paste links
    (f"data.gov.ma/data/fr/dataset/{NAME}", Citation(NAME, "name")),
    (f"www.data.gov.ma/data/ar/dataset/{NAME}", Citation(NAME, "name")),
    (f"//data.gov.ma/data/fr/dataset/{NAME}", Citation(NAME, "name")),
    (f"  https://data.gov.ma/data/fr/dataset/{NAME}\n", Citation(NAME, "name")),
    (f"<https://data.gov.ma/data/fr/dataset/{NAME}>", Citation(NAME, "name")),
    (f"\"https://data.gov.ma/data/fr/dataset/{NAME}\"", Citation(NAME, "name")),
    (f"(https://data.gov.ma/data/fr/dataset/{NAME}).", Citation(NAME, "name")),
    (f"https://data.gov.ma/data/fr/dataset/{NAME}.", Citation(NAME, "name")),
    (f"«https://data.gov.ma/data/fr/dataset/{NAME}»", Citation(NAME, "name")),
    # bare names and ids
    (NAME, Citation(NAME, "name")),
    (ARABIC, Citation(ARABIC, "name")),
    ("ab", Citation("ab", "name")),
    ("a" * 100, Citation("a" * 100, "name")),
    ("hcp_comptes_nationaux-2023", Citation("hcp_comptes_nationaux-2023", "name")),
    ("Carte-Sanitaire-2019", Citation("carte-sanitaire-2019", "name")),
    (f"  {NAME}  ", Citation(NAME, "name")),
    (UUID, Citation(UUID, "id")),
    (UUID.upper(), Citation(UUID, "id")),
    (f"'{UUID}'", Citation(UUID, "id")),
])
def test_accepted(text: str, citation: Citation) -> None:
    assert parse_citation(text, portal_site=SITE) == citation


def test_portal_site_may_be_given_as_the_portal_url() -> None:
    assert parse_citation(f"https://data.gov.ma/data/fr/dataset/{NAME}", portal_site=PORTAL_URL) == Citation(NAME, "name")


def test_www_portal_accepts_the_bare_host_too() -> None:
    site = portal_site_of("https://www.data.gov.ma/data/api/3/action/")
    assert parse_citation(f"https://data.gov.ma/data/fr/dataset/{NAME}", portal_site=site) == Citation(NAME, "name")
    with pytest.raises(InvalidInput) as caught:
        parse_citation("https://example.org/data/fr/dataset/abc", portal_site=site)
    assert caught.value.errors == {"datasets": OTHER_SITE}


@pytest.mark.parametrize(("text", "citation"), [
    (f"http://127.0.0.1:5000/dataset/{NAME}", Citation(NAME, "name")),
    (f"http://127.0.0.1:5000/fr/dataset/{NAME}", Citation(NAME, "name")),
    (f"http://127.0.0.1:5000/ar/dataset/{ARABIC}/resource/{RID}", Citation(ARABIC, "name")),
    (f"https://127.0.0.1:5000/dataset/{UUID}", Citation(UUID, "id")),
    (f"127.0.0.1:5000/dataset/{NAME}", Citation(NAME, "name")),
    (f"http://127.0.0.1:5000/api/3/action/package_show?id={NAME}", Citation(NAME, "name")),
    (NAME, Citation(NAME, "name")),
])
def test_accepted_on_the_local_peer(text: str, citation: Citation) -> None:
    assert parse_citation(text, portal_site=PEER) == citation


# -- refused -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "message"), [
    ("", EMPTY),
    ("   \n\t", EMPTY),
    ("<>", EMPTY),
    # other sites
    (f"https://example.com/dataset/{NAME}", OTHER_SITE),
    (f"https://www.data.gouv.fr/fr/datasets/{NAME}/", OTHER_SITE),
    (f"https://data.gov.ma.example.com/data/fr/dataset/{NAME}", OTHER_SITE),
    (f"https://evil.example/data/fr/dataset/{NAME}?next=https://data.gov.ma/", OTHER_SITE),
    (f"https://data.gov.ma@evil.example/data/fr/dataset/{NAME}", OTHER_SITE),
    (f"https://opendata.data.gov.ma/data/fr/dataset/{NAME}", OTHER_SITE),
    (f"https://data.gov.ma:8443/data/fr/dataset/{NAME}", OTHER_SITE),
    (f"ftp://data.gov.ma/data/fr/dataset/{NAME}", OTHER_SITE),
    (f"http://127.0.0.1:5000/dataset/{NAME}", OTHER_SITE),
    ("http://[::1", OTHER_SITE),
    ("https://data.gov.ma:99999/data/fr/dataset/abc", OTHER_SITE),
    ("example.com", OTHER_SITE),
    ("nom.avec.points", OTHER_SITE),
    # the portal, but not a dataset page
    ("https://data.gov.ma/", NOT_A_DATASET),
    ("https://data.gov.ma/fr/comment_je_publie_les_donn%C3%A9es", NOT_A_DATASET),
    (f"https://data.gov.ma/fr/dataset/{NAME}", NOT_A_DATASET),  # the Drupal site, not CKAN under /data
    ("https://data.gov.ma/data", NOT_A_DATASET),
    ("https://data.gov.ma/data/fr/", NOT_A_DATASET),
    ("https://data.gov.ma/data/fr/dataset/", NOT_A_DATASET),
    ("https://data.gov.ma/data/fr/dataset?q=sant%C3%A9", NOT_A_DATASET),
    ("https://data.gov.ma/data/fr/dataset/new", NOT_A_DATASET),
    ("https://data.gov.ma/data/ar/dataset/changes/df38ea98-5e8e-41ed-9c4c-511575014ea0", NOT_A_DATASET),
    ("https://data.gov.ma/data/fr/organization/haut-commissariat-au-plan", NOT_A_DATASET),
    ("https://data.gov.ma/data/fr/group/sante", NOT_A_DATASET),
    ("https://data.gov.ma/data/uploads/group/2021-12-03-logo.png", NOT_A_DATASET),
    ("https://data.gov.ma/data/fr/dataset/x", NOT_A_DATASET),
    ("https://data.gov.ma/data/fr/dataset/nom%20avec%20espaces", NOT_A_DATASET),
    ("https://data.gov.ma/data/fr/dataset/%D9%84%D8%A7%D8%A6%D8%AD%D8%A9", NOT_A_DATASET),
    ("https://data.gov.ma/data/api/3/action/package_search?q=sante", NOT_A_DATASET),
    ("https://data.gov.ma/data/api/3/action/package_show", NOT_A_DATASET),
    # impossible names
    ("a", bad_name("a")),
    ("-", bad_name("-")),
    ("new", bad_name("new")),
    ("search", bad_name("search")),
    ("a" * 101, bad_name("a" * 40 + "…")),
    ("nom avec espaces", bad_name("nom avec espaces")),
    ("لائحة-المؤسسات", bad_name("لائحة-المؤسسات")),
    ("données-santé", bad_name("données-santé")),
    ("javascript:alert(1)", bad_name("javascript:alert(1")),
    ("jeu@donnees", bad_name("jeu@donnees")),
    ("\u212aelvin", bad_name("\u212aelvin")),  # the Kelvin sign folds to an ASCII k: still refused
])
def test_refused(text: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_citation(text, portal_site=SITE)
    assert caught.value.errors == {"datasets": message}


def test_refused_on_the_peer_names_the_peer() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_citation(f"https://data.gov.ma/data/fr/dataset/{NAME}", portal_site=PEER)
    assert caught.value.errors == {"datasets": "This link is not on 127.0.0.1:5000. Paste the address of a dataset "
                                               "page of 127.0.0.1:5000, or the dataset's name."}


def test_too_long() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_citation("https://data.gov.ma/data/fr/dataset/" + "a" * 3000, portal_site=SITE)
    assert caught.value.errors == {"datasets": "This is too long to be the address of a dataset page. Paste the "
                                               "address of a dataset page of data.gov.ma, or the dataset's name."}


def test_not_a_string() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_citation(None, portal_site=SITE)  # type: ignore[arg-type]
    assert caught.value.errors == {"datasets": EMPTY}


def test_citation_is_frozen() -> None:
    citation = parse_citation(NAME, portal_site=SITE)
    with pytest.raises(AttributeError):
        citation.key = "autre"  # type: ignore[misc]


# -- several at once -------------------------------------------------------------------------------------------------


def test_parse_citations_one_per_line_without_duplicates() -> None:
    text = f"https://data.gov.ma/data/fr/dataset/{NAME}\n{UUID}\n\n  {NAME}  https://data.gov.ma/data/ar/dataset/{ARABIC}"
    assert parse_citations(text, portal_site=SITE) == [Citation(NAME, "name"), Citation(UUID, "id"),
                                                       Citation(ARABIC, "name")]
    assert parse_citations("", portal_site=SITE) == []


def test_parse_citations_stops_at_the_first_bad_one() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_citations(f"{NAME}\nhttps://example.com/x", portal_site=SITE)
    assert caught.value.errors == {"datasets": OTHER_SITE}


def test_parse_citations_limit() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_citations(" ".join(f"jeu-{n}" for n in range(4)), portal_site=SITE, limit=3)
    assert caught.value.errors == {"datasets": "Cite at most 3 datasets."}


# -- property: any text gives a Citation or InvalidInput, never another exception ----------------------------------

URLISH = st.builds(
    lambda scheme, host, path, tail: f"{scheme}{host}{path}{tail}",
    st.sampled_from(["", "http://", "https://", "//", "ftp://", "HTTPS://", "http:/"]),
    st.sampled_from(["data.gov.ma", "www.data.gov.ma", "DATA.GOV.MA", "data.gov.ma:443", "data.gov.ma:abc",
                     "[::1]", "[", "127.0.0.1:5000", "example.com", "data.gov.ma.", "user@data.gov.ma", ""]),
    st.sampled_from(["", "/", "/data", "/data/fr/dataset/", "/data/ar/dataset/", "/data/dataset/",
                     "/data/fr/dataset/activity/", "/data/api/3/action/package_show?id=", "/fr/"]),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=120),
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(max_size=300), URLISH))
def test_never_raises_anything_but_invalid_input(text: str) -> None:
    for site in (SITE, PEER):
        try:
            citation = parse_citation(text, portal_site=site)
        except InvalidInput as error:
            assert set(error.errors) == {"datasets"}
            assert error.errors["datasets"]
        else:
            assert citation.kind in ("name", "id")
            assert citation.key.isascii() and citation.key == citation.key.lower()
            assert 2 <= len(citation.key) <= 100
            # a citation always round-trips through the page address we would show
            assert parse_citation(dataset_page_url(site, citation.key, "fr"), portal_site=site) == citation
