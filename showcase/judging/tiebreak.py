"""The published tie-break order (JUDGING.md §2.9), applied deterministically and never at random.

1. normalised total; 2. the designated primary criterion; 3. the number of judges placing the entry in
their top-k; otherwise "unresolved: jury deliberation" (Devpost rule pages: "judges will discuss"). The
head-to-head pairwise mini-round of §2.9 step 4 is a separate round, run by the organisers on the entries
this function leaves unresolved.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from showcase.judging.aggregation import Score

DECIMALS = 9
"""Values equal to 9 decimals are equal: summation-order noise in floating point must not decide a prize."""

DECIDERS = ("normalised_total", "primary_criterion", "top_k_count")
UNRESOLVED = "unresolved: jury deliberation"


@dataclass(frozen=True)
class TieBreakInput:
    entry_id: str
    normalised_total: float
    primary_criterion: float
    """The entry's (aggregated) mark on the criterion the rules designate as primary."""
    top_k_count: int


@dataclass(frozen=True)
class RankedEntry:
    entry_id: str
    position: int
    """1-based; entries left unresolved share the position."""
    decided_by: str
    """The deepest rule needed to separate the entry from its neighbours: one of DECIDERS, or UNRESOLVED.
    An entry separated from every other entry by its total alone reads "normalised_total"."""


def top_k_counts(scores: Iterable[Score], k: int) -> dict[str, int]:
    """How many judges place each entry in their own top k. Every entry a judge marked at least as high as
    their k-th best counts: a judge who gave equal marks expressed no preference between them."""
    if k < 1:
        raise ValueError("k must be ≥ 1")
    marks_by_judge: dict[str, list[tuple[str, float]]] = defaultdict(list)
    counts: dict[str, int] = {}
    for entry, judge, total in scores:
        marks_by_judge[judge].append((entry, total))
        counts.setdefault(entry, 0)
    for marks in marks_by_judge.values():
        threshold = sorted((total for _e, total in marks), reverse=True)[min(k, len(marks)) - 1]
        for entry, total in marks:
            if total >= threshold:
                counts[entry] += 1
    return counts


def _key(item: TieBreakInput) -> tuple[float, float, int]:
    return (-round(item.normalised_total, DECIMALS), -round(item.primary_criterion, DECIMALS), -item.top_k_count)


def _separating_level(a: TieBreakInput, b: TieBreakInput) -> int:
    """Index into DECIDERS of the first rule that tells a and b apart; len(DECIDERS) if none does."""
    for level, (x, y) in enumerate(zip(_key(a), _key(b))):
        if x != y:
            return level
    return len(DECIDERS)


def rank_with_tie_breaks(items: Sequence[TieBreakInput]) -> list[RankedEntry]:
    """Order entries by the published rules. Entries equal on every rule keep equal positions and are marked
    UNRESOLVED (listed by entry id only for a stable display, which decides nothing)."""
    if len({item.entry_id for item in items}) != len(items):
        raise ValueError("each entry must appear once")
    ordered = sorted(items, key=lambda item: (_key(item), item.entry_id))
    ranked: list[RankedEntry] = []
    for index, item in enumerate(ordered):
        levels = [_separating_level(item, ordered[n]) for n in (index - 1, index + 1) if 0 <= n < len(ordered)]
        deepest = max(levels, default=0)
        decided_by = UNRESOLVED if deepest == len(DECIDERS) else DECIDERS[deepest]
        if index and _key(ordered[index - 1]) == _key(item):
            position = ranked[-1].position
        else:
            position = index + 1
        ranked.append(RankedEntry(item.entry_id, position, decided_by))
    return ranked
