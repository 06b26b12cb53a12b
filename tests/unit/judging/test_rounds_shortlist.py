"""Shortlists carried to the next round: top N per track or overall, ties at the cut kept."""

from showcase.judging.rounds import Ranked, ranked_from_pairwise, shortlist

# Entry 1..6: places 1..6; tracks: A = 10, B = 20; entry 5 is in both.
RANKING = [Ranked(1, 1, (10,)), Ranked(2, 2, (20,)), Ranked(3, 3, (10,)), Ranked(4, 4, (20,)),
           Ranked(5, 5, (10, 20)), Ranked(6, 6, (10,))]


def test_top_n_per_track_best_first() -> None:
    assert shortlist(RANKING, 1, per_track=True) == [1, 2]
    assert shortlist(RANKING, 2, per_track=True) == [1, 2, 3, 4]
    assert shortlist(RANKING, 3, per_track=True) == [1, 2, 3, 4, 5]  # 5 is third in both tracks, counted once


def test_top_n_overall() -> None:
    assert shortlist(RANKING, 3, per_track=False) == [1, 2, 3]
    assert shortlist(RANKING, 10, per_track=False) == [1, 2, 3, 4, 5, 6]
    assert shortlist(RANKING, 0, per_track=False) == []


def test_entries_tied_at_the_cut_are_all_kept() -> None:
    tied = [Ranked(7, 1, (10,)), Ranked(8, 2, (10,)), Ranked(9, 2, (10,)), Ranked(10, 4, (10,))]
    assert shortlist(tied, 2, per_track=True) == [7, 8, 9]
    assert shortlist(tied, 1, per_track=False) == [7]
    assert shortlist(tied, 3, per_track=False) == [7, 8, 9]


def test_per_track_without_tracks_is_overall() -> None:
    plain = [Ranked(1, 1, ()), Ranked(2, 2, ()), Ranked(3, 3, ())]
    assert shortlist(plain, 2, per_track=True) == [1, 2]


def test_pairwise_places_share_equal_mu_and_sigma() -> None:
    ranked = ranked_from_pairwise([(4, 0.5, 0.8), (2, 0.0, 1.0), (3, 0.0, 1.0), (1, -0.5, 0.8)], {4: [10], 1: [20]})
    assert ranked == [Ranked(4, 1, (10,)), Ranked(2, 2, ()), Ranked(3, 2, ()), Ranked(1, 4, (20,))]
