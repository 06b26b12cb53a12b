"""Rubric reviews: a judge's scores (one per criterion, within its scale), comments, overall comment and private
note for one entry in one round. A draft may be partial; submitting needs every counting criterion (weight > 0)
scored. A submitted review stays submitted: the judge may edit it until judging closes, but not take it back
to a draft. Every save is an event of the audit trail, with the scores.

Imported reviews (paper score sheets typed up after an offline jury) go through the same rules, with
source="import": the organizers may import during judging and deliberation, judges enter scores only while
judging is open."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from showcase.challenges import queries
from showcase.challenges.tables import Challenge, Entry
from showcase.exceptions import InvalidInput, NotAllowed
from showcase.i18n import gettext as _
from showcase.judging import aggregation, audit
from showcase.judging.audit import judging_transaction
from showcase.judging.criteria import as_aggregation, criteria_of
from showcase.judging.tables import Conflict, Judge, Review, ReviewScore, Round, RoundEntry

SOURCES = ("web", "import")
COMMENT_LENGTH = 5000
OPEN_PHASES = {"web": ("judging",), "import": ("judging", "deliberation")}


def review_key(round_id: int, entry_id: int, judge_id: int) -> str:
    return f"{round_id}:{entry_id}:{judge_id}"


def score_field(criterion_id: int) -> str:
    return f"score-{criterion_id}"


def comment_field(criterion_id: int) -> str:
    return f"comment-{criterion_id}"


def parse_score(raw: str | None) -> float | None:
    """A score as typed ("7", "7,5", " 8 "): a finite number, None when empty; ValueError when not a number."""
    text = (raw or "").strip().replace(",", ".").replace("\u2212", "-")
    if not text:
        return None
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def check_scores(criteria: list[Mapping[str, Any]], scores: Mapping[int, float | None], comments: Mapping[int, str],
                 *, submit: bool) -> dict[str, str]:
    """The errors of a review's scores, by field (score-<id>, comment-<id>). Pure."""
    errors: dict[str, str] = {}
    known = {row["id"] for row in criteria}
    for criterion_id in set(scores) | set(comments):
        if criterion_id not in known:
            errors[score_field(criterion_id)] = _("This criterion is not part of the rubric.")
    for row in criteria:
        field = score_field(row["id"])
        value = scores.get(row["id"])
        if value is None:
            if submit and row["weight"] > 0:
                errors[field] = _("Score this criterion before submitting.")
            continue
        if not isinstance(value, (int, float)) or not math.isfinite(value) or not (
                row["scale_min"] <= value <= row["scale_max"]):
            errors[field] = _("Give a score between %(min)s and %(max)s.", min=row["scale_min"], max=row["scale_max"])
        if len(comments.get(row["id"], "") or "") > COMMENT_LENGTH:
            errors[comment_field(row["id"])] = _("Keep the comment under %(count)s characters.", count=COMMENT_LENGTH)
    return errors


def review_total(criteria: list[Mapping[str, Any]], scores: Mapping[int, float | None]) -> float | None:
    """The weighted total Σ w·s over the counting criteria, or None while one of them has no score. Pure."""
    marks = {str(criterion_id): value for criterion_id, value in scores.items() if value is not None}
    try:
        return aggregation.weighted_total(marks, as_aggregation(criteria))
    except KeyError:
        return None


async def _refusal(challenge_id: int, round_id: int, entry_id: int, judge_id: int, *, source: str,
                   now: datetime) -> str | None:
    """Why this review cannot be stored now, or None."""
    challenge = await Challenge.select().where(Challenge.id == challenge_id).first()
    if challenge is None:
        return _("This challenge does not exist.")
    phase = await queries.current_phase(challenge, now)
    if phase not in OPEN_PHASES.get(source, ()):
        if source == "import":
            return _("Scores can be imported only while judging is open or during deliberation.")
        if phase in ("deliberation", "finished"):
            return _("Judging is closed: scores can no longer be entered or changed.")
        return _("Judging has not started yet: scores can be entered once the challenge is in judging.")
    round_row = await Round.select(Round.id, Round.kind, Round.status, Round.shortlist_size).where(
        (Round.id == round_id) & (Round.challenge == challenge_id)).first()
    if round_row is None or round_row["kind"] != "rubric":
        return _("This round is not a rubric round of this challenge.")
    if round_row["status"] != "open" and source != "import":
        return _("This round is closed: scores can no longer be entered or changed.")
    if not await Judge.exists().where((Judge.challenge == challenge_id) & (Judge.user == judge_id)):
        return _("This person is not on the jury of this challenge.")
    if await Conflict.exists().where((Conflict.entry == entry_id) & (Conflict.user == judge_id)):
        return _("This judge has a conflict of interest with this entry and cannot review it.")
    entry = await Entry.select(Entry.status, Entry.screening).where(
        (Entry.id == entry_id) & (Entry.challenge == challenge_id)).first()
    if entry is None or entry["status"] != "submitted" or entry["screening"] != "eligible":
        return _("This entry is not being judged.")
    if round_row["shortlist_size"] and not await RoundEntry.exists().where(
            RoundEntry.key == f"{round_id}:{entry_id}"):
        return _("This entry is not in this round.")
    return None


