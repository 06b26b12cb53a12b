"""Pairwise rounds (Crowd-BT, as in Gavel): the state of a round, a judge's next pair, decisions, skips and undo.

The maths is `crowd_bt.py`; this module keeps its state in PairwiseItem / PairwiseJudge rows and its log in
PairwiseDecision rows, and makes both agree.

The flow is Gavel's (JUDGING.md §1). A judge's first look shows one entry with "Continue" or "Skip" and no vote.
From then on the judge compares the entry on screen (`current_entry`) with the one seen just before
(`previous_entry`): after a decision the current entry becomes the previous one and a new current entry is
chosen by `crowd_bt.choose_next` (expected information gain, epsilon-greedy, minimum views). A judge never meets
an entry twice: the entries of their decisions and skips are ignored from then on. Skip adds the current entry to
that list without a vote; a skipped entry is not shown again to that judge.

Undo marks the judge's last decision undone and rebuilds every item and judge of the round by replaying the
decisions left, in sequence order, from the prior (Gavel issue #22). Stored state and replay must agree: the
round's rows are always the replay of its log.

`views` counts the decisions an entry took part in (not undone), so it is replayable too; Gavel counts the judges
who looked at it, which the log cannot reproduce.

The states are DOUBLE PRECISION columns on both databases, so a written value is read back bit for bit and the
replay is `crowd_bt.replay` itself. The replay still takes a `rounding` (what a store keeps of a float) so that a
narrower column — PostgreSQL's 4-byte REAL, which these columns were at first — would keep replay and storage
equal; `store_rounding` names the one in force.
"""

from __future__ import annotations

import random
import struct
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from showcase.db import get_engine
from showcase.exceptions import DomainError, NotAllowed, NotFound
from showcase.i18n import gettext as _
from showcase.judging import audit, crowd_bt
from showcase.judging.audit import actor_of as _actor
from showcase.judging.audit import judging_transaction
from showcase.judging.crowd_bt import ItemState, JudgeState
from showcase.judging.tables import (
    Conflict,
    Judge,
    PairwiseDecision,
    PairwiseItem,
    PairwiseJudge,
    Round,
    RoundEntry,
)

Rounding = Callable[[float], float]


class StalePair(DomainError):
    """The form was sent for a pair that is no longer on the judge's screen (a second tab, a double click)."""


# --- pure parts ---------------------------------------------------------------------------------------------


def no_rounding(value: float) -> float:
    return value


def float4(value: float) -> float:
    """The nearest 4-byte float, as PostgreSQL's REAL stores a double."""
    return struct.unpack("f", struct.pack("f", value))[0]


def store_rounding(engine_type: str) -> Rounding:
    """DOUBLE PRECISION on SQLite and PostgreSQL alike: nothing is lost on writing."""
    return no_rounding


def stored_item(state: ItemState, rounding: Rounding) -> ItemState:
    return ItemState(rounding(state.mu), rounding(state.sigma_sq))


def stored_judge(state: JudgeState, rounding: Rounding) -> JudgeState:
    return JudgeState(rounding(state.alpha), rounding(state.beta))


@dataclass(frozen=True, slots=True)
class RoundState:
    items: dict[Hashable, ItemState]
    views: dict[Hashable, int]
    judges: dict[Hashable, JudgeState]


def replay_log(decisions: Iterable[tuple[Hashable, Hashable, Hashable]], items: Iterable[Hashable],
               judges: Iterable[Hashable], *, rounding: Rounding = no_rounding) -> RoundState:
    """Every state of a round after `decisions` (judge, winner, loser) in order from the priors, each step rounded
    as the database stores it. With `no_rounding` the states are exactly `crowd_bt.replay`'s."""
    item_states: dict[Hashable, ItemState] = {item: ItemState() for item in items}
    views = dict.fromkeys(item_states, 0)
    judge_states: dict[Hashable, JudgeState] = {judge: JudgeState() for judge in judges}
    for position, (judge_id, winner_id, loser_id) in enumerate(decisions):
        if winner_id == loser_id or winner_id not in item_states or loser_id not in item_states \
                or judge_id not in judge_states:
            raise ValueError(f"decision {position} cannot be replayed: {(judge_id, winner_id, loser_id)!r}")
        judge, winner, loser, _c = crowd_bt.update(judge_states[judge_id], item_states[winner_id],
                                                   item_states[loser_id])
        judge_states[judge_id] = stored_judge(judge, rounding)
        item_states[winner_id] = stored_item(winner, rounding)
        item_states[loser_id] = stored_item(loser, rounding)
        views[winner_id] += 1
        views[loser_id] += 1
    return RoundState(item_states, views, judge_states)


