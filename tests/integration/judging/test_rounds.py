"""Rounds: round 1 scores every eligible entry; the next round takes the top N per track (or overall) of the
current round's ranking, closes it, and is audited."""

import json
from datetime import UTC, datetime

import pytest

from showcase.challenges.tables import Challenge
from showcase.judging import access, audit, pairwise, rounds
from showcase.judging.tables import PairwiseItem, PairwiseJudge, Review, Round, RoundEntry
from tests.conftest import soup
from tests.integration.challenges.helpers import timeline_for
from tests.integration.judging.pairwise_support import pairwise_round
from tests.integration.judging.support import JUDGE_NAMES, ORGANIZER, jury_with_entries
from tests.support import log_in, now, submit

pytestmark = pytest.mark.anyio

ROUNDS = "/manage/challenges/hack-mobilite/judging/rounds"
WHEN = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
QUALITY = (8.0, 6.0, 7.0, 9.0)  # entry n's true total; judges add 0, +1, -1
BIAS = (0.0, 1.0, -1.0)


async def _scored_jury():
    jury = await jury_with_entries(judges=3, entries=4)
    first = await access.first_round(jury.challenge["id"])
    for n, entry in enumerate(jury.entries):
        for j, judge in enumerate(jury.judges):
            await Review(round=first["id"], challenge=jury.challenge["id"], entry=entry, judge=judge,
                         status="submitted", total=QUALITY[n] + BIAS[j], key=f"{first['id']}:{entry}:{judge}",
                         submitted_at=WHEN).save()
    return jury, first


async def _entries_of(round_id: int) -> list[int]:
    return sorted(row["entry"] for row in await RoundEntry.select(RoundEntry.entry).where(RoundEntry.round == round_id))


async def test_a_pairwise_final_takes_the_top_entry_of_each_track(client):
    jury, first = await _scored_jury()
    await log_in(client, ORGANIZER)
    page = await client.get(ROUNDS)
    assert page.status_code == 200
    assert [row.select_one("th").get_text(" ", strip=True) for row in soup(page.text).select(".rounds-table tbody tr")
            ] == ["1. Évaluation"]
    response = await submit(client, ROUNDS, {"kind": "pairwise", "size": "1", "scope": "track", "name_fr": "",
                                             "name_ar": ""})
    assert response.status_code in (302, 303), response.text[:2000]
    rows = await access.rounds_of(jury.challenge["id"])
    assert [(row["position"], row["kind"], row["status"], row["shortlist_size"], row["name_fr"]) for row in rows] == [
        (1, "rubric", "closed", 0, "Évaluation"), (2, "pairwise", "open", 1, "Finale par comparaisons")]
    final = rows[1]
    e0, e1, e2, e3 = jury.entries
    assert await _entries_of(final["id"]) == sorted([e0, e3])  # track 1: e0 (8) beats e2 (7); track 2: e3 (9) > e1 (6)
    assert sorted(row["entry"] for row in await PairwiseItem.select(PairwiseItem.entry).where(
        PairwiseItem.round == final["id"])) == sorted([e0, e3])
    assert sorted(row["judge"] for row in await PairwiseJudge.select(PairwiseJudge.judge).where(
        PairwiseJudge.round == final["id"])) == sorted(jury.judges)
    events = await audit.events_of(jury.challenge["id"])
    assert [(event["action"], event["subject"]) for event in events] == [
        ("round.closed", f"round:{first['id']}"), ("round.opened", f"round:{final['id']}")]
    assert json.loads(events[1]["payload"]) == {"round": final["id"], "position": 2, "kind": "pairwise", "size": 1,
                                                "scope": "track", "from_round": first["id"], "entries": [e3, e0]}
    assert audit.verify_chain(events) == []
    after = await client.get(ROUNDS, headers={"Accept-Language": "en"})
    assert "Round 2 is open: 2 entries carried over." in after.text
    assert len(soup(after.text).select(".pairwise-ranking tbody tr")) == 2
    assert [row.select_one("td").get_text(strip=True) for row in soup(after.text).select(".pairwise-judges tbody tr")
            ] == sorted(JUDGE_NAMES[:3])


async def test_a_rubric_round_over_the_overall_top_three(client):
    jury, first = await _scored_jury()
    row = await rounds.open_next_round(jury.challenge["id"], phase="judging", now=WHEN,
                                       actor={"id": jury.organizer, "name": "Nadia Organisatrice"},
                                       values={"kind": "rubric", "size": "3", "scope": "overall",
                                               "name_fr": "Demi-finale", "name_ar": "نصف النهائي"})
    e0, e1, e2, e3 = jury.entries
    assert (row["kind"], row["position"], row["name_fr"], row["name_ar"]) == ("rubric", 2, "Demi-finale", "نصف النهائي")
    assert await _entries_of(row["id"]) == sorted([e3, e0, e2])
    assert await PairwiseItem.count().where(PairwiseItem.round == row["id"]) == 0
    assert await rounds.round_entries(row) == sorted([e0, e2, e3])
    assert [summary.entries for summary in await rounds.rounds_overview(jury.challenge["id"])] == [4, 3]


async def test_a_rubric_final_from_a_pairwise_ranking(client):
    jury = await jury_with_entries(judges=1, entries=4)
    semi = await pairwise_round(jury)
    user = {"id": jury.judges[0], "name": JUDGE_NAMES[0]}
    look = await pairwise.screen(semi["id"], user["id"])
    await pairwise.begin(semi["id"], user=user, shown=look.current)
    while (screen := await pairwise.screen(semi["id"], user["id"])).current is not None:
        await pairwise.decide(semi["id"], user=user, better="current", previous=screen.previous,
                              current=screen.current, now=WHEN)
    ranking = await pairwise.pairwise_ranking(semi["id"])
    row = await rounds.open_next_round(jury.challenge["id"], phase="judging", now=WHEN, actor=user,
                                       values={"kind": "rubric", "size": "2", "scope": "overall"})
    assert await _entries_of(row["id"]) == sorted(entry for entry, _mu, _s in ranking[:2])
    assert (await Round.select(Round.status).where(Round.id == semi["id"]).first())["status"] == "closed"


async def test_bad_values_come_back_with_messages(client):
    await _scored_jury()
    await log_in(client, ORGANIZER)
    response = await submit(client, ROUNDS, {"size": "trois", "scope": "partout", "name_fr": "Finale"})
    assert response.status_code == 400
    page = soup(response.text)
    assert page.select_one("#f-size")["value"] == "trois"
    assert page.select_one("#f-name_fr")["value"] == "Finale"
    errors = [item.get_text(strip=True) for item in page.select(".error-summary li")]
    assert errors == ["Choose rubric scoring or pairwise comparisons.", "Enter a whole number of entries, for example 5.",
                      "Choose per track or overall."]
    too_few = await submit(client, ROUNDS, {"kind": "pairwise", "size": "1", "scope": "overall"})
    assert too_few.status_code == 400
    assert "The shortlist would hold fewer than two entries; a round needs at least two." in too_few.text
    assert len(await Round.select()) == 1


async def test_rounds_open_only_while_judging(client):
    jury, _first = await _scored_jury()
    await Challenge.update(timeline_for("deliberation", now())).where(Challenge.id == jury.challenge["id"])
    await log_in(client, ORGANIZER)
    page = await client.get(ROUNDS)
    assert "Rounds are opened while judging is open." in page.text and not soup(page.text).select("#f-size")
    refused = await submit(client, ROUNDS, {"kind": "pairwise", "size": "2", "scope": "track"})
    assert refused.status_code == 403
    assert len(await Round.select()) == 1
