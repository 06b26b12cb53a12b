"""The gallery /reuses: full-text search, facets with counts, sorting and pagination, all carried by the URL.

Everything is read from the search index (showcase.reuses.search: `reuse_search`, `reuse_facet` and, on SQLite,
`reuse_search_fts`), which holds exactly the published, non-deleted reuses. A page costs a fixed number of
queries whatever the number of cards or datasets:
- facets: one GROUP BY per facet over `reuse_facet` rows of the filtered set (six), which also give the total;
  kept in memory for FACET_CACHE_SECONDS per filter state (searches included) and forgotten whenever the index
  changes in this process (search.index_reuses), so another worker's counts lag by at most that long;
- the page: one query that sorts and cuts the ids from the narrow index (deep pages skip index entries, not
  reuses), then joins their card data, dataset counts and themes.
Cards are rendered with templates/reuses/_card.html once per card content and language (`card_html`).

Facets are disjunctive: several values of one facet widen the selection (OR), facets narrow it (AND), and a
facet's counts apply every filter but its own, so its other values stay visible with what choosing them would
give. Extension point: challenges (not built yet) become one more `FacetSpec` in FACETS, rows written by
search._documents, and a badge on `ReuseCard`.
"""

from __future__ import annotations

import os
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any
from functools import lru_cache
from urllib.parse import quote_plus, urlencode

from litestar import Request
from litestar.response import Template
from markupsafe import Markup

from showcase.i18n import format_number, get_locale
from showcase.i18n import lazy_gettext as _
from showcase.portal.queries import Named, pick
from showcase.reuses import constants, search
from showcase.reuses.queries import ReuseCard
from showcase.templating import get_environment

PER_PAGE = 24
MAX_PAGE = 10_000
MAX_VALUES = 10  # per facet in a URL
FACET_CACHE_SECONDS = float(os.environ.get("GALLERY_FACET_CACHE_SECONDS", "60"))
FACET_CACHE_SIZE = 256
SORTS = {"relevance": _("Relevance"), "newest": _("Newest"), "views": _("Most viewed"), "title": _("Title")}


@dataclass(frozen=True, slots=True)
class FacetSpec:
    """A facet over `reuse_facet` rows: text in `value` (type, tag), or ids in `ref` of `table`'s rows, which the
    URL names by `name_column` and the page titles by `titles`."""

    key: str  # the URL parameter and reuse_facet.facet
    label: Any
    limit: int = 10
    table: str = ""
    name_column: str = "name"
    titles: str = "e.title_fr, e.title_ar"

    @property
    def column(self) -> str:
        return "ref" if self.table else "value"

    def chosen_sql(self, count: int) -> str:
        placeholders = ", ".join("{}" for _ in range(count))
        return f"SELECT id FROM {self.table} WHERE {self.name_column} IN ({placeholders})" if self.table else placeholders

    def filter_sql(self, reuse_id: str, count: int) -> str:
        return (f"{reuse_id} IN (SELECT reuse_id FROM reuse_facet WHERE facet = '{self.key}' "
                f"AND {self.column} IN ({self.chosen_sql(count)}))")


FACETS: tuple[FacetSpec, ...] = (
    FacetSpec("type", _("Type"), limit=50),
    FacetSpec("theme", _("Theme"), limit=12, table="portal_theme"),
    FacetSpec("producer", _("Producer"), table="portal_producer"),
    FacetSpec("dataset", _("Dataset"), table="portal_dataset"),
    FacetSpec("startup", _("Startup"), table="startup", name_column="slug", titles="e.name AS title_fr, '' AS title_ar"),
    FacetSpec("tag", _("Tag"), limit=12),
    # Challenges: FacetSpec("challenge", _("Challenge"), table="challenge", name_column="slug") once challenge
    # entries exist, with ("challenge", challenge_id, "") rows written by search._documents.
)
FACET_KEYS = tuple(spec.key for spec in FACETS)