def reliability(alpha: float, beta: float) -> float:
    """The judge's expected chance of reporting the true order: the mean of Beta(alpha, beta)."""
    return alpha / (alpha + beta)


def ordered_ranking(items: Mapping[Any, ItemState]) -> list[tuple[Any, float, float]]:
    """(entry, mu, sigma_sq), highest mu first; equal mu: the surer one first, then the order of `items`
    (crowd_bt.ranking's order, with sigma_sq rather than sigma)."""
    ordered = sorted(items.items(), key=lambda pair: (-pair[1].mu, pair[1].sigma_sq))
    return [(entry, state.mu, state.sigma_sq) for entry, state in ordered]


def pair_before(decision_winner: int, decision_loser: int, previous_entry: int | None) -> tuple[int, int]:
    """(previous, current) as they were on screen when a decision was taken, from the judge's screen after it.

    After a decision, its current entry became the judge's previous one (skips since then change only the current
    entry), so the other entry of the decision was the previous one."""
    if previous_entry == decision_loser:
        return decision_winner, decision_loser
    return decision_loser, decision_winner


# --- the database ---------------------------------------------------------------------------------------------


def _rounding() -> Rounding:
    return store_rounding(get_engine().engine_type)


async def round_entry_ids(round_row: Mapping[str, Any]) -> list[int]:
    rows = await RoundEntry.select(RoundEntry.entry).where(RoundEntry.round == round_row["id"]).order_by(
        RoundEntry.entry)
    return [row["entry"] for row in rows]


async def judge_user_ids(challenge_id: int) -> list[int]:
    rows = await Judge.select(Judge.user).where(Judge.challenge == challenge_id).order_by(Judge.user)
    return list(dict.fromkeys(row["user"] for row in rows))


async def start(round_row: Mapping[str, Any], entry_ids: Iterable[int]) -> None:
    """The prior state of a new pairwise round: an item per entry, a judge state per judge of the challenge.
    Call inside judging_transaction (rounds.open_next_round does)."""
    round_id = round_row["id"]
    items = [PairwiseItem(round=round_id, entry=entry_id, key=f"{round_id}:{entry_id}") for entry_id in entry_ids]
    if items:
        await PairwiseItem.insert(*items)
    judges = [PairwiseJudge(round=round_id, judge=user_id, key=f"{round_id}:{user_id}")
              for user_id in await judge_user_ids(round_row["challenge"])]
    if judges:
        await PairwiseJudge.insert(*judges)


async def _round(round_id: int) -> dict:
    row = await Round.select().where(Round.id == round_id).first()
    if row is None:
        raise NotFound()
    return row


def _check_open(round_row: Mapping[str, Any]) -> None:
    if round_row["kind"] != "pairwise":
        raise NotAllowed(_("The current round is not a pairwise round."))
    if round_row["status"] != "open":
        raise NotAllowed(_("This round is closed: decisions can no longer be changed."))


async def _judge_row(round_row: Mapping[str, Any], user_id: int) -> dict:
    """The judge's state in the round, created at the prior for a judge who joined the jury after it opened."""
    key = f"{round_row['id']}:{user_id}"
    row = await PairwiseJudge.select().where(PairwiseJudge.key == key).first()
    if row is None:
        if not await Judge.exists().where((Judge.challenge == round_row["challenge"]) & (Judge.user == user_id)):
            raise NotFound()
        await PairwiseJudge.insert(PairwiseJudge(round=round_row["id"], judge=user_id, key=key)).on_conflict(
            action="DO NOTHING")
        row = await PairwiseJudge.select().where(PairwiseJudge.key == key).first()
    return row


async def _conflicted(challenge_id: int, user_id: int) -> set[int]:
    return {row["entry"] for row in await Conflict.select(Conflict.entry).where(
        (Conflict.challenge == challenge_id) & (Conflict.user == user_id))}


