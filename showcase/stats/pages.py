"""/stats: the impact figures as accessible SVG charts with their data tables, filters by period and theme, and
a CSV of every figure (/stats/<figure>.csv with the same filters).

Thin handlers: the counting lives in queries.py, the charts in charts.py (columns) and judging/charts.py (bars).
The figures of one filter state are kept a minute in the app's "cache" store (figures_for), so a busy /stats
does not count 10,000 reuses on every request."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
import os
import pickle
from datetime import date
from functools import lru_cache
from urllib.parse import urlencode

from babel import dates, numbers
from litestar import Request, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Response, Template
from litestar.status_codes import HTTP_200_OK, HTTP_400_BAD_REQUEST
from markupsafe import Markup

from showcase import i18n
from showcase.challenges.exports import to_csv
from showcase.i18n import gettext as _
from showcase.judging import charts as bars
from showcase.reuses.constants import TYPES
from showcase.stats import charts, queries
from showcase.stats.queries import Figures, Filters, Named
from showcase.templating import localized



def cache_seconds() -> int:
    """STATS_CACHE_SECONDS (default 60; 0 counts on every request, as the query-count test and bench do)."""
    raw = os.environ.get("STATS_CACHE_SECONDS", "60")
    return int(raw) if raw.isdigit() else 60

FIGURES = ("months", "types", "themes", "producers", "datasets", "challenges")


# --- filters ---------------------------------------------------------------------------------------------------


def parse_filters(raw_from: str, raw_to: str, raw_theme: str, theme_names: set[str]) -> tuple[Filters, dict[str, str]]:
    """The filter state and a message per wrong field ({} when all is well)."""
    errors: dict[str, str] = {}
    raw_from, raw_to, raw_theme = (raw_from or "").strip()[:20], (raw_to or "").strip()[:20], (raw_theme or "").strip()[:100]
    start = queries.valid_month(raw_from) if raw_from else ""
    end = queries.valid_month(raw_to) if raw_to else ""
    if start is None:
        errors["from"] = _("“From” is not a month: write it as year-month, for example 2026-03.")
    if end is None:
        errors["to"] = _("“To” is not a month: write it as year-month, for example 2026-09.")
    if start and end and start > end:
        errors["to"] = _("The period ends before it starts: “To” must be the same month as “From” or later.")
    if raw_theme and raw_theme not in theme_names:
        errors["theme"] = _("This theme does not exist: choose one from the list.")
    if errors:
        return Filters(), errors
    return Filters(start=start or "", end=end or "", theme=raw_theme), {}


def _filters_from(request: Request, theme_names: set[str]) -> tuple[Filters, dict[str, str], dict[str, str]]:
    params = request.query_params
    values = {"from": params.get("from") or "", "to": params.get("to") or "", "theme": params.get("theme") or ""}
    filters, errors = parse_filters(values["from"], values["to"], values["theme"], theme_names)
    return filters, errors, values


_computing: dict[str, asyncio.Lock] = {}


async def _from_store(store, key: str) -> Figures | None:  # noqa: ANN001 - a litestar Store
    cached = await store.get(key)
    if cached is None:
        return None
    try:
        return pickle.loads(cached)  # noqa: S301 - written by this module into our own store
    except Exception:  # noqa: BLE001 - a stale format after a deploy: count again
        return None


async def figures_for(request: Request, filters: Filters) -> Figures:
    """The figures of a filter state, from the cache store when computed less than a minute ago. One request per
    process counts a filter state at a time; the others arriving meanwhile wait for its result (no stampede of
    identical GROUP BYs when the minute runs out under load)."""
    seconds = cache_seconds()
    if seconds <= 0:
        return await queries.all_figures(filters)
    store = request.app.stores.get("cache")
    key = f"stats:figures:{filters.key()}"
    if (figures := await _from_store(store, key)) is not None:
        return figures
    lock = _computing.setdefault(key, asyncio.Lock())
    try:
        async with lock:
            if (figures := await _from_store(store, key)) is not None:
                return figures
            figures = await queries.all_figures(filters)
            await store.set(key, pickle.dumps(figures), expires_in=seconds)
            return figures
    finally:
        if not lock.locked() and _computing.get(key) is lock:
            del _computing[key]


async def home_figures_for(request: Request) -> queries.HomeFigures:
    """The home page's four numbers, kept as long as the /stats figures (counting 10,000 reuses on every visit of
    the home page would cost it tens of milliseconds)."""
    seconds = cache_seconds()
    if seconds <= 0:
        return await queries.home_figures()
    store = request.app.stores.get("cache")
    cached = await store.get("stats:home")
    if cached is not None:
        try:
            return pickle.loads(cached)  # noqa: S301 - written below into our own store
        except Exception:  # noqa: BLE001, S110 - a stale format after a deploy: count again
            pass
    figures = await queries.home_figures()
    await store.set("stats:home", pickle.dumps(figures), expires_in=seconds)
    return figures


# --- labels ----------------------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _month_label(month: str, format: str, locale: str) -> str:
    return dates.format_date(date(int(month[:4]), int(month[5:]), 1), format=format, locale=locale)


def month_label(month: str, format: str = "MMM y") -> str:
    return _month_label(month, format, i18n.get_locale())


@lru_cache(maxsize=8192)
def _formatted(value: int, locale: str) -> str:
    """Babel takes ~0.25 ms a number: a page of charts formats thousands (the same few hundred, over and over)."""
    return numbers.format_decimal(value, locale=locale)


def type_label(name: str) -> str:
    return str(TYPES.get(name, name))


def named_label(row: Named) -> str:
    return localized(row, "title") or row.name


def _count(value: float) -> str:
    return _formatted(int(value), i18n.get_locale())


def _described(rows: list[tuple[str, int]], empty: str) -> str:
    return "; ".join(f"{label}: {_count(value)}" for label, value in rows) or empty


# --- charts ----------------------------------------------------------------------------------------------------


def _rtl() -> bool:
    return i18n.text_direction() == "rtl"


def months_chart(months: list[tuple[str, int]]) -> Markup:
    columns = [charts.Column(month_label(month), count, f"{month_label(month, 'MMMM y')}: {_count(count)}")
               for month, count in months]
    description = _described([(month_label(month, "MMMM y"), count) for month, count in months],
                             _("No reuse was published in this period."))
    return Markup(charts.column_chart(columns, chart_id="chart-months", title=_("Reuses published per month"),
                                      description=description, rtl=_rtl(), format_value=_count))


def bar_figure(rows: list[tuple[str, int]], *, chart_id: str, title: str, empty: str) -> Markup:
    return Markup(bars.bar_chart([bars.Bar(label, count) for label, count in rows], chart_id=chart_id, title=title,
                                 description=_described(rows, empty), rtl=_rtl(), format_value=_count))


def page_charts(figures: Figures) -> dict[str, Markup]:
    empty = _("No reuse in this period.")
    return {
        "months": months_chart(figures.months),
        "types": bar_figure([(type_label(row.name), row.count) for row in figures.types], chart_id="chart-types",
                            title=_("Reuses by type"), empty=empty),
        "themes": bar_figure([(named_label(row), row.count) for row in figures.themes], chart_id="chart-themes",
                             title=_("Reuses by theme"), empty=empty),
        "producers": bar_figure([(named_label(row), row.count) for row in figures.producers],
                                chart_id="chart-producers", title=_("Reuses by data producer"), empty=empty),
        "datasets": bar_figure([(named_label(row), row.count) for row in figures.datasets], chart_id="chart-datasets",
                               title=_("The most reused datasets"), empty=empty),
        "challenges": bar_figure([(localized(row, "title") or row.slug, row.participants) for row in figures.challenges],
                                 chart_id="chart-challenges", title=_("Participants per challenge"),
                                 empty=_("No challenge in this period.")),
    }


def page_tables(figures: Figures) -> dict[str, list[tuple[str, ...]]]:
    """The rows of each figure's data table: a label, then its numbers formatted for the language."""
    c = _count
    return {
        "months": [(month_label(month, "MMMM y"), c(count)) for month, count in figures.months],
        "types": [(type_label(row.name), c(row.count)) for row in figures.types],
        **{name: [(named_label(row), c(row.count)) for row in getattr(figures, name)]
           for name in ("themes", "producers", "datasets")},
        "challenges": [(localized(row, "title") or row.slug, c(row.teams), c(row.participants), c(row.entries),
                        c(row.datasets)) for row in figures.challenges],
    }


