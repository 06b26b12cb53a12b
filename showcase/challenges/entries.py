"""Entries: a team's draft, its submissions (each a stored version with a SHA-256 receipt), its withdrawal.

The deadline is the server's and it is exclusive (phases.py): a write is accepted while the clock reads
strictly less than phases.deadline(state). Every write runs in one transaction that first takes the write
lock (SQLite: BEGIN IMMEDIATE, so concurrent writers queue on the 30 s busy timeout instead of failing;
PostgreSQL: SELECT … FOR UPDATE on the team's row), and only THEN reads the clock, the challenge's
deadline, the person's membership and the entry. That instant is the one stored as submitted_at. So a
write that waited for the lock past the deadline is refused, none stored at or after the deadline is
accepted, and the response is sent only once the version is committed (none accepted is lost).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import weakref
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from piccolo.engine.sqlite import TransactionType

from showcase.challenges import answers, phases, rules
from showcase.challenges.tables import (
    Challenge, ChallengeRole, Entry, EntryAnswer, EntryTrack, EntryVersion, Question, Team, TeamMember, Track,
)
from showcase.db import get_engine
from showcase.exceptions import DomainError, InvalidInput
from showcase.mail.domain import queue_mail
from showcase.reuses.tables import Reuse, ReuseDataset
from showcase.settings import get_settings
from showcase.web import utcnow

Clock = Callable[[], datetime]


class EntryClosed(DomainError):
    """Refused: the deadline has passed. `now` is the instant the server read under the write lock."""

    def __init__(self, deadline: datetime | None, now: datetime) -> None:
        super().__init__(deadline, now)
        self.deadline = deadline
        self.now = now


class EntryRefused(DomainError):
    """Refused for another reason than the deadline (not open yet, withdrawn, no longer in the team…)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # not_open, withdrawn, submitted, not_member, not_captain, no_entry


@dataclass(frozen=True, slots=True)
class EntryInput:
    """A checked entry form."""

    reuse_id: int | None = None
    track_ids: tuple[int, ...] = ()
    answers: dict[int, str] = field(default_factory=dict)  # question id → stored value
    files: dict[int, answers.StoredFile] = field(default_factory=dict)  # PDF question id → its file


@dataclass(frozen=True, slots=True)
class Saved:
    entry_id: int
    status: str
    version: int = 0  # the version just stored, 0 for a draft
    sha256: str = ""
    submitted_at: datetime | None = None


# ---------------------------------------------------------------- canonical snapshot


def canonical_json(data: Any) -> str:
    """The one text a snapshot has: sorted keys, no spaces, UTF-8 kept as is. Its SHA-256 is the receipt's."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def iso_utc(instant: datetime) -> str:
    """2026-11-30T15:59:59.123456Z: always UTC, always microseconds, so the text never depends on the server."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


async def snapshot_parts(*, challenge_id: int, team_id: int, form: EntryInput) -> dict:
    """Everything a version's snapshot holds except its number and instant: challenge, team and members,
    the reuse with the datasets it cites, tracks, answers (a PDF by its SHA-256 and name). Read before the
    write lock is taken, so the lock is held only for the writes."""
    team = await Team.select(Team.id, Team.name, Team.challenge.slug.as_alias("slug")).where(
        (Team.id == team_id) & (Team.challenge == challenge_id)).first()
    members = await TeamMember.select(TeamMember.user.name.as_alias("name")).where(
        (TeamMember.team == team_id) & (TeamMember.status == "member")).order_by(TeamMember.joined_at, TeamMember.id)
    reuse = None
    if form.reuse_id is not None:
        row = await Reuse.select(Reuse.id, Reuse.slug, Reuse.title_fr, Reuse.title_ar, Reuse.url).where(
            Reuse.id == form.reuse_id).first()
        cited = await ReuseDataset.select(ReuseDataset.dataset.name.as_alias("name")).where(
            ReuseDataset.reuse == form.reuse_id).order_by(ReuseDataset.position, ReuseDataset.id)
        reuse = {"id": row["id"], "slug": row["slug"], "title": {"fr": row["title_fr"], "ar": row["title_ar"]},
                 "url": row["url"], "datasets": [item["name"] for item in cited]}
    tracks = await Track.select(Track.id, Track.name_fr, Track.name_ar).where(
        (Track.challenge == challenge_id) & Track.id.is_in(list(form.track_ids) or [-1])).order_by(
        Track.position, Track.id)
    questions = await Question.select(Question.id, Question.kind, Question.label_fr, Question.label_ar).where(
        Question.challenge == challenge_id).order_by(Question.position, Question.id)
    answer_items = []
    for question in questions:
        value: Any = form.answers.get(question["id"], "")
        if question["kind"] == "multiple_choice":
            value = answers.answer_list(question, value)
        stored_file = form.files.get(question["id"])
        answer_items.append({
            "question": question["id"], "kind": question["kind"],
            "label": {"fr": question["label_fr"], "ar": question["label_ar"]}, "value": value,
            "file": {"sha256": stored_file.key, "name": stored_file.name} if stored_file else None,
        })
    return {
        "challenge": team["slug"], "team": {"id": team["id"], "name": team["name"]},
        "members": [member["name"] for member in members], "reuse": reuse,
        "tracks": [{"id": track["id"], "name": {"fr": track["name_fr"], "ar": track["name_ar"]}} for track in tracks],
        "answers": answer_items,
    }


