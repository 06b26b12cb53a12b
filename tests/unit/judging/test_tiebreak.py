"""The published tie-break order: total, primary criterion, top-k count, then the jury — never random."""

from __future__ import annotations

from showcase.judging.tiebreak import UNRESOLVED, RankedEntry, TieBreakInput, rank_with_tie_breaks, top_k_counts


def test_tie_break_order():
    items = [
        TieBreakInput("solo", 90.0, 8.0, 1),        # highest total: decided at once
        TieBreakInput("primary-hi", 80.0, 9.0, 0),  # same total as the next, better primary criterion
        TieBreakInput("primary-lo", 80.0, 7.0, 5),
        TieBreakInput("topk-hi", 70.0, 6.0, 3),     # same total and primary, more top-k placements
        TieBreakInput("topk-lo", 70.0, 6.0, 2),
        TieBreakInput("jury-b", 60.0, 5.0, 1),      # equal on everything: the jury decides
        TieBreakInput("jury-a", 60.0, 5.0, 1),
    ]
    assert rank_with_tie_breaks(items) == [
        RankedEntry("solo", 1, "normalised_total"),
        RankedEntry("primary-hi", 2, "primary_criterion"),
        RankedEntry("primary-lo", 3, "primary_criterion"),
        RankedEntry("topk-hi", 4, "top_k_count"),
        RankedEntry("topk-lo", 5, "top_k_count"),
        RankedEntry("jury-a", 6, UNRESOLVED),
        RankedEntry("jury-b", 6, UNRESOLVED),
    ]


def test_floating_point_noise_does_not_decide():
    items = [TieBreakInput("x", 0.1 + 0.2, 1.0, 0), TieBreakInput("y", 0.3, 2.0, 0)]
    assert [(r.entry_id, r.decided_by) for r in rank_with_tie_breaks(items)] == [
        ("y", "primary_criterion"), ("x", "primary_criterion")]


def test_input_order_never_changes_the_result():
    items = [TieBreakInput(name, 50.0, 5.0, 2) for name in "dcba"] + [TieBreakInput("e", 51.0, 0.0, 0)]
    assert rank_with_tie_breaks(items) == rank_with_tie_breaks(list(reversed(items)))
    assert {r.position for r in rank_with_tie_breaks(items) if r.decided_by == UNRESOLVED} == {2}


def test_top_k_counts_include_ties_at_the_boundary_and_zero_counts():
    scores = [("A", "J1", 9.0), ("B", "J1", 8.0), ("C", "J1", 8.0), ("D", "J1", 1.0),
              ("A", "J2", 2.0), ("B", "J2", 7.0), ("D", "J2", 3.0)]
    assert top_k_counts(scores, 2) == {"A": 1, "B": 2, "C": 1, "D": 1}  # J1: A, B, C (B = C); J2: B, D
    assert top_k_counts(scores, 1) == {"A": 1, "B": 1, "C": 0, "D": 0}
