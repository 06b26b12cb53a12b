"""Score aggregation and judge-bias correction: pure functions over (entry_id, judge_id, total) triples.

The mathematics follows ``JUDGING.md`` §2 (worked example and test vectors there):

- weighted rubric totals as in pretalx (``pretalx:src/pretalx/submission/domain/review.py``): x = Σ w_c·s_c,
  criteria marked independent (or of weight 0) are left out, so tracks keep the same maximum;
- per-entry mean, median and trimmed mean;
- centering, score_i = mean_j(x_ij − μ_j) (hackwestern issue #700);
- z-scores mapped back to the global scale, x'_ij = μ + σ·(x_ij − μ_j*)/σ_j (hackwestern PR 782), with the
  zero-spread and minimum-sample guards and optional shrinkage μ_j* = (n_j μ_j + m μ)/(n_j + m);
- the two-way additive model x_ij = θ_i + b_j + ε with Σ b_j = 0, solved by alternating least squares
  (the row/column sweep of Tukey's median polish with means instead of medians, i.e. the least-squares fit
  of a two-way layout with missing cells; see Searle, *Linear Models for Unbalanced Data*, 1987, ch. 4).
  It is identifiable only when the judge–entry bipartite graph is connected, checked with union-find.

Everything here is deterministic and free of I/O; μ_j and σ_j are population statistics (divide by n).
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter, mul

Score = tuple[str, str, float]
"""One judge's total for one entry: (entry_id, judge_id, total)."""


# --- Weighted rubric ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    name: str
    weight: float
    maximum: float
    independent: bool = False
    """Shown and scored but never counted (pretalx's "independent" categories, e.g. track-specific ones)."""

    @property
    def counts(self) -> bool:
        return not self.independent and self.weight != 0


def weighted_total(marks: Mapping[str, float], criteria: Sequence[Criterion]) -> float:
    """Σ w_c·s_c over the counted criteria. A counted criterion without a mark raises KeyError: a judge's
    total is only meaningful once every counted criterion is scored."""
    return math.fsum(c.weight * marks[c.name] for c in criteria if c.counts)


def weighted_maximum(criteria: Sequence[Criterion]) -> float:
    return math.fsum(c.weight * c.maximum for c in criteria if c.counts)


def weighted_percentage(marks: Mapping[str, float], criteria: Sequence[Criterion]) -> float:
    """100·Σ w_c s_c / Σ w_c s_c^max. Raises ValueError when no criterion counts (the maximum would be 0)."""
    maximum = weighted_maximum(criteria)
    if maximum == 0:
        raise ValueError("no counted criterion: every criterion is independent or has weight 0")
    return 100.0 * weighted_total(marks, criteria) / maximum


def weighted_scores(
    marks: Iterable[tuple[str, str, Mapping[str, float]]], criteria: Sequence[Criterion]
) -> list[Score]:
    """Per-criterion marks (entry_id, judge_id, {criterion: mark}) to (entry_id, judge_id, weighted total)."""
    return [(entry, judge, weighted_total(per_criterion, criteria)) for entry, judge, per_criterion in marks]


# --- Per-entry aggregates ------------------------------------------------------------------------------------


def scores_by_entry(scores: Iterable[Score]) -> dict[str, list[float]]:
    grouped: dict[str, list[float]] = defaultdict(list)
    for entry, _judge, total in scores:
        grouped[entry].append(total)
    return dict(grouped)


def scores_by_judge(scores: Iterable[Score]) -> dict[str, list[float]]:
    grouped: dict[str, list[float]] = defaultdict(list)
    for _entry, judge, total in scores:
        grouped[judge].append(total)
    return dict(grouped)


def per_entry_mean(scores: Iterable[Score]) -> dict[str, float]:
    return {entry: statistics.fmean(values) for entry, values in scores_by_entry(scores).items()}


def per_entry_median(scores: Iterable[Score]) -> dict[str, float]:
    return {entry: statistics.median(values) for entry, values in scores_by_entry(scores).items()}


class NotEnoughJudges(ValueError):
    """A trimmed mean T_k needs more than 2k values: with 2k or fewer nothing would be left."""


def trimmed_mean(values: Sequence[float], k: int) -> float:
    """Mean after dropping the k highest and the k lowest values; raises NotEnoughJudges if len ≤ 2k."""
    if k < 0:
        raise ValueError("k must be ≥ 0")
    if len(values) <= 2 * k:
        raise NotEnoughJudges(f"a trimmed mean dropping {k} at each end needs more than {2 * k} scores, "
                              f"got {len(values)}")
    ordered = sorted(values)
    return statistics.fmean(ordered[k:len(ordered) - k])


@dataclass(frozen=True)
class TrimmedMeans:
    values: dict[str, float]
    median_fallback: frozenset[str]
    """Entries with ≤ 2k judges: their value is the median instead (the mean of the middle one or two
    scores, the limit of trimming as far as the data allow), so that no entry silently loses its score."""