# --- the state in the URL ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GalleryState:
    q: str = ""
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (facet key, chosen values), in FACETS order
    sort: str = "newest"
    page: int = 1

    @property
    def words(self) -> list[str]:
        return search.query_words(self.q)

    @property
    def default_sort(self) -> str:
        return "relevance" if self.words else "newest"

    def chosen(self, key: str) -> tuple[str, ...]:
        return dict(self.filters).get(key, ())

    @property
    def filtered(self) -> bool:
        return bool(self.q or self.filters)

    def url(self, *, filters: tuple[tuple[str, tuple[str, ...]], ...] | None = None, q: str | None = None,
            sort: str | None = None, page: int = 1) -> str:
        q = self.q if q is None else q
        sort = self.sort if sort is None else sort
        params: list[tuple[str, str]] = [("q", q)] if q else []
        for key, values in self.filters if filters is None else filters:
            params += [(key, value) for value in values]
        if sort != ("relevance" if search.query_words(q) else "newest"):
            params.append(("sort", sort))
        if page > 1:
            params.append(("page", str(page)))
        return "/reuses?" + urlencode(params) if params else "/reuses"

    def toggler(self, key: str):  # noqa: ANN201 - value -> address, for every option of one facet
        """The addresses that add or remove one value of facet `key` (back to page 1); the rest is encoded once."""
        chosen = self.chosen(key)
        before = [("q", self.q)] if self.q else []
        after: list[tuple[str, str]] = []
        for k in FACET_KEYS:
            if k != key:
                (before if FACET_KEYS.index(k) < FACET_KEYS.index(key) else after).extend(
                    (k, v) for v in self.chosen(k))
        if self.sort != self.default_sort:
            after.append(("sort", self.sort))
        head, tail = urlencode(before), urlencode(after)
        name = quote_plus(key)

        def address(value: str) -> str:
            values = tuple(v for v in chosen if v != value) if value in chosen else (*chosen, value)
            middle = "&".join(f"{name}={quote_plus(v)}" for v in values)
            query = "&".join(part for part in (head, middle, tail) if part)
            return "/reuses?" + query if query else "/reuses"

        return address

    def page_url(self, number: int) -> str:
        return self.url(page=number)


def parse_state(params: Any, page: int) -> GalleryState:
    """The gallery's state from the query string; anything unknown or oversized is dropped."""
    q = " ".join((params.get("q") or "").split())[:search.MAX_QUERY_LENGTH]
    filters = []
    for key in FACET_KEYS:
        values = [value.strip()[:100] for value in params.getall(key, []) if value and value.strip()]
        if key == "type":
            values = [value for value in values if value in constants.TYPES]
        values = list(dict.fromkeys(values))[:MAX_VALUES]
        if values:
            filters.append((key, tuple(values)))
    state = GalleryState(q=q, filters=tuple(filters), page=max(1, min(page, MAX_PAGE)))
    sort = params.get("sort") or state.default_sort
    if sort not in SORTS or (sort == "relevance" and not state.words):
        sort = state.default_sort
    return GalleryState(q=q, filters=state.filters, sort=sort, page=state.page)


# --- SQL -----------------------------------------------------------------------------------------------------


def _conditions(state: GalleryState, found: search.Match | None, reuse_id: str, *, skip: str = "",
                with_match: bool = True) -> tuple[list[str], list]:
    """What keeps a reuse (named `reuse_id` in the query) in the filtered set, without facet `skip`'s own filter;
    `{}` placeholders and their args. The index only holds published, non-deleted reuses."""
    parts, args = [], []
    if found is not None and with_match:
        parts.append(f"{reuse_id} IN ({found.ids_sql})")
        args += found.args
    for spec in FACETS:
        values = state.chosen(spec.key)
        if values and spec.key != skip:
            parts.append(spec.filter_sql(reuse_id, len(values)))
            args += values
    return parts, args