@dataclass
class _Board:
    """What choosing a judge's next entry needs, read in a few queries."""

    items: dict[int, ItemState]  # entries the judge may see, in entry order
    views: dict[int, int]
    ignore: set[int]
    busy: set[int]
    actions: int  # the judge's rows in the log, for the seed


async def _board(round_row: Mapping[str, Any], judge_row: Mapping[str, Any]) -> _Board:
    round_id, user_id = round_row["id"], judge_row["judge"]
    conflicted = await _conflicted(round_row["challenge"], user_id)
    items, views = {}, {}
    for row in await PairwiseItem.select(PairwiseItem.entry, PairwiseItem.mu, PairwiseItem.sigma_sq,
                                         PairwiseItem.views, PairwiseItem.entry.status.as_alias("status"),
                                         PairwiseItem.entry.screening.as_alias("screening")).where(
            PairwiseItem.round == round_id).order_by(PairwiseItem.entry):
        # An entry withdrawn or found ineligible since the round opened is no longer shown (its votes stay).
        if row["entry"] not in conflicted and row["status"] == "submitted" and row["screening"] == "eligible":
            items[row["entry"]] = ItemState(row["mu"], row["sigma_sq"])
            views[row["entry"]] = row["views"]
    log = await PairwiseDecision.select(PairwiseDecision.kind, PairwiseDecision.winner, PairwiseDecision.loser,
                                        PairwiseDecision.skipped, PairwiseDecision.undone).where(
        (PairwiseDecision.round == round_id) & (PairwiseDecision.judge == user_id))
    ignore: set[int] = set()
    for row in log:
        if row["undone"]:
            continue
        ignore.update(entry for entry in (row["winner"], row["loser"], row["skipped"]) if entry is not None)
    if judge_row["previous_entry"] is not None:
        ignore.add(judge_row["previous_entry"])
    busy = {row["current_entry"] for row in await PairwiseJudge.select(PairwiseJudge.current_entry).where(
        (PairwiseJudge.round == round_id) & (PairwiseJudge.judge != user_id)
        & PairwiseJudge.current_entry.is_not_null())}
    return _Board(items=items, views=views, ignore=ignore, busy=busy, actions=len(log))


def _choose(round_row: Mapping[str, Any], judge_row: Mapping[str, Any], board: _Board,
            previous: int | None) -> int | None:
    rng = random.Random(f"{round_row['id']}:{judge_row['judge']}:{board.actions}")
    return crowd_bt.choose_next(JudgeState(judge_row["alpha"], judge_row["beta"]), previous, board.items,
                                views=board.views, ignore=board.ignore, prioritized=set(), busy=board.busy,
                                rng=rng)


@dataclass(frozen=True)
class Screen:
    """What a judge has in front of them: the previous entry (None on the first look), the current one (None when
    nothing is left), and their progress."""

    round: dict
    previous: int | None
    current: int | None
    decisions: int  # the judge's decisions in the round, not undone
    skips: int
    can_undo: bool
    items: int  # entries the judge may see

    @property
    def first_look(self) -> bool:
        return self.previous is None and self.current is not None

    @property
    def finished(self) -> bool:
        return self.current is None


async def _settle(round_row: Mapping[str, Any], judge_row: dict, *, write: bool = True) -> dict | None:
    """Make the judge's screen valid: no conflicted entry, and a current entry when one is left. Writes only when
    something changes, inside judging_transaction; with write=False, None when something would change."""
    board = await _board(round_row, judge_row)
    previous, current = judge_row["previous_entry"], judge_row["current_entry"]
    if previous is not None and previous not in board.items:
        previous = None  # a conflict declared since: start again from a first look
    if current is not None and (current not in board.items or current in board.ignore):
        current = None
    if current is None:
        current = _choose(round_row, judge_row, board, previous)
    if (previous, current) != (judge_row["previous_entry"], judge_row["current_entry"]):
        if not write:
            return None
        await PairwiseJudge.update({PairwiseJudge.previous_entry: previous, PairwiseJudge.current_entry: current}
                                   ).where(PairwiseJudge.id == judge_row["id"])
        judge_row = {**judge_row, "previous_entry": previous, "current_entry": current}
    return judge_row


