"""PORTAL_ORIGIN: derived from PORTAL_URL by default, validated as an origin (scheme, host, port; nothing else)."""

import pytest

from showcase.settings import ConfigError, load_settings


def origin(**env):
    return load_settings({"VAR_DIR": "/tmp/showcase-origin-test", "SECRET_KEY": "x" * 40, **env}).portal_origin


def test_default_comes_from_the_portal_url():
    assert origin() == "https://data.gov.ma"
    assert origin(PORTAL_URL="bundled") == "https://data.gov.ma"
    assert origin(PORTAL_URL="http://ckan.example.ma:5000/api/3/action/") == "http://ckan.example.ma:5000"


def test_an_explicit_origin_is_kept_normalised():
    assert origin(PORTAL_ORIGIN="https://Portail.Example.ma") == "https://portail.example.ma"
    assert origin(PORTAL_ORIGIN="https://portail.example.ma:8443/") == "https://portail.example.ma:8443"
    assert origin(PORTAL_ORIGIN="https://data.gov.ma:443") == "https://data.gov.ma"  # as browsers send it
    assert origin(PORTAL_ORIGIN="http://localhost:80") == "http://localhost"


@pytest.mark.parametrize("bad", ["data.gov.ma", "ftp://data.gov.ma", "https://data.gov.ma/fr", "*",
                                 "https://user:pw@data.gov.ma", "https://data.gov.ma?x=1", "https://", "https://a:99999"])
def test_anything_but_an_origin_is_refused(bad):
    with pytest.raises(ConfigError, match="PORTAL_ORIGIN"):
        origin(PORTAL_ORIGIN=bad)