_drawn: OrderedDict[tuple, tuple[dict, dict]] = OrderedDict()


def drawn(figures: Figures) -> tuple[dict[str, Markup], dict[str, list[tuple]]]:
    """The charts and tables of cached figures, drawn once per language while the figures stay cached (the SVG
    and the thousands of formatted numbers cost a few ms a page)."""
    if not figures.computed_at or cache_seconds() <= 0:
        return page_charts(figures), page_tables(figures)
    key = (figures.filters.key(), figures.computed_at, i18n.get_locale())
    if key not in _drawn:
        _drawn[key] = (page_charts(figures), page_tables(figures))
        while len(_drawn) > 64:
            _drawn.popitem(last=False)
    return _drawn[key]


# --- CSV -------------------------------------------------------------------------------------------------------


def figure_csv(figure: str, figures: Figures) -> bytes:
    if figure == "months":
        return to_csv(("month", "reuses"), [[month, count] for month, count in figures.months])
    if figure == "types":
        return to_csv(("type", "label", "reuses"), [[row.name, type_label(row.name), row.count] for row in figures.types])
    if figure == "challenges":
        return to_csv(("challenge", "title_fr", "title_ar", "teams", "participants", "entries", "datasets"),
                      [[row.slug, row.title_fr, row.title_ar, row.teams, row.participants, row.entries, row.datasets]
                       for row in figures.challenges])
    rows: list[Named] = getattr(figures, figure)
    key = {"themes": "theme", "producers": "producer", "datasets": "dataset"}[figure]
    return to_csv((key, "title_fr", "title_ar", "reuses"), [[row.name, row.title_fr, row.title_ar, row.count]
                                                            for row in rows])