async def screen(round_id: int, user_id: int) -> Screen:
    """The judge's pair, chosen (and stored) if need be. Raises NotAllowed when the round is not an open pairwise
    round."""
    round_row = await _round(round_id)
    _check_open(round_row)
    stored_row = await PairwiseJudge.select().where(PairwiseJudge.key == f"{round_id}:{user_id}").first()
    judge_row = await _settle(round_row, stored_row, write=False) if stored_row is not None else None
    if judge_row is None:  # a first visit, or a new entry to choose: under the challenge's write lock
        async with judging_transaction(round_row["challenge"]):
            judge_row = await _settle(round_row, await _judge_row(round_row, user_id))
    log = await PairwiseDecision.select(PairwiseDecision.kind, PairwiseDecision.undone).where(
        (PairwiseDecision.round == round_id) & (PairwiseDecision.judge == user_id))
    decisions = sum(1 for row in log if row["kind"] == "decision" and not row["undone"])
    conflicted = await _conflicted(round_row["challenge"], user_id)
    items = await PairwiseItem.count().where((PairwiseItem.round == round_id) & PairwiseItem.entry.not_in(
        list(conflicted) or [0]))
    return Screen(round=round_row, previous=judge_row["previous_entry"], current=judge_row["current_entry"],
                  decisions=decisions, skips=sum(1 for row in log if row["kind"] == "skip"), can_undo=decisions > 0,
                  items=items)


def _check_shown(judge_row: Mapping[str, Any], previous: int | None, current: int | None) -> None:
    if (judge_row["previous_entry"], judge_row["current_entry"]) != (previous, current):
        raise StalePair(_("Your screen was out of date: here is the pair you have to compare now."))


async def _next_sequence(round_id: int) -> int:
    last = await PairwiseDecision.select(PairwiseDecision.sequence).where(
        PairwiseDecision.round == round_id).order_by(PairwiseDecision.sequence, ascending=False).first()
    return (last["sequence"] + 1) if last else 1


async def begin(round_id: int, *, user: Any, shown: int) -> None:
    """After the first look: the entry on screen becomes the previous one and the first pair is chosen."""
    round_row = await _round(round_id)
    _check_open(round_row)
    actor = _actor(user)
    async with judging_transaction(round_row["challenge"]):
        judge_row = await _settle(round_row, await _judge_row(round_row, actor["id"]))
        _check_shown(judge_row, None, shown)
        judge_row = {**judge_row, "previous_entry": shown, "current_entry": None}
        current = _choose(round_row, judge_row, await _board(round_row, judge_row), shown)
        await PairwiseJudge.update({PairwiseJudge.previous_entry: shown, PairwiseJudge.current_entry: current}
                                   ).where(PairwiseJudge.id == judge_row["id"])


async def decide(round_id: int, *, user: Any, better: str, previous: int, current: int, now: datetime) -> dict:
    """The judge says which of the two entries on screen is better ("current" or "previous"): Crowd-BT updates
    both items and the judge, the decision is logged and audited, and the next entry is chosen."""
    if better not in ("current", "previous"):
        raise NotAllowed(_("Choose one of the two entries."))
    round_row = await _round(round_id)
    _check_open(round_row)
    actor = _actor(user)
    rounding = _rounding()
    async with judging_transaction(round_row["challenge"]):
        judge_row = await _settle(round_row, await _judge_row(round_row, actor["id"]))
        _check_shown(judge_row, previous, current)
        if previous is None or current is None:
            raise StalePair(_("Your screen was out of date: here is the pair you have to compare now."))
        winner, loser = (current, previous) if better == "current" else (previous, current)
        rows = {row["entry"]: row for row in await PairwiseItem.select().where(
            (PairwiseItem.round == round_id) & PairwiseItem.entry.is_in([winner, loser]))}
        judge_state, winner_state, loser_state, _c = crowd_bt.update(
            JudgeState(judge_row["alpha"], judge_row["beta"]),
            ItemState(rows[winner]["mu"], rows[winner]["sigma_sq"]), ItemState(rows[loser]["mu"], rows[loser]["sigma_sq"]))
        judge_state = stored_judge(judge_state, rounding)
        for entry, state in ((winner, stored_item(winner_state, rounding)), (loser, stored_item(loser_state, rounding))):
            await PairwiseItem.update({PairwiseItem.mu: state.mu, PairwiseItem.sigma_sq: state.sigma_sq,
                                       PairwiseItem.views: rows[entry]["views"] + 1}).where(
                PairwiseItem.id == rows[entry]["id"])
        sequence = await _next_sequence(round_id)
        await PairwiseDecision.insert(PairwiseDecision(
            round=round_id, judge=actor["id"], sequence=sequence, kind="decision", winner=winner, loser=loser,
            key=f"{round_id}:{sequence}", created_at=now))
        judge_row = {**judge_row, "alpha": judge_state.alpha, "beta": judge_state.beta, "previous_entry": current,
                     "current_entry": None}
        following = _choose(round_row, judge_row, await _board(round_row, judge_row), current)
        await PairwiseJudge.update({PairwiseJudge.alpha: judge_state.alpha, PairwiseJudge.beta: judge_state.beta,
                                    PairwiseJudge.previous_entry: current, PairwiseJudge.current_entry: following}
                                   ).where(PairwiseJudge.id == judge_row["id"])
        await audit.append(round_row["challenge"], action="pairwise.decided", actor=actor,
                           subject=f"round:{round_id}", now=now,
                           payload={"round": round_id, "sequence": sequence, "winner": winner, "loser": loser})
    return {"sequence": sequence, "winner": winner, "loser": loser, "next": following}


