"""Who reviews what in a rubric round: the automatic assignment (generated with the pure `assignment.assign`),
manual additions and removals, reassignment when a judge drops out, the coverage report, and each judge's
progress (its page reads in progress.py). Every change is one `judging_transaction` with its audit event.

Judges are user ids (Assignment.judge and Review.judge reference the user). A judge of a track only reviews the
entries of that track; a judge of the whole challenge may review any entry. Conflicts of interest come from the
Conflict table; the automatic ones (team, startup, company e-mail domain) are stored there before assigning, so
the assignment and the 404 for conflicted judges always agree.

A review that is started (a draft or submitted) fixes its pair: regenerating never moves it, and a dropout
keeps the reviews the judge completed."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from showcase.challenges.tables import EntryTrack
from showcase.exceptions import InvalidInput, NotFound
from showcase.i18n import gettext as _
from showcase.judging import access, assignment, conflicts
from showcase.judging.audit import actor_of as _actor
from showcase.judging.audit import append, judging_transaction
from showcase.judging.tables import Assignment, AuditEvent, Conflict, Judge, JudgingSettings, Review, RoundEntry

MAX_K = 20
MAX_SEED = 2_147_483_647
Pair = tuple[int, int]  # (judge user id, entry id)


# --- the interface other areas use -------------------------------------------------------------------------


async def assignments_of(round_id: int) -> list[dict]:
    """Every assignment of the round as {"entry", "judge", "source"}, by entry then judge. One query."""
    rows = await Assignment.select(Assignment.entry, Assignment.judge, Assignment.source).where(
        Assignment.round == round_id).order_by(Assignment.entry).order_by(Assignment.judge)
    return [{"entry": row["entry"], "judge": row["judge"], "source": row["source"]} for row in rows]


async def judge_load(round_id: int) -> dict[int, tuple[int, int]]:
    """Judge user id → (submitted reviews of their assigned entries, assigned entries). Two queries."""
    pairs = {(row["judge"], row["entry"]) for row in await assignments_of(round_id)}
    submitted = await _review_pairs(round_id, statuses=("submitted",))
    load: dict[int, list[int]] = {}
    for judge, entry in pairs:
        counts = load.setdefault(judge, [0, 0])
        counts[1] += 1
        if (judge, entry) in submitted:
            counts[0] += 1
    return {judge: (done, total) for judge, (done, total) in sorted(load.items())}


# --- reading the round's state -----------------------------------------------------------------------------


async def _review_pairs(round_id: int, *, statuses: Collection[str] = ("draft", "submitted")) -> dict[Pair, str]:
    rows = await Review.select(Review.judge, Review.entry, Review.status).where(
        (Review.round == round_id) & Review.status.is_in(list(statuses)))
    return {(row["judge"], row["entry"]): row["status"] for row in rows}


async def round_entry_ids(challenge_id: int, round_row: dict) -> list[int]:
    """The round's entries: its RoundEntry rows (a shortlist) if any, else every eligible entry; a round of one
    track keeps that track's entries only."""
    shortlisted = await RoundEntry.select(RoundEntry.entry).where(RoundEntry.round == round_row["id"])
    if shortlisted:
        ids = sorted({row["entry"] for row in shortlisted})
    else:
        ids = [row["id"] for row in await access.eligible_entries(challenge_id)]
    if round_row.get("track") and ids:
        in_track = {row["entry"] for row in await EntryTrack.select(EntryTrack.entry).where(
            (EntryTrack.track == round_row["track"]) & EntryTrack.entry.is_in(ids))}
        ids = [entry for entry in ids if entry in in_track]
    return ids


async def entry_tracks(entry_ids: Collection[int]) -> dict[int, set[int]]:
    if not entry_ids:
        return {}
    tracks: dict[int, set[int]] = {entry: set() for entry in entry_ids}
    for row in await EntryTrack.select(EntryTrack.entry, EntryTrack.track).where(
            EntryTrack.entry.is_in(list(entry_ids))):
        tracks[row["entry"]].add(row["track"])
    return tracks


