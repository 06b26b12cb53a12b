"""What a person pastes to cite a dataset of the portal, and the portal's page addresses. Pure: no I/O.

Accepted, for PORTAL_URL = https://data.gov.ma/data/api/3/action/ (CKAN mounted under /data):

* a dataset page in any language: https://data.gov.ma/data/fr/dataset/<name>, /data/ar/dataset/<name>,
  /data/dataset/<name> — http or https, with or without www., a query string, a fragment, a trailing slash,
  percent-encoding, or no scheme at all (data.gov.ma/data/fr/dataset/<name>);
* a page under a dataset (/dataset/<name>/resource/<rid>, /dataset/activity/<name>, ...) -> that dataset;
* the API address of the dataset (.../api/3/action/package_show?id=<name or id>);
* a bare dataset name (CKAN: 2-100 characters of a-z, 0-9, - and _) or a dataset id (a UUID).

A portal without a prefix (the local peer at http://127.0.0.1:5000/api/3/action/) has the same pages
without /data: http://127.0.0.1:5000/dataset/<name>, http://127.0.0.1:5000/fr/dataset/<name>.

Anything else raises InvalidInput({"datasets": message}) with a message for the person who pasted it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qs, quote, unquote, urlsplit

from showcase.exceptions import InvalidInput
from showcase.i18n import gettext as _

FIELD = "datasets"
MAX_INPUT = 2000  # characters: longer is not an address someone copied
NAME_RE = re.compile(r"[a-z0-9_-]{2,100}")
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
LOCALE_RE = re.compile(r"[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8}){0,2}")
RESERVED_NAMES = frozenset({"new", "edit", "search"})  # CKAN's name_validator refuses these
# /dataset/<view>/<name>: pages about one dataset whose name comes second.
NAME_SECOND = frozenset({"edit", "groups", "activity", "resources", "followers", "collaborators", "history"})
# /dataset/<this>...: pages that are not about one dataset (changes/<id> carries an activity id).
NOT_A_DATASET = frozenset({"new", "changes", "changes_multiple", "search"})
METADATA_SUFFIXES = (".rdf", ".ttl", ".jsonld", ".n3", ".xml", ".json")  # ckanext-dcat's /dataset/<name>.rdf
WRAPPERS = "<>\"'“”‘’«»`()[]"
TRAILING = ".,;:!?"


@dataclass(frozen=True, slots=True)
class PortalSite:
    """Where the portal's pages live: scheme, host ("data.gov.ma", "127.0.0.1:5000") and CKAN's mount point
    ("/data" on data.gov.ma, "" for a CKAN at the root)."""

    scheme: str
    host: str
    prefix: str = ""

    @property
    def display_host(self) -> str:
        """The host as people write it, for messages: without "www."."""
        return self.host.removeprefix("www.")

    @property
    def root(self) -> str:
        return f"{self.scheme}://{self.host}{self.prefix}"


@dataclass(frozen=True, slots=True)
class Citation:
    """A dataset of the portal: `key` is a dataset name (kind "name") or id (kind "id"), as package_show takes it."""

    key: str
    kind: Literal["name", "id"]


def portal_site_of(portal_url: str) -> PortalSite:
    """The site of an Action API base: https://data.gov.ma/data/api/3/action/ -> (https, data.gov.ma, /data)."""
    parts = urlsplit(portal_url.strip())
    scheme = (parts.scheme or "https").lower()
    host = _host_key(parts.hostname or "", _port(parts), scheme, keep_www=True)
    path = parts.path.rstrip("/")
    path = re.sub(r"/api(?:/\d+)?(?:/action)?$", "", path)
    return PortalSite(scheme=scheme, host=host, prefix=path.rstrip("/"))


def dataset_page_url(site: PortalSite | str, name: str, lang: str | None = None) -> str:
    """The dataset's page: https://data.gov.ma/data/fr/dataset/<name>; without `lang`, CKAN's default-language
    page https://data.gov.ma/data/dataset/<name>. CKAN serves /<lang>/dataset/<name> for every offered locale
    (checked on the peer: /fr/, /ar/ and /en/ all answer 200)."""
    if isinstance(site, str):
        site = portal_site_of(site)
    language = f"/{lang}" if lang else ""
    return f"{site.root}{language}/dataset/{quote(name, safe='')}"


def parse_citation(text: str, *, portal_site: PortalSite | str) -> Citation:
    """The dataset that `text` cites; InvalidInput({"datasets": message}) when it cites none of the portal."""
    site = portal_site_of(portal_site) if isinstance(portal_site, str) else portal_site
    host = site.display_host
    if not isinstance(text, str):
        raise InvalidInput({FIELD: _("Paste the address of a dataset page of %(host)s, or the dataset's name.",
                                     host=host)})
    raw = _unwrap(text)
    if not raw:
        raise InvalidInput({FIELD: _("Paste the address of a dataset page of %(host)s, or the dataset's name.",
                                     host=host)})
    if len(raw) > MAX_INPUT:
        raise InvalidInput({FIELD: _("This is too long to be the address of a dataset page. Paste the address "
                                     "of a dataset page of %(host)s, or the dataset's name.", host=host)})
    if _looks_like_url(raw):
        return _from_url(raw, site)
    citation = _classify(raw)
    if citation is None:
        raise InvalidInput({FIELD: _("“%(text)s” is neither the address of a dataset page nor a dataset name. "
                                     "Paste the address of a dataset page of %(host)s, or the dataset's name "
                                     "(2 to 100 lowercase letters, digits, - or _).",
                                     text=_shorten(raw), host=host)})
    return citation


