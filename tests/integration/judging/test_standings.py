"""Standings of a round from real review rows: the JUDGING.md §2 worked example, drafts left out, the
disconnected-graph fallback and the primary criterion as the second tie-break."""

import pytest

from showcase.judging.access import first_round, settings_of
from showcase.judging.standings import round_standings
from showcase.judging.tables import JudgingSettings
from tests.integration.judging.results_support import criterion, review, worked_example
from tests.integration.judging.support import jury_with_entries

pytestmark = pytest.mark.anyio


async def test_worked_example_from_rows(client):
    jury, round_id, _impact = await worked_example()
    a, b, c, d = jury.entries
    standings = await round_standings(jury.challenge["id"], round_id)
    raw = {row.entry_id: round(row.raw, 6) for row in standings.rows}
    corrected = {row.entry_id: round(row.corrected, 6) for row in standings.rows}
    assert raw == {a: 8, b: 7, c: 7, d: 8}
    assert corrected == {a: 6, b: 9, c: 7, d: 8}
    assert standings.method == "additive" and standings.fallback_reason is None
    assert {j: round(v, 6) for j, v in standings.judge_bias.items()} == {jury.judges[0]: 2, jury.judges[1]: -2}
    assert [row.entry_id for row in standings.rows] == [b, d, c, a]
    assert all(len(row.track_ids) == 1 for row in standings.rows)
    assert standings.by_entry[a].track_ids != standings.by_entry[b].track_ids
    assert standings.by_entry[a].track_ids == standings.by_entry[c].track_ids
    assert {row.entry_id: row.reviews for row in standings.rows} == {a: 1, b: 1, c: 2, d: 2}
    again = await round_standings(jury.challenge["id"], round_id)
    assert [row.interval for row in again.rows] == [row.interval for row in standings.rows]


async def test_drafts_and_other_settings(client):
    jury, round_id, _impact = await worked_example()
    challenge_id = jury.challenge["id"]
    await review(challenge_id, round_id, jury.entries[0], jury.judges[1], 1.0, status="draft")
    settings = await settings_of(challenge_id)
    await JudgingSettings.update({JudgingSettings.correction: "zscore"}).where(JudgingSettings.id == settings["id"])
    standings = await round_standings(challenge_id, round_id)
    a, b, c, d = jury.entries
    assert standings.method == "zscore"
    assert {row.entry_id: round(row.corrected, 6) for row in standings.rows} == {
        a: 5.40835, b: 9.59165, c: 6.454175, d: 8.545825}
    assert standings.by_entry[a].reviews == 1


async def test_disconnected_graph_is_explained(client):
    jury = await jury_with_entries(judges=2, entries=4)
    challenge_id = jury.challenge["id"]
    round_id = (await first_round(challenge_id))["id"]
    for entry, judge, total in ((0, 0, 8.0), (1, 0, 6.0), (2, 1, 3.0), (3, 1, 5.0)):
        await review(challenge_id, round_id, jury.entries[entry], jury.judges[judge], total)
    standings = await round_standings(challenge_id, round_id)
    assert standings.requested == "additive" and standings.method == "zscore"
    assert standings.fallback_reason["code"] == "graph_disconnected"
    assert standings.fallback_reason["components"] == 2


async def test_primary_criterion_breaks_the_tie(client):
    jury = await jury_with_entries(judges=2, entries=2)
    challenge_id = jury.challenge["id"]
    round_id = (await first_round(challenge_id))["id"]
    impact = await criterion(challenge_id, name="Impact")
    design = await criterion(challenge_id, name="Design", position=1)
    first, second = jury.entries
    for judge in range(2):
        await review(challenge_id, round_id, first, jury.judges[judge], 10.0, marks={impact: 4.0, design: 6.0})
        await review(challenge_id, round_id, second, jury.judges[judge], 10.0, marks={impact: 6.0, design: 4.0})
    standings = await round_standings(challenge_id, round_id)
    assert all(row.decided_by == "unresolved: jury deliberation" for row in standings.rows)
    assert standings.rows[0].tied_with == (standings.rows[1].entry_id,)
    settings = await settings_of(challenge_id)
    await JudgingSettings.update({JudgingSettings.primary_criterion: impact}).where(
        JudgingSettings.id == settings["id"])
    standings = await round_standings(challenge_id, round_id)
    assert [(row.entry_id, row.rank, row.decided_by, row.primary) for row in standings.rows] == [
        (second, 1, "primary_criterion", 6.0), (first, 2, "primary_criterion", 4.0)]
