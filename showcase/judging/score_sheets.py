"""Score sheets: the scores of a challenge as CSV (one row per review and criterion), and paper score sheets
typed up after an offline jury imported from CSV, checked row by row before anything is written.

An import goes through scoring's own store_review(source="import"), so an imported score is validated, totalled
and audited (review.imported) exactly like one entered on the web. Nothing is written when a row fails, unless
the organizer asks to import the valid rows only; the writes of one import land together or not at all."""

from __future__ import annotations

import csv
import io
import math
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from showcase.accounts.domain import normalize_email
from showcase.challenges.exports import to_csv
from showcase.challenges.tables import Entry
from showcase.exceptions import InvalidInput, NotAllowed
from showcase.i18n import gettext as _
from showcase.judging import access, conflicts
from showcase.judging.audit import judging_transaction
from showcase.judging.criteria import criteria_of
from showcase.judging.tables import Judge, Review, ReviewScore, RoundEntry

MAX_BYTES = 1024 * 1024  # a typed-up sheet of a few thousand rows is far below this
MAX_ROWS = 5000
ENTRY_COLUMN = "entry_id"
JUDGE_COLUMN = "judge_email"
COMMENT_COLUMN = "overall_comment"
EXPORT_FIELDS = ("round", "entry_id", "reuse_title", "team", "judge", "criterion", "score", "comment", "status")


# ---------------------------------------------------------------------------------------------- export

async def scores_csv(challenge_id: int, *, by: str = "entry", anonymised: bool = False) -> bytes:
    """One row per review and criterion, sorted by entry then judge (by="entry") or judge then entry (by="judge").
    The anonymised export has no team column. Two queries (scores, then the entries' titles and teams: joining
    both through the review makes PostgreSQL's 63-character aliases collide)."""
    rows = await ReviewScore.select(
        ReviewScore.review.round.position.as_alias("round"), ReviewScore.review.entry.as_alias("entry_id"),
        ReviewScore.review.judge.as_alias("judge_id"), ReviewScore.review.judge.name.as_alias("judge"),
        ReviewScore.criterion.name_fr.as_alias("criterion_fr"), ReviewScore.criterion.name_ar.as_alias("criterion_ar"),
        ReviewScore.criterion.position.as_alias("position"), ReviewScore.criterion.as_alias("criterion_id"),
        ReviewScore.score, ReviewScore.comment, ReviewScore.review.status.as_alias("status"),
    ).where(ReviewScore.review.challenge == challenge_id)
    entries = {row["id"]: row for row in await Entry.select(
        Entry.id, Entry.reuse.title_fr.as_alias("title_fr"), Entry.reuse.title_ar.as_alias("title_ar"),
        Entry.team.name.as_alias("team")).where(Entry.challenge == challenge_id)}
    blank = {"title_fr": "", "title_ar": "", "team": ""}
    by_judge = by == "judge"

    def order(row: dict) -> tuple:
        who, what = (row["judge"], row["judge_id"]), (row["entry_id"],)
        first, second = (who, what) if by_judge else (what, who)
        return (row["round"], *first, *second, row["position"], row["criterion_id"])

    header = [name for name in EXPORT_FIELDS if not (anonymised and name == "team")]
    out: list[list[object]] = []
    for row in sorted(rows, key=order):
        entry = entries.get(row["entry_id"], blank)
        values = {"round": row["round"], "entry_id": row["entry_id"],
                  "reuse_title": entry["title_fr"] or entry["title_ar"] or "", "team": entry["team"] or "",
                  "judge": row["judge"], "criterion": row["criterion_fr"] or row["criterion_ar"],
                  "score": _number_text(row["score"]), "comment": row["comment"], "status": row["status"]}
        out.append([values[name] for name in header])
    return to_csv(header, out)