def per_entry_trimmed_mean(scores: Iterable[Score], k: int) -> TrimmedMeans:
    values: dict[str, float] = {}
    fallback: set[str] = set()
    for entry, marks in scores_by_entry(scores).items():
        try:
            values[entry] = trimmed_mean(marks, k)
        except NotEnoughJudges:
            values[entry] = statistics.median(marks)
            fallback.add(entry)
    return TrimmedMeans(values, frozenset(fallback))


# --- Centering and z-scores ----------------------------------------------------------------------------------


def centered_scores(scores: Sequence[Score]) -> dict[str, float]:
    """score_i = mean_j(x_ij − μ_j): each judge's marks relative to that judge's own mean."""
    judge_mean = {judge: statistics.fmean(v) for judge, v in scores_by_judge(scores).items()}
    return per_entry_mean((entry, judge, total - judge_mean[judge]) for entry, judge, total in scores)


def z_rescaled_scores(
    scores: Sequence[Score], *, minimum_judge_sample: int = 3, shrinkage: float = 0.0
) -> dict[str, float]:
    """Per-entry mean of x'_ij = μ + σ·(x_ij − μ_j*)/σ_j (global μ, σ; judge μ_j, σ_j, population SD).

    Guards: σ_j = 0 gives z = 0 (the judge told nothing apart, so every mark becomes μ); a judge with fewer
    than ``minimum_judge_sample`` marks keeps the raw marks (with two points a z-score is meaningless);
    ``shrinkage`` m > 0 pulls μ_j towards μ, μ_j* = (n_j μ_j + m μ)/(n_j + m), so that a judge who drew
    strong entries is penalised less.
    """
    if shrinkage < 0:
        raise ValueError("shrinkage must be ≥ 0")
    all_marks = [total for _e, _j, total in scores]
    if not all_marks:
        return {}
    mu, sigma = statistics.fmean(all_marks), statistics.pstdev(all_marks)
    by_judge = scores_by_judge(scores)
    judge_centre: dict[str, float] = {}
    judge_spread: dict[str, float] = {}
    for judge, marks in by_judge.items():
        n = len(marks)
        judge_centre[judge] = (n * statistics.fmean(marks) + shrinkage * mu) / (n + shrinkage)
        judge_spread[judge] = statistics.pstdev(marks)

    def rescale(judge: str, total: float) -> float:
        if len(by_judge[judge]) < minimum_judge_sample:
            return total
        if judge_spread[judge] == 0:
            return mu
        return mu + sigma * (total - judge_centre[judge]) / judge_spread[judge]

    return per_entry_mean((entry, judge, rescale(judge, total)) for entry, judge, total in scores)


# --- Connectivity of the judge–entry graph -------------------------------------------------------------------


