"""Reads for the organizers' participant pages and CSV exports: registrations, teams, entries.

Each list is read with a fixed number of queries, never one per row: registrations and teams with one
SQL statement each (joins the ORM cannot express: membership is matched on challenge and person);
entries with one query for the page and one each for its answers and tracks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from piccolo.query import OrderByRaw

from showcase.challenges.tables import (
    Entry,
    EntryAnswer,
    EntryTrack,
    EntryVersion,
    Question,
    Registration,
    Team,
    TeamMember,
)

PAGE_SIZE = 50
ENTRY_PAGE_SIZE = 20
# The entries filters: the four screening states of submitted entries, then drafts and withdrawn entries.
ENTRY_FILTERS = ("pending", "needs_info", "eligible", "ineligible", "draft", "withdrawn")

_REGISTRATIONS_SQL = """
SELECT r.id, r.created_at, u.id AS user_id, u.name, u.email, u.locale,
       t.id AS team_id, t.name AS team_name, m.status AS membership, t.captain AS captain_id,
       COUNT(*) OVER () AS total
FROM challenge_registration r
JOIN account_user u ON u.id = r."user"
LEFT JOIN challenge_team_member m ON m.challenge = r.challenge AND m."user" = r."user"
LEFT JOIN challenge_team t ON t.id = m.team
WHERE r.challenge = {}
ORDER BY r.created_at, r.id
"""

_TEAMS_SQL = """
SELECT t.id, t.name, t.created_at, t.captain AS captain_id, s.name AS startup_name, s.slug AS startup_slug,
       e.id AS entry_id, e.status AS entry_status, e.screening, e.version,
       m.status AS membership, m.joined_at, u.id AS user_id, u.name AS user_name, u.email AS user_email,
       (SELECT COUNT(*) FROM challenge_team c WHERE c.challenge = {}) AS team_total