def snapshot(parts: dict, *, version: int, submitted_at: datetime) -> dict:
    """A version's snapshot: its parts, its number and the instant the server accepted it."""
    return {**parts, "version": version, "submitted_at": iso_utc(submitted_at)}


# ---------------------------------------------------------------- the write transaction


_writers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = weakref.WeakKeyDictionary()


def _process_writer_lock() -> asyncio.Lock:
    """One entry writer at a time in this process (per event loop)."""
    loop = asyncio.get_running_loop()
    if loop not in _writers:
        _writers[loop] = asyncio.Lock()
    return _writers[loop]


@asynccontextmanager
async def write_transaction(team_id: int) -> AsyncIterator[None]:
    """A transaction holding the write lock for this team's entry before anything is read."""
    engine = get_engine()
    if engine.engine_type == "sqlite":
        # IMMEDIATE takes the database's write lock at BEGIN (waiting on the busy timeout): a deferred
        # transaction would read first and could then fail to upgrade its lock under load. SQLite has one
        # writer at a time anyway; queueing this process's writers on an asyncio lock first spares them
        # SQLite's busy polling (sleeps of up to 100 ms), which under a burst costs more than the writes.
        async with _process_writer_lock(), engine.transaction(transaction_type=TransactionType.immediate):
            yield
        return
    async with engine.transaction():
        await Team.select(Team.id).where(Team.id == team_id).lock_rows()
        yield


@dataclass(frozen=True, slots=True)
class _Locked:
    now: datetime
    challenge: dict
    entry: dict | None


async def _membership(challenge_id: int, user_id: int) -> tuple[int | None, bool]:
    """(the person's team in this challenge, whether they captain it), approved memberships only."""
    row = await TeamMember.select(TeamMember.team, TeamMember.status, TeamMember.team.captain.as_alias("captain")).where(
        TeamMember.key == f"{challenge_id}:{user_id}").first()
    if row is None or row["status"] != "member":
        return None, False
    return row["team"], row["captain"] == user_id


async def _lock_and_check(*, challenge_id: int, team_id: int, user: Any, action: str, clock: Clock) -> _Locked:
    """Inside the write transaction: the clock (the pages pass the instant the request arrived in full, so queuing
    behind the lock never makes an entry late), then what the decision depends on, read under the lock (the
    deadline in force, the person's membership, the entry's status), then decide."""
    now = clock()
    challenge = await Challenge.select().where(Challenge.id == challenge_id).first()
    state = phases.State.from_row(challenge)  # before the deadline the phase never depends on screening
    member_of, captain = await _membership(challenge_id, user.id)
    organizes = await ChallengeRole.exists().where(
        (ChallengeRole.challenge == challenge_id) & (ChallengeRole.user == user.id))
    actor = rules.Actor(user_id=user.id, is_admin=bool(user.is_admin), registered=True, team_id=member_of,
                        is_captain=captain, challenge_role="co_organizer" if organizes else None)
    entry = await Entry.select().where(Entry.team == team_id).first()
    target = rules.Target(phase=phases.phase(state, now), team_id=team_id,
                          entry_status=entry["status"] if entry else None, entries_public=challenge["entries_public"])
    if rules.allowed(actor, action, target):
        return _Locked(now, challenge, entry)
    deadline = phases.deadline(state)
    if deadline is not None and now >= deadline:
        raise EntryClosed(deadline, now)
    if member_of != team_id:
        raise EntryRefused("not_member")
    if entry and entry["status"] == "withdrawn":
        raise EntryRefused("withdrawn")
    if action == "withdraw_entry":
        raise EntryRefused("not_captain" if not captain else "no_entry")
    raise EntryRefused("not_open")