async def skip(round_id: int, *, user: Any, previous: int | None, current: int, now: datetime) -> dict:
    """The judge skips the entry on screen: no vote; it is not shown to them again."""
    round_row = await _round(round_id)
    _check_open(round_row)
    actor = _actor(user)
    async with judging_transaction(round_row["challenge"]):
        judge_row = await _settle(round_row, await _judge_row(round_row, actor["id"]))
        _check_shown(judge_row, previous, current)
        if current is None:
            raise StalePair(_("Your screen was out of date: here is the pair you have to compare now."))
        sequence = await _next_sequence(round_id)
        await PairwiseDecision.insert(PairwiseDecision(
            round=round_id, judge=actor["id"], sequence=sequence, kind="skip", skipped=current,
            key=f"{round_id}:{sequence}", created_at=now))
        judge_row = {**judge_row, "current_entry": None}
        following = _choose(round_row, judge_row, await _board(round_row, judge_row), judge_row["previous_entry"])
        await PairwiseJudge.update({PairwiseJudge.current_entry: following}).where(PairwiseJudge.id == judge_row["id"])
        await audit.append(round_row["challenge"], action="pairwise.skipped", actor=actor,
                           subject=f"round:{round_id}", now=now,
                           payload={"round": round_id, "sequence": sequence, "skipped": current})
    return {"sequence": sequence, "skipped": current, "next": following}


async def _rebuild(round_id: int, rounding: Rounding) -> RoundState:
    """Replay the round's log (decisions not undone, in sequence order) and write every state. Inside
    judging_transaction."""
    state = await replayed(round_id, rounding=rounding)
    for row in await PairwiseItem.select(PairwiseItem.id, PairwiseItem.entry).where(PairwiseItem.round == round_id):
        item = state.items[row["entry"]]
        await PairwiseItem.update({PairwiseItem.mu: item.mu, PairwiseItem.sigma_sq: item.sigma_sq,
                                   PairwiseItem.views: state.views[row["entry"]]}).where(PairwiseItem.id == row["id"])
    for row in await PairwiseJudge.select(PairwiseJudge.id, PairwiseJudge.judge).where(
            PairwiseJudge.round == round_id):
        judge = state.judges[row["judge"]]
        await PairwiseJudge.update({PairwiseJudge.alpha: judge.alpha, PairwiseJudge.beta: judge.beta}).where(
            PairwiseJudge.id == row["id"])
    return state


