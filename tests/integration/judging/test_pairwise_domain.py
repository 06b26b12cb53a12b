"""Pairwise rounds, the domain: Crowd-BT state in the tables, decisions, skips, undo by replay, conflicts, audit.

Expected values are computed here with `crowd_bt.update` on the pairs the judges were shown, independently of
the module under test."""

import math
import random
from datetime import UTC, datetime

import pytest

from showcase.exceptions import NotAllowed
from showcase.judging import audit, crowd_bt, pairwise
from showcase.judging.crowd_bt import ItemState, JudgeState
from showcase.judging.tables import Conflict, PairwiseDecision
from tests.integration.judging.pairwise_support import jury_in_pairwise
from tests.integration.judging.support import JUDGE_NAMES

pytestmark = pytest.mark.anyio

WHEN = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def _user(jury, number: int) -> dict:  # noqa: ANN001
    return {"id": jury.judges[number], "name": JUDGE_NAMES[number]}


async def _first_pair(round_id: int, user: dict) -> pairwise.Screen:
    look = await pairwise.screen(round_id, user["id"])
    assert look.first_look and look.previous is None
    await pairwise.begin(round_id, user=user, shown=look.current)
    pair = await pairwise.screen(round_id, user["id"])
    assert pair.previous == look.current and pair.current not in (None, look.current)
    return pair


async def test_a_new_round_starts_every_entry_and_judge_at_the_prior(client):
    jury, round_row = await jury_in_pairwise()
    state = await pairwise.stored(round_row["id"])
    assert state.items == dict.fromkeys(jury.entries, ItemState(0.0, 1.0))
    assert state.views == dict.fromkeys(jury.entries, 0)
    assert state.judges == dict.fromkeys(jury.judges, JudgeState(10.0, 1.0))
    assert await pairwise.pairwise_ranking(round_row["id"]) == [(entry, 0.0, 1.0) for entry in sorted(jury.entries)]


async def test_scripted_decisions_give_the_exact_posteriors(client):
    jury, round_row = await jury_in_pairwise()
    round_id = round_row["id"]
    items = dict.fromkeys(jury.entries, ItemState())
    judges = dict.fromkeys(jury.judges, JudgeState())
    script = [(0, "current"), (1, "previous"), (0, "previous"), (2, "current"), (1, "current"), (0, "current")]
    started: set[int] = set()
    for number, better in script:
        user = _user(jury, number)
        pair = await _first_pair(round_id, user) if number not in started else await pairwise.screen(round_id, user["id"])
        started.add(number)
        winner, loser = (pair.current, pair.previous) if better == "current" else (pair.previous, pair.current)
        judges[user["id"]], items[winner], items[loser], _c = crowd_bt.update(judges[user["id"]], items[winner],
                                                                               items[loser])
        result = await pairwise.decide(round_id, user=user, better=better, previous=pair.previous,
                                       current=pair.current, now=WHEN)
        assert (result["winner"], result["loser"]) == (winner, loser)
    state = await pairwise.stored(round_id)
    for entry in jury.entries:
        assert state.items[entry].mu == pytest.approx(items[entry].mu, abs=1e-6)
        assert state.items[entry].sigma_sq == pytest.approx(items[entry].sigma_sq, abs=1e-6)
    for judge in jury.judges:
        assert state.judges[judge].alpha == pytest.approx(judges[judge].alpha, abs=1e-5)
        assert state.judges[judge].beta == pytest.approx(judges[judge].beta, abs=1e-6)
    # The first decision of a fresh pair is JUDGING.md's T1 for whichever two entries judge 1 compared.
    log = await PairwiseDecision.select().where(PairwiseDecision.round == round_id).order_by(PairwiseDecision.sequence)
    assert [row["sequence"] for row in log] == [1, 2, 3, 4, 5, 6]
    ranking = await pairwise.pairwise_ranking(round_id)
    assert [entry for entry, _mu, _s in ranking] == [
        entry for entry, _mu, _s in sorted(((e, s.mu, s.sigma_sq) for e, s in items.items()),
                                           key=lambda row: (-row[1], row[2]))]
    assert sum(state.views.values()) == 2 * len(script)