def judge_entry_components(scores: Iterable[Score]) -> list[tuple[frozenset[str], frozenset[str]]]:
    """Connected components of the bipartite judge–entry graph as (entry_ids, judge_ids), largest first
    (ties by smallest entry id), found with union-find (path halving, union by size)."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}
    size: dict[tuple[str, str], int] = {}

    def find(node: tuple[str, str]) -> tuple[str, str]:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for entry, judge, _total in scores:
        a, b = ("e", entry), ("j", judge)
        for node in (a, b):
            if node not in parent:
                parent[node], size[node] = node, 1
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            if size[root_a] < size[root_b]:
                root_a, root_b = root_b, root_a
            parent[root_b] = root_a
            size[root_a] += size[root_b]

    members: dict[tuple[str, str], tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for node in parent:
        kind, name = node
        members[find(node)][0 if kind == "e" else 1].add(name)
    components = [(frozenset(e), frozenset(j)) for e, j in members.values()]
    return sorted(components, key=lambda c: (-len(c[0]) - len(c[1]), min(c[0] | c[1])))


# --- Two-way additive model ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AdditiveFit:
    """θ_i (entry quality on the average judge's scale) and b_j (judge leniency, Σ b_j = 0)."""

    entry_quality: dict[str, float]
    judge_bias: dict[str, float]
    iterations: int
    converged: bool


@dataclass(frozen=True)
class CorrectedScores:
    """The bias-corrected score per entry and how it was obtained.

    ``method`` is "additive" when the two-way model applied, otherwise "z_score" and ``fallback_reason``
    says why as data: {"code": "graph_disconnected", "components": n, "message": ...}.
    """

    scores: dict[str, float]
    method: str
    fallback_reason: dict[str, object] | None = None
    fit: AdditiveFit | None = None
    components: list[tuple[frozenset[str], frozenset[str]]] = field(default_factory=list)


class ScoreLayout:
    """Scores as index lists, so that each sweep is a few C-level sums rather than dictionary look-ups."""

    def __init__(self, scores: Sequence[Score]) -> None:
        self.entries = sorted({e for e, _j, _t in scores})
        self.judges = sorted({j for _e, j, _t in scores})
        entry_index = {e: i for i, e in enumerate(self.entries)}
        judge_index = {j: i for i, j in enumerate(self.judges)}
        self.judges_of: list[list[int]] = [[] for _ in self.entries]
        self.marks_of: list[list[float]] = [[] for _ in self.entries]
        self.entries_of: list[list[int]] = [[] for _ in self.judges]
        self.judge_total = [0.0] * len(self.judges)
        for entry, judge, total in scores:
            i, j = entry_index[entry], judge_index[judge]
            self.judges_of[i].append(j)
            self.marks_of[i].append(total)
            self.entries_of[j].append(i)
            self.judge_total[j] += total
        # A trailing index pointing at a constant 0 makes every getter return a tuple, even for one judge.
        zero_judge, zero_entry = len(self.judges), len(self.entries)
        self.judge_getters = [itemgetter(*js, zero_judge) for js in self.judges_of]
        self.entry_getters = [itemgetter(*es, zero_entry) for es in self.entries_of]


def fit_weighted_layout(
    layout: ScoreLayout,
    judge_weight: Sequence[float],
    bias: list[float],
    tolerance: float,
    max_iterations: int,
) -> tuple[list[float | None], list[float], int, bool]:
    """Weighted alternating least squares. A judge drawn w times counts as w identical judges (what the
    bootstrap needs); θ_i is None for an entry none of whose judges has weight. ``bias`` is the warm start."""
    judge_weight_padded = [*judge_weight, 0.0]
    entry_weight = [sum(getter(judge_weight_padded)) for getter in layout.judge_getters]
    weighted_marks = [math.fsum(map(mul, getter(judge_weight_padded), marks)) if weight else 0.0
                      for getter, marks, weight in zip(layout.judge_getters, layout.marks_of, entry_weight)]
    judge_count = [len(es) for es in layout.entries_of]
    total_weight = sum(judge_weight)
    sweeps = list(zip(weighted_marks, layout.judge_getters, entry_weight))
    theta = [0.0] * (len(layout.entries) + 1)
    iterations, converged = 0, False
    while iterations < max_iterations:
        iterations += 1
        weighted_bias = [*map(mul, judge_weight, bias), 0.0]
        theta = [(marks - sum(getter(weighted_bias))) / weight if weight else 0.0
                 for marks, getter, weight in sweeps] + [0.0]
        new_bias = [(layout.judge_total[j] - sum(getter(theta))) / judge_count[j] if judge_weight[j] else 0.0
                    for j, getter in enumerate(layout.entry_getters)]
        shift = sum(map(mul, judge_weight, new_bias)) / total_weight
        new_bias = [b - shift if w else 0.0 for w, b in zip(judge_weight, new_bias)]
        change = max(abs(a - b) for a, b in zip(new_bias, bias))
        bias = new_bias
        if change <= tolerance:
            converged = True
            break
    weighted_bias = [*map(mul, judge_weight, bias), 0.0]
    quality: list[float | None] = [(marks - sum(getter(weighted_bias))) / weight if weight else None
                                   for marks, getter, weight in sweeps]
    return quality, bias, iterations, converged


def fit_additive_model(
    scores: Sequence[Score], *, tolerance: float = 1e-10, max_iterations: int = 10_000
) -> AdditiveFit:
    """Least-squares θ_i, b_j for x_ij = θ_i + b_j + ε with Σ b_j = 0, alternating θ- and b-sweeps until no
    b_j moves by more than ``tolerance``. Only meaningful on a connected judge–entry graph (see
    ``corrected_scores``): on a disconnected one the offset between components is arbitrary."""
    if not scores:
        return AdditiveFit({}, {}, 0, True)
    layout = ScoreLayout(scores)
    quality, bias, iterations, converged = fit_weighted_layout(
        layout, [1.0] * len(layout.judges), [0.0] * len(layout.judges), tolerance, max_iterations)
    return AdditiveFit(
        entry_quality={e: q for e, q in zip(layout.entries, quality) if q is not None},
        judge_bias=dict(zip(layout.judges, bias)),
        iterations=iterations,
        converged=converged,
    )


def corrected_scores(
    scores: Sequence[Score], *, minimum_judge_sample: int = 3, shrinkage: float = 0.0, tolerance: float = 1e-10
) -> CorrectedScores:
    """The default bias correction: the additive model on a connected judge–entry graph.

    On a disconnected graph the additive model cannot compare entries across components (each component's
    level is arbitrary), so it falls back to z-scores mapped to the global scale, which put every judge on
    one common scale whatever the overlap; the reason is returned as data for the organisers' page.
    """
    components = judge_entry_components(scores)
    if len(components) <= 1:
        fit = fit_additive_model(scores, tolerance=tolerance)
        return CorrectedScores(fit.entry_quality, "additive", None, fit, components)
    reason = {
        "code": "graph_disconnected",
        "components": len(components),
        "message": (f"The judges and entries form {len(components)} groups that share no judge, so the "
                    "additive model cannot compare entries across groups; z-scores mapped to the global "
                    "scale are used instead."),
    }
    z = z_rescaled_scores(scores, minimum_judge_sample=minimum_judge_sample, shrinkage=shrinkage)
    return CorrectedScores(z, "z_score", reason, None, components)