async def undo(round_id: int, *, user: Any, now: datetime) -> dict:
    """Cancel the judge's last decision: it stays in the log, marked undone; every state of the round is rebuilt
    by replaying the rest; the judge sees that pair again."""
    round_row = await _round(round_id)
    _check_open(round_row)
    actor = _actor(user)
    async with judging_transaction(round_row["challenge"]):
        judge_row = await _judge_row(round_row, actor["id"])
        last = await PairwiseDecision.select().where(
            (PairwiseDecision.round == round_id) & (PairwiseDecision.judge == actor["id"])
            & (PairwiseDecision.kind == "decision") & (PairwiseDecision.undone == False)  # noqa: E712
        ).order_by(PairwiseDecision.sequence, ascending=False).first()
        if last is None:
            raise NotAllowed(_("You have no decision to undo."))
        await PairwiseDecision.update({PairwiseDecision.undone: True}).where(PairwiseDecision.id == last["id"])
        await _rebuild(round_id, _rounding())
        previous, current = pair_before(last["winner"], last["loser"], judge_row["previous_entry"])
        await PairwiseJudge.update({PairwiseJudge.previous_entry: previous, PairwiseJudge.current_entry: current}
                                   ).where(PairwiseJudge.id == judge_row["id"])
        await audit.append(round_row["challenge"], action="pairwise.undone", actor=actor,
                           subject=f"round:{round_id}", now=now,
                           payload={"round": round_id, "sequence": last["sequence"], "winner": last["winner"],
                                    "loser": last["loser"]})
    return {"sequence": last["sequence"], "previous": previous, "current": current}


async def replayed(round_id: int, *, rounding: Rounding | None = None) -> RoundState:
    """The round's state as its log says it should be (with the database's rounding unless told otherwise)."""
    items = [row["entry"] for row in await PairwiseItem.select(PairwiseItem.entry).where(
        PairwiseItem.round == round_id).order_by(PairwiseItem.entry)]
    judges = [row["judge"] for row in await PairwiseJudge.select(PairwiseJudge.judge).where(
        PairwiseJudge.round == round_id).order_by(PairwiseJudge.judge)]
    log = await PairwiseDecision.select(PairwiseDecision.judge, PairwiseDecision.winner, PairwiseDecision.loser).where(
        (PairwiseDecision.round == round_id) & (PairwiseDecision.kind == "decision")
        & (PairwiseDecision.undone == False)  # noqa: E712
    ).order_by(PairwiseDecision.sequence)
    return replay_log(((row["judge"], row["winner"], row["loser"]) for row in log), items, judges,
                      rounding=_rounding() if rounding is None else rounding)


async def stored(round_id: int) -> RoundState:
    """The round's state as stored."""
    items = await PairwiseItem.select(PairwiseItem.entry, PairwiseItem.mu, PairwiseItem.sigma_sq,
                                      PairwiseItem.views).where(PairwiseItem.round == round_id).order_by(
        PairwiseItem.entry)
    judges = await PairwiseJudge.select(PairwiseJudge.judge, PairwiseJudge.alpha, PairwiseJudge.beta).where(
        PairwiseJudge.round == round_id).order_by(PairwiseJudge.judge)
    return RoundState(items={row["entry"]: ItemState(row["mu"], row["sigma_sq"]) for row in items},
                      views={row["entry"]: row["views"] for row in items},
                      judges={row["judge"]: JudgeState(row["alpha"], row["beta"]) for row in judges})


async def pairwise_ranking(round_id: int) -> list[tuple[int, float, float]]:
    """(entry, mu, sigma_sq) of a pairwise round, best first (highest mu; equal mu: smaller sigma_sq, then entry)."""
    state = await stored(round_id)
    return ordered_ranking(state.items)


async def judges_of_round(round_id: int) -> list[dict]:
    """Each judge of the round with their reliability alpha / (alpha + beta) and their decisions, for organizers."""
    rows = await PairwiseJudge.select(PairwiseJudge.judge, PairwiseJudge.judge.name, PairwiseJudge.alpha,
                                      PairwiseJudge.beta).where(PairwiseJudge.round == round_id).order_by(
        PairwiseJudge.judge.name).order_by(PairwiseJudge.judge)
    counts: dict[int, list[int]] = {}
    for row in await PairwiseDecision.select(PairwiseDecision.judge, PairwiseDecision.kind,
                                             PairwiseDecision.undone).where(PairwiseDecision.round == round_id):
        tally = counts.setdefault(row["judge"], [0, 0, 0])
        tally[0 if row["kind"] == "skip" else (2 if row["undone"] else 1)] += 1
    return [{"judge": row["judge"], "name": row["judge.name"], "alpha": row["alpha"], "beta": row["beta"],
             "reliability": reliability(row["alpha"], row["beta"]),
             "decisions": counts.get(row["judge"], [0, 0, 0])[1], "skips": counts.get(row["judge"], [0, 0, 0])[0],
             "undone": counts.get(row["judge"], [0, 0, 0])[2]} for row in rows]