FROM challenge_team t
LEFT JOIN startup s ON s.id = t.startup
LEFT JOIN challenge_entry e ON e.team = t.id
LEFT JOIN challenge_team_member m ON m.team = t.id
LEFT JOIN account_user u ON u.id = m."user"
WHERE t.id IN (SELECT p.id FROM challenge_team p WHERE p.challenge = {} ORDER BY p.name, p.id{})
ORDER BY t.name, t.id, m.joined_at, m.id
"""


def pages_for(total: int, size: int) -> int:
    return max(1, -(-total // size))


@dataclass
class Listing:
    rows: list
    total: int
    page: int
    pages: int


async def registrations(challenge_id: int, *, page: int | None = 1) -> Listing:
    """Who registered, oldest first, with their team; `page=None` for every row (exports)."""
    sql = _REGISTRATIONS_SQL
    args: list[Any] = [challenge_id]
    if page is not None:
        sql += " LIMIT {} OFFSET {}"
        args += [PAGE_SIZE, (page - 1) * PAGE_SIZE]
    rows = await Registration.raw(sql, *args)
    total = rows[0]["total"] if rows else 0
    return Listing(rows=rows, total=total, page=page or 1, pages=pages_for(total, PAGE_SIZE) if page else 1)


@dataclass
class TeamRow:
    id: int
    name: str
    created_at: datetime
    captain_id: int | None
    startup_name: str | None
    startup_slug: str | None
    entry_id: int | None
    entry_status: str | None
    screening: str | None
    version: int | None
    members: list[dict] = field(default_factory=list)  # approved members, the captain first
    pending: list[dict] = field(default_factory=list)  # asked to join through the share link


async def teams(challenge_id: int, *, page: int | None = 1) -> Listing:
    """Teams by name with their members (captain first) and pending requests; one row per member."""
    # The page of teams is chosen by a subquery, so members of the page's teams all come in the same statement.
    if page is None:
        rows = await Team.raw(_TEAMS_SQL.format("{}", "{}", ""), challenge_id, challenge_id)
    else:
        rows = await Team.raw(_TEAMS_SQL.format("{}", "{}", " LIMIT {} OFFSET {}"), challenge_id, challenge_id,
                              PAGE_SIZE, (page - 1) * PAGE_SIZE)
    found: dict[int, TeamRow] = {}
    total = 0
    for row in rows:
        total = row["team_total"]
        team = found.get(row["id"])
        if team is None:
            team = found[row["id"]] = TeamRow(
                id=row["id"], name=row["name"], created_at=row["created_at"], captain_id=row["captain_id"],
                startup_name=row["startup_name"], startup_slug=row["startup_slug"], entry_id=row["entry_id"],
                entry_status=row["entry_status"], screening=row["screening"], version=row["version"])
        if row["user_id"] is None:
            continue
        person = {"id": row["user_id"], "name": row["user_name"], "email": row["user_email"],
                  "joined_at": row["joined_at"], "captain": row["user_id"] == row["captain_id"]}
        if row["membership"] == "pending":
            team.pending.append(person)
        else:
            team.members.append(person)
    for team in found.values():
        team.members.sort(key=lambda person: not person["captain"])  # stable: then by joining date
    return Listing(rows=list(found.values()), total=total, page=page or 1,
                   pages=pages_for(total, PAGE_SIZE) if page else 1)


# ---------------------------------------------------------------- entries

ENTRY_COLUMNS = (
    Entry.id, Entry.status, Entry.screening, Entry.screening_reason, Entry.screened_at, Entry.version, Entry.sha256,
    Entry.first_submitted_at, Entry.submitted_at, Entry.withdrawn_at, Entry.created_at,
    Entry.team.id.as_alias("team_id"), Entry.team.name.as_alias("team_name"),
    Entry.reuse.id.as_alias("reuse_id"), Entry.reuse.slug.as_alias("reuse_slug"),
    Entry.reuse.title_fr.as_alias("reuse_title_fr"), Entry.reuse.title_ar.as_alias("reuse_title_ar"),
    Entry.reuse.url.as_alias("reuse_url"), Entry.screened_by.name.as_alias("screened_by_name"),
)


def filter_condition(challenge_id: int, chosen: str):  # noqa: ANN201 - a Piccolo Where
    condition = Entry.challenge == challenge_id
    if chosen in ("draft", "withdrawn"):
        return condition & (Entry.status == chosen)
    if chosen in ENTRY_FILTERS:
        return condition & (Entry.status == "submitted") & (Entry.screening == chosen)
    return condition


async def entry_counts(challenge_id: int) -> dict[str, int]:
    """How many entries each filter holds, and `undecided` (submitted, pending or needing information)."""
    rows = await Entry.raw("SELECT status, screening, COUNT(*) AS n FROM challenge_entry WHERE challenge = {} "
                           "GROUP BY status, screening", challenge_id)
    counts = dict.fromkeys((*ENTRY_FILTERS, "undecided", "submitted", "all"), 0)
    for row in rows:
        number = int(row["n"])
        counts["all"] += number
        if row["status"] == "submitted":
            counts["submitted"] += number
            counts[row["screening"]] = counts.get(row["screening"], 0) + number
            if row["screening"] in ("pending", "needs_info"):
                counts["undecided"] += number
        else:
            counts[row["status"]] = counts.get(row["status"], 0) + number
    return counts


async def questions(challenge_id: int) -> list[dict]:
    rows = await Question.select().where(Question.challenge == challenge_id).order_by(Question.position).order_by(
        Question.id)
    for row in rows:
        try:
            row["choice_list"] = json.loads(row["choices"]) if row["choices"] else []
        except ValueError:
            row["choice_list"] = []
    return rows


async def _details(entries: list[dict]) -> list[dict]:
    """Attach each entry's answers (by question id) and tracks: two queries for the whole page."""
    ids = [entry["id"] for entry in entries] or [0]
    answers: dict[int, dict[int, dict]] = {}
    for answer in await EntryAnswer.select(EntryAnswer.entry, EntryAnswer.question, EntryAnswer.value,
                                           EntryAnswer.file_key, EntryAnswer.file_name).where(
            EntryAnswer.entry.is_in(ids)):
        answers.setdefault(answer["entry"], {})[answer["question"]] = answer
    tracks: dict[int, list[dict]] = {}
    for link in await EntryTrack.select(EntryTrack.entry, EntryTrack.track.id.as_alias("id"),
                                        EntryTrack.track.name_fr.as_alias("name_fr"),
                                        EntryTrack.track.name_ar.as_alias("name_ar"),
                                        EntryTrack.track.position.as_alias("position")).where(
            EntryTrack.entry.is_in(ids)):
        tracks.setdefault(link["entry"], []).append(link)
    for entry in entries:
        entry["answers"] = answers.get(entry["id"], {})
        entry["tracks"] = sorted(tracks.get(entry["id"], []), key=lambda track: (track["position"], track["id"]))
    return entries


