"""Crowd-BT next-item choice: milliseconds per `choose_next` over 1,000 candidate items (target < 20 ms).

    python bench/crowd_bt.py                 # 1,000 items, 300 choices
    python bench/crowd_bt.py --items 5000 -n 100

Items carry spread-out posteriors (as after a few hundred votes) and nobody has reached MIN_VIEWS, so the
information gain is computed for every candidate. The epsilon-greedy shortcut is switched off for the
measurement (a random pick costs nothing), so the figure is the worst case: a full argmax every time.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from showcase.judging.crowd_bt import ItemState, JudgeState, choose_next


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("-n", "--choices", type=int, default=300)
    args = parser.parse_args()

    rng = random.Random(2013)
    candidates = {
        item_id: ItemState(mu=rng.gauss(0.0, 1.0), sigma_sq=rng.uniform(0.2, 1.0)) for item_id in range(args.items)
    }
    judge = JudgeState(alpha=9.4, beta=1.1)
    timings_ms = []
    for choice in range(args.choices):
        current_id = choice % args.items
        started = time.perf_counter()
        chosen = choose_next(judge, current_id, candidates, views={}, ignore={current_id}, prioritized=set(),
                             busy=set(), rng=rng, epsilon=0.0)  # no random shortcut: a full argmax every time
        timings_ms.append((time.perf_counter() - started) * 1000.0)
        assert chosen is not None and chosen != current_id
    timings_ms.sort()
    print(
        f"choose_next over {args.items:,} candidates, {args.choices} choices (argmax every time): "
        f"median {statistics.median(timings_ms):.2f} ms, p99 {timings_ms[int(0.99 * (len(timings_ms) - 1))]:.2f} ms, "
        f"max {timings_ms[-1]:.2f} ms (target < 20 ms)"
    )


if __name__ == "__main__":
    main()