async def _write_contents(entry_id: int, form: EntryInput, *, questions: list[dict]) -> None:
    await EntryTrack.delete().where(EntryTrack.entry == entry_id)
    if form.track_ids:
        await EntryTrack.insert(*[EntryTrack(entry=entry_id, track=track_id) for track_id in form.track_ids])
    await EntryAnswer.delete().where(EntryAnswer.entry == entry_id)
    rows = []
    for question in questions:
        stored = form.files.get(question["id"])
        value = form.answers.get(question["id"], "")
        if value or stored:
            rows.append(EntryAnswer(entry=entry_id, question=question["id"], value=value,
                                    file_key=stored.key if stored else "", file_name=stored.name if stored else ""))
    if rows:
        await EntryAnswer.insert(*rows)


async def _upsert(locked: _Locked, *, team_id: int, form: EntryInput, status: str) -> int:
    changes = {Entry.reuse: form.reuse_id, Entry.status: status, Entry.updated_at: locked.now}
    if locked.entry is None:
        rows = await Entry.insert(Entry(challenge=locked.challenge["id"], team=team_id, reuse=form.reuse_id,
                                        status=status, created_at=locked.now, updated_at=locked.now)
                                  ).returning(Entry.id)
        return rows[0]["id"]
    await Entry.update(changes).where(Entry.id == locked.entry["id"])
    return locked.entry["id"]


async def save_draft(*, challenge_id: int, team_id: int, user: Any, form: EntryInput, questions: list[dict],
                     clock: Clock = utcnow) -> Saved:
    """Store the team's draft (answers may be incomplete). A submitted entry is changed by submitting again."""
    async with write_transaction(team_id):
        locked = await _lock_and_check(challenge_id=challenge_id, team_id=team_id, user=user, action="edit_entry",
                                       clock=clock)
        if locked.entry and locked.entry["status"] == "submitted":
            raise EntryRefused("submitted")
        entry_id = await _upsert(locked, team_id=team_id, form=form, status="draft")
        await _write_contents(entry_id, form, questions=questions)
    return Saved(entry_id=entry_id, status="draft")


async def submit_entry(*, challenge_id: int, team_id: int, user: Any, form: EntryInput, questions: list[dict],
                       clock: Clock = utcnow) -> Saved:
    """Submit (or update) the entry: a new version, its snapshot and SHA-256, a receipt to every member."""
    parts = await snapshot_parts(challenge_id=challenge_id, team_id=team_id, form=form)
    recipients = await _recipients(team_id)
    async with write_transaction(team_id):
        locked = await _lock_and_check(challenge_id=challenge_id, team_id=team_id, user=user,
                                       action="submit_entry", clock=clock)
        entry_id = await _upsert(locked, team_id=team_id, form=form, status="submitted")
        await _write_contents(entry_id, form, questions=questions)
        version = (locked.entry["version"] if locked.entry else 0) + 1
        text = canonical_json(snapshot(parts, version=version, submitted_at=locked.now))
        digest = sha256(text)
        await EntryVersion.insert(EntryVersion(entry=entry_id, version=version, snapshot=text, sha256=digest,
                                               submitted_by=user.id, submitted_at=locked.now))
        first = locked.entry["first_submitted_at"] if locked.entry else None
        changes = {Entry.version: version, Entry.sha256: digest, Entry.submitted_at: locked.now,
                   Entry.first_submitted_at: first or locked.now}
        if locked.entry and locked.entry["screening"] == "needs_info":
            changes[Entry.screening] = "pending"  # the team answered: the organizers decide again
        await Entry.update(changes).where(Entry.id == entry_id)
        await _send_receipts(locked.challenge, team=parts["team"]["name"], recipients=recipients, version=version,
                             digest=digest, submitted_at=locked.now)
    return Saved(entry_id=entry_id, status="submitted", version=version, sha256=digest, submitted_at=locked.now)


async def withdraw_entry(*, challenge_id: int, team_id: int, user: Any, clock: Clock = utcnow) -> Saved:
    """The captain withdraws the entry: it keeps its versions and can never be submitted again."""
    async with write_transaction(team_id):
        locked = await _lock_and_check(challenge_id=challenge_id, team_id=team_id, user=user,
                                       action="withdraw_entry", clock=clock)
        await Entry.update({Entry.status: "withdrawn", Entry.withdrawn_at: locked.now,
                            Entry.updated_at: locked.now}).where(Entry.id == locked.entry["id"])
    return Saved(entry_id=locked.entry["id"], status="withdrawn", version=locked.entry["version"],
                 sha256=locked.entry["sha256"], submitted_at=locked.entry["submitted_at"])


