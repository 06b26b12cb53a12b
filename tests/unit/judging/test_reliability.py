"""Krippendorff's α (interval) with missing cells."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from showcase.judging.reliability import krippendorff_alpha_from_scores, krippendorff_alpha_interval

_ = None
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the reliability data matrix with
# missing values: 4 observers × 12 units. Published: nominal .743, ordinal .815, interval .849, ratio .797.
OBSERVERS = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
    [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
]
KRIPPENDORFF_UNITS = list(zip(*OBSERVERS))


def test_krippendorffs_published_example_interval_alpha():
    # Recomputed independently with exact fractions from the coincidence matrix: n = 40 pairable values
    # (unit 12 has one value and drops out), Σ o_ck δ² = 52/3, Σ n_c n_k δ² / (n − 1) = 4480/39,
    # so α = 1 − (52/3)/(4480/39) = 951/1120 = 0.849107…, the published .849.
    alpha = krippendorff_alpha_interval(KRIPPENDORFF_UNITS)
    assert alpha == pytest.approx(951 / 1120, abs=1e-12)
    assert round(alpha, 3) == 0.849


def test_small_example_computed_by_hand():
    # Units (1, 2), (3, 3), (−, 4). The third has one value: not pairable, so n = 4 (values 1, 2, 3, 3).
    # D_o = 1/n · Σ_u 1/(m_u − 1) · Σ_{c≠k} (c − k)² = 1/4 · (2·1² + 0) = 0.5
    # D_e = 1/(n(n − 1)) · Σ over ordered pairs: unordered squared gaps 1, 4, 4, 1, 1, 0 = 11, ordered 22,
    #       so D_e = 22/12 = 11/6, and α = 1 − 0.5/(11/6) = 1 − 3/11 = 8/11 = 0.727273.
    assert krippendorff_alpha_interval([(1, 2), (3, 3), (None, 4)]) == pytest.approx(8 / 11, abs=1e-12)


def test_perfect_agreement_is_one_and_missing_cells_do_not_matter():
    assert krippendorff_alpha_interval([(1, 1, None), (5, None, 5), (None, 3, 3), (7,)]) == 1.0


def test_alpha_from_scores_treats_entries_as_units_and_unscored_pairs_as_missing():
    scores = [(f"u{u}", f"o{o}", float(value)) for o, row in enumerate(OBSERVERS)
              for u, value in enumerate(row) if value is not None]
    assert krippendorff_alpha_from_scores(scores) == pytest.approx(951 / 1120, abs=1e-12)


def test_undefined_cases_raise():
    with pytest.raises(ValueError):
        krippendorff_alpha_interval([(1, None), (2,)])  # nothing pairable
    with pytest.raises(ValueError):
        krippendorff_alpha_interval([(3, 3), (3, 3, 3)])  # no variation at all


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.one_of(st.none(), st.integers(0, 10)), min_size=2, max_size=5), min_size=2,
                max_size=10))
def test_alpha_matches_the_brute_force_definition(units):
    pairable = [[v for v in unit if v is not None] for unit in units]
    pairable = [unit for unit in pairable if len(unit) >= 2]
    values = [v for unit in pairable for v in unit]
    n = len(values)
    if n < 2 or len(set(values)) == 1:
        return
    observed = sum(sum((c - k) ** 2 for a, c in enumerate(unit) for b, k in enumerate(unit) if a != b)
                   / (len(unit) - 1) for unit in pairable) / n
    expected = sum((c - k) ** 2 for a, c in enumerate(values) for b, k in enumerate(values) if a != b) / (n * (n - 1))
    assert krippendorff_alpha_interval(units) == pytest.approx(1 - observed / expected, abs=1e-9)
