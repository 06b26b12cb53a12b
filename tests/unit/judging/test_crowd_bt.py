"""Crowd-BT against the worked examples of JUDGING.md §1, to 6 decimals, and its properties."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from showcase.judging.crowd_bt import (
    MIN_VIEWS,
    ItemState,
    JudgeState,
    candidate_pool,
    choose_next,
    digamma,
    expected_information_gain,
    kl_beta,
    kl_normal,
    log_beta,
    ranking,
    replay,
    update,
    variance_cannot_grow,
)

PROPERTIES = settings(max_examples=60, deadline=None)

mus = st.floats(min_value=-4.0, max_value=4.0)
variances = st.floats(min_value=0.01, max_value=2.0)
item_states = st.builds(ItemState, mu=mus, sigma_sq=variances)
judge_states = st.builds(
    JudgeState, alpha=st.floats(min_value=0.5, max_value=40.0), beta=st.floats(min_value=0.5, max_value=40.0)
)


def approx(value: float) -> object:
    return pytest.approx(value, abs=1e-6)


def approx_state(state: ItemState) -> ItemState:
    return ItemState(approx(state.mu), approx(state.sigma_sq))  # type: ignore[arg-type]


def outputs(judge: JudgeState, winner: ItemState, loser: ItemState, c: float) -> list[float]:
    return [judge.alpha, judge.beta, winner.mu, winner.sigma_sq, loser.mu, loser.sigma_sq, c]


@pytest.mark.parametrize(
    ("winner", "loser", "expected"),
    [
        pytest.param(
            ItemState(0.0, 1.0),
            ItemState(0.0, 1.0),
            [10.0, 1.0, 0.409091, 0.832645, -0.409091, 0.832645, 0.5],
            id="T1 fresh pair",
        ),
        pytest.param(
            ItemState(0.5, 0.8),
            ItemState(-0.5, 0.6),
            [10.416828, 0.996224, 0.686767, 0.696071, -0.640075, 0.541540, 0.637011],
            id="T2 expected win",
        ),
        pytest.param(
            ItemState(-0.5, 0.6),
            ItemState(0.5, 0.8),
            [9.463174, 1.019591, -0.189603, 0.589718, 0.086137, 0.781720, 0.362989],
            id="T3 upset",
        ),
    ],
)
def test_update_reproduces_the_worked_examples(winner: ItemState, loser: ItemState, expected: list[float]) -> None:
    assert outputs(*update(JudgeState(), winner, loser)) == [approx(value) for value in expected]


def test_prior_values_are_gavels() -> None:
    assert (ItemState(), JudgeState()) == (ItemState(mu=0.0, sigma_sq=1.0), JudgeState(alpha=10.0, beta=1.0))


def test_expected_information_gain_at_the_prior() -> None:
    assert expected_information_gain(JudgeState(), ItemState(), ItemState()) == pytest.approx(0.1831483, abs=1e-7)


def test_expected_information_gain_after_t1_prefers_the_most_uncertain_candidate() -> None:
    standing_at = ItemState(0.409091, 0.832645)
    candidates = {"C": ItemState(0.0, 1.0), "B": ItemState(-0.409091, 0.832645), "D": ItemState(1.0, 0.3)}

    gains = {name: expected_information_gain(JudgeState(), standing_at, state) for name, state in candidates.items()}

    assert gains == {"C": approx(0.160577), "B": approx(0.128186), "D": approx(0.092027)}
    assert sorted(gains, key=gains.__getitem__, reverse=True) == ["C", "B", "D"]


def test_coin_flip_judge_on_an_even_pair_changes_nothing_and_teaches_nothing() -> None:
    coin = JudgeState(alpha=1.0, beta=1.0)

    judge, winner, loser, c = update(coin, ItemState(), ItemState())

    assert outputs(judge, winner, loser, c) == [approx(value) for value in (1.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.5)]
    assert expected_information_gain(coin, ItemState(), ItemState()) == pytest.approx(0.0, abs=1e-12)


@PROPERTIES
@given(winner=item_states, loser=item_states)
def test_coin_flip_judge_never_moves_an_item(winner: ItemState, loser: ItemState) -> None:
    _, new_winner, new_loser, _ = update(JudgeState(alpha=1.0, beta=1.0), winner, loser)

    assert (new_winner, new_loser) == (approx_state(winner), approx_state(loser))


def test_adversarial_judge_mirrors_the_update() -> None:
    judge, winner, loser, _ = update(JudgeState(alpha=1.0, beta=10.0), ItemState(), ItemState())

    assert (winner.mu, loser.mu) == (approx(-0.409091), approx(0.409091))
    assert (winner.sigma_sq, loser.sigma_sq) == (approx(0.832645), approx(0.832645))
    assert (judge.alpha, judge.beta) == (approx(1.0), approx(10.0))


@PROPERTIES
@given(judge=judge_states, winner=item_states, loser=item_states)
def test_variance_never_grows_where_the_theory_says_so(judge: JudgeState, winner: ItemState, loser: ItemState) -> None:
    _, new_winner, new_loser, _ = update(judge, winner, loser)

    if variance_cannot_grow(judge, winner, loser):
        assert new_winner.sigma_sq <= winner.sigma_sq * (1 + 1e-12)
        assert new_loser.sigma_sq <= loser.sigma_sq * (1 + 1e-12)
    else:
        assert new_winner.sigma_sq > winner.sigma_sq
        assert new_loser.sigma_sq > loser.sigma_sq


@PROPERTIES
@given(winner=item_states, loser=item_states)
def test_variance_never_grows_when_the_favourite_wins_for_a_prior_judge(winner: ItemState, loser: ItemState) -> None:
    if winner.mu < loser.mu:
        winner, loser = loser, winner

    _, new_winner, new_loser, _ = update(JudgeState(), winner, loser)

    assert new_winner.sigma_sq <= winner.sigma_sq
    assert new_loser.sigma_sq <= loser.sigma_sq


def test_a_big_upset_raises_both_variances() -> None:
    """The formula as written (paper and Gavel): a reliable judge picking the much weaker item adds doubt."""
    winner, loser = ItemState(-2.0, 1.0), ItemState(0.0, 1.0)

    _, new_winner, new_loser, _ = update(JudgeState(), winner, loser)

    assert not variance_cannot_grow(JudgeState(), winner, loser)
    assert (new_winner.sigma_sq, new_loser.sigma_sq) == (approx(1.139370), approx(1.139370))


@PROPERTIES
@given(judge=judge_states, winner=item_states, loser=item_states)
def test_sum_of_mus_is_conserved_when_variances_are_equal(
    judge: JudgeState, winner: ItemState, loser: ItemState
) -> None:
    loser = ItemState(loser.mu, winner.sigma_sq)

    _, new_winner, new_loser, _ = update(judge, winner, loser)

    assert new_winner.mu + new_loser.mu == pytest.approx(winner.mu + loser.mu, abs=1e-9)


def test_update_survives_a_gap_that_would_overflow_exp() -> None:
    judge, winner, loser, c = update(JudgeState(), ItemState(800.0, 1.0), ItemState(-800.0, 1.0))

    assert all(math.isfinite(value) for value in outputs(judge, winner, loser, c))


@pytest.mark.parametrize(
    ("x", "expected"),
    [
        (1.0, -0.5772156649015329),  # -Euler–Mascheroni
        (0.5, -1.9635100260214235),  # -gamma - 2 ln 2
        (10.0, 2.251752589066721),
        (11.0, 2.3517525890667213),
    ],
)
def test_digamma_known_values(x: float, expected: float) -> None:
    assert digamma(x) == pytest.approx(expected, abs=1e-12)


@PROPERTIES
@given(x=st.floats(min_value=0.01, max_value=1e6))
def test_digamma_recurrence(x: float) -> None:
    assert digamma(x + 1) - digamma(x) == pytest.approx(1 / x, rel=1e-9, abs=1e-9)


def test_digamma_refuses_non_positive_arguments() -> None:
    with pytest.raises(ValueError):
        digamma(0.0)


def test_log_beta_and_divergences() -> None:
    assert log_beta(2.0, 3.0) == pytest.approx(math.log(1 / 12), abs=1e-12)
    assert kl_normal(0.3, 0.7, 0.3, 0.7) == 0.0
    assert kl_normal(1.0, 1.0, 0.0, 1.0) == pytest.approx(0.5, abs=1e-12)
    assert kl_beta(10.0, 1.0, 10.0, 1.0) == pytest.approx(0.0, abs=1e-12)
    # KL(Beta(1,1) || Beta(2,1)) = integral of ln(1 / 2x) over [0, 1] = 1 - ln 2
    assert kl_beta(1.0, 1.0, 2.0, 1.0) == pytest.approx(1 - math.log(2), abs=1e-12)


decision_logs = st.lists(
    st.tuples(st.sampled_from(["j1", "j2"]), st.sampled_from("ABCD"), st.sampled_from("ABCD")).filter(
        lambda decision: decision[1] != decision[2]
    ),
    min_size=1,
    max_size=15,
)


def apply_one_by_one(log: list[tuple[str, str, str]]) -> tuple[dict[str, ItemState], dict[str, JudgeState]]:
    items = {item_id: ItemState() for item_id in "ABCD"}
    judges = {"j1": JudgeState(), "j2": JudgeState()}
    for judge_id, winner_id, loser_id in log:
        judges[judge_id], items[winner_id], items[loser_id], _ = update(
            judges[judge_id], items[winner_id], items[loser_id]
        )
    return items, judges


@PROPERTIES
@given(log=decision_logs)
def test_replay_equals_the_updates_applied_one_by_one(log: list[tuple[str, str, str]]) -> None:
    assert replay(log, "ABCD", ["j1", "j2"]) == apply_one_by_one(log)


def test_replay_depends_on_the_order_of_decisions() -> None:
    log = [("j1", "A", "B"), ("j1", "B", "C"), ("j2", "C", "A")]

    forwards, _ = replay(log, "ABC", ["j1", "j2"])
    backwards, _ = replay(log[::-1], "ABC", ["j1", "j2"])

    assert forwards != backwards
    assert forwards["A"].mu != pytest.approx(backwards["A"].mu, abs=1e-6)


@PROPERTIES
@given(log=decision_logs, data=st.data())
def test_undo_is_the_state_that_never_saw_the_decision(log: list[tuple[str, str, str]], data: st.DataObject) -> None:
    cancelled = data.draw(st.integers(min_value=0, max_value=len(log) - 1))
    items = {item_id: ItemState() for item_id in "ABCD"}
    judges = {"j1": JudgeState(), "j2": JudgeState()}
    for position, (judge_id, winner_id, loser_id) in enumerate(log):
        if position != cancelled:  # a world where this decision was never taken
            judges[judge_id], items[winner_id], items[loser_id], _ = update(
                judges[judge_id], items[winner_id], items[loser_id]
            )

    assert replay(log[:cancelled] + log[cancelled + 1 :], "ABCD", ["j1", "j2"]) == (items, judges)


def test_undo_of_the_last_decision_restores_the_state_before_it() -> None:
    log = [("j1", "A", "B"), ("j2", "B", "C"), ("j1", "C", "A")]
    before_last = apply_one_by_one(log[:-1])
    items, judges = before_last[0].copy(), before_last[1].copy()
    judges["j1"], items["C"], items["A"], _ = update(judges["j1"], items["C"], items["A"])

    assert replay(log, "ABCD", ["j1", "j2"]) == (items, judges)
    assert replay(log[:-1], "ABCD", ["j1", "j2"]) == before_last
    assert (items, judges) != before_last


def test_replay_of_nothing_is_the_prior() -> None:
    assert replay([], ["A", "B"], ["j1"]) == ({"A": ItemState(), "B": ItemState()}, {"j1": JudgeState()})


@pytest.mark.parametrize(
    "decision",
    [("j9", "A", "B"), ("j1", "Z", "B"), ("j1", "A", "Z"), ("j1", "A", "A")],
    ids=["unknown judge", "unknown winner", "unknown loser", "self comparison"],
)
def test_replay_refuses_a_decision_it_cannot_reproduce(decision: tuple[str, str, str]) -> None:
    with pytest.raises(ValueError, match="decision 1"):
        replay([("j1", "A", "B"), decision], "AB", ["j1"])


def pool(current: str | None = "A", **overrides: object) -> list[str]:
    arguments: dict[str, object] = {"views": {}, "ignore": set(), "prioritized": set(), "busy": set()}
    arguments.update(overrides)
    return candidate_pool(current, {item_id: ItemState() for item_id in "ABCDE"}, **arguments)  # type: ignore[arg-type]


def test_candidate_pool_follows_gavels_order() -> None:
    assert pool() == ["B", "C", "D", "E"]
    assert pool(ignore={"B"}) == ["C", "D", "E"]
    assert pool(ignore={"B"}, prioritized={"B", "C", "D"}) == ["C", "D"]
    assert pool(prioritized={"B", "C"}, busy={"B"}) == ["C"]
    assert pool(prioritized={"B"}, busy={"B"}) == ["B"]  # busy is dropped only while something is left
    assert pool(views={"B": MIN_VIEWS, "C": MIN_VIEWS - 1}, busy={"D"}) == ["C", "E"]
    assert pool(views={item_id: MIN_VIEWS for item_id in "ABCDE"}) == ["B", "C", "D", "E"]
    assert pool(ignore={"B", "C", "D", "E"}) == []


def choose(seed: int, candidates: dict[str, ItemState], current: str | None = "A", **overrides: object) -> str | None:
    arguments: dict[str, object] = {"views": {}, "ignore": set(), "prioritized": set(), "busy": set()}
    arguments.update(overrides)
    rng = random.Random(seed)
    return choose_next(JudgeState(), current, candidates, rng=rng, **arguments)  # type: ignore[arg-type]


def test_choose_next_after_t1_mostly_picks_the_most_informative_candidate() -> None:
    candidates = {
        "A": ItemState(0.409091, 0.832645),
        "B": ItemState(-0.409091, 0.832645),
        "C": ItemState(0.0, 1.0),
        "D": ItemState(1.0, 0.3),
    }

    picks = [choose(seed, candidates, ignore={"A"}) for seed in range(400)]

    # argmax (C) with probability 3/4, plus a third of the random quarter
    assert picks.count("C") / len(picks) == pytest.approx(0.75 + 0.25 / 3, abs=0.06)
    assert set(picks) == {"B", "C", "D"}


def test_choose_next_returns_none_when_everything_is_ignored() -> None:
    assert choose(1, {"A": ItemState(), "B": ItemState()}, ignore={"A", "B"}) is None


def test_choose_next_first_look_without_a_current_item() -> None:
    picks = {choose(seed, {"A": ItemState(), "B": ItemState()}, current=None) for seed in range(50)}

    assert picks == {"A", "B"}


def test_choose_next_needs_the_current_items_state() -> None:
    with pytest.raises(ValueError, match="current item"):
        choose(1, {"B": ItemState(), "C": ItemState()}, current="A")


@PROPERTIES
@given(
    states=st.lists(item_states, min_size=1, max_size=8),
    data=st.data(),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_choose_next_never_returns_the_current_or_an_ignored_item_and_is_seeded(
    states: list[ItemState], data: st.DataObject, seed: int
) -> None:
    candidates = {f"item-{index}": state for index, state in enumerate(states)}
    ids = sorted(candidates)
    current = data.draw(st.sampled_from(ids))
    ignore = data.draw(st.sets(st.sampled_from(ids)))
    prioritized = data.draw(st.sets(st.sampled_from(ids)))
    busy = data.draw(st.sets(st.sampled_from(ids)))
    views = data.draw(st.dictionaries(st.sampled_from(ids), st.integers(min_value=0, max_value=4)))
    arguments = {"views": views, "ignore": ignore, "prioritized": prioritized, "busy": busy}

    chosen = choose(seed, candidates, current, **arguments)

    assert chosen == choose(seed, candidates, current, **arguments)
    if chosen is None:
        assert set(ids) <= ignore | {current}
    else:
        assert chosen != current
        assert chosen not in ignore


def test_ranking_by_mu_with_sigma_and_a_stated_tie_order() -> None:
    items = {
        "low": ItemState(-0.5, 0.25),
        "tied-unsure": ItemState(0.2, 0.81),
        "top": ItemState(1.0, 0.64),
        "tied-sure": ItemState(0.2, 0.16),
        "tied-sure-later": ItemState(0.2, 0.16),
    }

    assert ranking(items) == [
        ("top", 1.0, approx(0.8)),
        ("tied-sure", 0.2, approx(0.4)),
        ("tied-sure-later", 0.2, approx(0.4)),
        ("tied-unsure", 0.2, approx(0.9)),
        ("low", -0.5, approx(0.5)),
    ]


def test_ranking_after_a_replay() -> None:
    items, _ = replay([("j1", "A", "B"), ("j1", "A", "C"), ("j2", "B", "C")], "ABC", ["j1", "j2"])

    assert [item_id for item_id, _, _ in ranking(items)] == ["A", "B", "C"]
