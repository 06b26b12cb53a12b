"""The /stats figures on the fixed world of stats_support.py: exact hand-counted values, for each filter."""

import pytest

from showcase.stats import queries
from showcase.stats.queries import ChallengeTotals, Filters, ReuseTotals
from tests.integration.stats.stats_support import build_world

pytestmark = pytest.mark.anyio


@pytest.fixture
async def world():
    return await build_world()


def counts(rows) -> list[tuple[str, int]]:
    return [(row.name, row.count) for row in rows]


async def test_figures_without_filters(world):
    everything = Filters()
    assert await queries.per_month(everything) == [("2026-01", 2), ("2026-02", 2), ("2026-03", 3)]
    assert counts(await queries.by_type(everything)) == [("application", 4), ("visualisation", 3)]
    assert counts(await queries.by_theme(everything)) == [("education", 4), ("population", 3)]
    assert counts(await queries.by_producer(everything)) == [("men", 6), ("hcp", 3)]
    assert counts(await queries.top_datasets(everything)) == [("ecoles", 4), ("bac", 3), ("population", 3)]
    assert await queries.reuse_totals(everything) == ReuseTotals(reuses=7, datasets=3, producers=2, archived=1)
    rows = await queries.challenges(everything)
    assert [(r.slug, r.teams, r.participants, r.entries, r.datasets) for r in rows] == [
        ("hackathon-education", 2, 6, 2, 3), ("defi-population", 1, 1, 0, 0)]
    assert await queries.challenge_totals(everything) == ChallengeTotals(challenges=2, teams=3, participants=6,
                                                                         entries=2, datasets=3)


async def test_period_filters(world):
    from_february = Filters(start="2026-02")
    assert await queries.per_month(from_february) == [("2026-02", 2), ("2026-03", 3)]
    assert (await queries.reuse_totals(from_february)).reuses == 5
    assert await queries.per_month(Filters(end="2026-01")) == [("2026-01", 2)]
    february = Filters(start="2026-02", end="2026-02")
    assert await queries.per_month(february) == [("2026-02", 2)]
    assert counts(await queries.by_type(february)) == [("application", 1), ("visualisation", 1)]
    assert counts(await queries.by_theme(february)) == [("education", 1), ("population", 1)]
    assert counts(await queries.by_producer(february)) == [("hcp", 1), ("men", 1)]
    assert counts(await queries.top_datasets(february)) == [("bac", 1), ("population", 1)]
    assert await queries.reuse_totals(february) == ReuseTotals(reuses=2, datasets=2, producers=2, archived=1)
    # challenges by their publication month: February holds the education hackathon only
    assert [r.slug for r in await queries.challenges(february)] == ["hackathon-education"]
    assert await queries.challenge_totals(Filters(start="2026-03")) == ChallengeTotals(1, 1, 1, 0, 0)


async def test_empty_months_inside_the_period_are_zeros(world):
    assert await queries.per_month(Filters(start="2025-11", end="2026-02")) == [
        ("2025-11", 0), ("2025-12", 0), ("2026-01", 2), ("2026-02", 2)]
    assert await queries.per_month(Filters(start="2027-01", end="2027-02")) == [("2027-01", 0), ("2027-02", 0)]
    assert await queries.per_month(Filters(start="2027-01")) == []


async def test_theme_filter(world):
    education = Filters(theme="education")
    assert await queries.per_month(education) == [("2026-01", 2), ("2026-02", 1), ("2026-03", 1)]
    assert counts(await queries.by_type(education)) == [("application", 3), ("visualisation", 1)]
    assert counts(await queries.by_theme(education)) == [("education", 4), ("population", 1)]
    assert counts(await queries.by_producer(education)) == [("men", 4), ("hcp", 1)]
    assert counts(await queries.top_datasets(education)) == [("ecoles", 3), ("bac", 2), ("population", 1)]
    assert await queries.challenge_totals(education) == ChallengeTotals(1, 2, 6, 2, 3)
    late_population = Filters(start="2026-03", theme="population")
    assert await queries.per_month(late_population) == [("2026-03", 1)]
    assert counts(await queries.top_datasets(late_population)) == [("ecoles", 1), ("population", 1)]
    assert [r.slug for r in await queries.challenges(late_population)] == ["defi-population"]


async def test_home_figures(world):
    assert await queries.home_figures() == queries.HomeFigures(reuses=7, startups=2, datasets=3, challenges=2)


def test_month_validation():
    assert queries.valid_month("2026-03") == "2026-03"
    assert [queries.valid_month(raw) for raw in ("2026-13", "2026-00", "26-03", "2026-3", "mars", "", "1899-12")] == [
        None] * 7
    assert queries.month_range("2025-11", "2026-02") == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert queries.month_range("2026-02", "2026-01") == []