async def jury_scope(challenge_id: int) -> dict[int, set[int] | None]:
    """Judge user id → the tracks they judge, or None for the whole challenge."""
    scope: dict[int, set[int] | None] = {}
    for row in await Judge.select(Judge.user, Judge.track).where(Judge.challenge == challenge_id):
        user = row["user"]
        if row["track"] is None or (user in scope and scope[user] is None):
            scope[user] = None
        else:
            scope.setdefault(user, set()).add(row["track"])  # type: ignore[union-attr]
    return dict(sorted(scope.items()))


def out_of_scope(scope: dict[int, set[int] | None], tracks: dict[int, set[int]]) -> set[Pair]:
    """Pairs a track judge may not review: entries of no track they judge."""
    return {(judge, entry) for judge, judged in scope.items() if judged is not None
            for entry, entry_in in tracks.items() if not (entry_in & judged)}


async def store_automatic_conflicts(challenge_id: int, *, now: datetime) -> int:
    """Store the automatic conflicts (team, startup, e-mail domain) not yet in the Conflict table; a conflict a
    judge or team declared for the same pair is kept as it is. Returns how many were added."""
    found = await conflicts.automatic_conflicts(challenge_id)
    if not found:
        return 0
    stored = {row["key"] for row in await Conflict.select(Conflict.key).where(Conflict.challenge == challenge_id)}
    new = [Conflict(challenge=challenge_id, user=user, entry=entry, source="automatic", reason=reason,
                    key=f"{entry}:{user}", created_at=now)
           for user, entry, reason in found if f"{entry}:{user}" not in stored]
    if new:
        await Conflict.insert(*new).on_conflict(action="DO NOTHING")
    return len(new)


async def conflict_reasons(challenge_id: int) -> dict[Pair, str]:
    """(judge, entry) → reason, from the Conflict table (call store_automatic_conflicts first)."""
    rows = await Conflict.select(Conflict.user, Conflict.entry, Conflict.reason).where(
        Conflict.challenge == challenge_id)
    return {(row["user"], row["entry"]): row["reason"] for row in rows}


async def dropped_judges(challenge_id: int, round_id: int) -> set[int]:
    """Judges who dropped out of the round (from the audit trail): the automatic assignment leaves them out."""
    rows = await AuditEvent.select(AuditEvent.subject).where(
        (AuditEvent.challenge == challenge_id) & (AuditEvent.action == "assignment.reassigned"))
    prefix = f"round:{round_id}:judge:"
    return {int(row["subject"][len(prefix):]) for row in rows if row["subject"].startswith(prefix)}


def pairs_digest(pairs: Iterable[Pair]) -> str:
    """SHA-256 of the sorted pairs, one "judge:entry" per line: the same assignment always hashes the same."""
    text = "\n".join(f"{judge}:{entry}" for judge, entry in sorted(pairs))
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class RoundState:
    """What the assignment of a round is computed from, read in a fixed number of queries."""

    challenge_id: int
    round: dict
    k: int
    seed: int
    entries: list[int]
    scope: dict[int, set[int] | None]
    tracks: dict[int, set[int]]
    conflicts: dict[Pair, str]
    current: dict[Pair, str]  # pair → source
    reviews: dict[Pair, str]  # pair → draft / submitted
    dropped: set[int] = field(default_factory=set)

    @property
    def judges(self) -> list[int]:
        return list(self.scope)

    @property
    def forbidden(self) -> set[Pair]:
        """Pairs never assigned automatically: conflicts, and entries outside a track judge's tracks."""
        return set(self.conflicts) | out_of_scope(self.scope, self.tracks)

    def as_assignment(self) -> assignment.Assignment:
        """The stored assignment as the pure module's value (pairs of known entries only)."""
        by_entry: dict[int, list[int]] = {entry: [] for entry in self.entries}
        for judge, entry in sorted(self.current):
            if entry in by_entry:
                by_entry[entry].append(judge)
        return assignment.Assignment(
            entries=tuple(self.entries), judges=tuple(j for j in self.judges if j not in self.dropped),
            judges_by_entry={entry: tuple(judges) for entry, judges in by_entry.items()}, k=self.k)


