"""Standings of a rubric round: raw and bias-corrected scores per entry, intervals, ties, α and the tie-break
order, as the organisers compare them and as prizes are decided.

The maths lives in the pure modules (``aggregation``, ``uncertainty``, ``reliability``, ``tiebreak``; formulas
and test vectors in JUDGING.md §2); ``compute_standings`` only combines them the way ``JudgingSettings`` says:

- raw: each entry's submitted totals aggregated by mean, median or trimmed mean (an entry with too few judges
  for the trimmed mean gets its median, and is listed in ``aggregate_fallback`` so the page can say so);
- corrected: correction "none" (= raw), "zscore" (each mark mapped to the global scale, with the minimum
  sample and shrinkage guards) or "additive" (x_ij = θ_i + b_j + ε; each mark minus its judge's bias b_j),
  then aggregated the same way as raw. With the mean, the additive value is exactly θ_i. When the judge–entry
  graph is disconnected the additive model is not identifiable and z-scores are used; the reason is kept;
- intervals: a bootstrap over judges (200 resamples, seeded by challenge and round so a page is stable);
  neighbours whose intervals overlap are "statistical ties";
- rank: the published tie-break order (normalised total = the corrected score, then the primary criterion,
  then the number of judges placing the entry in their top TOP_K); entries still equal are left to the jury's
  deliberation, flagged, never drawn at random.
"""

from __future__ import annotations

import math
import random
import statistics
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial

import anyio

from showcase.challenges.tables import EntryTrack
from showcase.judging import aggregation, reliability, tiebreak, uncertainty
from showcase.judging.access import settings_of
from showcase.judging.aggregation import Score
from showcase.judging.tables import Conflict, Review, ReviewScore

TOP_K = 3
"""The third tie-break counts the judges who place the entry among their own TOP_K best marks."""
RESAMPLES = 200
CONFIDENCE = 0.95
ESTIMATOR_MARKS = 200
MIN_RESAMPLES = 40


@dataclass(frozen=True)
class StandingsSettings:
    aggregate: str = "mean"  # mean, median, trimmed
    trim: int = 1
    correction: str = "additive"  # none, zscore, additive
    min_judge_entries: int = 3
    shrinkage: int = 0

    @classmethod
    def of(cls, row: Mapping[str, object]) -> StandingsSettings:
        """From a JudgingSettings row."""
        return cls(aggregate=str(row["aggregate"]), trim=int(row["trim"]), correction=str(row["correction"]),
                   min_judge_entries=int(row["min_judge_entries"]), shrinkage=int(row["shrinkage"]))


@dataclass(frozen=True)
class StandingRow:
    entry_id: int
    track_ids: tuple[int, ...]
    raw: float
    corrected: float
    interval: tuple[float, float] | None
    """The bootstrap percentile interval of the corrected score (None when it could not be computed)."""
    tied_with: tuple[int, ...]
    """Ranking neighbours whose intervals overlap this entry's: the data do not separate them."""
    rank: int
    """1-based position after the tie-break order; entries the rules cannot separate share it."""
    raw_rank: int
    """Position by the raw score alone (competition ranking: equal scores share the better position)."""
    reviews: int
    decided_by: str
    """tiebreak.DECIDERS member or tiebreak.UNRESOLVED ("unresolved: jury deliberation")."""
    primary: float | None
    """The mean mark on the primary criterion (None when no primary criterion is set or no mark exists)."""
    top_k: int

    @property
    def unresolved(self) -> bool:
        return self.decided_by == tiebreak.UNRESOLVED


@dataclass(frozen=True)
class Standings:
    rows: list[StandingRow]
    """Best first (by rank, then entry id for a stable listing)."""
    method: str
    """The correction actually applied: "none", "zscore" or "additive"."""
    requested: str
    """The correction the settings ask for."""
    fallback_reason: dict | None
    """Why the applied method differs from the requested one, as data ({"code": …, …})."""
    alpha: float | None
    alpha_problem: str | None = None
    """Why α could not be computed: "too_few" (no entry with two judges) or "no_variation"."""
    judge_bias: dict[int, float] = field(default_factory=dict)
    """b_j of the additive model (Σ b_j = 0), by judge user id; empty for other methods."""
    aggregate: str = "mean"
    aggregate_fallback: frozenset[int] = frozenset()
    """Entries with ≤ 2·trim judges under the trimmed mean: their median is used instead."""
    settings: StandingsSettings = field(default_factory=StandingsSettings)
    judges: int = 0
    marks: int = 0

    @property
    def by_entry(self) -> dict[int, StandingRow]:
        return {row.entry_id: row for row in self.rows}

    @property
    def reliability(self) -> str | None:
        return alpha_reading(self.alpha)