async def entries(challenge_id: int, *, chosen: str = "", page: int | None = 1) -> Listing:
    """Entries of one filter, oldest submission first (the order they were handed in), then never-submitted drafts."""
    # NULLs sort first on SQLite and last on PostgreSQL: say where they go.
    query = Entry.select(*ENTRY_COLUMNS).where(filter_condition(challenge_id, chosen)).order_by(
        OrderByRaw('"challenge_entry"."submitted_at" IS NULL'), OrderByRaw('"challenge_entry"."submitted_at"'),
        Entry.id)
    total = await Entry.count().where(filter_condition(challenge_id, chosen)) if page is not None else 0
    if page is not None:
        query = query.limit(ENTRY_PAGE_SIZE).offset((page - 1) * ENTRY_PAGE_SIZE)
    rows = await _details(await query)
    return Listing(rows=rows, total=total if page is not None else len(rows), page=page or 1,
                   pages=pages_for(total, ENTRY_PAGE_SIZE) if page is not None else 1)


async def entry(challenge_id: int, entry_id: int) -> dict | None:
    row = await Entry.select(*ENTRY_COLUMNS).where((Entry.id == entry_id) & (Entry.challenge == challenge_id)).first()
    return (await _details([row]))[0] if row else None


async def team_members(team_id: int) -> list[dict]:
    """Approved members of one team, the captain first: the people a screening e-mail reaches."""
    rows = await TeamMember.select(TeamMember.user.id.as_alias("id"), TeamMember.user.name.as_alias("name"),
                                   TeamMember.user.email.as_alias("email"),
                                   TeamMember.team.captain.as_alias("captain_id")).where(
        (TeamMember.team == team_id) & (TeamMember.status == "member")).order_by(TeamMember.id)
    return sorted(rows, key=lambda row: row["id"] != row["captain_id"])


async def versions(entry_id: int) -> list[dict]:
    return await EntryVersion.select(EntryVersion.version, EntryVersion.sha256, EntryVersion.submitted_at,
                                     EntryVersion.submitted_by.name.as_alias("submitted_by_name")).where(
        EntryVersion.entry == entry_id).order_by(EntryVersion.version, ascending=False)


def answer_text(question: dict, answer: dict | None, locale: str) -> str:
    """An answer as words: choices by their label in `locale` (stored as an index or as the label itself)."""
    if not answer:
        return ""
    value = answer.get("value") or ""
    if question["kind"] == "pdf":
        return answer.get("file_name") or ""
    if question["kind"] not in ("single_choice", "multiple_choice"):
        return value
    if question["kind"] == "multiple_choice":
        try:
            picked = json.loads(value) if value else []
        except ValueError:
            picked = [value]
        if not isinstance(picked, list):
            picked = [picked]
    else:
        picked = [value]
    return ", ".join(_choice_label(question, item, locale) for item in picked if str(item) != "")


def _choice_label(question: dict, item: object, locale: str) -> str:
    """A stored choice as its label: matched on the choice's value ("key", "value" or its French label, as the
    entry form stores it), or on its position for older rows."""
    choices = [choice if isinstance(choice, dict) else {"fr": str(choice)}
               for choice in question.get("choice_list") or []]
    first, second = ("ar", "fr") if locale == "ar" else ("fr", "ar")
    for choice in choices:
        value = str(choice.get("key") or choice.get("value") or choice.get("fr") or choice.get("ar") or "").strip()
        if value and value == str(item):
            return str(choice.get(first) or choice.get(second) or value)
    if isinstance(item, int) or (isinstance(item, str) and item.isdigit()):
        index = int(item)
        if 0 <= index < len(choices):
            return str(choices[index].get(first) or choices[index].get(second) or item)
    return str(item)
