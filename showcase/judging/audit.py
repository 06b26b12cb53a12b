"""The judging audit trail: append-only events, hash-chained per challenge.

Each event's hash is the SHA-256 of its canonical JSON (challenge, sequence, actor, action, subject, payload,
time, previous hash); the first event of a challenge chains from 64 zeros. Changing, removing or reordering
any stored event breaks every hash after it, which `showcase verify-audit` reports.

Writes that must be audited run inside `judging_transaction(challenge_id)`: it serialises the writers of one
challenge (SQLite: BEGIN IMMEDIATE behind the process lock; PostgreSQL: the challenge row locked FOR UPDATE),
so two events never take the same sequence number and the domain change and its event land together.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from piccolo.engine.sqlite import TransactionType

from showcase.challenges.entries import _process_writer_lock, canonical_json, iso_utc, sha256
from showcase.challenges.tables import Challenge
from showcase.db import get_engine
from showcase.judging.tables import AuditEvent

GENESIS = "0" * 64


@asynccontextmanager
async def judging_transaction(challenge_id: int) -> AsyncIterator[None]:
    """One writer at a time per challenge, for the whole transaction. Nesting reuses the outer transaction."""
    engine = get_engine()
    if engine.current_transaction.get() is not None:  # type: ignore[attr-defined]
        yield
        return
    if engine.engine_type == "sqlite":
        async with _process_writer_lock(), engine.transaction(transaction_type=TransactionType.immediate):
            yield
        return
    async with engine.transaction():
        await Challenge.select(Challenge.id).where(Challenge.id == challenge_id).lock_rows()
        yield


def event_text(event: Mapping[str, Any]) -> str:
    """The canonical text an event's hash is computed from."""
    return canonical_json({
        "challenge": event["challenge"], "sequence": event["sequence"], "actor_id": event["actor_id"],
        "actor_name": event["actor_name"], "action": event["action"], "subject": event["subject"],
        "payload": event["payload"], "created_at": iso_utc(event["created_at"]), "prev_hash": event["prev_hash"],
    })


def event_hash(event: Mapping[str, Any]) -> str:
    return sha256(event_text(event))


def actor_of(user: Any) -> dict | None:
    """A user row (a mapping) or the session user, as events name their actor; None for the system."""
    if user is None:
        return None
    if isinstance(user, Mapping):
        return {"id": user["id"], "name": user.get("name", "") or ""}
    return {"id": user.id, "name": getattr(user, "name", "") or ""}


async def append(challenge_id: int, *, action: str, actor: Mapping[str, Any] | None, subject: str = "",
                 payload: Mapping[str, Any] | None = None, now: datetime) -> dict:
    """Add an event at the end of the challenge's chain. Call inside judging_transaction(challenge_id).

    actor is a user row with "id" and "name" (None for the system: a scheduled job, the demo loader)."""
    last = await AuditEvent.select(AuditEvent.sequence, AuditEvent.hash).where(
        AuditEvent.challenge == challenge_id).order_by(AuditEvent.sequence, ascending=False).first()
    event = {
        "challenge": challenge_id,
        "sequence": (last["sequence"] + 1) if last else 1,
        "actor_id": actor["id"] if actor else None,
        "actor_name": (actor.get("name") or "") if actor else "",
        "action": action,
        "subject": subject,
        "payload": canonical_json(dict(payload or {})),
        "created_at": now,
        "prev_hash": last["hash"] if last else GENESIS,
    }
    event["hash"] = event_hash(event)
    await AuditEvent.insert(AuditEvent(**event, key=f"{challenge_id}:{event['sequence']}"))
    return event


async def record(challenge_id: int, **fields: Any) -> dict:
    """append() in a transaction of its own, for an event that goes with no other write."""
    async with judging_transaction(challenge_id):
        return await append(challenge_id, **fields)


@dataclass(frozen=True, slots=True)
class ChainProblem:
    challenge: int
    sequence: int
    problem: str  # "hash" (the event was altered), "link" (an event before it is missing or altered), "gap"


def verify_chain(events: Iterable[Mapping[str, Any]]) -> list[ChainProblem]:
    """Check one challenge's events, in sequence order: numbering, links and hashes. Pure."""
    problems: list[ChainProblem] = []
    previous_hash, expected_sequence = GENESIS, 1
    for event in events:
        if event["sequence"] != expected_sequence:
            problems.append(ChainProblem(event["challenge"], event["sequence"], "gap"))
        if event["prev_hash"] != previous_hash:
            problems.append(ChainProblem(event["challenge"], event["sequence"], "link"))
        if event_hash(event) != event["hash"]:
            problems.append(ChainProblem(event["challenge"], event["sequence"], "hash"))
        previous_hash, expected_sequence = event["hash"], event["sequence"] + 1
    return problems


async def events_of(challenge_id: int) -> list[dict]:
    return await AuditEvent.select().where(AuditEvent.challenge == challenge_id).order_by(AuditEvent.sequence)


async def verify_all() -> tuple[int, int, list[ChainProblem]]:
    """(chains checked, events checked, problems) over every challenge. One query."""
    rows = await AuditEvent.select().order_by(AuditEvent.challenge).order_by(AuditEvent.sequence)
    by_challenge: dict[int, list[dict]] = {}
    for row in rows:
        by_challenge.setdefault(row["challenge"], []).append(row)
    problems = [problem for events in by_challenge.values() for problem in verify_chain(events)]
    return len(by_challenge), len(rows), problems