def csv_url(figure: str, filters: Filters) -> str:
    query = filters.query()
    return f"/stats/{figure}.csv" + (f"?{urlencode(query)}" if query else "")


# --- handlers --------------------------------------------------------------------------------------------------


@get("/stats", name="stats:index", include_in_schema=False)
async def stats_page(request: Request) -> Template:
    choices = await queries.theme_choices()
    filters, errors, values = _filters_from(request, {row.name for row in choices})
    context: dict = {"values": values, "errors": errors, "theme_choices": choices, "filters": filters,
                     "figures": None, "charts": {}, "tables": {}, "csv_url": csv_url, "month_label": month_label,
                     "type_label": type_label, "named_label": named_label, "count": _count}
    if errors:
        return Template("stats/index.html", context=context, status_code=HTTP_400_BAD_REQUEST)
    figures = await figures_for(request, filters)
    charts_drawn, tables = drawn(figures)
    context.update(figures=figures, charts=charts_drawn, tables=tables)
    return Template("stats/index.html", context=context, status_code=HTTP_200_OK)


@get("/stats/{filename:str}", name="stats:csv", include_in_schema=False)
async def stats_csv(request: Request, filename: FromPath[str]) -> Response[bytes]:
    figure = filename.removesuffix(".csv")
    if not filename.endswith(".csv") or figure not in FIGURES:
        raise NotFoundException()
    choices = await queries.theme_choices()
    filters, errors, _values = _filters_from(request, {row.name for row in choices})
    if errors:
        return Response(("\n".join(errors.values()) + "\n").encode(), status_code=HTTP_400_BAD_REQUEST,
                        media_type="text/plain; charset=utf-8")
    figures = await figures_for(request, filters)
    suffix = "-".join(part for part in (filters.start, filters.end, filters.theme) if part)
    name = f"showcase-{figure}{'-' + suffix if suffix else ''}.csv"
    return Response(figure_csv(figure, figures), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


ROUTES: list = [stats_page, stats_csv]
