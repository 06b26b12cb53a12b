"""Assignment benchmark: 1,000 entries, 60 judges, k=5 (issue 6 point 3), with and without 10 % random conflicts.

    .venv/bin/python bench/assignment.py
"""

from __future__ import annotations

import random
import time

from showcase.judging.assignment import assign, coverage_report, reassign_after_dropout


def main() -> None:
    entries = [f"entry-{i}" for i in range(1000)]
    judges = [f"judge-{j}" for j in range(60)]
    rng = random.Random(2026)
    noisy = {(judge, entry) for judge in judges for entry in entries if rng.random() < 0.1}
    for label, conflicts in (("no conflicts", set()), ("10 % conflicts", noisy)):
        started = time.perf_counter()
        assignment = assign(entries, judges, k=5, conflicts=conflicts, seed=1)
        assigned_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        after = reassign_after_dropout(assignment, judges[0], conflicts=conflicts, seed=1)
        dropout_ms = (time.perf_counter() - started) * 1000
        report = coverage_report(assignment, judges, entries)
        print(
            f"{label}: assign {assigned_ms:.1f} ms, dropout {dropout_ms:.1f} ms; loads {report.min_load}–"
            f"{report.max_load}, {report.components} component(s), {len(report.entries_below_k)} below k, "
            f"{len(assignment.problems) + len(after.problems)} problem(s)"
        )


if __name__ == "__main__":
    main()
