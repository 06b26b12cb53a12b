"""Bootstrap intervals over judges and statistical-tie flags."""

from __future__ import annotations

import random

import pytest

from showcase.judging.aggregation import fit_additive_model, per_entry_mean, z_rescaled_scores
from showcase.judging.uncertainty import (
    EntryInterval,
    bootstrap_intervals,
    percentile,
    statistical_ties,
)

WORKED = [("A", "J1", 8.0), ("C", "J1", 9.0), ("D", "J1", 10.0),
          ("B", "J2", 7.0), ("C", "J2", 5.0), ("D", "J2", 6.0)]


def jury(seed: int = 7, entries: int = 12, judges: int = 6, gap: float = 1.0):
    """Every judge scores every entry except one (a complete-ish design, so every resample stays connected);
    entries are spaced `gap` apart in quality, judges have leniencies, marks carry a little noise."""
    rng = random.Random(seed)
    leniency = [rng.uniform(-2, 2) for _ in range(judges)]
    return [(f"e{i:02}", f"j{j}", gap * i + leniency[j] + rng.gauss(0, 0.5))
            for i in range(entries) for j in range(judges) if (i + j) % judges != 0]


def test_percentile_interpolates_between_order_statistics():
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.0) == 1.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 1.0) == 4.0
    assert percentile([5.0], 0.975) == 5.0


def test_same_seed_same_intervals_and_another_seed_differs():
    scores = jury()
    first = bootstrap_intervals(scores, random.Random(42), resamples=100)
    again = bootstrap_intervals(scores, random.Random(42), resamples=100)
    other = bootstrap_intervals(scores, random.Random(43), resamples=100)
    assert first == again
    assert first != other


def test_intervals_contain_the_estimate_which_is_the_full_data_fit():
    scores = jury()
    intervals = bootstrap_intervals(scores, random.Random(1), resamples=200)
    fit = fit_additive_model(scores)
    for entry, interval in intervals.items():
        assert interval.estimate == pytest.approx(fit.entry_quality[entry], abs=1e-9)
        assert interval.low <= interval.estimate <= interval.high
        assert interval.low < interval.high
        assert interval.resamples_used == 200


def test_a_wider_confidence_gives_a_wider_interval():
    scores = jury()
    narrow = bootstrap_intervals(scores, random.Random(5), resamples=200, confidence=0.5)
    wide = bootstrap_intervals(scores, random.Random(5), resamples=200, confidence=0.95)
    for entry in narrow:
        assert wide[entry].low <= narrow[entry].low <= narrow[entry].high <= wide[entry].high


def test_weighted_refit_equals_refitting_with_duplicated_judges():
    # The fast path counts a judge drawn w times with weight w; the generic path renames the copies and
    # refits. Both draw judges in the same order from the same seed, so the intervals agree.
    scores = jury(entries=6, judges=4)
    fast = bootstrap_intervals(scores, random.Random(9), resamples=60, relative_tolerance=1e-9)
    slow = bootstrap_intervals(scores, random.Random(9), resamples=60,
                               estimator=lambda s: fit_additive_model(s).entry_quality)
    for entry in fast:
        assert (fast[entry].low, fast[entry].high) == pytest.approx((slow[entry].low, slow[entry].high), abs=1e-6)


def test_generic_estimator_and_entries_missing_from_a_resample():
    intervals = bootstrap_intervals(WORKED, random.Random(3), resamples=50, estimator=per_entry_mean)
    assert intervals["A"].estimate == 8.0
    assert 0 < intervals["A"].resamples_used < 50  # A is only J1's: absent when J1 is not drawn
    assert (intervals["A"].low, intervals["A"].high) == (8.0, 8.0)
    assert (intervals["C"].low, intervals["C"].high) == (5.0, 9.0)


def test_additive_bootstrap_refuses_a_disconnected_graph_but_the_fallback_can_be_bootstrapped():
    disconnected = [("A", "J1", 8.0), ("B", "J1", 6.0), ("C", "J2", 3.0), ("D", "J2", 2.0)]
    with pytest.raises(ValueError, match="disconnected"):
        bootstrap_intervals(disconnected, random.Random(0), resamples=10)
    result = bootstrap_intervals(disconnected, random.Random(0), resamples=10,
                                 estimator=lambda s: z_rescaled_scores(s, minimum_judge_sample=2))
    assert set(result) == {"A", "B", "C", "D"}


def test_bad_parameters_raise():
    with pytest.raises(ValueError):
        bootstrap_intervals(WORKED, random.Random(0), resamples=0)
    with pytest.raises(ValueError):
        bootstrap_intervals(WORKED, random.Random(0), confidence=1.0)


def test_statistical_ties_flag_overlapping_neighbours_only():
    intervals = {
        "A": EntryInterval("A", 9.0, 8.0, 10.0, 100),
        "B": EntryInterval("B", 7.5, 6.5, 8.5, 100),   # overlaps A
        "C": EntryInterval("C", 5.0, 4.0, 6.0, 100),   # clear of B
        "D": EntryInterval("D", 4.5, 3.0, 4.0, 100),   # touches C at 4.0: still overlapping
    }
    assert statistical_ties(intervals) == [("A", "B"), ("C", "D")]


def test_well_separated_entries_are_not_tied_and_close_ones_are():
    separated = bootstrap_intervals(jury(gap=5.0), random.Random(2), resamples=100)
    assert statistical_ties(separated) == []
    close = bootstrap_intervals(jury(gap=0.01), random.Random(2), resamples=100)
    assert len(statistical_ties(close)) == len(close) - 1
