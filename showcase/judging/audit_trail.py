"""The organizers' reading of a challenge's audit trail: its events newest first with the actions in words,
whether the chain verifies, and downloads (CSV and JSON) carrying the hashes so anyone can check them again.

The chain itself (hashing, appending, verifying) is audit.py's; this module only reads and presents it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from showcase.challenges.entries import canonical_json, iso_utc
from showcase.challenges.exports import to_csv
from showcase.i18n import gettext as _
from showcase.judging import audit

PER_PAGE = 50
# The exact fields an event's hash covers, in the order of the downloads (hash last).
HASHED_FIELDS = ("challenge", "sequence", "actor_id", "actor_name", "action", "subject", "payload", "created_at",
                 "prev_hash")
CSV_FIELDS = (*HASHED_FIELDS, "hash")
PAYLOAD_SHOWN = 8  # payload keys shown on the page; the downloads keep everything
VALUE_SHOWN = 80  # characters of one payload value shown on the page


def action_label(action: str) -> str:
    """The action of an event in words, in the reader's language; an unknown code is shown as it is."""
    labels = {
        "assignment.generated": _("Assignments generated"),
        "assignment.added": _("Assignment added"),
        "assignment.removed": _("Assignment removed"),
        "assignment.reassigned": _("Entries reassigned after a judge dropped out"),
        "criterion.created": _("Criterion added"),
        "criterion.updated": _("Criterion changed"),
        "criterion.deleted": _("Criterion deleted"),
        "criterion.reordered": _("Criteria reordered"),
        "review.saved": _("Review saved as a draft"),
        "review.submitted": _("Review submitted"),
        "review.imported": _("Review imported from a score sheet"),
        "score.submitted": _("Score submitted"),
        "pairwise.decided": _("Pairwise decision"),
        "pairwise.skipped": _("Pairwise comparison skipped"),
        "pairwise.undone": _("Pairwise decision undone"),
        "vote.voided": _("Public vote voided"),
        "award.set": _("Prize decided"),
        "award.removed": _("Prize decision removed"),
        "results.published": _("Results published"),
        "conflict.declared": _("Conflict of interest declared"),
        "conflict.named": _("Conflict of interest named by a team"),
        "conflict.removed": _("Conflict of interest withdrawn by a team"),
        "settings.changed": _("Judging settings changed"),
        "round.opened": _("Round opened"),
        "round.closed": _("Round closed"),
    }
    return labels.get(action, action)


def subject_label(subject: str) -> str:
    """"entry:12" → "Entry 12", "round:3:judge:5" → "Round 3 · Judge 5", "results" → "Results"; anything unknown
    is shown as it is."""
    labels = {
        "entry": _("Entry %(id)s"), "judge": _("Judge %(id)s"), "round": _("Round %(id)s"),
        "vote": _("Vote %(id)s"), "award": _("Prize %(id)s"), "review": _("Review %(id)s"),
        "criterion": _("Criterion %(id)s"), "assignment": _("Assignment %(id)s"),
        "settings": _("Settings: %(id)s"),
    }
    words = {"results": _("Results"), "vote": _("Public vote"), "settings": _("Settings")}
    parts = (subject or "").split(":")
    if len(parts) == 1:
        return words.get(parts[0], parts[0])
    if len(parts) % 2 or not all(kind in labels and ident for kind, ident in zip(parts[::2], parts[1::2])):
        return subject
    return " · ".join(labels[kind] % {"id": ident} for kind, ident in zip(parts[::2], parts[1::2]))


def problem_label(problem: str) -> str:
    return {
        "hash": _("its content was altered"),
        "link": _("the event before it is missing or was altered"),
        "gap": _("the numbering skips here"),
    }.get(problem, problem)


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else canonical_json(value)
    return text if len(text) <= VALUE_SHOWN else text[:VALUE_SHOWN - 1] + "…"


def payload_summary(payload: str) -> list[tuple[str, str]]:
    """The payload as (key, value) pairs, short enough for a table cell; unreadable JSON shown raw."""
    try:
        data = json.loads(payload or "{}")
    except ValueError:
        return [("", _short(payload))]
    if not isinstance(data, dict):
        return [("", _short(data))]
    return [(str(key), _short(value)) for key, value in list(data.items())[:PAYLOAD_SHOWN]]


def payload_hidden(payload: str) -> int:
    """How many payload keys the page leaves out (the downloads have them all)."""
    try:
        data = json.loads(payload or "{}")
    except ValueError:
        return 0
    return max(0, len(data) - PAYLOAD_SHOWN) if isinstance(data, dict) else 0


@dataclass(frozen=True, slots=True)
class ChainStatus:
    intact: bool
    count: int
    last_hash: str
    problems: tuple[tuple[int, str], ...]  # (sequence, problem label)


@dataclass(frozen=True, slots=True)
class TrailPage:
    status: ChainStatus
    events: list[dict]  # newest first, each with "action_label", "subject_label", "summary", "broken"
    page: int
    pages: int


def chain_status(events: list[dict]) -> ChainStatus:
    problems = audit.verify_chain(events)
    return ChainStatus(intact=not problems, count=len(events), last_hash=events[-1]["hash"] if events else "",
                       problems=tuple((problem.sequence, problem_label(problem.problem)) for problem in problems))


async def trail_page(challenge_id: int, page: int) -> TrailPage:
    """One page of the trail, newest first, and the verdict over the whole chain. One query."""
    events = await audit.events_of(challenge_id)
    status = chain_status(events)
    broken = {sequence for sequence, _label in status.problems}
    pages = max(1, -(-len(events) // PER_PAGE))
    page = min(max(1, page), pages)
    newest_first = events[::-1][(page - 1) * PER_PAGE: page * PER_PAGE]
    shown = [{**event, "action_label": action_label(event["action"]), "subject_label": subject_label(event["subject"]),
              "summary": payload_summary(event["payload"]), "hidden": payload_hidden(event["payload"]),
              "broken": event["sequence"] in broken}
             for event in newest_first]
    return TrailPage(status=status, events=shown, page=page, pages=pages)


def _exported(event: dict) -> dict:
    """An event as the hash saw it: created_at in the exact text hashed."""
    return {**{name: event[name] for name in HASHED_FIELDS}, "created_at": iso_utc(event["created_at"]),
            "hash": event["hash"]}


async def trail_json(challenge_id: int) -> bytes:
    """Every event, oldest first, field for field as hashed: sha256(canonical JSON of the event without "hash")
    equals its "hash", and each prev_hash is the hash of the event before it."""
    events = [_exported(event) for event in await audit.events_of(challenge_id)]
    return (json.dumps({"hash_rule": hash_rule(), "genesis": audit.GENESIS, "events": events}, ensure_ascii=False,
                       indent=1) + "\n").encode("utf-8")


async def trail_csv(challenge_id: int) -> bytes:
    """The same events as a spreadsheet (cells a spreadsheet would run as formulas are quoted: the JSON is the
    byte-exact copy)."""
    rows = [[_exported(event)[name] for name in CSV_FIELDS] for event in await audit.events_of(challenge_id)]
    return to_csv(CSV_FIELDS, rows)


def hash_rule() -> str:
    return _("Each event's hash is the SHA-256 of the UTF-8 canonical JSON (keys sorted, no spaces) of its fields "
             "challenge, sequence, actor_id, actor_name, action, subject, payload, created_at and prev_hash, where "
             "prev_hash is the hash of the event before it (64 zeros for the first).")
