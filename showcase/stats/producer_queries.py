"""Reads for a producer's dashboard and digest: one aggregate SQL query per figure, never one per row.

"Published" means what the gallery shows: status published and not deleted. Months are calendar months in UTC
("2026-10"), bucketed by the database (strftime on SQLite, to_char on PostgreSQL), the same in the chart, the CSV
and the digest.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, date, datetime

from showcase.db import get_engine
from showcase.portal.queries import pick
from showcase.reuses.queries import CARD_FIELDS, ReuseCard, cards_for
from showcase.reuses.tables import Reuse, ReuseDataset

PUBLISHED = "r.status = 'published' AND r.deleted_at IS NULL"
LATEST_REUSES = 6
CHART_MONTHS = 24  # the chart shows the last two years; the data table and the CSV keep every month


def month_expression(column: str) -> str:
    """SQL turning a timestamptz column into "YYYY-MM" (UTC) on the current engine."""
    if get_engine().engine_type == "postgres":
        return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM')"
    return f"strftime('%Y-%m', {column})"


async def _raw(sql: str, *args: object) -> list[dict]:
    return await Reuse.raw(sql, *args)


def as_instant(value: datetime | str | None) -> datetime | None:
    """Raw queries give datetimes on both engines; a bare string (an SQLite expression) is parsed as UTC."""
    if value is None or isinstance(value, datetime):
        return value
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class RankedDataset:
    id: int
    key: str
    title_fr: str
    title_ar: str
    reuses: int

    def title(self, locale: str) -> str:
        return pick(locale, self.title_fr, self.title_ar) or self.key


async def dataset_ranking(producer_id: int) -> list[RankedDataset]:
    """Every cited dataset of the producer with its number of published reuses, most reused first."""
    rows = await _raw(
        "SELECT d.id, d.name, d.cited_key, d.title_fr, d.title_ar, COUNT(DISTINCT r.id) AS reuses "
        "FROM portal_dataset d "
        "LEFT JOIN reuse_dataset rd ON rd.dataset = d.id "
        f"LEFT JOIN reuse r ON r.id = rd.reuse AND {PUBLISHED} "
        "WHERE d.producer = {} "
        "GROUP BY d.id, d.name, d.cited_key, d.title_fr, d.title_ar "
        "ORDER BY reuses DESC, d.title_fr, d.id", producer_id)
    return [RankedDataset(row["id"], row["name"] or row["cited_key"], row["title_fr"], row["title_ar"],
                          int(row["reuses"])) for row in rows]


def next_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    return f"{year + number // 12}-{number % 12 + 1:02d}"


def month_range(first: str, last: str) -> list[str]:
    """Every month from first to last, both included ("2026-11", "2026-12", "2027-01")."""
    months, current = [], first
    while current <= last and len(months) < 1200:
        months.append(current)
        current = next_month(current)
    return months


def month_start(month: str) -> datetime:
    return datetime(int(month[:4]), int(month[5:7]), 1, tzinfo=UTC)


def month_of(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y-%m")


def previous_month(instant: datetime) -> str:
    current = month_of(instant)
    year, number = int(current[:4]), int(current[5:7])
    return f"{year - 1}-12" if number == 1 else f"{year}-{number - 1:02d}"


def parse_month(text: str) -> str | None:
    """"2026-10" when the text is a month, None otherwise."""
    text = (text or "").strip()
    if len(text) != 7 or text[4] != "-" or not (text[:4].isdigit() and text[5:].isdigit()):
        return None
    return text if 1 <= int(text[5:]) <= 12 and int(text[:4]) >= 1900 else None


@dataclass(frozen=True, slots=True)
class MonthCount:
    month: str  # "2026-10"
    reuses: int

    @property
    def first_day(self) -> date:
        return date(int(self.month[:4]), int(self.month[5:7]), 1)


async def reuses_per_month(producer_id: int, *, until: datetime) -> list[MonthCount]:
    """Published reuses citing the producer's data, per month of publication, from the first such month to
    `until`'s month, months without a reuse included (a reuse citing two of its datasets counts once)."""
    month = month_expression("r.published_at")
    rows = await _raw(
        f"SELECT {month} AS month, COUNT(DISTINCT r.id) AS reuses FROM reuse r "
        "JOIN reuse_dataset rd ON rd.reuse = r.id JOIN portal_dataset d ON d.id = rd.dataset "
        f"WHERE d.producer = {{}} AND {PUBLISHED} AND r.published_at IS NOT NULL "
        f"GROUP BY {month} ORDER BY 1", producer_id)
    counts = {row["month"]: int(row["reuses"]) for row in rows}
    if not counts:
        return []
    last = max(max(counts), month_of(until))
    return [MonthCount(month, counts.get(month, 0)) for month in month_range(min(counts), last)]


@dataclass(frozen=True, slots=True)
class ChallengeUse:
    slug: str
    title_fr: str
    title_ar: str
    listed: int  # the producer's datasets among the challenge's eligible datasets
    entries: int  # submitted entries whose reuse cites the producer's data

    def title(self, locale: str) -> str:
        return pick(locale, self.title_fr, self.title_ar) or self.slug