def alpha_reading(alpha: float | None) -> str | None:
    """Krippendorff's usual reading: ≥ 0.8 "good", ≥ 0.667 "tentative", below "low"."""
    if alpha is None:
        return None
    if alpha >= 0.8:
        return "good"
    if alpha >= 0.667:
        return "tentative"
    return "low"


# --- pure pieces -----------------------------------------------------------------------------------------------


def aggregate_marks(marks: Sequence[Score], aggregate: str, trim: int) -> tuple[dict, frozenset]:
    """Per-entry aggregate of (entry, judge, value) marks; the second item lists trimmed-mean fallbacks."""
    if aggregate == "median":
        return aggregation.per_entry_median(marks), frozenset()
    if aggregate == "trimmed":
        trimmed = aggregation.per_entry_trimmed_mean(marks, trim)
        return trimmed.values, trimmed.median_fallback
    return aggregation.per_entry_mean(marks), frozenset()


def z_marks(scores: Sequence[Score], *, minimum_judge_sample: int, shrinkage: float) -> list[Score]:
    """Each mark mapped to the global scale by aggregation.z_rescaled_scores (guards included). Asking it for
    the "per-entry mean" of one-mark entries keyed (entry, judge) returns every rescaled mark on its own: judge
    and global statistics do not depend on the entry keys."""
    rescaled = aggregation.z_rescaled_scores([((e, j), j, t) for e, j, t in scores],
                                             minimum_judge_sample=minimum_judge_sample, shrinkage=shrinkage)
    return [(e, j, rescaled[(e, j)]) for e, j, _t in scores]


@dataclass(frozen=True)
class Correction:
    scores: dict
    method: str
    fallback_reason: dict | None
    judge_bias: dict
    fallback_entries: frozenset


def correct(scores: Sequence[Score], settings: StandingsSettings, *, tolerance: float = 1e-10) -> Correction:
    """The corrected per-entry score under the settings, with the method used and why it differs, if it does.
    ``tolerance``: of the additive fit (how far a judge bias may still move when the sweeps stop)."""
    if settings.correction == "none" or not scores:
        values, fallback = aggregate_marks(scores, settings.aggregate, settings.trim)
        return Correction(values, "none", None, {}, fallback)
    if settings.correction == "additive":
        result = aggregation.corrected_scores(scores, minimum_judge_sample=settings.min_judge_entries,
                                              shrinkage=settings.shrinkage, tolerance=tolerance)
        if result.method == "additive" and result.fit is not None:
            bias = result.fit.judge_bias
            adjusted = [(e, j, t - bias[j]) for e, j, t in scores]
            values, fallback = aggregate_marks(adjusted, settings.aggregate, settings.trim)
            if settings.aggregate == "mean":
                values = dict(result.scores)  # θ_i itself (equal to the mean of x_ij − b_j at convergence)
            return Correction(values, "additive", None, dict(bias), fallback)
        reason = dict(result.fallback_reason or {})
    else:
        reason = None
    adjusted = z_marks(scores, minimum_judge_sample=settings.min_judge_entries, shrinkage=settings.shrinkage)
    values, fallback = aggregate_marks(adjusted, settings.aggregate, settings.trim)
    return Correction(values, "zscore", reason, {}, fallback)


def competition_ranks(values: Mapping[int, float]) -> dict[int, int]:
    """1 + the number of entries strictly better (to tiebreak.DECIMALS), so equal values share a rank."""
    rounded = {entry: round(value, tiebreak.DECIMALS) for entry, value in values.items()}
    ordered = sorted(rounded.values(), reverse=True)
    first = {}
    for index, value in enumerate(ordered):
        first.setdefault(value, index + 1)
    return {entry: first[value] for entry, value in rounded.items()}