async def test_first_decision_is_judging_md_t1(client):
    jury, round_row = await jury_in_pairwise()
    user = _user(jury, 0)
    pair = await _first_pair(round_row["id"], user)
    await pairwise.decide(round_row["id"], user=user, better="current", previous=pair.previous, current=pair.current,
                          now=WHEN)
    state = await pairwise.stored(round_row["id"])
    assert state.items[pair.current].mu == pytest.approx(0.409091, abs=1e-6)
    assert state.items[pair.previous].mu == pytest.approx(-0.409091, abs=1e-6)
    assert state.items[pair.current].sigma_sq == pytest.approx(0.832645, abs=1e-6)
    assert state.items[pair.previous].sigma_sq == pytest.approx(0.832645, abs=1e-6)
    assert (state.views[pair.current], state.views[pair.previous]) == (1, 1)
    assert state.judges[user["id"]] == JudgeState(pytest.approx(10.0, abs=1e-5), pytest.approx(1.0, abs=1e-6))
    # The entry judged becomes the previous one; the next is neither of them.
    after = await pairwise.screen(round_row["id"], user["id"])
    assert after.previous == pair.current and after.current not in (pair.previous, pair.current)
    assert after.decisions == 1 and after.can_undo


async def test_undo_restores_the_exact_stored_state_and_the_pair(client):
    jury, round_row = await jury_in_pairwise(entries=5)
    round_id = round_row["id"]
    one, two = _user(jury, 0), _user(jury, 1)
    pair = await _first_pair(round_id, one)
    await pairwise.decide(round_id, user=one, better="previous", previous=pair.previous, current=pair.current, now=WHEN)
    other = await _first_pair(round_id, two)
    await pairwise.decide(round_id, user=two, better="current", previous=other.previous, current=other.current,
                          now=WHEN)
    pair = await pairwise.screen(round_id, one["id"])
    before = await pairwise.stored(round_id)
    await pairwise.decide(round_id, user=one, better="current", previous=pair.previous, current=pair.current, now=WHEN)
    assert await pairwise.stored(round_id) != before
    undone = await pairwise.undo(round_id, user=one, now=WHEN)
    assert await pairwise.stored(round_id) == before  # exactly: replay reproduces what was stored
    again = await pairwise.screen(round_id, one["id"])
    assert (again.previous, again.current) == (pair.previous, pair.current)
    assert (undone["previous"], undone["current"]) == (pair.previous, pair.current)
    assert again.decisions == 1
    rows = await PairwiseDecision.select(PairwiseDecision.sequence, PairwiseDecision.undone).where(
        PairwiseDecision.round == round_id).order_by(PairwiseDecision.sequence)
    assert [(row["sequence"], row["undone"]) for row in rows] == [(1, False), (2, False), (3, True)]
    # Undo again: judge 1's first decision; judge 2's stays.
    await pairwise.undo(round_id, user=one, now=WHEN)
    with pytest.raises(NotAllowed):
        await pairwise.undo(round_id, user=one, now=WHEN)
    state = await pairwise.stored(round_id)
    assert state.judges[one["id"]] == JudgeState(10.0, 1.0)
    assert sum(state.views.values()) == 2


async def test_replay_equals_stored_after_a_long_random_sequence(client):
    jury, round_row = await jury_in_pairwise(judges=3, entries=8)
    round_id = round_row["id"]
    rng = random.Random(20261122)
    started: set[int] = set()
    counts = {"decision": 0, "skip": 0, "undo": 0}
    for _step in range(70):
        number = rng.randrange(3)
        user = _user(jury, number)
        if number not in started:
            look = await pairwise.screen(round_id, user["id"])
            await pairwise.begin(round_id, user=user, shown=look.current)
            started.add(number)
        screen = await pairwise.screen(round_id, user["id"])
        roll = rng.random()
        if roll < 0.15 and screen.can_undo:
            await pairwise.undo(round_id, user=user, now=WHEN)
            counts["undo"] += 1
        elif screen.current is None:
            continue
        elif roll < 0.25:
            await pairwise.skip(round_id, user=user, previous=screen.previous, current=screen.current, now=WHEN)
            counts["skip"] += 1
        else:
            await pairwise.decide(round_id, user=user, better=rng.choice(["current", "previous"]),
                                  previous=screen.previous, current=screen.current, now=WHEN)
            counts["decision"] += 1
    assert counts["decision"] > 15 and counts["undo"] > 3 and counts["skip"] > 3
    stored, replayed = await pairwise.stored(round_id), await pairwise.replayed(round_id)
    assert stored.views == replayed.views
    for entry in jury.entries:
        assert math.isclose(stored.items[entry].mu, replayed.items[entry].mu, rel_tol=0, abs_tol=1e-12)
        assert math.isclose(stored.items[entry].sigma_sq, replayed.items[entry].sigma_sq, rel_tol=0, abs_tol=1e-12)
    for judge in jury.judges:
        assert math.isclose(stored.judges[judge].alpha, replayed.judges[judge].alpha, rel_tol=0, abs_tol=1e-12)
        assert math.isclose(stored.judges[judge].beta, replayed.judges[judge].beta, rel_tol=0, abs_tol=1e-12)
    # Without the database's rounding the replay is crowd_bt.replay's, within what a 4-byte REAL keeps.
    log = await PairwiseDecision.select().where((PairwiseDecision.round == round_id)
                                                & (PairwiseDecision.kind == "decision")
                                                & (PairwiseDecision.undone == False)).order_by(  # noqa: E712
        PairwiseDecision.sequence)
    items, judges = crowd_bt.replay([(row["judge"], row["winner"], row["loser"]) for row in log], jury.entries,
                                    jury.judges)
    for entry in jury.entries:
        assert stored.items[entry].mu == pytest.approx(items[entry].mu, abs=1e-5)


