"""CSV exports of a challenge's registrations, teams (one row per member) and entries (one column per question).

UTF-8 with a BOM so spreadsheet programs read Arabic and accented text; instants in UTC (ISO 8601, "Z")
and in the challenge's local time with its offset. A cell that a spreadsheet would read as a formula
(starting with = + - @, or a tab or carriage return) is prefixed with a quote: participants write these
texts, organizers open the file.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from showcase.challenges import participant_queries as queries
from showcase.challenges import phases

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

REGISTRATION_FIELDS = ("registration_id", "name", "email", "registered_at_utc", "registered_at_local", "team_id",
                       "team", "membership")
TEAM_FIELDS = ("team_id", "team", "startup", "created_at_utc", "member_name", "member_email", "role", "membership",
               "joined_at_utc", "entry_id", "entry_status", "screening")
ENTRY_FIELDS = ("entry_id", "team_id", "team", "reuse_title", "reuse_url", "reuse_page", "status", "screening",
                "screening_reason", "tracks", "version", "sha256", "submitted_at_utc", "submitted_at_local",
                "first_submitted_at_utc")


def safe_cell(value: object) -> str:
    """The text of a cell, defused when a spreadsheet would run it as a formula."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def utc_iso(instant: datetime | None) -> str:
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if instant else ""


def local_iso(instant: datetime | None, zone_name: str) -> str:
    """2026-11-22T17:00:00+01:00: the wall clock in the challenge's zone, with the offset in force then."""
    return phases.to_local(instant, zone_name).isoformat(timespec="seconds") if instant else ""


def to_csv(header: tuple[str, ...] | list[str], rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode()


async def registrations_csv(challenge: dict) -> bytes:
    listing = await queries.registrations(challenge["id"], page=None)
    zone_name = challenge["time_zone"]
    return to_csv(REGISTRATION_FIELDS, [
        [row["id"], row["name"], row["email"], utc_iso(row["created_at"]), local_iso(row["created_at"], zone_name),
         row["team_id"] or "", row["team_name"] or "", row["membership"] or ""]
        for row in listing.rows])


async def teams_csv(challenge: dict) -> bytes:
    listing = await queries.teams(challenge["id"], page=None)
    rows: list[list[object]] = []
    for team in listing.rows:
        shared = [team.id, team.name, team.startup_name or "", utc_iso(team.created_at)]
        entry = [team.entry_id or "", team.entry_status or "",
                 team.screening if team.entry_status == "submitted" else ""]
        people = [(person, "captain" if person["captain"] else "member", "member") for person in team.members]
        people += [(person, "member", "pending") for person in team.pending]
        if not people:
            rows.append([*shared, "", "", "", "", "", *entry])
        for person, role, membership in people:
            rows.append([*shared, person["name"], person["email"], role, membership, utc_iso(person["joined_at"]),
                         *entry])
    return to_csv(TEAM_FIELDS, rows)


def question_header(number: int, question: dict) -> str:
    label = question["label_fr"] or question["label_ar"]
    return f"q{number} {label}".strip()


async def entries_csv(challenge: dict, *, base_url: str) -> bytes:
    questions = await queries.questions(challenge["id"])
    listing = await queries.entries(challenge["id"], page=None)
    zone_name = challenge["time_zone"]
    header = [*ENTRY_FIELDS, *(question_header(n, q) for n, q in enumerate(questions, start=1))]
    rows: list[list[object]] = []
    for entry in listing.rows:
        answers = [_answer_cell(question, entry["answers"].get(question["id"]), challenge, entry, base_url)
                   for question in questions]
        rows.append([
            entry["id"], entry["team_id"], entry["team_name"], entry["reuse_title_fr"] or entry["reuse_title_ar"] or "",
            entry["reuse_url"] or "", f"{base_url}/reuses/{entry['reuse_slug']}" if entry["reuse_slug"] else "",
            entry["status"], entry["screening"] if entry["status"] == "submitted" else "", entry["screening_reason"],
            " | ".join(track["name_fr"] or track["name_ar"] for track in entry["tracks"]), entry["version"],
            entry["sha256"], utc_iso(entry["submitted_at"]), local_iso(entry["submitted_at"], zone_name),
            utc_iso(entry["first_submitted_at"]), *answers,
        ])
    return to_csv(header, rows)


def _answer_cell(question: dict, answer: dict | None, challenge: dict, entry: dict, base_url: str) -> str:
    if question["kind"] == "pdf":
        if not answer or not answer.get("file_key"):
            return ""
        return f"{base_url}/challenges/{challenge['slug']}/entries/{entry['id']}/files/{question['id']}"
    return queries.answer_text(question, answer, "fr")