@dataclass(frozen=True, slots=True)
class FacetCount:
    value: str
    title_fr: str
    title_ar: str
    count: int


@dataclass(frozen=True, slots=True)
class Facets:
    total: int
    counts: dict[str, list[FacetCount]]
    shown: dict = field(default_factory=dict)  # (q as typed, sort, locale) -> facet_views(): the links differ


async def _facet_counts(spec: FacetSpec, state: GalleryState, found: search.Match | None) -> list[FacetCount]:
    """One GROUP BY over the facet's rows of the filtered set: its most frequent values, the chosen ones first."""
    parts, args = _conditions(state, found, "f.reuse_id", skip=spec.key)
    chosen = state.chosen(spec.key)
    first = ""
    if chosen:  # the chosen values come back even when they are not among the most frequent
        first = f"CASE WHEN f.{spec.column} IN ({spec.chosen_sql(len(chosen))}) THEN 0 ELSE 1 END, "
        args += chosen
    inner = (f"SELECT f.{spec.column} AS k, COUNT(*) AS hits FROM reuse_facet f WHERE f.facet = '{spec.key}'"
             f"{''.join(' AND ' + part for part in parts)} GROUP BY f.{spec.column} "
             f"ORDER BY {first}hits DESC, f.{spec.column} LIMIT {spec.limit + len(chosen)}")
    if spec.table:
        sql = (f"SELECT e.{spec.name_column} AS value, {spec.titles}, c.hits FROM ({inner}) c "
               f"JOIN {spec.table} e ON e.id = c.k AND e.{spec.name_column} <> ''")
    else:
        sql = f"SELECT c.k AS value, '' AS title_fr, '' AS title_ar, c.hits FROM ({inner}) c"
    rows = await search._raw(sql, *args)
    return [FacetCount(row["value"], row["title_fr"] or "", row["title_ar"] or "", row["hits"]) for row in rows]


_cache: OrderedDict[tuple, tuple[float, Facets]] = OrderedDict()


def forget_facets() -> None:
    """Called whenever the index changes: the next pages count again."""
    _cache.clear()


async def facets_of(state: GalleryState) -> Facets:
    """The total and every facet's counts for this filter state (not its sort or page), cached briefly."""
    key = (tuple(state.words), state.filters)
    now = time.monotonic()
    cached = _cache.get(key)
    if cached is not None and cached[0] > now:
        _cache.move_to_end(key)
        return cached[1]
    found = search.match(state.words)
    counts = {spec.key: await _facet_counts(spec, state, found) for spec in FACETS}
    chosen_types = set(state.chosen("type"))  # every reuse has one type: the type counts add up to the total
    total = sum(row.count for row in counts["type"] if not chosen_types or row.value in chosen_types)
    facets = Facets(total=total, counts=counts)
    if FACET_CACHE_SECONDS > 0:
        _cache[key] = (now + FACET_CACHE_SECONDS, facets)
        while len(_cache) > FACET_CACHE_SIZE:
            _cache.popitem(last=False)
    return facets


def _where(parts: list[str]) -> str:
    return " AND ".join(parts) if parts else "1 = 1"


