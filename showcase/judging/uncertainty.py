"""Uncertainty of entry scores: a bootstrap over judges, percentile intervals and "statistical tie" flags.

Judges, not single marks, are the sampling unit: a jury is one draw from the judges who could have been
invited, and one judge's marks are correlated (leniency). Each resample draws as many judges as the jury has,
with replacement, refits the estimator and records each entry's score; the interval is the percentile
interval of those scores (Efron & Tibshirani, *An Introduction to the Bootstrap*, 1993, §13.3; resampling
clusters rather than observations: Davison & Hinkley, *Bootstrap Methods and their Application*, 1997, §3.8).
Neighbours in the ranking whose intervals overlap are flagged as a statistical tie: the data do not
separate them, so the published tie-break rules or the jury should.

Deterministic: the only randomness is the ``random.Random`` passed in.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from showcase.judging.aggregation import Score, ScoreLayout, fit_weighted_layout, judge_entry_components


@dataclass(frozen=True)
class EntryInterval:
    entry_id: str
    estimate: float
    """The estimator on the full data (not the bootstrap mean)."""
    low: float
    high: float
    resamples_used: int
    """Resamples in which at least one of the entry's judges was drawn."""


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """Linear interpolation between order statistics (Hyndman & Fan type 7, numpy's default)."""
    if not sorted_values:
        raise ValueError("no values")
    position = q * (len(sorted_values) - 1)
    below = int(position)
    above = min(below + 1, len(sorted_values) - 1)
    return sorted_values[below] + (sorted_values[above] - sorted_values[below]) * (position - below)


def _intervals(
    estimates: Mapping[str, float], draws: Mapping[str, list[float]], confidence: float
) -> dict[str, EntryInterval]:
    tail = (1.0 - confidence) / 2.0
    result = {}
    for entry, estimate in estimates.items():
        values = sorted(draws.get(entry) or [estimate])
        result[entry] = EntryInterval(entry, estimate, percentile(values, tail), percentile(values, 1.0 - tail),
                                      len(draws.get(entry, ())))
    return result


def bootstrap_intervals(
    scores: Sequence[Score],
    rng: random.Random,
    *,
    resamples: int = 200,
    confidence: float = 0.95,
    estimator: Callable[[Sequence[Score]], Mapping[str, float]] | None = None,
    relative_tolerance: float = 1e-3,
) -> dict[str, EntryInterval]:
    """Percentile interval per entry from ``resamples`` bootstrap resamples of the judges.

    Without ``estimator`` the additive two-way model is refitted on each resample, as a weighted fit (a judge
    drawn w times counts w times) warm-started from the full-data judge biases, which keeps 1,000 entries ×
    60 judges under a second. Each refit stops when no judge bias moves by more than ``relative_tolerance``
    × the SD of all marks: far below the Monte Carlo error of a percentile from a few hundred resamples.
    It needs a connected judge–entry graph (ValueError otherwise: pass the
    fallback, e.g. ``estimator=z_rescaled_scores``). With an ``estimator`` (any function from scores to
    {entry: value}, e.g. ``per_entry_mean``), each resample is handed to it with a drawn-again judge renamed
    "<judge>#<copy>", so that copies count as distinct judges.
    """
    if resamples < 1 or not 0 < confidence < 1:
        raise ValueError("resamples must be ≥ 1 and confidence in (0, 1)")
    if estimator is None:
        return _additive_bootstrap(scores, rng, resamples, confidence, relative_tolerance)
    judges = sorted({j for _e, j, _t in scores})
    marks_of: dict[str, list[tuple[str, float]]] = {j: [] for j in judges}
    for entry, judge, total in scores:
        marks_of[judge].append((entry, total))
    draws: dict[str, list[float]] = {}
    for _ in range(resamples):
        resample: list[Score] = []
        copies: dict[str, int] = {}
        for judge in rng.choices(judges, k=len(judges)):
            copies[judge] = copies.get(judge, 0) + 1
            name = f"{judge}#{copies[judge]}"
            resample.extend((entry, name, total) for entry, total in marks_of[judge])
        for entry, value in estimator(resample).items():
            draws.setdefault(entry, []).append(value)
    return _intervals(estimator(scores), draws, confidence)


def _additive_bootstrap(
    scores: Sequence[Score], rng: random.Random, resamples: int, confidence: float, relative_tolerance: float
) -> dict[str, EntryInterval]:
    if len(judge_entry_components(scores)) > 1:
        raise ValueError("the judge–entry graph is disconnected: the additive model is not identifiable; "
                         "bootstrap the fallback estimator instead")
    layout = ScoreLayout(scores)
    judge_count = len(layout.judges)
    unit_weight = [1.0] * judge_count
    full_quality, full_bias, _, _ = fit_weighted_layout(layout, unit_weight, [0.0] * judge_count, 1e-10, 10_000)
    tolerance = relative_tolerance * (statistics.pstdev(total for _e, _j, total in scores) or 1.0)
    estimates = {e: q for e, q in zip(layout.entries, full_quality) if q is not None}
    draws: dict[str, list[float]] = {e: [] for e in layout.entries}
    indices = range(judge_count)
    for _ in range(resamples):
        weight = [0.0] * judge_count
        for j in rng.choices(indices, k=judge_count):
            weight[j] += 1.0
        quality, _, _, _ = fit_weighted_layout(layout, weight, list(full_bias), tolerance, 1_000)
        for entry, value in zip(layout.entries, quality):
            if value is not None:
                draws[entry].append(value)
    return _intervals(estimates, draws, confidence)


def ranked_by_estimate(intervals: Mapping[str, EntryInterval]) -> list[EntryInterval]:
    """Highest estimate first; equal estimates by entry id, only so that the listing is stable."""
    return sorted(intervals.values(), key=lambda iv: (-iv.estimate, iv.entry_id))


def statistical_ties(intervals: Mapping[str, EntryInterval]) -> list[tuple[str, str]]:
    """Pairs of ranking neighbours (higher first) whose intervals overlap: the data cannot separate them."""
    ranked = ranked_by_estimate(intervals)
    return [(upper.entry_id, lower.entry_id) for upper, lower in zip(ranked, ranked[1:])
            if upper.low <= lower.high and lower.low <= upper.high]