async def test_a_conflicted_judge_is_never_shown_the_entry(client):
    jury, round_row = await jury_in_pairwise(judges=2, entries=5)
    round_id = round_row["id"]
    user = _user(jury, 0)
    banned = jury.entries[2]
    await Conflict(challenge=jury.challenge["id"], user=user["id"], entry=banned, source="declared", reason="Ami",
                   key=f"{banned}:{user['id']}").save()
    seen = set()
    look = await pairwise.screen(round_id, user["id"])
    seen.add(look.current)
    await pairwise.begin(round_id, user=user, shown=look.current)
    while True:
        screen = await pairwise.screen(round_id, user["id"])
        assert screen.items == 4
        if screen.current is None:
            break
        seen.update((screen.previous, screen.current))
        await pairwise.decide(round_id, user=user, better="current", previous=screen.previous, current=screen.current,
                              now=WHEN)
    assert seen == set(jury.entries) - {banned}
    # Asking to judge it anyway is refused: it is not on the judge's screen.
    with pytest.raises(pairwise.StalePair):
        await pairwise.decide(round_id, user=user, better="current", previous=screen.previous, current=banned, now=WHEN)


async def test_skip_never_shows_the_entry_again_and_everything_is_audited(client):
    jury, round_row = await jury_in_pairwise(judges=1, entries=4)
    round_id = round_row["id"]
    user = _user(jury, 0)
    pair = await _first_pair(round_id, user)
    skipped = pair.current
    await pairwise.skip(round_id, user=user, previous=pair.previous, current=pair.current, now=WHEN)
    shown = []
    while (screen := await pairwise.screen(round_id, user["id"])).current is not None:
        shown.append(screen.current)
        await pairwise.decide(round_id, user=user, better="previous", previous=screen.previous, current=screen.current,
                              now=WHEN)
    assert skipped not in shown and len(shown) == 2
    await pairwise.undo(round_id, user=user, now=WHEN)
    events = await audit.events_of(jury.challenge["id"])
    assert [event["action"] for event in events] == ["pairwise.skipped", "pairwise.decided", "pairwise.decided",
                                                     "pairwise.undone"]
    assert events[0]["payload"] == f'{{"round":{round_id},"sequence":1,"skipped":{skipped}}}'
    assert audit.verify_chain(events) == []
    judges = await pairwise.judges_of_round(round_id)
    assert [(row["name"], row["decisions"], row["skips"], row["undone"]) for row in judges] == [
        (JUDGE_NAMES[0], 1, 1, 1)]
    assert judges[0]["reliability"] == pytest.approx(judges[0]["alpha"] / (judges[0]["alpha"] + judges[0]["beta"]))


async def test_a_stale_form_and_a_closed_round_are_refused(client):
    jury, round_row = await jury_in_pairwise(judges=1, entries=3)
    user = _user(jury, 0)
    pair = await _first_pair(round_row["id"], user)
    with pytest.raises(pairwise.StalePair):
        await pairwise.decide(round_row["id"], user=user, better="current", previous=pair.current,
                              current=pair.previous, now=WHEN)
    from showcase.judging.tables import Round
    await Round.update({Round.status: "closed"}).where(Round.id == round_row["id"])
    with pytest.raises(NotAllowed):
        await pairwise.decide(round_row["id"], user=user, better="current", previous=pair.previous,
                              current=pair.current, now=WHEN)


async def test_an_entry_withdrawn_since_the_round_opened_is_no_longer_shown(client):
    from showcase.challenges.tables import Entry

    jury, round_row = await jury_in_pairwise(judges=1, entries=4)
    gone = jury.entries[0]
    await Entry.update({Entry.status: "withdrawn"}).where(Entry.id == gone)
    user = _user(jury, 0)
    seen = []
    look = await pairwise.screen(round_row["id"], user["id"])
    seen.append(look.current)
    await pairwise.begin(round_row["id"], user=user, shown=look.current)
    while (screen := await pairwise.screen(round_row["id"], user["id"])).current is not None:
        seen.append(screen.current)
        await pairwise.skip(round_row["id"], user=user, previous=screen.previous, current=screen.current, now=WHEN)
    assert sorted(seen) == sorted(jury.entries[1:])