def _page_sql(state: GalleryState, locale: str) -> tuple[str, str, list]:
    """The ids of the page's cards with their order keys (pid, o1, o2): (WITH prefix, SELECT, args)."""
    found = search.match(state.words)
    window = f"LIMIT {PER_PAGE} OFFSET {(state.page - 1) * PER_PAGE}"
    if state.sort == "relevance" and found is not None:
        parts, args = _conditions(state, found, "m.id", with_match=False)
        # MATERIALIZED: ranked once; otherwise SQLite pushes the filters into FTS5 and matches once per row.
        return (f"WITH m AS MATERIALIZED ({found.rank_sql}) ",
                f"SELECT m.id AS pid, m.score AS o1, g.published_at AS o2 FROM m JOIN reuse_search g "
                f"ON g.reuse_id = m.id WHERE {_where(parts)} ORDER BY o1, o2 DESC, pid DESC {window}",
                [*search.rank_args(found), *args])
    parts, args = _conditions(state, found, "g.reuse_id")
    if state.sort == "views":
        return ("", f"SELECT g.reuse_id AS pid, r.views AS o1, g.published_at AS o2 FROM reuse_search g "
                    f"JOIN reuse r ON r.id = g.reuse_id WHERE {_where(parts)} ORDER BY o1 DESC, o2 DESC, pid DESC {window}",
                args)
    if state.sort == "title":
        column = "sort_ar" if locale == "ar" else "sort_fr"
        return ("", f"SELECT g.reuse_id AS pid, g.{column} AS o1, 0 AS o2 FROM reuse_search g WHERE {_where(parts)} "
                    f"ORDER BY o1, pid {window}", args)
    return ("", f"SELECT g.reuse_id AS pid, g.published_at AS o1, 0 AS o2 FROM reuse_search g WHERE {_where(parts)} "
                f"ORDER BY o1 DESC, pid DESC {window}", args)


_OUTER_ORDER = {"relevance": "p.o1, p.o2 DESC, p.pid DESC", "views": "p.o1 DESC, p.o2 DESC, p.pid DESC",
                "title": "p.o1, p.pid", "newest": "p.o1 DESC, p.pid DESC"}


async def page_cards(state: GalleryState, locale: str) -> list[ReuseCard]:
    """This page's cards, in order, in one query: the ids are sorted and cut from the narrow index first (deep
    pages skip index rows, not reuses), then joined to their card data, dataset count and themes."""
    with_sql, ids_sql, args = _page_sql(state, locale)
    themes = ("string_agg(t.name || chr(31) || t.title_fr || chr(31) || t.title_ar, chr(30))" if search.is_postgres()
              else "group_concat(t.name || char(31) || t.title_fr || char(31) || t.title_ar, char(30))")
    order = _OUTER_ORDER["relevance" if with_sql else state.sort if state.sort in _OUTER_ORDER else "newest"]
    rows = await search._raw(
        f"{with_sql}SELECT r.id, r.slug, r.title_fr, r.title_ar, r.summary_fr, r.summary_ar, r.type, r.status, "
        "r.cover, r.cover_alt, r.featured, r.published_at, r.views, u.name AS owner_name, s.name AS startup_name, "
        "s.slug AS startup_slug, (SELECT COUNT(*) FROM reuse_dataset rd WHERE rd.reuse = r.id) AS dataset_count, "
        f"(SELECT {themes} FROM reuse_theme rt JOIN portal_theme t ON t.id = rt.theme WHERE rt.reuse = r.id) AS themes "
        f"FROM ({ids_sql}) p JOIN reuse r ON r.id = p.pid LEFT JOIN account_user u ON u.id = r.owner "
        f"LEFT JOIN startup s ON s.id = r.startup ORDER BY {order}", *args)
    return [ReuseCard(
        id=row["id"], slug=row["slug"], title_fr=row["title_fr"], title_ar=row["title_ar"],
        summary_fr=row["summary_fr"], summary_ar=row["summary_ar"], type=row["type"], status=row["status"],
        cover=row["cover"], cover_alt=row["cover_alt"], featured=bool(row["featured"]),
        published_at=row["published_at"], views=row["views"], author=row["owner_name"] or "",
        startup_name=row["startup_name"], startup_slug=row["startup_slug"], dataset_count=row["dataset_count"],
        themes=_themes(row["themes"]),
    ) for row in rows]


def _themes(packed: str | None) -> tuple[Named, ...]:
    if not packed:
        return ()
    return tuple(sorted((Named(*(part.split("\x1f") + ["", ""])[:3]) for part in packed.split("\x1e")),
                        key=lambda theme: theme.name))


# --- the page -------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    label: str
    count: int
    active: bool
    url: str
    count_text: str = ""