def _interval_estimator(settings: StandingsSettings, method: str, tolerance: float
                        ) -> Callable[[Sequence[Score]], Mapping]:
    applied = StandingsSettings(settings.aggregate, settings.trim, method, settings.min_judge_entries,
                                settings.shrinkage)

    def estimate(resample: Sequence[Score]) -> Mapping:
        if method == "additive":
            # the bootstrap names drawn-again judges "<judge>#<copy>": make every id a string, so that the
            # connectivity check can order entry and judge ids together, and give the entries back their ids
            entries = {str(e): e for e, _j, _t in resample}
            keyed = [(str(e), str(j), t) for e, j, t in resample]
            return {entries[e]: v for e, v in correct(keyed, applied, tolerance=tolerance).scores.items()}
        if method == "zscore":
            marks = z_marks(resample, minimum_judge_sample=settings.min_judge_entries, shrinkage=settings.shrinkage)
            return aggregate_marks(marks, settings.aggregate, settings.trim)[0]
        return aggregate_marks(resample, settings.aggregate, settings.trim)[0]

    return estimate


def estimator_resamples(marks: int, resamples: int = RESAMPLES) -> int:
    """Resamples for the generic bootstrap (every estimator but the additive mean, which has a fast path):
    all of them up to ESTIMATOR_MARKS marks, then fewer (never below MIN_RESAMPLES) so that a page stays
    within a few seconds; the intervals get coarser, not biased."""
    if marks <= ESTIMATOR_MARKS:
        return resamples
    return max(MIN_RESAMPLES, resamples * ESTIMATOR_MARKS // marks)


def intervals_for(scores: Sequence[Score], settings: StandingsSettings, method: str, seed: str,
                  resamples: int = RESAMPLES) -> dict:
    """Bootstrap intervals over judges of the corrected score, {entry: (low, high)}; seeded by ``seed``."""
    if not scores:
        return {}
    rng = random.Random(seed)
    if method == "additive" and settings.aggregate == "mean":
        found = uncertainty.bootstrap_intervals(scores, rng, resamples=resamples, confidence=CONFIDENCE)
    else:
        # each refit may stop once no judge bias moves by more than 1/1000 of the marks' spread, as the
        # additive fast path does: far below the Monte Carlo error of a percentile
        tolerance = 1e-3 * (statistics.pstdev(t for _e, _j, t in scores) or 1.0)
        found = uncertainty.bootstrap_intervals(scores, rng, resamples=estimator_resamples(len(scores), resamples),
                                                confidence=CONFIDENCE,
                                                estimator=_interval_estimator(settings, method, tolerance))
    return {entry: (iv.low, iv.high) for entry, iv in found.items()}


def compute_standings(
    scores: Sequence[Score],
    *,
    settings: StandingsSettings,
    entry_tracks: Mapping[int, Sequence[int]] | None = None,
    primary_marks: Mapping[int, Sequence[float]] | None = None,
    seed: str = "standings",
    resamples: int = RESAMPLES,
) -> Standings:
    """Everything the results page shows, from (entry, judge, total) triples. Pure and deterministic."""
    entry_tracks = entry_tracks or {}
    primary_marks = primary_marks or {}
    raw, raw_fallback = aggregate_marks(scores, settings.aggregate, settings.trim)
    corrected = correct(scores, settings)
    intervals = intervals_for(scores, settings, corrected.method, seed, resamples)
    try:
        alpha: float | None = reliability.krippendorff_alpha_from_scores(scores)
        alpha_problem = None
    except ValueError:
        alpha = None
        by_entry = aggregation.scores_by_entry(scores)
        alpha_problem = "no_variation" if any(len(v) >= 2 for v in by_entry.values()) else "too_few"
    reviews = defaultdict(int)
    for entry, _judge, _total in scores:
        reviews[entry] += 1
    top_k = tiebreak.top_k_counts(scores, TOP_K) if scores else {}
    primary = {entry: statistics.fmean(marks) for entry, marks in primary_marks.items() if marks}
    ranked = tiebreak.rank_with_tie_breaks([
        tiebreak.TieBreakInput(entry, corrected.scores[entry], primary.get(entry, 0.0), top_k.get(entry, 0))
        for entry in corrected.scores])
    estimates = {entry: uncertainty.EntryInterval(entry, corrected.scores[entry], *intervals[entry], 0)
                 for entry in corrected.scores if entry in intervals}
    tied: dict[int, list[int]] = defaultdict(list)
    for upper, lower in uncertainty.statistical_ties(estimates):
        tied[upper].append(lower)
        tied[lower].append(upper)
    raw_ranks = competition_ranks(raw)
    rows = [
        StandingRow(
            entry_id=item.entry_id,
            track_ids=tuple(sorted(entry_tracks.get(item.entry_id, ()))),
            raw=raw[item.entry_id],
            corrected=corrected.scores[item.entry_id],
            interval=intervals.get(item.entry_id),
            tied_with=tuple(sorted(tied.get(item.entry_id, ()))),
            rank=item.position,
            raw_rank=raw_ranks[item.entry_id],
            reviews=reviews[item.entry_id],
            decided_by=item.decided_by,
            primary=primary.get(item.entry_id),
            top_k=top_k.get(item.entry_id, 0),
        )
        for item in ranked
    ]
    return Standings(
        rows=rows, method=corrected.method, requested=settings.correction, fallback_reason=corrected.fallback_reason,
        alpha=alpha, alpha_problem=alpha_problem, judge_bias=corrected.judge_bias, aggregate=settings.aggregate,
        aggregate_fallback=frozenset(raw_fallback | corrected.fallback_entries), settings=settings,
        judges=len({j for _e, j, _t in scores}), marks=len(scores),
    )


def finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


# --- loading from the database ---------------------------------------------------------------------------------


async def round_scores(challenge_id: int, round_id: int) -> list[Score]:
    """(entry, judge, total) of the round's submitted reviews of entries still submitted and eligible, leaving out
    a judge's review of an entry they turned out to be conflicted with. Two queries."""
    rows = await Review.select(Review.entry, Review.judge, Review.total).where(
        (Review.challenge == challenge_id) & (Review.round == round_id) & (Review.status == "submitted")
        & Review.total.is_not_null() & (Review.entry._.status == "submitted")
        & (Review.entry._.screening == "eligible")
    ).order_by(Review.entry).order_by(Review.judge)
    conflicted = {(row["entry"], row["user"]) for row in await Conflict.select(Conflict.entry, Conflict.user).where(
        Conflict.challenge == challenge_id)}
    return [(row["entry"], row["judge"], float(row["total"])) for row in rows
            if (row["entry"], row["judge"]) not in conflicted]


async def round_standings(challenge_id: int, round_id: int, *, settings: dict | None = None) -> Standings:
    """The standings of a round under the challenge's judging settings (or ``settings``, a JudgingSettings-like
    dict, to preview other settings). Five queries: settings, reviews, conflicts, tracks, primary-criterion marks."""
    row = settings if settings is not None else await settings_of(challenge_id)
    scores = await round_scores(challenge_id, round_id)
    entries = sorted({e for e, _j, _t in scores})
    entry_tracks: dict[int, list[int]] = defaultdict(list)
    primary_marks: dict[int, list[float]] = defaultdict(list)
    if entries:
        for track in await EntryTrack.select(EntryTrack.entry, EntryTrack.track).where(
                EntryTrack.entry.is_in(entries)):
            entry_tracks[track["entry"]].append(track["track"])
        if row.get("primary_criterion"):
            for mark in await ReviewScore.select(ReviewScore.review._.entry, ReviewScore.score).where(
                    (ReviewScore.criterion == row["primary_criterion"])
                    & (ReviewScore.review._.round == round_id) & (ReviewScore.review._.status == "submitted")
                    & ReviewScore.score.is_not_null() & ReviewScore.review._.entry.is_in(entries)):
                primary_marks[mark["review.entry"]].append(float(mark["score"]))
    arguments = (tuple(scores), StandingsSettings.of(row), tuple(sorted((e, tuple(t)) for e, t in entry_tracks.items())),
                 tuple(sorted((e, tuple(m)) for e, m in primary_marks.items())), f"standings:{challenge_id}:{round_id}")
    cached = _computed.get(arguments)
    if cached is not None:
        _computed.move_to_end(arguments)
        return cached
    # CPU-bound (the bootstrap refits the model a few hundred times): off the event loop
    found = await anyio.to_thread.run_sync(partial(
        compute_standings, scores, settings=arguments[1], entry_tracks=entry_tracks, primary_marks=primary_marks,
        seed=arguments[4]))
    _computed[arguments] = found
    while len(_computed) > CACHE_SIZE:
        _computed.popitem(last=False)
    return found


CACHE_SIZE = 32
_computed: OrderedDict[tuple, Standings] = OrderedDict()
"""Standings by their exact inputs (marks, settings, tracks, primary marks, seed): a pure function's results,
so a page reloaded with unchanged data costs the queries only."""
