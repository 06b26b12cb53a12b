"""Pairwise rounds, the pure parts: the replay of a round's log (with the database's rounding) equals the state
stored step by step, undo included, and a coin-flip judge changes nothing."""

from __future__ import annotations

import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from showcase.judging import crowd_bt
from showcase.judging.crowd_bt import ItemState, JudgeState
from showcase.judging.pairwise import (
    float4,
    no_rounding,
    ordered_ranking,
    pair_before,
    reliability,
    replay_log,
    store_rounding,
    stored_item,
    stored_judge,
)

PROPERTIES = settings(max_examples=80, deadline=None)
ITEMS = "ABCDE"
JUDGES = ("j1", "j2", "j3")

steps = st.lists(
    st.one_of(
        st.tuples(st.just("decide"), st.sampled_from(JUDGES), st.sampled_from(ITEMS), st.sampled_from(ITEMS)).filter(
            lambda step: step[2] != step[3]),
        st.tuples(st.just("undo"), st.sampled_from(JUDGES), st.just(""), st.just("")),
    ),
    min_size=1, max_size=40,
)
roundings = st.sampled_from([no_rounding, float4])


def test_rounding_follows_the_database() -> None:
    assert store_rounding("sqlite") is no_rounding
    assert store_rounding("postgres") is no_rounding  # DOUBLE PRECISION columns
    assert float4(0.1) == struct.unpack("f", struct.pack("f", 0.1))[0] != 0.1
    assert float4(float4(0.409090909)) == float4(0.409090909)


@PROPERTIES
@given(steps=steps, rounding=roundings)
def test_the_state_stored_step_by_step_is_the_replay_of_the_log(steps, rounding) -> None:  # noqa: ANN001
    """What the domain does: each decision updates the stored values; undo drops the judge's last decision and
    rewrites everything from the replay. At every step the stored state equals the replay of the live log."""
    items = {item: ItemState() for item in ITEMS}
    views = dict.fromkeys(ITEMS, 0)
    judges = {judge: JudgeState() for judge in JUDGES}
    log: list[tuple[str, str, str]] = []
    for kind, judge, winner, loser in steps:
        if kind == "decide":
            new_judge, new_winner, new_loser, _c = crowd_bt.update(judges[judge], items[winner], items[loser])
            judges[judge] = stored_judge(new_judge, rounding)
            items[winner], items[loser] = stored_item(new_winner, rounding), stored_item(new_loser, rounding)
            views[winner] += 1
            views[loser] += 1
            log.append((judge, winner, loser))
        else:
            mine = [position for position, decision in enumerate(log) if decision[0] == judge]
            if not mine:
                continue
            del log[mine[-1]]
            state = replay_log(log, ITEMS, JUDGES, rounding=rounding)
            items, views, judges = dict(state.items), dict(state.views), dict(state.judges)
        replayed = replay_log(log, ITEMS, JUDGES, rounding=rounding)
        assert (replayed.items, replayed.views, replayed.judges) == (items, views, judges)


@PROPERTIES
@given(steps=steps)
def test_without_rounding_the_replay_is_crowd_bt_replay(steps) -> None:  # noqa: ANN001
    log = [(judge, winner, loser) for kind, judge, winner, loser in steps if kind == "decide"]
    state = replay_log(log, ITEMS, JUDGES)
    assert (state.items, state.judges) == crowd_bt.replay(log, ITEMS, JUDGES)
    assert sum(state.views.values()) == 2 * len(log)


@PROPERTIES
@given(steps=steps, alpha=st.floats(min_value=0.5, max_value=50.0), rounding=roundings)
def test_coin_flip_judges_change_nothing(steps, alpha: float, rounding) -> None:  # noqa: ANN001
    """Judges with alpha = beta report the true order half the time: however many decisions they take, every item
    stays at the prior and so do they."""
    items = {item: ItemState() for item in ITEMS}
    judges = {judge: JudgeState(alpha, alpha) for judge in JUDGES}
    for kind, judge, winner, loser in steps:
        if kind != "decide":
            continue
        new_judge, new_winner, new_loser, c = crowd_bt.update(judges[judge], items[winner], items[loser])
        assert c == pytest.approx(0.5, abs=1e-12)
        judges[judge] = stored_judge(new_judge, rounding)
        items[winner], items[loser] = stored_item(new_winner, rounding), stored_item(new_loser, rounding)
    for state in items.values():
        assert state.mu == pytest.approx(0.0, abs=1e-12) and state.sigma_sq == pytest.approx(1.0, abs=1e-12)
    for state in judges.values():
        assert state.alpha == pytest.approx(state.beta, rel=1e-6)


def test_replay_refuses_what_it_cannot_reproduce() -> None:
    for bad in [("j1", "A", "A"), ("j9", "A", "B"), ("j1", "A", "Z")]:
        with pytest.raises(ValueError):
            replay_log([bad], ITEMS, JUDGES)


def test_reliability_ranking_and_the_pair_before_a_decision() -> None:
    assert reliability(10.0, 1.0) == pytest.approx(10 / 11)
    assert ordered_ranking({"A": ItemState(0.1, 0.5), "B": ItemState(0.3, 0.9), "C": ItemState(0.1, 0.4)}) == [
        ("B", 0.3, 0.9), ("C", 0.1, 0.4), ("A", 0.1, 0.5)]
    # After a decision the judge's previous entry is the one that was current: the other was previous.
    assert pair_before(7, 9, previous_entry=9) == (7, 9)
    assert pair_before(7, 9, previous_entry=7) == (9, 7)
