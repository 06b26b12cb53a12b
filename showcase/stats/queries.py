"""The impact figures of /stats and the home page: one aggregate SQL query per figure, never one per row.

Which reuses count: published ones **and archived ones** (an archived reuse was published and used the data; it
counts in the month it was first published), never deleted ones, drafts or reuses awaiting review. The /stats
page says so. Months are calendar months in UTC ("2026-03"), on SQLite (strftime) and PostgreSQL (to_char).

Every figure takes the same `Filters`: a period from one month to another (both included) and a theme (the
reuses filed under it). Challenge figures take the period on the challenge's publication and the theme on the
challenge's themes. Figures are cached for a minute per filter state in the app's "cache" store by the page
(`cached_figures`), not here: these functions always ask the database.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

from showcase.db import get_engine
from showcase.reuses.tables import Reuse

COUNTED_STATUSES = ("published", "archived")
TOP_DATASETS = 20
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, slots=True)
class Filters:
    """A validated filter state: months as "YYYY-MM" ("" = open-ended), a theme name ("" = every theme)."""

    start: str = ""
    end: str = ""
    theme: str = ""

    def key(self) -> str:
        return f"{self.start}|{self.end}|{self.theme}"

    def query(self) -> list[tuple[str, str]]:
        return [(name, value) for name, value in (("from", self.start), ("to", self.end), ("theme", self.theme))
                if value]


def valid_month(raw: str) -> str | None:
    """"2026-03" when `raw` is a real month between 1900 and 9999, else None."""
    match = MONTH_RE.match(raw.strip())
    if not match or not (1900 <= int(match[1]) <= 9999 and 1 <= int(match[2]) <= 12):
        return None
    return match[0]


def next_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:])
    return f"{year + 1:04d}-01" if number == 12 else f"{year:04d}-{number + 1:02d}"


def month_range(first: str, last: str) -> list[str]:
    """Every month from `first` to `last`, both included ("" when first > last)."""
    months, month = [], first
    while month <= last and len(months) < 1200:
        months.append(month)
        month = next_month(month)
    return months


# --- SQL pieces ------------------------------------------------------------------------------------------------


def _postgres() -> bool:
    return get_engine().engine_type in ("postgres", "cockroach")


def _month(column: str) -> str:
    if _postgres():
        return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM')"
    return f"strftime('%Y-%m', {column})"


def _join() -> str:
    """SQLite's CROSS JOIN keeps the tables in the order written: counted reuses first, then their links by the
    reuse index. Left to itself SQLite's planner started from the producers or datasets and looked reuses up by id
    (5x slower on 10,000 reuses, bench/stats.py). PostgreSQL plans these joins well by itself."""
    return "JOIN" if _postgres() else "CROSS JOIN"


def _unindexed(expression: str) -> str:
    """SQLite: `+column` keeps the planner from walking the column's index for a GROUP BY instead of the status
    index that filters the rows (18 vs 31 ms for by_type on 10,000 reuses)."""
    return expression if _postgres() else f"+{expression}"


def _reuse_where(filters: Filters, alias: str = "r") -> tuple[str, list[Any]]:
    """The WHERE clause of counted reuses under the filters, with its parameters ({} placeholders)."""
    clauses = [f"{alias}.status IN ('published', 'archived')", f"{alias}.deleted_at IS NULL",
               f"{alias}.published_at IS NOT NULL"]
    args: list[Any] = []
    if filters.start:
        clauses.append(f"{_month(alias + '.published_at')} >= {{}}")
        args.append(filters.start)
    if filters.end:
        clauses.append(f"{_month(alias + '.published_at')} <= {{}}")
        args.append(filters.end)
    if filters.theme:
        clauses.append(f"EXISTS (SELECT 1 FROM reuse_theme ft JOIN portal_theme fth ON fth.id = ft.theme "
                       f"WHERE ft.reuse = {alias}.id AND fth.name = {{}})")
        args.append(filters.theme)
    return " AND ".join(clauses), args


def _challenge_where(filters: Filters, alias: str = "c") -> tuple[str, list[Any]]:
    clauses = [f"{alias}.status = 'published'"]
    args: list[Any] = []
    if filters.start:
        clauses.append(f"{_month(alias + '.published_at')} >= {{}}")
        args.append(filters.start)
    if filters.end:
        clauses.append(f"{_month(alias + '.published_at')} <= {{}}")
        args.append(filters.end)
    if filters.theme:
        clauses.append(f"EXISTS (SELECT 1 FROM challenge_theme ct JOIN portal_theme cth ON cth.id = ct.theme "
                       f"WHERE ct.challenge = {alias}.id AND cth.name = {{}})")
        args.append(filters.theme)
    return " AND ".join(clauses), args


async def _rows(sql: str, args: list[Any]) -> list[dict]:
    return await Reuse.raw(sql, *args)


# --- the figures -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Named:
    """A labelled count: a type, theme, producer or dataset (`name` is the URL name, titles for display)."""

    name: str
    count: int
    title_fr: str = ""
    title_ar: str = ""


@dataclass(frozen=True, slots=True)
class ChallengeRow:
    slug: str
    title_fr: str
    title_ar: str
    teams: int
    participants: int
    entries: int
    datasets: int


@dataclass(frozen=True, slots=True)
class ChallengeTotals:
    challenges: int = 0
    teams: int = 0
    participants: int = 0
    entries: int = 0
    datasets: int = 0


async def per_month(filters: Filters) -> list[tuple[str, int]]:
    """Counted reuses per month of publication, with the empty months between the first and the last (or the
    filter's bounds) as zeros."""
    where, args = _reuse_where(filters)
    month = _month("r.published_at")
    rows = await _rows(f"SELECT {month} AS month, COUNT(*) AS n FROM reuse r WHERE {where} GROUP BY {month}", args)
    counts = {row["month"]: int(row["n"]) for row in rows if row["month"]}
    if not counts and not (filters.start and filters.end):
        return []
    first = filters.start or min(counts)
    last = filters.end or max(counts)
    return [(month, counts.get(month, 0)) for month in month_range(first, last)]


async def by_type(filters: Filters) -> list[Named]:
    where, args = _reuse_where(filters)
    rows = await _rows(f"SELECT r.type AS name, COUNT(*) AS n FROM reuse r WHERE {where} "
                       f"GROUP BY {_unindexed('r.type')} ORDER BY n DESC, name", args)
    return [Named(row["name"], int(row["n"])) for row in rows]


async def by_theme(filters: Filters) -> list[Named]:
    """Reuses per theme: a reuse filed under two themes counts for each."""
    where, args = _reuse_where(filters)
    rows = await _rows(
        f"SELECT th.name AS name, th.title_fr AS title_fr, th.title_ar AS title_ar, COUNT(DISTINCT r.id) AS n "
        f"FROM reuse r {_join()} reuse_theme rt ON rt.reuse = r.id {_join()} portal_theme th ON th.id = rt.theme "
        f"WHERE {where} GROUP BY th.id, th.name, th.title_fr, th.title_ar ORDER BY n DESC, th.name", args)
    return [Named(row["name"], int(row["n"]), row["title_fr"] or "", row["title_ar"] or "") for row in rows]


async def by_producer(filters: Filters) -> list[Named]:
    """Reuses per producer of the datasets they cite: a reuse citing two datasets of one producer counts once."""
    where, args = _reuse_where(filters)
    rows = await _rows(
        f"SELECT p.name AS name, p.title_fr AS title_fr, p.title_ar AS title_ar, COUNT(DISTINCT r.id) AS n "
        f"FROM reuse r {_join()} reuse_dataset rd ON rd.reuse = r.id {_join()} portal_dataset d ON d.id = rd.dataset "
        f"{_join()} portal_producer p ON p.id = d.producer "
        f"WHERE {where} GROUP BY p.id, p.name, p.title_fr, p.title_ar ORDER BY n DESC, p.name", args)
    return [Named(row["name"], int(row["n"]), row["title_fr"] or "", row["title_ar"] or "") for row in rows]


async def top_datasets(filters: Filters, limit: int = TOP_DATASETS) -> list[Named]:
    """The most reused datasets: distinct counted reuses citing each, ties by name."""
    where, args = _reuse_where(filters)
    rows = await _rows(
        f"SELECT d.name AS name, d.title_fr AS title_fr, d.title_ar AS title_ar, COUNT(DISTINCT r.id) AS n "
        f"FROM reuse r {_join()} reuse_dataset rd ON rd.reuse = r.id {_join()} portal_dataset d ON d.id = rd.dataset "
        f"WHERE {where} GROUP BY d.id, d.name, d.title_fr, d.title_ar ORDER BY n DESC, d.name LIMIT {int(limit)}",
        args)
    return [Named(row["name"] or "", int(row["n"]), row["title_fr"] or "", row["title_ar"] or "") for row in rows]


def _challenge_counts(alias: str = "c") -> str:
    """Per-challenge subqueries: teams, participants (distinct members), submitted entries, datasets cited by
    those entries' reuses."""
    return (
        f"(SELECT COUNT(*) FROM challenge_team t WHERE t.challenge = {alias}.id) AS teams, "
        f"(SELECT COUNT(DISTINCT m.\"user\") FROM challenge_team_member m WHERE m.challenge = {alias}.id "
        f"AND m.status = 'member') AS participants, "
        f"(SELECT COUNT(*) FROM challenge_entry e WHERE e.challenge = {alias}.id AND e.status = 'submitted') "
        f"AS entries, "
        f"(SELECT COUNT(DISTINCT rd.dataset) FROM challenge_entry e2 JOIN reuse_dataset rd ON rd.reuse = e2.reuse "
        f"WHERE e2.challenge = {alias}.id AND e2.status = 'submitted') AS datasets")


async def challenges(filters: Filters) -> list[ChallengeRow]:
    """Each published challenge's figures, most participants first."""
    where, args = _challenge_where(filters)
    rows = await _rows(f"SELECT c.slug, c.title_fr, c.title_ar, {_challenge_counts()} FROM challenge c "
                       f"WHERE {where} ORDER BY participants DESC, c.slug", args)
    return [ChallengeRow(row["slug"], row["title_fr"] or "", row["title_ar"] or "", int(row["teams"]),
                         int(row["participants"]), int(row["entries"]), int(row["datasets"])) for row in rows]


async def challenge_totals(filters: Filters) -> ChallengeTotals:
    """Over all published challenges (under the filters): a person in two challenges is one participant, a
    dataset used in two is one dataset."""
    where, args = _challenge_where(filters)
    scope = f"SELECT c.id FROM challenge c WHERE {where}"
    sql = (
        f"SELECT (SELECT COUNT(*) FROM challenge c WHERE {where}) AS challenges, "
        f"(SELECT COUNT(*) FROM challenge_team t WHERE t.challenge IN ({scope})) AS teams, "
        f"(SELECT COUNT(DISTINCT m.\"user\") FROM challenge_team_member m WHERE m.status = 'member' "
        f"AND m.challenge IN ({scope})) AS participants, "
        f"(SELECT COUNT(*) FROM challenge_entry e WHERE e.status = 'submitted' AND e.challenge IN ({scope})) "
        f"AS entries, "
        f"(SELECT COUNT(DISTINCT rd.dataset) FROM challenge_entry e2 JOIN reuse_dataset rd ON rd.reuse = e2.reuse "
        f"WHERE e2.status = 'submitted' AND e2.challenge IN ({scope})) AS datasets")
    row = (await _rows(sql, args * 5))[0]
    return ChallengeTotals(*(int(row[name]) for name in ("challenges", "teams", "participants", "entries",
                                                            "datasets")))


@dataclass(frozen=True, slots=True)
class ReuseTotals:
    reuses: int = 0
    datasets: int = 0
    producers: int = 0
    archived: int = 0


async def reuse_totals(filters: Filters) -> ReuseTotals:
    """Counted reuses, the distinct datasets and producers they cite, and how many of the reuses are archived."""
    where, args = _reuse_where(filters)
    join = _join()
    sql = (
        f"SELECT (SELECT COUNT(*) FROM reuse r WHERE {where}) AS reuses, "
        f"(SELECT COUNT(DISTINCT rd.dataset) FROM reuse r {join} reuse_dataset rd ON rd.reuse = r.id "
        f"WHERE {where}) AS datasets, "
        f"(SELECT COUNT(DISTINCT d.producer) FROM reuse r {join} reuse_dataset rd ON rd.reuse = r.id "
        f"{join} portal_dataset d ON d.id = rd.dataset WHERE {where}) AS producers, "
        f"(SELECT COUNT(*) FROM reuse r WHERE {where} AND r.status = 'archived') AS archived")
    row = (await _rows(sql, args * 4))[0]
    return ReuseTotals(int(row["reuses"]), int(row["datasets"]), int(row["producers"]), int(row["archived"]))


@dataclass(frozen=True, slots=True)
class HomeFigures:
    reuses: int
    startups: int
    datasets: int
    challenges: int


async def home_figures() -> HomeFigures:
    """The home page's four numbers, from the same counting rules as /stats (no filter)."""
    totals = await reuse_totals(Filters())
    challenge_figures = await challenge_totals(Filters())
    startups = (await _rows("SELECT COUNT(*) AS n FROM startup", []))[0]["n"]
    return HomeFigures(reuses=totals.reuses, startups=int(startups), datasets=totals.datasets,
                       challenges=challenge_figures.challenges)


@dataclass(slots=True)
class Figures:
    """Everything /stats shows for one filter state."""

    filters: Filters
    totals: ReuseTotals
    months: list[tuple[str, int]]
    types: list[Named]
    themes: list[Named]
    producers: list[Named]
    datasets: list[Named]
    challenges: list[ChallengeRow]
    challenge_totals: ChallengeTotals
    computed_at: float = 0.0  # time.time() when counted: pages memoise what they draw from it


async def theme_choices() -> list[Named]:
    """Every theme, for the filter's select (count = 0: not a figure)."""
    rows = await _rows("SELECT name, title_fr, title_ar FROM portal_theme ORDER BY name", [])
    return [Named(row["name"], 0, row["title_fr"] or "", row["title_ar"] or "") for row in rows]


async def all_figures(filters: Filters) -> Figures:
    return Figures(filters=filters, totals=await reuse_totals(filters), months=await per_month(filters),
                   types=await by_type(filters), themes=await by_theme(filters), producers=await by_producer(filters),
                   datasets=await top_datasets(filters), challenges=await challenges(filters),
                   challenge_totals=await challenge_totals(filters), computed_at=time.time())