async def round_state(challenge_id: int, round_row: dict) -> RoundState:
    settings = await access.settings_of(challenge_id)
    entries = await round_entry_ids(challenge_id, round_row)
    rows = await Assignment.select(Assignment.judge, Assignment.entry, Assignment.source).where(
        Assignment.round == round_row["id"])
    return RoundState(
        challenge_id=challenge_id, round=round_row, k=settings["reviews_per_entry"],
        seed=settings["assignment_seed"], entries=entries, scope=await jury_scope(challenge_id),
        tracks=await entry_tracks(entries), conflicts=await conflict_reasons(challenge_id),
        current={(row["judge"], row["entry"]): row["source"] for row in rows},
        reviews=await _review_pairs(round_row["id"]), dropped=await dropped_judges(challenge_id, round_row["id"]))


# --- generating ------------------------------------------------------------------------------------------


def parse_settings(values: dict[str, str]) -> tuple[int, int]:
    """k and the seed from the form, validated at the edge."""
    errors: dict[str, str] = {}
    raw_k, raw_seed = (values.get("k") or "").strip(), (values.get("seed") or "").strip()
    k = seed = 0
    if not raw_k.isdigit() or not 1 <= int(raw_k) <= MAX_K:
        errors["k"] = _("Enter a whole number of judges per entry between 1 and %(max)s.", max=MAX_K)
    else:
        k = int(raw_k)
    if not raw_seed.isdigit() or int(raw_seed) > MAX_SEED:
        errors["seed"] = _("Enter a whole number between 0 and %(max)s.", max=MAX_SEED)
    else:
        seed = int(raw_seed)
    if errors:
        raise InvalidInput(errors)
    return k, seed


@dataclass(frozen=True)
class Generated:
    pairs: int
    kept: int
    added: int
    removed: int
    digest: str
    problems: tuple[assignment.Problem, ...]


async def generate(challenge_id: int, round_row: dict, *, k: int, seed: int, actor: Any, now: datetime) -> Generated:
    """(Re)generate the round's assignment with k judges per entry and this seed, keeping the pairs whose review
    is started and the manual ones; saves k and the seed in the settings. One transaction, one audit event."""
    await access.settings_of(challenge_id)  # the row exists before it is updated
    async with judging_transaction(challenge_id):
        await JudgingSettings.update({JudgingSettings.reviews_per_entry: k, JudgingSettings.assignment_seed: seed,
                                      JudgingSettings.updated_at: now}).where(
            JudgingSettings.challenge == challenge_id)
        await store_automatic_conflicts(challenge_id, now=now)
        state = await round_state(challenge_id, round_row)
        pool = [judge for judge in state.judges if judge not in state.dropped]
        keep = {pair for pair in state.current if pair in state.reviews or state.current[pair] == "manual"}
        existing: dict[int, list[int]] = {}
        for judge, entry in sorted(keep):
            if judge in pool and entry in state.entries:
                existing.setdefault(entry, []).append(judge)
        result = assignment.assign(sorted(state.entries), sorted(pool), k=k, conflicts=state.forbidden, seed=seed,
                                   existing=existing)
        final = set(result.pairs())
        # pairs outside the pool (a judge who left the jury or dropped out) stay when their review is started
        final |= {pair for pair in keep if pair[0] not in pool and pair in state.reviews}
        removed = set(state.current) - final
        added = final - set(state.current)
        await _write(challenge_id, round_row["id"], added=added, removed=removed, source="auto", now=now)
        digest = pairs_digest(final)
        entry_counts = [len(result.judges_by_entry.get(entry, ())) for entry in state.entries]
        await append(challenge_id, action="assignment.generated", actor=_actor(actor),
                     subject=f"round:{round_row['id']}", now=now, payload={
                         "k": k, "seed": seed, "pairs_sha256": digest,
                         "counts": {"entries": len(state.entries), "judges": len(pool), "pairs": len(final),
                                    "kept": len(keep & final), "added": len(added), "removed": len(removed),
                                    "entries_below_k": sum(1 for n in entry_counts if n < k)},
                         "problems": sorted({problem.reason for problem in result.problems})})
    return Generated(pairs=len(final), kept=len(keep & final), added=len(added), removed=len(removed),
                     digest=digest, problems=result.problems)


