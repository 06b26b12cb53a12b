"""Aggregation and bias correction against JUDGING.md §2 (worked example to 6 decimals) and its guards."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from showcase.judging.aggregation import (
    Criterion,
    NotEnoughJudges,
    centered_scores,
    corrected_scores,
    fit_additive_model,
    judge_entry_components,
    per_entry_mean,
    per_entry_median,
    per_entry_trimmed_mean,
    trimmed_mean,
    weighted_percentage,
    weighted_scores,
    weighted_total,
    z_rescaled_scores,
)

# J1 is lenient: A=8, C=9, D=10. J2 is harsh: B=7, C=5, D=6.
WORKED = [("A", "J1", 8.0), ("C", "J1", 9.0), ("D", "J1", 10.0),
          ("B", "J2", 7.0), ("C", "J2", 5.0), ("D", "J2", 6.0)]


def approx(expected: dict[str, float]):
    return pytest.approx(expected, abs=1e-6)


def test_worked_example_raw_mean():
    assert per_entry_mean(WORKED) == approx({"A": 8, "B": 7, "C": 7, "D": 8})


def test_worked_example_centering():
    assert centered_scores(WORKED) == approx({"A": -1, "B": 1, "C": -0.5, "D": 0.5})


def test_worked_example_z_rescaled():
    assert z_rescaled_scores(WORKED) == approx({"A": 5.408350, "B": 9.591650, "C": 6.454175, "D": 8.545825})


def test_worked_example_additive_model_fits_exactly():
    fit = fit_additive_model(WORKED)
    assert fit.converged
    assert fit.entry_quality == approx({"A": 6, "B": 9, "C": 7, "D": 8})
    assert fit.judge_bias == approx({"J1": 2, "J2": -2})


def test_worked_example_every_correction_puts_b_above_a():
    for corrected in (centered_scores(WORKED), z_rescaled_scores(WORKED), corrected_scores(WORKED).scores):
        assert corrected["B"] > corrected["A"]
    assert per_entry_mean(WORKED)["A"] > per_entry_mean(WORKED)["B"]


# --- weighted rubric ---

CRITERIA = [Criterion("impact", 3, 10), Criterion("data use", 2, 5), Criterion("track bonus", 1, 10, independent=True),
            Criterion("comment only", 0, 10)]


def test_weighted_total_ignores_independent_and_zero_weight_criteria():
    marks = {"impact": 7, "data use": 4, "track bonus": 10, "comment only": 9}
    assert weighted_total(marks, CRITERIA) == 29.0
    assert weighted_percentage(marks, CRITERIA) == pytest.approx(100 * 29 / 40, abs=1e-9)


def test_weighted_total_needs_every_counted_criterion_but_not_independent_ones():
    assert weighted_total({"impact": 10, "data use": 5}, CRITERIA) == 40.0
    with pytest.raises(KeyError):
        weighted_total({"impact": 10}, CRITERIA)


def test_weighted_percentage_without_counted_criteria_is_an_error():
    with pytest.raises(ValueError):
        weighted_percentage({"x": 1}, [Criterion("x", 0, 10)])


def test_weighted_scores_turns_marks_into_triples():
    marks = [("A", "J1", {"impact": 1, "data use": 1}), ("A", "J2", {"impact": 2, "data use": 0})]
    assert weighted_scores(marks, CRITERIA) == [("A", "J1", 5.0), ("A", "J2", 6.0)]


# --- mean, median, trimmed mean ---

def test_median_and_trimmed_mean():
    scores = [("A", f"J{n}", value) for n, value in enumerate([1.0, 7.0, 8.0, 9.0, 30.0])]
    assert per_entry_median(scores) == {"A": 8.0}
    assert trimmed_mean([1.0, 7.0, 8.0, 9.0, 30.0], 1) == 8.0
    assert trimmed_mean([1.0, 7.0, 8.0, 9.0, 30.0], 0) == 11.0


def test_trimmed_mean_needs_more_than_2k_values():
    with pytest.raises(NotEnoughJudges):
        trimmed_mean([1.0, 2.0], 1)


def test_per_entry_trimmed_mean_falls_back_to_the_median_and_says_so():
    scores = [("A", "J1", 1.0), ("A", "J2", 5.0), ("A", "J3", 6.0), ("B", "J1", 2.0), ("B", "J2", 9.0)]
    result = per_entry_trimmed_mean(scores, 1)
    assert result.values == {"A": 5.0, "B": 5.5}
    assert result.median_fallback == frozenset({"B"})


# --- z-score guards ---

def test_zero_spread_judge_gives_z_zero_so_every_mark_becomes_the_global_mean():
    scores = [("A", "J1", 5.0), ("B", "J1", 5.0), ("C", "J1", 5.0),
              ("A", "J2", 1.0), ("B", "J2", 3.0), ("C", "J2", 8.0)]
    marks = [5, 5, 5, 1, 3, 8]
    mu = sum(marks) / 6
    sigma = (sum((x - mu) ** 2 for x in marks) / 6) ** 0.5
    sigma_2 = (sum((x - 4) ** 2 for x in (1, 3, 8)) / 3) ** 0.5
    expected = {e: (mu + mu + sigma * (x - 4) / sigma_2) / 2 for e, x in (("A", 1), ("B", 3), ("C", 8))}
    assert z_rescaled_scores(scores) == approx(expected)
    assert z_rescaled_scores([("A", "J1", 4.0), ("B", "J1", 4.0), ("C", "J1", 4.0)]) == {
        "A": 4.0, "B": 4.0, "C": 4.0}


def test_judges_below_the_minimum_sample_keep_their_raw_marks():
    scores = [("A", "J1", 8.0), ("B", "J1", 2.0), ("A", "J2", 3.0), ("B", "J2", 4.0), ("C", "J2", 5.0)]
    rescaled = z_rescaled_scores(scores, minimum_judge_sample=3)
    # J1 has two marks: raw. J2 has three: μ + σ·z with μ = 4.4, σ = pstdev(all five marks).
    sigma = (sum((x - 4.4) ** 2 for x in (8, 2, 3, 4, 5)) / 5) ** 0.5
    j2 = {e: 4.4 + sigma * (x - 4.0) / (2 / 3) ** 0.5 for e, x in (("A", 3.0), ("B", 4.0), ("C", 5.0))}
    assert rescaled == approx({"A": (8.0 + j2["A"]) / 2, "B": (2.0 + j2["B"]) / 2, "C": j2["C"]})
    assert z_rescaled_scores(scores, minimum_judge_sample=2)["A"] != rescaled["A"]


def test_shrinkage_pulls_the_judge_mean_towards_the_global_mean():
    # μ = 7.5; J1: n=3, μ_1 = 9; with m = 3, μ_1* = (27 + 22.5)/6 = 8.25, so A = 7.5 + σ(8 − 8.25)/σ_1.
    sigma, sigma_j = 1.707825127659933, (2 / 3) ** 0.5
    shrunk = z_rescaled_scores(WORKED, shrinkage=3.0)
    assert shrunk["A"] == pytest.approx(7.5 + sigma * (8 - 8.25) / sigma_j, abs=1e-6)
    assert z_rescaled_scores(WORKED, shrinkage=0.0) == z_rescaled_scores(WORKED)
    with pytest.raises(ValueError):
        z_rescaled_scores(WORKED, shrinkage=-1)


# --- connectivity and fallback ---

DISCONNECTED = [("A", "J1", 8.0), ("B", "J1", 6.0), ("C", "J2", 3.0), ("D", "J2", 2.0), ("D", "J3", 4.0),
                ("C", "J3", 4.5), ("E", "J3", 5.0)]


def test_components_of_the_judge_entry_graph():
    assert judge_entry_components(WORKED) == [(frozenset("ABCD"), frozenset({"J1", "J2"}))]
    assert judge_entry_components(DISCONNECTED) == [
        (frozenset("CDE"), frozenset({"J2", "J3"})), (frozenset("AB"), frozenset({"J1"}))]


def test_connected_graph_uses_the_additive_model():
    result = corrected_scores(WORKED)
    assert (result.method, result.fallback_reason) == ("additive", None)
    assert result.scores == approx({"A": 6, "B": 9, "C": 7, "D": 8})


def test_no_scores_give_no_results():
    assert corrected_scores([]).scores == {}
    assert z_rescaled_scores([]) == {}
    assert per_entry_mean([]) == {}


def test_disconnected_graph_falls_back_to_z_scores_with_the_reason_as_data():
    result = corrected_scores(DISCONNECTED, minimum_judge_sample=2)
    assert result.method == "z_score"
    assert result.fallback_reason is not None
    assert result.fallback_reason["code"] == "graph_disconnected"
    assert result.fallback_reason["components"] == 2
    assert result.scores == z_rescaled_scores(DISCONNECTED, minimum_judge_sample=2)
    assert result.fit is None


@settings(max_examples=40, deadline=None)
@given(
    theta=st.lists(st.integers(-20, 20), min_size=3, max_size=8),
    bias=st.lists(st.integers(-5, 5), min_size=2, max_size=5),
    data=st.data(),
)
def test_additive_model_recovers_an_exact_additive_jury(theta, bias, data):
    # A connected design: judge 0 scores everything, the others a random non-empty subset.
    centred = [b - sum(bias) / len(bias) for b in bias]
    scores = []
    for j, b in enumerate(centred):
        subset = range(len(theta)) if j == 0 else data.draw(
            st.lists(st.integers(0, len(theta) - 1), min_size=1, unique=True))
        scores.extend((f"e{i}", f"j{j}", theta[i] + b) for i in subset)
    fit = fit_additive_model(scores)
    assert fit.converged
    assert fit.entry_quality == pytest.approx({f"e{i}": float(t) for i, t in enumerate(theta)}, abs=1e-6)
    assert sum(fit.judge_bias.values()) == pytest.approx(0, abs=1e-9)