async def _recipients(team_id: int) -> list[dict]:
    return await TeamMember.select(TeamMember.user.email.as_alias("email"), TeamMember.user.name.as_alias("name"),
                                   TeamMember.user.locale.as_alias("locale")).where(
        (TeamMember.team == team_id) & (TeamMember.status == "member")).order_by(TeamMember.id)


async def _send_receipts(challenge: dict, *, team: str, recipients: list[dict], version: int, digest: str,
                         submitted_at: datetime) -> None:
    """Queued in the same transaction: a receipt exists exactly when its version does."""
    link = f"{get_settings().base_url}/challenges/{challenge['slug']}/submit/versions"
    for member in recipients:
        await queue_mail(to=member["email"], template="challenge_entry_receipt", locale=member["locale"] or "fr",
                         now=submitted_at, context={
                             "name": member["name"], "challenge": challenge, "team_name": team, "version": version,
                             "sha256": digest, "submitted_at": submitted_at, "zone": challenge["time_zone"],
                             "link": link})


# ---------------------------------------------------------------- checking a form


def check_entry(*, values: dict[str, str], multi: dict[str, list[str]], questions: list[dict], tracks: list[dict],
                reuses: list[dict], eligible: list[dict], files: dict[int, answers.StoredFile | None],
                complete: bool, title: Callable[[dict], str]) -> EntryInput:
    """The form as an EntryInput, or InvalidInput with a message per field.

    `complete` (submitting) adds the rules a draft may break: a reuse, a track, the required answers, and
    a reuse citing at least one eligible dataset. `title` gives a dataset's title in the reader's language.
    """
    from showcase.i18n import gettext as _

    errors: dict[str, str] = {}
    reuse_id = None
    raw_reuse = values.get("reuse", "").strip()
    by_id = {str(reuse["id"]): reuse for reuse in reuses}
    if raw_reuse:
        if raw_reuse not in by_id:
            errors["reuse"] = _("Choose one of your team’s reuses.")
        else:
            reuse_id = int(raw_reuse)
    elif complete:
        errors["reuse"] = _("Choose the reuse you enter, or create one.")
    known_tracks = {str(track["id"]) for track in tracks}
    picked_tracks = [raw for raw in dict.fromkeys(multi.get("tracks", [])) if raw]
    if any(raw not in known_tracks for raw in picked_tracks):
        errors["tracks"] = _("Choose among the tracks shown.")
    elif complete and tracks and not picked_tracks:
        errors["tracks"] = _("Choose at least one track.")
    if complete and reuse_id is not None and eligible:
        eligible_ids = {dataset["id"] for dataset in eligible}
        if not eligible_ids & set(by_id[raw_reuse]["dataset_ids"]):
            names = ", ".join(f"“{title(dataset)}”" for dataset in eligible)
            errors["reuse"] = _("The reuse must cite at least one of the challenge’s eligible datasets: %(names)s. "
                                "Edit the reuse to cite one, then submit again.", names=names)
    stored: dict[int, str] = {}
    for question in questions:
        name = answers.field_name(question["id"])
        if question["kind"] == "pdf":
            if complete and question["required"] and not files.get(question["id"]):
                errors.setdefault(name, _("Attach the PDF file: this question must be answered."))
            continue
        raw: str | list[str] = multi.get(name, []) if question["kind"] == "multiple_choice" else values.get(name, "")
        value, problem = answers.clean_answer(question, raw)
        if problem:
            errors[name] = problem
        elif complete and question["required"] and not value:
            errors[name] = _("This question must be answered.")
        stored[question["id"]] = value
    if errors:
        raise InvalidInput(errors)
    return EntryInput(reuse_id=reuse_id, track_ids=tuple(int(raw) for raw in picked_tracks), answers=stored,
                      files={key: stored_file for key, stored_file in files.items() if stored_file})


# ---------------------------------------------------------------- what a challenge asks


async def questions_of(challenge_id: int) -> list[dict]:
    return await Question.select().where(Question.challenge == challenge_id).order_by(Question.position, Question.id)


async def tracks_of(challenge_id: int) -> list[dict]:
    return await Track.select().where(Track.challenge == challenge_id).order_by(Track.position, Track.id)
