"""Crowd-BT: online pairwise ranking with judges of unknown reliability (JUDGING.md §1).

The model and its moment-matching updates come from Chen, Bennett, Collins-Thompson and Horvitz,
*Pairwise Ranking Aggregation in a Crowdsourced Setting*, WSDM 2013
(http://people.stern.nyu.edu/xchen3/images/crowd_pairwise.pdf), as implemented by Gavel
(`anishathalye/gavel:gavel/crowd_bt.py`; the choice of the next item follows `preferred_items` and
`choose_next` in `gavel/controllers/judge.py`).

Each item's latent quality is approximated by N(mu, sigma_sq) and each judge's chance of reporting the
true order by Beta(alpha, beta). Everything here is pure: immutable states in, new states out; the only
randomness is the `random.Random` the caller passes to `choose_next`.

One property the issue expected does not hold in general: sigma_sq can *grow* after an update.
The variance factor is 1 + sigma_sq * delta_2 with delta_2 = g(t) - g(x), where g(u) = u / (1 + u)^2,
x = e^(mu_w - mu_l) and t = (alpha / beta) * x. With r = ln(alpha / beta) and d = mu_w - mu_l,
delta_2 <= 0 exactly when r * (2d + r) >= 0. So a reliable judge (r > 0) who picks a winner weaker
than its opponent by more than r/2 (1.15 for the prior alpha=10, beta=1) makes both items *less*
certain: a real upset is surprising. Gavel does the same, and replaying stored values needs it too.
`variance_cannot_grow` states the condition; the tests check both sides of it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Iterable, Mapping, Set
from dataclasses import dataclass
from typing import TypeVar

GAMMA = 0.1  # weight of the judge's information against the items' in the expected information gain
KAPPA = 1e-4  # floor of the variance factor, so that sigma_sq stays positive
EPSILON = 0.25  # epsilon-greedy: share of choices made at random rather than by information gain
MIN_VIEWS = 2  # items seen fewer times than this are shown first
# Gavel also defines LAMBDA = 1 (the paper's regulariser) but never uses it; neither do we.

Id = TypeVar("Id", bound=Hashable)


@dataclass(frozen=True, slots=True)
class ItemState:
    """Posterior N(mu, sigma_sq) of an item's latent quality; the defaults are Gavel's prior."""

    mu: float = 0.0
    sigma_sq: float = 1.0


@dataclass(frozen=True, slots=True)
class JudgeState:
    """Posterior Beta(alpha, beta) of a judge's reliability; the prior's mean is 10/11."""

    alpha: float = 10.0
    beta: float = 1.0


def _posterior(
    alpha: float, beta: float, mu_w: float, sigma_sq_w: float, mu_l: float, sigma_sq_l: float
) -> tuple[float, float, float, float, float, float, float]:
    """One moment-matching step on plain floats, all three parts from the old values.

    Returns (alpha', beta', mu_w', sigma_sq_w', mu_l', sigma_sq_l', c). Every ratio below is
    homogeneous of degree 0 in (A, B), so both exponentials are taken relative to the larger mu:
    the results are Gavel's, but a wide gap in mu cannot overflow.
    """
    top = mu_w if mu_w > mu_l else mu_l
    a = math.exp(mu_w - top)
    b = math.exp(mu_l - top)
    p = a / (a + b)
    weighted = alpha * a + beta * b

    delta = alpha * a / weighted - p
    new_mu_w = mu_w + sigma_sq_w * delta
    new_mu_l = mu_l - sigma_sq_l * delta

    delta_2 = alpha * beta * a * b / (weighted * weighted) - a * b / ((a + b) * (a + b))
    new_sigma_sq_w = sigma_sq_w * max(1.0 + sigma_sq_w * delta_2, KAPPA)
    new_sigma_sq_l = sigma_sq_l * max(1.0 + sigma_sq_l * delta_2, KAPPA)

    c_1 = p + 0.5 * (sigma_sq_w + sigma_sq_l) * a * b * (b - a) / ((a + b) ** 3)
    c_2 = 1.0 - c_1
    total = alpha + beta
    c = (c_1 * alpha + c_2 * beta) / total
    e_1 = (c_1 * (alpha + 1) * alpha + c_2 * alpha * beta) / (c * (total + 1) * total)
    e_2 = (c_1 * (alpha + 2) * (alpha + 1) * alpha + c_2 * (alpha + 1) * alpha * beta) / (
        c * (total + 2) * (total + 1) * total
    )
    variance = e_2 - e_1 * e_1
    new_alpha = (e_1 - e_2) * e_1 / variance
    new_beta = (e_1 - e_2) * (1.0 - e_1) / variance
    return new_alpha, new_beta, new_mu_w, new_sigma_sq_w, new_mu_l, new_sigma_sq_l, c


def update(
    judge: JudgeState, winner: ItemState, loser: ItemState
) -> tuple[JudgeState, ItemState, ItemState, float]:
    """The judge said `winner` beats `loser`: return (judge', winner', loser', c).

    c is the probability the model gave to this verdict before seeing it.
    """
    alpha, beta, mu_w, sigma_sq_w, mu_l, sigma_sq_l, c = _posterior(
        judge.alpha, judge.beta, winner.mu, winner.sigma_sq, loser.mu, loser.sigma_sq
    )
    return JudgeState(alpha, beta), ItemState(mu_w, sigma_sq_w), ItemState(mu_l, sigma_sq_l), c


def variance_cannot_grow(judge: JudgeState, winner: ItemState, loser: ItemState) -> bool:
    """Whether `update` is guaranteed not to raise either sigma_sq (see the module docstring)."""
    log_ratio = math.log(judge.alpha / judge.beta)
    return log_ratio * (2.0 * (winner.mu - loser.mu) + log_ratio) >= 0.0


def digamma(x: float) -> float:
    """psi(x) for x > 0: push x above 10 by psi(x) = psi(x + 1) - 1/x, then the asymptotic series.

    With x >= 10 the first omitted term (691 / (32760 x^12)) is below 1e-13.
    """
    if not x > 0.0:
        raise ValueError(f"digamma is only needed for positive arguments, got {x!r}")
    shift = 0.0
    while x < 10.0:
        shift -= 1.0 / x
        x += 1.0
    inv_sq = 1.0 / (x * x)
    # Bernoulli terms B_2n / (2n x^2n): 1/12, -1/120, 1/252, -1/240, 1/132, written in Horner form.
    series = inv_sq * (1 / 12 - inv_sq * (1 / 120 - inv_sq * (1 / 252 - inv_sq * (1 / 240 - inv_sq / 132))))
    return shift + math.log(x) - 0.5 / x - series


def log_beta(a: float, b: float) -> float:
    """ln B(a, b) = ln Gamma(a) + ln Gamma(b) - ln Gamma(a + b)."""
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


def kl_normal(mu_1: float, sigma_sq_1: float, mu_2: float, sigma_sq_2: float) -> float:
    """KL(N(mu_1, sigma_sq_1) || N(mu_2, sigma_sq_2))."""
    ratio = sigma_sq_1 / sigma_sq_2
    return (mu_1 - mu_2) ** 2 / (2.0 * sigma_sq_2) + (ratio - 1.0 - math.log(ratio)) / 2.0


def kl_beta(alpha_1: float, beta_1: float, alpha_2: float, beta_2: float) -> float:
    """KL(Beta(alpha_1, beta_1) || Beta(alpha_2, beta_2))."""
    return (
        log_beta(alpha_2, beta_2)
        - log_beta(alpha_1, beta_1)
        + (alpha_1 - alpha_2) * digamma(alpha_1)
        + (beta_1 - beta_2) * digamma(beta_1)
        + (alpha_2 - alpha_1 + beta_2 - beta_1) * digamma(alpha_1 + beta_1)
    )


def _information_gain(
    alpha: float, beta: float, mu_w: float, sigma_sq_w: float, mu_l: float, sigma_sq_l: float
) -> tuple[float, float]:
    """(c, information gained if `w` wins): how far the posterior would move from the current one."""
    new_alpha, new_beta, new_mu_w, new_sigma_sq_w, new_mu_l, new_sigma_sq_l, c = _posterior(
        alpha, beta, mu_w, sigma_sq_w, mu_l, sigma_sq_l
    )
    gain = (
        kl_normal(new_mu_w, new_sigma_sq_w, mu_w, sigma_sq_w)
        + kl_normal(new_mu_l, new_sigma_sq_l, mu_l, sigma_sq_l)
        + GAMMA * kl_beta(new_alpha, new_beta, alpha, beta)
    )
    return c, gain


def expected_information_gain(judge: JudgeState, current: ItemState, candidate: ItemState) -> float:
    """EIG of asking `judge` to compare `current` with `candidate`, over both possible verdicts.

    As in Gavel, the probability that `current` wins is the c of the update where it does.
    """
    c, gain_if_current_wins = _information_gain(
        judge.alpha, judge.beta, current.mu, current.sigma_sq, candidate.mu, candidate.sigma_sq
    )
    _, gain_if_candidate_wins = _information_gain(
        judge.alpha, judge.beta, candidate.mu, candidate.sigma_sq, current.mu, current.sigma_sq
    )
    return c * gain_if_current_wins + (1.0 - c) * gain_if_candidate_wins


def candidate_pool(
    current_id: Id | None,
    candidates: Mapping[Id, ItemState],
    *,
    views: Mapping[Id, int],
    ignore: Set[Id],
    prioritized: Set[Id],
    busy: Set[Id],
) -> list[Id]:
    """The items Gavel would consider next (`preferred_items`), in the order of `candidates`.

    1. every candidate except the current one and those the judge ignores (skipped or already judged);
    2. only the prioritized ones, if any;
    3. without those another judge is about to see (`busy`), unless that leaves nothing;
    4. only those seen fewer than MIN_VIEWS times, if any.
    """
    pool = [item_id for item_id in candidates if item_id != current_id and item_id not in ignore]
    pool = [item_id for item_id in pool if item_id in prioritized] or pool
    pool = [item_id for item_id in pool if item_id not in busy] or pool
    return [item_id for item_id in pool if views.get(item_id, 0) < MIN_VIEWS] or pool


def choose_next(
    judge: JudgeState,
    current_id: Id | None,
    candidates: Mapping[Id, ItemState],
    *,
    views: Mapping[Id, int],
    ignore: Set[Id],
    prioritized: Set[Id],
    busy: Set[Id],
    rng: random.Random,
    epsilon: float = EPSILON,
) -> Id | None:
    """The item `judge` should compare with `current_id` next, or None when nothing is left.

    `candidates` holds every active item (the current one may be among them; it is never returned).
    The pool of `candidate_pool` is shuffled (which also breaks ties of the argmax at random); with
    probability `epsilon` (Gavel's 0.25) the first item is taken, otherwise the one of greatest expected information
    gain. With no current item yet (a judge's first, unvoted look) the first item is taken, as
    Gavel's `maybe_init_annotator` picks uniformly. Deterministic for a given `rng` state and
    `candidates` order.
    """
    pool = candidate_pool(
        current_id, candidates, views=views, ignore=ignore, prioritized=prioritized, busy=busy
    )
    if not pool:
        return None
    rng.shuffle(pool)
    if current_id is None:
        return pool[0]
    if current_id not in candidates:
        raise ValueError(f"the current item {current_id!r} must be among the candidates")
    if rng.random() < epsilon:
        return pool[0]
    current = candidates[current_id]
    alpha, beta = judge.alpha, judge.beta

    def gain(item_id: Id) -> float:
        candidate = candidates[item_id]
        c, if_current_wins = _information_gain(
            alpha, beta, current.mu, current.sigma_sq, candidate.mu, candidate.sigma_sq
        )
        _, if_candidate_wins = _information_gain(
            alpha, beta, candidate.mu, candidate.sigma_sq, current.mu, current.sigma_sq
        )
        return c * if_current_wins + (1.0 - c) * if_candidate_wins

    return max(pool, key=gain)


def replay(
    decisions: Iterable[tuple[Hashable, Id, Id]],
    items: Iterable[Id],
    judges: Iterable[Hashable],
) -> tuple[dict[Id, ItemState], dict[Hashable, JudgeState]]:
    """Every state after applying `decisions` (judge_id, winner_id, loser_id) in order from the priors.

    The updates do not commute, so the order of the log matters. Undoing a decision is replaying the
    log without it (Gavel issue #22), which is O(n). An unknown id or a self-comparison is an error
    rather than something to skip: the replay must reproduce stored values exactly.
    """
    item_states: dict[Id, ItemState] = {item_id: ItemState() for item_id in items}
    judge_states: dict[Hashable, JudgeState] = {judge_id: JudgeState() for judge_id in judges}
    for position, (judge_id, winner_id, loser_id) in enumerate(decisions):
        if winner_id == loser_id:
            raise ValueError(f"decision {position}: {winner_id!r} cannot beat itself")
        for kind, known, key in (
            ("judge", judge_states, judge_id),
            ("item", item_states, winner_id),
            ("item", item_states, loser_id),
        ):
            if key not in known:
                raise ValueError(f"decision {position}: unknown {kind} {key!r}")
        judge, winner, loser, _ = update(
            judge_states[judge_id], item_states[winner_id], item_states[loser_id]
        )
        judge_states[judge_id] = judge
        item_states[winner_id] = winner
        item_states[loser_id] = loser
    return item_states, judge_states


def ranking(items: Mapping[Id, ItemState]) -> list[tuple[Id, float, float]]:
    """(id, mu, sigma) from the highest mu down.

    Equal mu: the smaller sigma (the surer estimate) first, then the order of `items`. Ties are never
    broken at random (JUDGING.md §2.9); a tie on mu is worth showing, sigma says how much it means.
    """
    ordered = sorted(items.items(), key=lambda entry: (-entry[1].mu, entry[1].sigma_sq))
    return [(item_id, state.mu, math.sqrt(state.sigma_sq)) for item_id, state in ordered]