@dataclass(frozen=True, slots=True)
class FacetView:
    key: str
    label: str
    options: list[Option] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return any(option.active for option in self.options)


@dataclass(frozen=True, slots=True)
class Chip:
    label: str
    url: str


def _label(key: str, row: FacetCount, locale: str) -> str:
    if key == "type":
        return str(constants.TYPES.get(row.value, row.value))
    return pick(locale, row.title_fr, row.title_ar) or row.value


@lru_cache(maxsize=4096)
def _number(value: int, locale: str) -> str:
    return format_number(value)  # in the current locale, which is `locale`


def facet_views(state: GalleryState, facets: Facets, locale: str) -> tuple[list[FacetView], list[Chip]]:
    views, chips = [], []
    for spec in FACETS:
        chosen = state.chosen(spec.key)
        rows = list(facets.counts.get(spec.key, []))
        present = {row.value for row in rows}
        rows += [FacetCount(value, "", "", 0) for value in chosen if value not in present]  # chosen, none left
        address = state.toggler(spec.key)
        options = sorted((Option(row.value, _label(spec.key, row, locale), row.count, row.value in chosen,
                                 address(row.value), _number(row.count, locale)) for row in rows),
                         key=lambda option: (not option.active, -option.count, option.label.casefold()))
        if options:
            views.append(FacetView(spec.key, str(spec.label), options))
        chips += [Chip(option.label, option.url) for option in options if option.active]
    return views, chips


_card_html: OrderedDict[tuple[str, ReuseCard, tuple], Markup] = OrderedDict()


def card_html(cards: list[ReuseCard], locale: str, badges: dict | None = None) -> list[Markup]:
    """templates/reuses/_card.html for each card, remembered per card content, winner's badges (issue 6) and
    language: a card's HTML depends on nothing else, and rendering 24 includes was the largest cost of the page."""
    template = None
    rendered = []
    for card in cards:
        card_badges = (badges or {}).get(card.id, ())
        key = (locale, card, card_badges)
        html = _card_html.get(key)
        if html is None:
            template = template or get_environment().get_template("reuses/_card.html")
            html = Markup(template.render(card=card, types=constants.TYPES, card_badges=card_badges))  # noqa: S704 - autoescaped template
            _card_html[key] = html
            if len(_card_html) > 2048:
                _card_html.popitem(last=False)
        rendered.append(html)
    return rendered


def page_numbers(page: int, pages: int) -> list[int | None]:
    """The page links to show: first two, last two, and the neighbours of the current one (None is a gap)."""
    shown = sorted({n for n in (1, 2, page - 1, page, page + 1, pages - 1, pages) if 1 <= n <= pages})
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


async def gallery_page(request: Request, *, page: int) -> Template:
    locale = get_locale()
    state = parse_state(request.query_params, page)
    facets = await facets_of(state)
    pages = max(1, -(-facets.total // PER_PAGE))
    if state.page > pages:
        state = GalleryState(q=state.q, filters=state.filters, sort=state.sort, page=pages)
    cards = await page_cards(state, locale) if facets.total else []
    from showcase.judging.badges import winner_badges  # issue 6: winners' badges, one query for the page

    badges = await winner_badges(card.id for card in cards)
    shown = (state.q, state.sort, locale)
    if shown not in facets.shown:
        facets.shown[shown] = facet_views(state, facets, locale)
    views, chips = facets.shown[shown]
    sorts = [(key, str(label)) for key, label in SORTS.items() if key != "relevance" or state.words]
    return Template("reuses/gallery.html", context={
        "state": state, "cards": card_html(cards, locale, badges), "total": facets.total, "page": state.page, "pages": pages,
        "page_links": [(n, state.page_url(n) if n else "") for n in page_numbers(state.page, pages)],
        "facets": views, "chips": chips, "sorts": sorts, "types": constants.TYPES,
        "clear_url": "/reuses" if state.filtered else "", "page_url": state.page_url,
    })