async def store_review(*, challenge_id: int, round_id: int, entry_id: int, judge_id: int,
                       scores: dict[int, float | None], comments: dict[int, str], overall_comment: str,
                       private_note: str, submit: bool, source: str, actor: dict | None, now: datetime) -> dict:
    """Validate and save a review (insert or update), compute its total, audit it. Returns the review row
    (with "scores": {criterion id: score}, "comments" and "created").

    Raises NotAllowed (with a message for the person) when the review cannot be stored at all: judging not
    open (for source "import": neither judging nor deliberation), not a rubric round, a judge not on the jury or
    conflicted with the entry, an entry not judged in the round. Raises InvalidInput({field: message}) for the
    content: "score-<criterion id>" (outside the scale; missing when submitting), "comment-<id>",
    "overall_comment", "private_note", "rubric" (no criteria yet).

    A review already submitted stays submitted (saving it again validates it as a submission)."""
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}")
    overall_comment = (overall_comment or "").strip()
    private_note = (private_note or "").strip()
    comments = {criterion_id: (text or "").strip() for criterion_id, text in comments.items()}
    key = review_key(round_id, entry_id, judge_id)
    async with judging_transaction(challenge_id):  # checks and writes see the same state
        refusal = await _refusal(challenge_id, round_id, entry_id, judge_id, source=source, now=now)
        if refusal:
            raise NotAllowed(refusal)
        criteria = await criteria_of(challenge_id)
        existing = await Review.select(Review.id, Review.status, Review.submitted_at, Review.created_at).where(
            Review.key == key).first()
        submitting = submit or (existing is not None and existing["status"] == "submitted")
        errors = check_scores(criteria, scores, comments, submit=submitting)
        if not criteria:
            errors["rubric"] = _("The rubric has no criteria yet: the organizers must add them before scoring.")
        if len(overall_comment) > COMMENT_LENGTH:
            errors["overall_comment"] = _("Keep the comment under %(count)s characters.", count=COMMENT_LENGTH)
        if len(private_note) > COMMENT_LENGTH:
            errors["private_note"] = _("Keep the note under %(count)s characters.", count=COMMENT_LENGTH)
        if errors:
            raise InvalidInput(errors)
        kept = {row["id"]: scores.get(row["id"]) for row in criteria}
        total = review_total(criteria, kept)
        status = "submitted" if submitting else "draft"
        submitted_at = (existing["submitted_at"] if existing and existing["submitted_at"] else now) \
            if submitting else None
        values = {Review.status: status, Review.overall_comment: overall_comment, Review.private_note: private_note,
                  Review.total: total, Review.updated_at: now, Review.submitted_at: submitted_at}
        if source == "import":
            values[Review.source] = "import"
        if existing is None:
            review_id = (await Review.insert(Review(
                round=round_id, challenge=challenge_id, entry=entry_id, judge=judge_id, key=key, created_at=now,
                **{column._meta.name: value for column, value in values.items()},
            )).returning(Review.id))[0]["id"]
        else:
            review_id = existing["id"]
            await Review.update(values).where(Review.id == review_id)
        stored = await ReviewScore.select(ReviewScore.id, ReviewScore.criterion).where(ReviewScore.review == review_id)
        stored_ids = {row["criterion"]: row["id"] for row in stored}
        for row in criteria:
            criterion_id = row["id"]
            value, comment = kept[criterion_id], comments.get(criterion_id, "")
            if value is None and not comment:
                if criterion_id in stored_ids:
                    await ReviewScore.delete().where(ReviewScore.id == stored_ids[criterion_id])
                continue
            if criterion_id in stored_ids:
                await ReviewScore.update({ReviewScore.score: value, ReviewScore.comment: comment}).where(
                    ReviewScore.id == stored_ids[criterion_id])
            else:
                await ReviewScore.insert(ReviewScore(review=review_id, criterion=criterion_id, score=value,
                                                     comment=comment, key=f"{review_id}:{criterion_id}"))
        action = "review.imported" if source == "import" else (
            "review.submitted" if submitting else "review.saved")
        await audit.append(challenge_id, action=action, actor=actor, subject=f"entry:{entry_id}", payload={
            "review": review_id, "round": round_id, "entry": entry_id, "judge": judge_id, "status": status,
            "total": total, "scores": {str(cid): value for cid, value in kept.items() if value is not None},
        }, now=now)
    return {"id": review_id, "round": round_id, "challenge": challenge_id, "entry": entry_id, "judge": judge_id,
            "status": status, "total": total, "overall_comment": overall_comment, "private_note": private_note,
            "submitted_at": submitted_at,
            "updated_at": now, "created": existing is None, "scores": kept,
            "comments": {cid: comments.get(cid, "") for cid in kept}}


async def recompute_totals(challenge_id: int) -> int:
    """Recompute every stored review total of the challenge from its scores (after the rubric changed: a weight,
    a criterion added or removed). Call inside judging_transaction. Returns how many totals changed."""
    criteria = await criteria_of(challenge_id)
    reviews = await Review.select(Review.id, Review.total).where(Review.challenge == challenge_id)
    if not reviews:
        return 0
    scores: dict[int, dict[int, float | None]] = {}
    for row in await ReviewScore.select(ReviewScore.review, ReviewScore.criterion, ReviewScore.score).where(
            ReviewScore.review.challenge == challenge_id):
        scores.setdefault(row["review"], {})[row["criterion"]] = row["score"]
    changed = 0
    for review in reviews:
        total = review_total(criteria, scores.get(review["id"], {}))
        if total != review["total"]:
            await Review.update({Review.total: total}).where(Review.id == review["id"])
            changed += 1
    return changed
