"""The judge's workspace: the challenges I judge with my progress, my assigned entries in the current rubric
round, one entry with my review and (when the setting allows) the other judges' reviews, and "save and next".

Reads are batched: a fixed number of queries per page, never one per row. In anonymised mode the names of the
entry's team, its startup and its members are removed from every text shown to the judge (reuse title,
description, URL, answers) and entries are called "Entry #<id>"."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from piccolo.query.functions.aggregate import Count

from showcase import i18n
from showcase.challenges import participant_queries, phases
from showcase.challenges.tables import Challenge, Entry, EntryAnswer, TeamMember
from showcase.judging import access
from showcase.judging.tables import Assignment, Conflict, Judge, Review, ReviewScore, Round
from showcase.i18n import gettext as _
from showcase.markdown import render_markdown
from showcase.reuses.tables import ReuseDataset

REDACTED = "▇▇▇"
STATUSES = ("not_started", "draft", "submitted")


# --- Pure helpers ------------------------------------------------------------------------------------------


def redact(text: str, names: Iterable[str]) -> str:
    """`text` with every occurrence of each name (case-insensitive, longest first) replaced by ▇▇▇.
    Names shorter than 3 characters are left alone (they would blot out ordinary words)."""
    if not text:
        return text or ""
    wanted = sorted({name.strip() for name in names if name and len(name.strip()) >= 3}, key=len, reverse=True)
    if not wanted:
        return text
    pattern = re.compile("|".join(re.escape(name) for name in wanted), re.IGNORECASE)
    return pattern.sub(REDACTED, text)


def may_see_others(setting: str, *, own_status: str | None, organizes: bool) -> bool:
    """Whether a person sees the other judges' scores of an entry: organizers always; judges per the setting
    (never; after_own: once their own review is submitted; always)."""
    if organizes:
        return True
    if setting == "always":
        return True
    if setting == "after_own":
        return own_status == "submitted"
    return False


def pick_next(rows: Sequence[Mapping[str, Any]], *, after: int | None = None) -> int | None:
    """"Save and next": among my assigned entries not yet submitted by me (the one just saved excluded), the one
    with the fewest submitted reviews, ties by entry id. None when everything is submitted."""
    candidates = [row for row in rows if row["status"] != "submitted" and row["entry_id"] != after]
    if not candidates:
        return None
    return min(candidates, key=lambda row: (row["submitted_reviews"], row["entry_id"]))["entry_id"]


def entry_label(entry_id: int) -> str:
    return _("Entry #%(number)s", number=entry_id)


# --- Rounds ------------------------------------------------------------------------------------------------


async def rubric_round(challenge_id: int) -> dict:
    """The current rubric round: the latest round of kind rubric (round 1 when none exists yet)."""
    rows = [row for row in await access.rounds_of(challenge_id) if row["kind"] == "rubric"]
    return rows[-1] if rows else await access.first_round(challenge_id)


# --- My challenges -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class JudgedChallenge:
    challenge: dict
    phase: str
    submitted: int
    assigned: int

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.assigned) if self.assigned else 0


async def my_challenges(user_id: int, *, now: Any) -> list[JudgedChallenge]:
    """The challenges I am on the jury of, with my submitted reviews / assigned entries in each one's current
    rubric round (conflicted entries left out). Five queries whatever the number of challenges."""
    ids = sorted({row["challenge"] for row in await Judge.select(Judge.challenge).where(Judge.user == user_id)})
    if not ids:
        return []
    challenges = await Challenge.select().where(Challenge.id.is_in(ids))
    rounds = await Round.select(Round.id, Round.challenge, Round.kind, Round.position).where(
        Round.challenge.is_in(ids)).order_by(Round.position)
    current: dict[int, int] = {}
    for row in rounds:
        if row["kind"] == "rubric":
            current[row["challenge"]] = row["id"]
    conflicted = {row["entry"] for row in await Conflict.select(Conflict.entry).where(Conflict.user == user_id)}
    assigned: dict[int, set[int]] = {}
    for row in await Assignment.select(Assignment.challenge, Assignment.round, Assignment.entry).where(
            (Assignment.judge == user_id) & Assignment.challenge.is_in(ids)):
        if current.get(row["challenge"]) == row["round"] and row["entry"] not in conflicted:
            assigned.setdefault(row["challenge"], set()).add(row["entry"])
    submitted: dict[int, int] = {}
    for row in await Review.select(Review.challenge, Review.round, Review.entry).where(
            (Review.judge == user_id) & (Review.status == "submitted") & Review.challenge.is_in(ids)):
        if current.get(row["challenge"]) == row["round"] and row["entry"] in assigned.get(row["challenge"], ()):
            submitted[row["challenge"]] = submitted.get(row["challenge"], 0) + 1
    undecided = {row["challenge"]: row["count"] for row in await Entry.select(Entry.challenge, Count()).where(
        Entry.challenge.is_in(ids) & (Entry.status == "submitted")
        & Entry.screening.is_in(["pending", "needs_info"])).group_by(Entry.challenge)}
    result = []
    for challenge in sorted(challenges, key=lambda row: row["id"], reverse=True):
        state = phases.State.from_row(challenge, screening_complete=not undecided.get(challenge["id"]))
        result.append(JudgedChallenge(challenge=challenge, phase=phases.phase(state, now),
                                      submitted=submitted.get(challenge["id"], 0),
                                      assigned=len(assigned.get(challenge["id"], ()))))
    return result


async def on_a_jury(user_id: int) -> bool:
    return await Judge.exists().where(Judge.user == user_id)


# --- My assigned entries -----------------------------------------------------------------------------------


@dataclass
class AssignedEntry:
    entry_id: int
    label: str  # "Entry #12" when anonymised, else the reuse title (or the team name)
    status: str  # not_started, draft, submitted
    submitted_reviews: int  # by every judge: "least reviewed first"
    total: float | None
    tracks: list[dict] = field(default_factory=list)

    def __getitem__(self, key: str) -> Any:  # for pick_next, which reads mappings
        return getattr(self, key)


async def assigned_entries(challenge_id: int, round_id: int, judge_id: int, *, conflicted: Iterable[int],
                           anonymised: bool) -> list[AssignedEntry]:
    """My assignments in the round, least-reviewed first (then by id); conflicted entries never listed.
    Four queries."""
    excluded = set(conflicted)
    rows = await Assignment.select(
        Assignment.entry, Assignment.entry.team.name.as_alias("team_name"),
        Assignment.entry.reuse.title_fr.as_alias("title_fr"), Assignment.entry.reuse.title_ar.as_alias("title_ar"),
        Assignment.entry.status.as_alias("entry_status"), Assignment.entry.screening.as_alias("screening"),
    ).where((Assignment.round == round_id) & (Assignment.judge == judge_id))
    rows = [row for row in rows if row["entry"] not in excluded and row["entry_status"] == "submitted"
            and row["screening"] == "eligible"]
    ids = [row["entry"] for row in rows] or [0]
    reviews = await Review.select(Review.entry, Review.judge, Review.status, Review.total).where(
        (Review.round == round_id) & Review.entry.is_in(ids))
    counts: dict[int, int] = {}
    mine: dict[int, dict] = {}
    for review in reviews:
        if review["status"] == "submitted":
            counts[review["entry"]] = counts.get(review["entry"], 0) + 1
        if review["judge"] == judge_id:
            mine[review["entry"]] = review
    tracks = {}
    if rows:
        for entry in await participant_queries._details([{"id": entry_id} for entry_id in ids]):
            tracks[entry["id"]] = entry["tracks"]
    result = []
    for row in rows:
        own = mine.get(row["entry"])
        title = i18n_title(row) if not anonymised else ""
        result.append(AssignedEntry(
            entry_id=row["entry"], label=entry_label(row["entry"]) if anonymised else (title or row["team_name"]),
            status=own["status"] if own else "not_started", submitted_reviews=counts.get(row["entry"], 0),
            total=own["total"] if own else None, tracks=tracks.get(row["entry"], [])))
    result.sort(key=lambda item: (item.submitted_reviews, item.entry_id))
    return result


def i18n_title(row: Mapping[str, Any]) -> str:
    from showcase.templating import localized

    return localized(row, "title")


async def is_assigned(round_id: int, entry_id: int, judge_id: int) -> bool:
    return await Assignment.exists().where(Assignment.key == f"{round_id}:{entry_id}:{judge_id}")


# --- One entry ---------------------------------------------------------------------------------------------


async def names_by_entry(entry_ids: Sequence[int]) -> dict[int, list[str]]:
    """The names anonymised mode hides, per entry: team, startups (team's and reuse's), members, reuse owner.
    Two queries whatever the number of entries."""
    rows = await Entry.select(Entry.id, Entry.team.name.as_alias("team"), Entry.team.startup.name.as_alias("startup"),
                              Entry.reuse.startup.name.as_alias("reuse_startup"),
                              Entry.reuse.owner.name.as_alias("owner"),
                              Entry.team.captain.name.as_alias("captain"), Entry.team.id.as_alias("team_id")).where(
        Entry.id.is_in(list(entry_ids) or [0]))
    members: dict[int, list[str]] = {}
    for member in await TeamMember.select(TeamMember.team, TeamMember.user.name.as_alias("name")).where(
            TeamMember.team.is_in([row["team_id"] for row in rows] or [0])):
        members.setdefault(member["team"], []).append(member["name"])
    return {row["id"]: [name for name in (row["team"], row["startup"], row["reuse_startup"], row["owner"],
                                          row["captain"], *members.get(row["team_id"], ())) if name]
            for row in rows}


async def entry_names(entry_id: int) -> list[str]:
    """The names anonymised mode hides for one entry (see names_by_entry)."""
    return (await names_by_entry([entry_id])).get(entry_id, [])


async def entry_for_judge(challenge_id: int, entry_id: int, *, anonymised: bool) -> dict | None:
    """The entry as a judge sees it: reuse title, summary, description, URL, datasets, tracks and the answers to
    the questions (PDF answers by name only). Names removed when anonymised."""
    row = await Entry.select(
        Entry.id, Entry.status, Entry.screening, Entry.submitted_at, Entry.team.name.as_alias("team_name"),
        Entry.reuse.id.as_alias("reuse_id"), Entry.reuse.slug.as_alias("reuse_slug"),
        Entry.reuse.title_fr.as_alias("title_fr"), Entry.reuse.title_ar.as_alias("title_ar"),
        Entry.reuse.summary_fr.as_alias("summary_fr"), Entry.reuse.summary_ar.as_alias("summary_ar"),
        Entry.reuse.description_fr.as_alias("description_fr"), Entry.reuse.description_ar.as_alias("description_ar"),
        Entry.reuse.url.as_alias("url"),
    ).where((Entry.id == entry_id) & (Entry.challenge == challenge_id)).first()
    if row is None or row["status"] != "submitted" or row["screening"] != "eligible":
        return None
    details = (await participant_queries._details([{"id": entry_id}]))[0]
    questions = await participant_queries.questions(challenge_id)
    locale = i18n.get_locale()
    answers = [{"question": question, "answer": details["answers"].get(question["id"]),
                "text": participant_queries.answer_text(question, details["answers"].get(question["id"]), locale)}
               for question in questions]
    datasets = await ReuseDataset.select(
        ReuseDataset.dataset.title_fr.as_alias("title_fr"), ReuseDataset.dataset.title_ar.as_alias("title_ar"),
        ReuseDataset.dataset.name.as_alias("name"), ReuseDataset.dataset.cited_key.as_alias("cited_key"),
    ).where(ReuseDataset.reuse == (row["reuse_id"] or 0)).order_by(ReuseDataset.position) if row["reuse_id"] else []
    entry = {**row, "tracks": details["tracks"], "answers": answers, "datasets": datasets,
             "label": entry_label(entry_id)}
    if anonymised:
        names = await entry_names(entry_id)
        for key in ("title_fr", "title_ar", "summary_fr", "summary_ar", "description_fr", "description_ar", "url"):
            entry[key] = redact(entry[key] or "", names)
        for item in answers:
            item["text"] = redact(item["text"], names)
        entry["team_name"] = ""
        entry["reuse_slug"] = ""
    entry["description_html_fr"] = render_markdown(entry["description_fr"])
    entry["description_html_ar"] = render_markdown(entry["description_ar"])
    return entry


@dataclass(frozen=True)
class ReviewView:
    """A stored review with its scores by criterion id."""

    review: dict | None
    scores: dict[int, float | None]
    comments: dict[int, str]

    @property
    def status(self) -> str | None:
        return self.review["status"] if self.review else None


async def reviews_of_entry(round_id: int, entry_id: int) -> list[dict]:
    """Every review of the entry in the round with its scores (two queries), the judge's name included."""
    reviews = await Review.select(Review.all_columns(), Review.judge.name.as_alias("judge_name")).where(
        (Review.round == round_id) & (Review.entry == entry_id)).order_by(Review.id)
    ids = [review["id"] for review in reviews] or [0]
    scores: dict[int, dict[int, dict]] = {}
    for row in await ReviewScore.select(ReviewScore.review, ReviewScore.criterion, ReviewScore.score,
                                        ReviewScore.comment).where(ReviewScore.review.is_in(ids)):
        scores.setdefault(row["review"], {})[row["criterion"]] = row
    for review in reviews:
        review["scores"] = {cid: item["score"] for cid, item in scores.get(review["id"], {}).items()}
        review["comments"] = {cid: item["comment"] for cid, item in scores.get(review["id"], {}).items()}
    return reviews


async def answer_file(challenge_id: int, entry_id: int, question_id: int) -> dict | None:
    return await EntryAnswer.select(EntryAnswer.file_key, EntryAnswer.file_name).where(
        (EntryAnswer.entry == entry_id) & (EntryAnswer.question == question_id)
        & (EntryAnswer.entry.challenge == challenge_id)).first()