def parse_citations(text: str, *, portal_site: PortalSite | str, limit: int = 50) -> list[Citation]:
    """Several citations, one per line or separated by spaces, without duplicates, in the order given."""
    site = portal_site_of(portal_site) if isinstance(portal_site, str) else portal_site
    pieces = (text or "").split()
    if len(pieces) > limit:
        raise InvalidInput({FIELD: _("Cite at most %(count)s datasets.", count=limit)})
    found: dict[str, Citation] = {}
    for piece in pieces:
        citation = parse_citation(piece, portal_site=site)
        found.setdefault(citation.key, citation)
    return list(found.values())


# -- helpers ---------------------------------------------------------------------------------------


def _unwrap(text: str) -> str:
    """Strip spaces, the brackets or quotes around a pasted link, and a sentence's final punctuation."""
    previous = None
    value = text.strip()
    while value != previous:
        previous = value
        value = value.strip().strip(WRAPPERS).rstrip(TRAILING)
    return value


def _looks_like_url(raw: str) -> bool:
    return "/" in raw or "." in raw or "://" in raw


def _shorten(raw: str, size: int = 40) -> str:
    return raw if len(raw) <= size else raw[:size] + "…"


def _classify(value: str) -> Citation | None:
    """A dataset id (UUID) or name, or None. Uppercase ASCII is folded: CKAN names and ids are lowercase."""
    if value.isascii():
        value = value.lower()
    if UUID_RE.fullmatch(value):
        return Citation(key=value, kind="id")
    if NAME_RE.fullmatch(value) and value not in RESERVED_NAMES:
        return Citation(key=value, kind="name")
    return None


def _port(parts) -> int | None:  # noqa: ANN001 - a SplitResult
    try:
        return parts.port
    except ValueError:
        return -1  # an impossible port: never the portal's


def _host_key(hostname: str, port: int | None, scheme: str, *, keep_www: bool = False) -> str:
    hostname = hostname.lower().rstrip(".")
    if not keep_www:
        hostname = hostname.removeprefix("www.")
    if ":" in hostname:  # IPv6
        hostname = f"[{hostname}]"
    default = {"http": 80, "https": 443}.get(scheme)
    return hostname if port is None or port == default else f"{hostname}:{port}"


def _same_site(parts, site: PortalSite) -> bool:  # noqa: ANN001 - a SplitResult
    """Same host (www. or not); http and https both count; an explicit port must match the portal's."""
    site_parts = urlsplit(f"{site.scheme}://{site.host}")
    site_host = (site_parts.hostname or "").rstrip(".").removeprefix("www.")
    if (parts.hostname or "").lower().rstrip(".").removeprefix("www.") != site_host:
        return False
    port = _port(parts)
    site_port = site_parts.port
    if site_port is not None and site_port != {"http": 80, "https": 443}.get(site.scheme):
        return port == site_port
    return port in (None, 80, 443)


def _from_url(raw: str, site: PortalSite) -> Citation:
    host = site.display_host
    not_on_portal = InvalidInput({FIELD: _("This link is not on %(host)s. Paste the address of a dataset page of "
                                           "%(host)s, or the dataset's name.", host=host)})
    not_a_dataset = InvalidInput({FIELD: _("This link is on %(host)s but it is not the page of a dataset. Open "
                                           "the dataset on %(host)s and copy the address of its page, or paste "
                                           "the dataset's name.", host=host)})
    if raw.startswith("//"):
        raw = "https:" + raw
    elif "://" not in raw:
        raw = "https://" + raw
    try:
        parts = urlsplit(raw)
        hostname = parts.hostname
    except ValueError:
        raise not_on_portal from None
    if parts.scheme.lower() not in ("http", "https") or not hostname or not _same_site(parts, site):
        raise not_on_portal
    path = unquote(parts.path, errors="replace")
    if site.prefix:
        if path != site.prefix and not path.startswith(site.prefix + "/"):
            raise not_a_dataset  # e.g. the editorial site's /fr/... pages
        path = path[len(site.prefix):]
    segments = [segment for segment in path.split("/") if segment]
    if (len(segments) >= 2 and segments[1] in ("dataset", "api") and segments[0] not in ("dataset", "api")
            and LOCALE_RE.fullmatch(segments[0])):
        segments = segments[1:]  # the language: /fr/dataset/..., /ar/dataset/...
    citation = None
    if segments[:1] == ["api"]:
        citation = _from_api(segments, parts.query)
    elif segments[:1] == ["dataset"] and len(segments) >= 2:
        view = segments[1]
        if view in NAME_SECOND and len(segments) >= 3:
            citation = _classify(_drop_suffix(segments[2]))
        elif view not in NOT_A_DATASET:
            citation = _classify(_drop_suffix(view))
    if citation is None:
        raise not_a_dataset
    return citation


def _from_api(segments: list[str], query: str) -> Citation | None:
    """.../api/3/action/package_show?id=<name or id> (also /api/action/...)."""
    if segments[-1:] != ["package_show"]:
        return None
    values = parse_qs(query).get("id") or parse_qs(query).get("name_or_id") or []
    return _classify(values[0].strip()) if values else None


def _drop_suffix(segment: str) -> str:
    lowered = segment.lower()
    for suffix in METADATA_SUFFIXES:
        if lowered.endswith(suffix):
            return segment[: -len(suffix)]
    return segment