async def _write(challenge_id: int, round_id: int, *, added: Collection[Pair], removed: Collection[Pair],
                 source: str, now: datetime) -> None:
    if removed:
        await Assignment.delete().where(Assignment.key.is_in([f"{round_id}:{e}:{j}" for j, e in removed]))
    if added:
        await Assignment.insert(*[Assignment(round=round_id, challenge=challenge_id, entry=entry, judge=judge,
                                             source=source, key=f"{round_id}:{entry}:{judge}", created_at=now)
                                  for judge, entry in sorted(added)])


# --- manual changes ----------------------------------------------------------------------------------------


async def _names(challenge_id: int, judge_id: int) -> str:
    row = await Judge.select(Judge.user.name).where(
        (Judge.challenge == challenge_id) & (Judge.user == judge_id)).first()
    return row["user.name"] if row else str(judge_id)


async def add(challenge_id: int, round_row: dict, *, entry_id: int, judge_id: int, actor: Any,
              now: datetime) -> None:
    """Ask one more judge to review an entry. Refused, with the reason, for a conflicted judge, a judge of
    another track, an entry outside the round, or a pair already assigned."""
    async with judging_transaction(challenge_id):
        await store_automatic_conflicts(challenge_id, now=now)
        state = await round_state(challenge_id, round_row)
        name = await _names(challenge_id, judge_id)
        if entry_id not in state.entries:
            raise InvalidInput({"entry": _("Choose an entry of this round.")})
        if judge_id not in state.scope:
            raise InvalidInput({"judge": _("Choose a judge of this challenge.")})
        if (judge_id, entry_id) in state.conflicts:
            raise InvalidInput({"judge": _("%(judge)s has a conflict of interest with this entry: %(reason)s",
                                           judge=name, reason=state.conflicts[(judge_id, entry_id)])})
        if (judge_id, entry_id) in out_of_scope(state.scope, state.tracks):
            raise InvalidInput({"judge": _("%(judge)s judges other tracks than this entry's.", judge=name)})
        if (judge_id, entry_id) in state.current:
            raise InvalidInput({"judge": _("%(judge)s already reviews this entry.", judge=name)})
        await _write(challenge_id, round_row["id"], added=[(judge_id, entry_id)], removed=(), source="manual",
                     now=now)
        await append(challenge_id, action="assignment.added", actor=_actor(actor), subject=f"entry:{entry_id}",
                     payload={"round": round_row["id"], "judge": judge_id}, now=now)


async def remove(challenge_id: int, round_row: dict, *, entry_id: int, judge_id: int, confirmed: bool,
                 actor: Any, now: datetime) -> None:
    """Take an entry off a judge's list. A submitted review needs `confirmed`: the review itself stays."""
    key = f"{round_row['id']}:{entry_id}:{judge_id}"
    async with judging_transaction(challenge_id):
        if not await Assignment.exists().where(Assignment.key == key):
            raise NotFound()
        review = await Review.select(Review.status).where(Review.key == key).first()
        status = review["status"] if review else None
        if status == "submitted" and not confirmed:
            name = await _names(challenge_id, judge_id)
            raise InvalidInput({"confirm": _(
                "%(judge)s has already submitted a review of this entry. Tick the box to confirm that you remove "
                "the assignment anyway (the review is kept).", judge=name)})
        await Assignment.delete().where(Assignment.key == key)
        await append(challenge_id, action="assignment.removed", actor=_actor(actor), subject=f"entry:{entry_id}",
                     payload={"round": round_row["id"], "judge": judge_id, "review": status}, now=now)