def _number_text(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


async def template_csv(challenge_id: int) -> bytes:
    """The import template: the header only, criteria by their French name."""
    return to_csv(template_header(await criteria_of(challenge_id)), [])


def template_header(criteria: list[dict]) -> list[str]:
    return [ENTRY_COLUMN, JUDGE_COLUMN, *(criterion_column(criterion) for criterion in criteria), COMMENT_COLUMN]


def criterion_column(criterion: dict) -> str:
    return (criterion["name_fr"] or criterion["name_ar"] or f"criterion {criterion['id']}").strip()


# ---------------------------------------------------------------------------------------------- reading

class SheetUnreadable(Exception):
    """The file as a whole cannot be read (encoding, size, header): one message, no row report."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _fold(text: str) -> str:
    """Header comparison: case, accents, spacing and a stray BOM do not matter."""
    text = unicodedata.normalize("NFKD", (text or "").replace("\ufeff", "")).casefold()
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).split())


def decode(raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise SheetUnreadable(_("The file is larger than %(size)s MB. Split it into several sheets.",
                                size=MAX_BYTES // (1024 * 1024)))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SheetUnreadable(_("The file is in UTF-16. Save it as “CSV UTF-8” in your spreadsheet and try again."))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SheetUnreadable(_("The file is not in UTF-8 (it may be Windows-1252 or ISO-8859-1). Save it as "
                                "“CSV UTF-8” in your spreadsheet and try again.")) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise SheetUnreadable(_("The file is empty."))
    if "\x00" in text:
        raise SheetUnreadable(_("This is not a CSV file."))
    return text


def sniff_delimiter(text: str) -> str:
    """Comma or semicolon (what French spreadsheets write), read from the header line."""
    header = text.splitlines()[0] if text else ""
    return ";" if header.count(";") > header.count(",") else ","


@dataclass
class RowReport:
    line: int  # the line in the file (the header is line 1)
    entry: str
    judge: str
    ok: bool = False
    message: str = ""
    written: bool = False


@dataclass
class ImportReport:
    rows: list[RowReport] = field(default_factory=list)
    written: int = 0
    delimiter: str = ","

    @property
    def failed(self) -> int:
        return sum(1 for row in self.rows if not row.ok)

    @property
    def valid(self) -> int:
        return sum(1 for row in self.rows if row.ok)


@dataclass
class _Planned:
    report: RowReport
    entry_id: int
    judge_id: int
    scores: dict[int, float | None]
    overall_comment: str


def _parse_score(raw: str) -> float | None | str:
    """A number (a decimal comma accepted), None when blank, or the raw text when it is not a number."""
    raw = (raw or "").strip().replace("\u2212", "-")
    if not raw:
        return None
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        return raw
    return value if math.isfinite(value) else raw


async def _context(challenge_id: int) -> dict[str, Any]:
    """What checking rows needs, in a handful of queries whatever the number of rows."""
    scoring_round = await access.current_round(challenge_id)
    eligible = {row["id"] for row in await access.eligible_entries(challenge_id)}
    in_round = {row["entry"] for row in await RoundEntry.select(RoundEntry.entry).where(
        RoundEntry.round == scoring_round["id"])}
    judges = {normalize_email(row["user.email"]): (row["user"], row["user.name"]) for row in await Judge.select(
        Judge.user, Judge.user.email, Judge.user.name).where(Judge.challenge == challenge_id)}
    conflicted = {(row["user"], row["entry"]) for row in await conflicts.all_conflicts(challenge_id)}
    existing = {(row["entry"], row["judge"]): row["status"] for row in await Review.select(
        Review.entry, Review.judge, Review.status).where(Review.round == scoring_round["id"])}
    return {"round": scoring_round, "entries": (eligible & in_round) if in_round else eligible, "judges": judges,
            "conflicted": conflicted, "criteria": await criteria_of(challenge_id), "existing": existing}


def _check_row(line: int, cells: dict[str, str], context: dict, columns: dict[int, str],
               seen: dict[tuple[int, int], int]) -> tuple[RowReport, _Planned | None]:
    entry_raw, judge_raw = cells.get(ENTRY_COLUMN, "").strip(), cells.get(JUDGE_COLUMN, "").strip()
    report = RowReport(line=line, entry=entry_raw, judge=judge_raw)
    problems: list[str] = []
    entry_id = int(entry_raw) if entry_raw.isdigit() else None
    if entry_id is None or entry_id not in context["entries"]:
        problems.append(_("Unknown entry “%(entry)s”: use the id of an eligible entry of this round.",
                          entry=entry_raw))
    judge = context["judges"].get(normalize_email(judge_raw)) if judge_raw else None
    if judge is None:
        problems.append(_("“%(email)s” is not a judge of this challenge.", email=judge_raw))
    if entry_id is not None and judge is not None:
        if (judge[0], entry_id) in context["conflicted"]:
            problems.append(_("%(judge)s has a conflict of interest with entry %(entry)s.", judge=judge[1],
                              entry=entry_id))
        elif (entry_id, judge[0]) in seen:
            problems.append(_("Same entry and judge as line %(line)s.", line=seen[(entry_id, judge[0])]))
        else:
            seen[(entry_id, judge[0])] = line
    scores: dict[int, float | None] = {}
    for criterion in context["criteria"]:
        name = columns[criterion["id"]]
        value = _parse_score(cells.get(name, ""))
        if value is None:
            if criterion["weight"] > 0:  # an independent criterion (weight 0) may stay unscored
                problems.append(_("%(criterion)s: the score is missing.", criterion=name))
        elif isinstance(value, str):
            problems.append(_("%(criterion)s: “%(value)s” is not a number.", criterion=name, value=value))
        elif not criterion["scale_min"] <= value <= criterion["scale_max"]:
            problems.append(_("%(criterion)s: %(value)s is outside the scale %(min)s–%(max)s.", criterion=name,
                              value=_number_text(value), min=criterion["scale_min"], max=criterion["scale_max"]))
        scores[criterion["id"]] = value if isinstance(value, float) else None
    if problems:
        report.message = " ".join(problems)
        return report, None
    report.ok = True
    replaced = context["existing"].get((entry_id, judge[0]))  # type: ignore[index]
    if replaced == "submitted":
        report.message = _("Replaces the review this judge already submitted.")
    elif replaced is not None:
        report.message = _("Replaces this judge's draft.")
    return report, _Planned(report=report, entry_id=entry_id, judge_id=judge[0], scores=scores,  # type: ignore[index]
                            overall_comment=cells.get(COMMENT_COLUMN, "").strip())


def _columns(header: list[str], criteria: list[dict]) -> tuple[dict[str, str], dict[int, str]]:
    """Map the file's header to our columns: (file header → our column name, criterion id → column name)."""
    expected = template_header(criteria)
    by_fold = {_fold(name): name for name in expected}
    mapping: dict[str, str] = {}
    unknown = []
    for name in header:
        ours = by_fold.get(_fold(name))
        if ours is None:
            if name.strip():
                unknown.append(name.strip())
            continue
        mapping[name] = ours
    missing = [name for name in expected if name not in mapping.values() and name != COMMENT_COLUMN]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(_("Missing columns: %(names)s.", names=", ".join(f"“{name}”" for name in missing)))
        if unknown:
            parts.append(_("Unknown columns: %(names)s.", names=", ".join(f"“{name}”" for name in unknown)))
        parts.append(_("The first line must be: %(names)s (download the template).", names=", ".join(expected)))
        raise SheetUnreadable(" ".join(parts))
    return mapping, {criterion["id"]: criterion_column(criterion) for criterion in criteria}


IMPORT_PHASES = ("judging", "deliberation")


async def check_sheet(challenge_id: int, raw: bytes, *, phase: str) -> tuple[ImportReport, list[_Planned], dict]:
    """Read and check every row; nothing is written. Raises SheetUnreadable for a file that cannot be read."""
    if phase not in IMPORT_PHASES:
        raise SheetUnreadable(_("Scores can be imported only while judging is open or during deliberation."))
    text = decode(raw)
    context = await _context(challenge_id)
    if context["round"]["kind"] != "rubric":
        raise SheetUnreadable(_("The current round is a pairwise round: score sheets only fill rubric rounds."))
    if not context["criteria"]:
        raise SheetUnreadable(_("The challenge has no criteria yet: add them before importing scores."))
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error:
        raise SheetUnreadable(_("The file could not be read as CSV (a quote is not closed?).")) from None
    header, body = rows[0], rows[1:]
    mapping, columns = _columns(header, context["criteria"])
    report = ImportReport(delimiter=delimiter)
    planned: list[_Planned] = []
    seen: dict[tuple[int, int], int] = {}
    lines = [(number, row) for number, row in enumerate(body, start=2) if any(cell.strip() for cell in row)]
    if not lines:
        raise SheetUnreadable(_("The file has a header but no scores."))
    if len(lines) > MAX_ROWS:
        raise SheetUnreadable(_("The file has more than %(max)s rows. Split it into several sheets.", max=MAX_ROWS))
    for number, row in lines:
        cells = {mapping[name]: value for name, value in zip(header, row, strict=False) if name in mapping}
        row_report, plan = _check_row(number, cells, context, columns, seen)
        report.rows.append(row_report)
        if plan is not None:
            planned.append(plan)
    return report, planned, context


class _RowRefused(Exception):
    def __init__(self, plan: _Planned, message: str) -> None:
        super().__init__(message)
        self.plan, self.message = plan, message


async def import_sheet(challenge_id: int, raw: bytes, *, phase: str, valid_only: bool, actor: dict,
                       now: datetime) -> ImportReport:
    """Check the sheet; write its reviews (submitted, source "import") when every row is valid, or only the valid
    rows when valid_only. All the writes land together: if scoring refuses one of them, none is kept."""
    from showcase.judging.reviews import store_review  # scoring's interface (helper A)

    report, planned, context = await check_sheet(challenge_id, raw, phase=phase)
    if (report.failed and not valid_only) or not planned:
        return report
    try:
        async with judging_transaction(challenge_id):
            for plan in planned:
                try:
                    await store_review(challenge_id=challenge_id, round_id=context["round"]["id"],
                                       entry_id=plan.entry_id, judge_id=plan.judge_id, scores=plan.scores,
                                       comments={}, overall_comment=plan.overall_comment, private_note="",
                                       submit=True, source="import", actor=actor, now=now)
                except InvalidInput as exc:
                    raise _RowRefused(plan, " ".join(str(message) for message in exc.errors.values())) from None
                except NotAllowed as exc:
                    raise _RowRefused(plan, str(exc)) from None
    except _RowRefused as refused:
        refused.plan.report.ok = False
        refused.plan.report.message = refused.message
        return report
    for plan in planned:
        plan.report.written = True
    report.written = len(planned)
    return report
