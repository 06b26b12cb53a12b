"""Inter-judge reliability: Krippendorff's α with the interval metric, tolerating missing cells.

Krippendorff, K. (2011), *Computing Krippendorff's Alpha-Reliability*, Annenberg School for Communication,
University of Pennsylvania (https://repository.upenn.edu/asc_papers/43), and *Content Analysis*, 4th ed.,
2019, §12.2. With n pairable values (those in units holding at least two values), m_u values in unit u and
the interval metric δ²(c, k) = (c − k)²:

    D_o = 1/n · Σ_u 1/(m_u − 1) · Σ_{c≠k in u} δ²(c, k)        (observed disagreement, within units)
    D_e = 1/(n(n − 1)) · Σ_{c≠k over all pairable values} δ²     (expected disagreement, all pairs)
    α   = 1 − D_o / D_e

Sums over ordered pairs use Σ_{c≠k} (c − k)² = 2m·Σ (c − c̄)², so the cost is linear in the number of values.
Usual reading: α ≥ 0.8 good, ≥ 0.667 tentative. Units with a single value carry no information about
agreement and are left out, which is how judges who score different subsets are handled.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence

from showcase.judging.aggregation import Score


def _sum_of_squared_deviations(values: Sequence[float]) -> float:
    mean = math.fsum(values) / len(values)
    return math.fsum((v - mean) ** 2 for v in values)


def krippendorff_alpha_interval(units: Iterable[Sequence[float | None]]) -> float:
    """α (interval) for a reliability matrix given unit by unit: each unit is the values the coders gave it,
    None for a missing cell. Raises ValueError with fewer than two pairable values or when every pairable
    value is the same (α is then undefined: there is no variation to agree about)."""
    pairable_units = [[v for v in unit if v is not None] for unit in units]
    pairable_units = [unit for unit in pairable_units if len(unit) >= 2]
    pairable = [v for unit in pairable_units for v in unit]
    n = len(pairable)
    if n < 2:
        raise ValueError("Krippendorff's α needs at least one unit with two or more values")
    expected = 2.0 * _sum_of_squared_deviations(pairable) / (n - 1)
    if expected == 0:
        raise ValueError("Krippendorff's α is undefined when all values are equal")
    observed = 2.0 / n * math.fsum(
        len(unit) / (len(unit) - 1) * _sum_of_squared_deviations(unit) for unit in pairable_units)
    return 1.0 - observed / expected


def krippendorff_alpha_from_scores(scores: Iterable[Score]) -> float:
    """α (interval) for the jury: entries are the units, judges the coders, unscored pairs are missing."""
    by_entry: dict[str, list[float]] = defaultdict(list)
    for entry, _judge, total in scores:
        by_entry[entry].append(total)
    return krippendorff_alpha_interval(by_entry[entry] for entry in sorted(by_entry))