@dataclass(frozen=True)
class Reassigned:
    moved: int  # open entries of the judge handed to others
    kept: int  # reviews the judge completed, kept
    added: int
    removed: int
    problems: tuple[assignment.Problem, ...]


async def drop_out(challenge_id: int, round_row: dict, *, judge_id: int, actor: Any, now: datetime) -> Reassigned:
    """A judge leaves the round: their open entries go to the others (balance kept, conflicts respected); the
    reviews they submitted stay and count; other judges' started reviews never move."""
    async with judging_transaction(challenge_id):
        await store_automatic_conflicts(challenge_id, now=now)
        state = await round_state(challenge_id, round_row)
        if judge_id not in state.scope and not any(judge == judge_id for judge, _e in state.current):
            raise NotFound()
        current = state.as_assignment()
        pool = set(current.judges) | {judge_id}
        current = assignment.Assignment(
            entries=current.entries, judges=tuple(sorted(pool)), k=current.k,
            judges_by_entry={entry: tuple(j for j in judges if j in pool or (j, entry) in state.reviews)
                             for entry, judges in current.judges_by_entry.items()})
        submitted = {pair for pair, status in state.reviews.items() if status == "submitted"}
        done = {pair for pair in state.reviews if pair in submitted or pair[0] != judge_id}
        result = assignment.reassign_after_dropout(current, judge_id, conflicts=state.forbidden,
                                                   seed=state.seed, done=done & set(current.pairs()))
        entries = set(state.entries)
        before = {pair for pair in state.current if pair[1] in entries}
        final = set(result.pairs())
        removed, added = before - final, final - before
        await _write(challenge_id, round_row["id"], added=added, removed=removed, source="auto", now=now)
        kept = sum(1 for pair in final if pair[0] == judge_id)
        moved = sum(1 for pair in removed if pair[0] == judge_id)
        await append(challenge_id, action="assignment.reassigned", actor=_actor(actor),
                     subject=f"round:{round_row['id']}:judge:{judge_id}", now=now, payload={
                         "judge": judge_id, "moved": moved, "kept_reviews": kept, "added": len(added),
                         "removed": len(removed),
                         "pairs_sha256": pairs_digest(final | (set(state.current) - before)),
                         "problems": sorted({problem.reason for problem in result.problems})})
    return Reassigned(moved=moved, kept=kept, added=len(added), removed=len(removed), problems=result.problems)


# --- coverage ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    k: int
    entries: int
    judges: int
    entries_below_k: tuple[int, ...]
    min_load: int
    max_load: int
    components: int
    idle_judges: tuple[int, ...]
    load_per_judge: dict[int, int]
    judges_per_entry: dict[int, int]

    @property
    def connected(self) -> bool:
        return self.components <= 1

    @property
    def balanced(self) -> bool:
        return self.max_load - self.min_load <= 1


def coverage_of(state: RoundState) -> Coverage:
    """The coverage report of the stored assignment (pure, from a RoundState)."""
    current = state.as_assignment()
    pool = [judge for judge in state.judges if judge not in state.dropped]
    report = assignment.coverage_report(current, pool, state.entries)
    return Coverage(k=state.k, entries=len(state.entries), judges=len(pool),
                    entries_below_k=report.entries_below_k, min_load=report.min_load, max_load=report.max_load,
                    components=report.components, idle_judges=report.idle_judges,
                    load_per_judge=report.load_per_judge, judges_per_entry=report.judges_per_entry)


async def coverage(challenge_id: int, round_row: dict) -> Coverage:
    return coverage_of(await round_state(challenge_id, round_row))


async def rubric_round(challenge_id: int) -> dict:
    """The round the progress page is about: the latest rubric round (round 1 when there is none)."""
    rubric = [row for row in await access.rounds_of(challenge_id) if row["kind"] == "rubric"]
    return rubric[-1] if rubric else await access.first_round(challenge_id)
