"""Judging benchmark: aggregation of 1,000 entries × 60 judges × k=5 with 6 weighted criteria.

    .venv/bin/python bench/judging.py                  # 200 bootstrap resamples, 3 runs, best reported
    .venv/bin/python bench/judging.py --resamples 1000 --runs 1

Builds a balanced, connected assignment (each entry gets k distinct judges, loads differ by at most one),
draws marks as quality + judge leniency + noise, then times, in one pure-Python process:
weighted rubric totals → connectivity check → additive two-way model → bootstrap intervals over judges →
statistical-tie flags. Target for the whole pipeline: < 1 s.
"""

from __future__ import annotations

import argparse
import random
import time

from showcase.judging.aggregation import Criterion, corrected_scores, weighted_scores
from showcase.judging.uncertainty import bootstrap_intervals, statistical_ties


def build_marks(entries: int, judges: int, k: int, criteria: list[Criterion], rng: random.Random):
    quality = {f"e{i}": rng.gauss(0.0, 1.0) for i in range(entries)}
    leniency = {f"j{j}": rng.gauss(0.0, 0.7) for j in range(judges)}
    marks = []
    load = {judge: 0 for judge in leniency}
    for entry in quality:
        # The k least-loaded judges, ties broken at random: loads differ by at most one, and the random
        # overlaps make the judge-entry graph connected and well mixed, as an assignment with a seed would.
        panel = sorted(load, key=lambda judge: (load[judge], rng.random()))[:k]
        for judge in panel:
            load[judge] += 1
            per_criterion = {c.name: min(c.maximum, max(0.0, round(5 + quality[entry] + leniency[judge]
                                                                   + rng.gauss(0, 0.8))))
                             for c in criteria}
            marks.append((entry, judge, per_criterion))
    return marks, quality


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--judges", type=int, default=60)
    parser.add_argument("-k", type=int, default=5)
    parser.add_argument("--resamples", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    criteria = [Criterion(f"c{n}", weight, 10) for n, weight in enumerate((3, 2, 2, 1, 1, 1))]
    marks, _quality = build_marks(args.entries, args.judges, args.k, criteria, random.Random(args.seed))
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        scores = weighted_scores(marks, criteria)
        corrected = corrected_scores(scores)
        fitted = time.perf_counter()
        intervals = bootstrap_intervals(scores, random.Random(args.seed), resamples=args.resamples)
        ties = statistical_ties(intervals)
        finished = time.perf_counter()
        timings.append((finished - started, fitted - started, finished - fitted))
    total, fit, boot = min(timings)
    print(f"judging aggregation: {args.entries} entries × {args.judges} judges × k={args.k}, "
          f"{len(criteria)} criteria, {len(scores)} scores, {args.resamples} bootstrap resamples")
    print(f"  method={corrected.method}  fit iterations={corrected.fit.iterations if corrected.fit else '-'}  "
          f"statistical ties between neighbours={len(ties)}")
    print(f"  total {total * 1000:.0f} ms (best of {args.runs}): totals + additive fit {fit * 1000:.0f} ms, "
          f"bootstrap + ties {boot * 1000:.0f} ms  — target < 1000 ms: {'met' if total < 1 else 'MISSED'}")


if __name__ == "__main__":
    main()
    # The second figure: milliseconds per Crowd-BT next-entry choice over 1,000 entries.
    import runpy
    import sys
    from pathlib import Path

    sys.argv = sys.argv[:1]
    runpy.run_path(str(Path(__file__).with_name("crowd_bt.py")), run_name="__main__")