async def challenges_using(producer_id: int) -> list[ChallengeUse]:
    """Published challenges that listed the producer's datasets as eligible, or whose submitted entries' reuses
    cite them; newest first."""
    rows = await _raw(
        "SELECT slug, title_fr, title_ar, listed, entries FROM ("
        " SELECT c.slug, c.title_fr, c.title_ar, c.published_at, c.id,"
        "  (SELECT COUNT(*) FROM challenge_dataset cd JOIN portal_dataset d ON d.id = cd.dataset"
        "   WHERE cd.challenge = c.id AND d.producer = {}) AS listed,"
        "  (SELECT COUNT(DISTINCT e.id) FROM challenge_entry e JOIN reuse_dataset rd ON rd.reuse = e.reuse"
        "   JOIN portal_dataset d ON d.id = rd.dataset"
        "   WHERE e.challenge = c.id AND e.status = 'submitted' AND d.producer = {}) AS entries"
        " FROM challenge c WHERE c.status = 'published'"
        ") AS used WHERE listed > 0 OR entries > 0 ORDER BY published_at DESC, id DESC", producer_id, producer_id)
    return [ChallengeUse(row["slug"], row["title_fr"], row["title_ar"], int(row["listed"]), int(row["entries"]))
            for row in rows]


async def latest_reuses(producer_id: int, limit: int = LATEST_REUSES) -> list[ReuseCard]:
    """The newest published reuses citing the producer's data, as gallery cards (three queries)."""
    cited = ReuseDataset.select(ReuseDataset.reuse).where(ReuseDataset.dataset.producer == producer_id)
    return await cards_for(Reuse.select(*CARD_FIELDS).where(
        (Reuse.status == "published") & Reuse.deleted_at.is_null() & Reuse.id.is_in(cited)
    ).order_by(Reuse.published_at, ascending=False).order_by(Reuse.id, ascending=False).limit(limit))


@dataclass(frozen=True, slots=True)
class Dashboard:
    ranking: list[RankedDataset]
    months: list[MonthCount]
    challenges: list[ChallengeUse]
    reuses: list[ReuseCard]

    @property
    def total_reuses(self) -> int:
        return sum(month.reuses for month in self.months)

    @property
    def datasets_reused(self) -> int:
        return sum(1 for dataset in self.ranking if dataset.reuses)

    @property
    def chart_months(self) -> list[MonthCount]:
        return self.months[-CHART_MONTHS:]


DASHBOARD_CACHE_SECONDS = 60.0
DASHBOARD_CACHE_SIZE = 256
_dashboards: OrderedDict[tuple[int, str], tuple[float, Dashboard]] = OrderedDict()


def forget_dashboards() -> None:
    _dashboards.clear()


async def dashboard(producer_id: int, *, now: datetime) -> Dashboard:
    """Everything the producer page shows beyond its header: six queries whatever the number of reuses, kept a
    minute in this process (with 10,000 reuses the aggregates cost tens of milliseconds; a new reuse shows on the
    dashboard within a minute)."""
    key = (producer_id, month_of(now))
    clock = time.monotonic()
    cached = _dashboards.get(key)
    if cached is not None and cached[0] > clock:
        _dashboards.move_to_end(key)
        return cached[1]
    data = Dashboard(ranking=await dataset_ranking(producer_id),
                     months=await reuses_per_month(producer_id, until=now),
                     challenges=await challenges_using(producer_id),
                     reuses=await latest_reuses(producer_id))
    _dashboards[key] = (clock + DASHBOARD_CACHE_SECONDS, data)
    while len(_dashboards) > DASHBOARD_CACHE_SIZE:
        _dashboards.popitem(last=False)
    return data


async def csv_rows(producer_id: int) -> list[dict]:
    """One row per (published reuse, cited dataset of the producer), newest reuse first."""
    return await _raw(
        "SELECT r.slug, r.title_fr, r.title_ar, r.published_at, r.type, r.url, d.name, d.cited_key,"
        " d.title_fr AS dataset_title_fr, d.title_ar AS dataset_title_ar "
        "FROM reuse r JOIN reuse_dataset rd ON rd.reuse = r.id JOIN portal_dataset d ON d.id = rd.dataset "
        f"WHERE d.producer = {{}} AND {PUBLISHED} "
        "ORDER BY r.published_at DESC, r.id DESC, rd.position, d.id", producer_id)


@dataclass(frozen=True, slots=True)
class DigestReuse:
    slug: str
    title_fr: str
    title_ar: str
    type: str
    published_at: datetime | None


async def new_reuses_by_producer(producer_ids: list[int], month: str) -> dict[int, list[DigestReuse]]:
    """The reuses first published in `month` citing each producer's data, oldest first: one query for all."""
    if not producer_ids:
        return {}
    placeholders = ",".join("{}" for _ in producer_ids)
    rows = await _raw(
        "SELECT DISTINCT d.producer, r.id, r.slug, r.title_fr, r.title_ar, r.type, r.published_at "
        "FROM reuse r JOIN reuse_dataset rd ON rd.reuse = r.id JOIN portal_dataset d ON d.id = rd.dataset "
        f"WHERE d.producer IN ({placeholders}) AND {PUBLISHED} AND r.published_at >= {{}} AND r.published_at < {{}} "
        "ORDER BY d.producer, r.published_at, r.id",
        *producer_ids, month_start(month), month_start(next_month(month)))
    found: dict[int, list[DigestReuse]] = {}
    for row in rows:
        found.setdefault(row["producer"], []).append(DigestReuse(
            row["slug"], row["title_fr"], row["title_ar"], row["type"], as_instant(row["published_at"])))
    return found


async def totals_by_producer(producer_ids: list[int]) -> dict[int, int]:
    """Published reuses citing each producer's data, all time: one query for all."""
    if not producer_ids:
        return {}
    placeholders = ",".join("{}" for _ in producer_ids)
    rows = await _raw(
        "SELECT d.producer, COUNT(DISTINCT r.id) AS reuses "
        "FROM reuse r JOIN reuse_dataset rd ON rd.reuse = r.id JOIN portal_dataset d ON d.id = rd.dataset "
        f"WHERE d.producer IN ({placeholders}) AND {PUBLISHED} GROUP BY d.producer", *producer_ids)
    return {row["producer"]: int(row["reuses"]) for row in rows}
