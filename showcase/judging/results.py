"""Results: the standings organisers compare, the prizes they decide (pending until published), the one-shot
publication (results CSV with its SHA-256, e-mails to every team, the winners' badges) and the open-data export.

Rules:
- aggregation settings and prizes can change until the results are published, never after;
- prizes are Award rows: per track (places 1..Track.winners, the entry must be in the track), overall
  (places 1..OVERALL_PLACES), People's Choice (one) and honourable mentions (1..MENTIONS); the entry must be
  submitted and screened eligible; setting the same prize again replaces it;
- publication needs at least one prize and judging closed (phase "deliberation", or every round closed): in one
  transaction it stamps Challenge.results_published_at (the phase becomes "finished"), publishes every award,
  stores the results CSV and its SHA-256, queues one e-mail per team member in their language and audits it.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from showcase.challenges.access import ChallengeContext
from showcase.challenges.exports import to_csv
from showcase.challenges.tables import Challenge, Entry, EntryTrack, TeamMember, Track
from showcase.exceptions import InvalidInput, NotAllowed, NotFound
from showcase.i18n import gettext as _
from showcase.i18n import lazy_gettext as _l
from showcase.judging import audit, standings, tiebreak
from showcase.judging.access import AGGREGATES, CORRECTIONS, eligible_entries, rounds_of, settings_of
from showcase.judging.audit import actor_of as _actor
from showcase.judging.audit import judging_transaction
from showcase.judging.tables import Award, Criterion, JudgingSettings, ResultsRelease, Review, ReviewScore, Round
from showcase.mail.domain import queue_mail
from showcase.settings import get_settings

MANAGE_ACTION = "edit_challenge"
AWARD_KINDS = ("track", "overall", "peoples_choice", "mention")
OVERALL_PLACES = 3
MENTIONS = 5
CITATION_MAX = 500
LIMITS = {"trim": (0, 20), "min_judge_entries": (1, 1000), "shrinkage": (0, 1000)}
SETTINGS_FIELDS = ("aggregate", "trim", "correction", "min_judge_entries", "shrinkage", "primary_criterion",
                   "feedback_to_teams")
RESULTS_FIELDS = ("rank", "award", "track_fr", "track_ar", "entry_id", "reuse_title_fr", "reuse_title_ar", "team",
                  "corrected_total", "raw_total", "citation")
SCORES_FIELDS = ("round", "entry_id", "reuse_title_fr", "reuse_title_ar", "criterion_fr", "criterion_ar", "judge",
                 "score")

AGGREGATE_LABELS = {"mean": _l("Mean"), "median": _l("Median"), "trimmed": _l("Trimmed mean")}
CORRECTION_LABELS = {"none": _l("None (raw scores)"), "zscore": _l("Per-judge z-scores"),
                     "additive": _l("Additive model (judge leniency)")}
KIND_LABELS = {"track": _l("Track prize"), "overall": _l("Overall prize"), "peoples_choice": _l("People’s Choice"),
               "mention": _l("Honourable mention")}
RELIABILITY_LABELS = {"good": _l("good agreement"), "tentative": _l("tentative agreement"),
                      "low": _l("low agreement")}
DECIDER_LABELS = {"normalised_total": _l("total"), "primary_criterion": _l("primary criterion"),
                  "top_k_count": _l("top-3 count"), tiebreak.UNRESOLVED: _l("jury deliberation")}


def published(challenge: Mapping[str, Any]) -> bool:
    return challenge.get("results_published_at") is not None


def award_label(kind: str, rank: int, track_name: str = "") -> str:
    """"1st place — Mobility", "Overall prize, 2nd place", "People’s Choice", "Honourable mention"."""
    if kind == "track":
        return _("Place %(rank)s — %(track)s", rank=rank, track=track_name)
    if kind == "overall":
        return _("Overall, place %(rank)s", rank=rank)
    if kind == "peoples_choice":
        return _("People’s Choice")
    return _("Honourable mention")


def fallback_text(reason: Mapping[str, Any] | None) -> str:
    """The fallback reason, in words, in the reader's language."""
    if not reason:
        return ""
    if reason.get("code") == "graph_disconnected":
        return _("The judges and entries form %(groups)s groups that share no judge, so the additive model cannot "
                 "compare entries across groups: per-judge z-scores are used instead. Assign judges so that their "
                 "entries overlap to use the additive model.", groups=reason.get("components", 2))
    return str(reason.get("message", ""))


# --- standings over the rounds ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryInfo:
    id: int
    team: str
    team_id: int
    reuse_slug: str | None
    reuse_published: bool
    title_fr: str
    title_ar: str
    track_ids: tuple[int, ...] = ()

    def title(self, locale: str) -> str:
        first, second = (self.title_ar, self.title_fr) if locale == "ar" else (self.title_fr, self.title_ar)
        return first or second or self.team


async def entry_infos(challenge_id: int) -> dict[int, EntryInfo]:
    """The eligible entries with their team and reuse, in two queries (entries, then their tracks)."""
    rows = await Entry.select(Entry.id, Entry.team, Entry.team.name, Entry.reuse.slug, Entry.reuse.status,
                              Entry.reuse.title_fr, Entry.reuse.title_ar).where(
        (Entry.challenge == challenge_id) & (Entry.status == "submitted") & (Entry.screening == "eligible")
    ).order_by(Entry.id)
    tracks: dict[int, list[int]] = defaultdict(list)
    if rows:
        for row in await EntryTrack.select(EntryTrack.entry, EntryTrack.track).where(
                EntryTrack.entry.is_in([row["id"] for row in rows])):
            tracks[row["entry"]].append(row["track"])
    return {row["id"]: EntryInfo(
        id=row["id"], team=row["team.name"] or "", team_id=row["team"], reuse_slug=row["reuse.slug"],
        reuse_published=row["reuse.status"] == "published", title_fr=row["reuse.title_fr"] or "",
        title_ar=row["reuse.title_ar"] or "", track_ids=tuple(sorted(tracks.get(row["id"], ()))))
        for row in rows}


async def rubric_rounds(challenge_id: int) -> list[dict]:
    return [row for row in await rounds_of(challenge_id) if row["kind"] == "rubric"]


@dataclass(frozen=True)
class OverallRow:
    """An entry's place over the rounds: entries of a later (final) rubric round first, by their rank there."""

    rank: int
    row: standings.StandingRow
    round_id: int


async def overall_rows(challenge_id: int) -> tuple[list[OverallRow], standings.Standings | None]:
    """Ranked rows over every rubric round (later rounds decide first) and the standings of the latest one."""
    rounds = await rubric_rounds(challenge_id)
    if not rounds:
        return [], None
    settings = await settings_of(challenge_id)
    combined: list[OverallRow] = []
    seen: set[int] = set()
    latest = None
    for round_row in reversed(rounds):
        found = await standings.round_standings(challenge_id, round_row["id"], settings=settings)
        latest = latest or found
        offset = len(combined)
        for row in found.rows:
            if row.entry_id not in seen:
                seen.add(row.entry_id)
                combined.append(OverallRow(offset + row.rank, row, round_row["id"]))
    return combined, latest


# --- settings ----------------------------------------------------------------------------------------------------


def _int_field(values: Mapping[str, str], name: str, errors: dict[str, str]) -> int | None:
    raw = (values.get(name) or "").strip()
    low, high = LIMITS[name]
    if not raw.lstrip("-").isdigit() or not low <= int(raw) <= high:
        errors[name] = _("Enter a whole number from %(low)s to %(high)s.", low=low, high=high)
        return None
    return int(raw)


async def clean_settings(challenge_id: int, values: Mapping[str, str]) -> dict:
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    aggregate = (values.get("aggregate") or "").strip()
    if aggregate not in AGGREGATES:
        errors["aggregate"] = _("Choose how the scores of an entry are combined.")
    cleaned["aggregate"] = aggregate
    correction = (values.get("correction") or "").strip()
    if correction not in CORRECTIONS:
        errors["correction"] = _("Choose a correction of the judges’ leniency.")
    cleaned["correction"] = correction
    for name in ("trim", "min_judge_entries", "shrinkage"):
        cleaned[name] = _int_field(values, name, errors)
    if aggregate == "trimmed" and cleaned["trim"] == 0:
        errors["trim"] = _("A trimmed mean drops at least one score at each end: enter 1 or more.")
    primary = (values.get("primary_criterion") or "").strip()
    cleaned["primary_criterion"] = None
    if primary:
        if primary.isdigit() and await Criterion.exists().where(
                (Criterion.id == int(primary)) & (Criterion.challenge == challenge_id)):
            cleaned["primary_criterion"] = int(primary)
        else:
            errors["primary_criterion"] = _("Choose a criterion of this challenge, or none.")
    cleaned["feedback_to_teams"] = values.get("feedback_to_teams") in ("1", "on", "true")
    if errors:
        raise InvalidInput(errors)
    return cleaned


def _check_manage(ctx: ChallengeContext) -> None:
    if not ctx.can(MANAGE_ACTION):
        raise NotAllowed(_("Only the organizers of the challenge decide its results."))
    if published(ctx.challenge):
        raise NotAllowed(_("The results are published: they can no longer change."))


async def save_settings(ctx: ChallengeContext, values: Mapping[str, str], *, actor: Any, now: datetime) -> dict:
    """Validate and store the aggregation settings; audited as settings.changed with the changed fields."""
    _check_manage(ctx)
    challenge_id = ctx.challenge["id"]
    cleaned = await clean_settings(challenge_id, values)
    async with judging_transaction(challenge_id):
        current = await settings_of(challenge_id)
        changes = {name: [current[name], cleaned[name]] for name in SETTINGS_FIELDS if current[name] != cleaned[name]}
        if changes:
            await JudgingSettings.update({**{getattr(JudgingSettings, name): cleaned[name] for name in changes},
                                          JudgingSettings.updated_at: now}).where(
                JudgingSettings.id == current["id"])
            await audit.append(challenge_id, action="settings.changed", actor=_actor(actor), subject="results",
                               payload=changes, now=now)
    return changes


# --- awards ------------------------------------------------------------------------------------------------------


async def awards_of(challenge_id: int) -> list[dict]:
    """Every prize decision with its entry, team, reuse and track, in display order. One query."""
    rows = await Award.select(
        Award.all_columns(), Award.entry.team.name, Award.entry.reuse.slug, Award.entry.reuse.status,
        Award.entry.reuse.title_fr, Award.entry.reuse.title_ar, Award.track.name_fr, Award.track.name_ar,
        Award.track.position,
    ).where(Award.challenge == challenge_id)
    order = {kind: n for n, kind in enumerate(AWARD_KINDS)}
    return sorted(rows, key=lambda row: (order.get(row["kind"], 9), row["track.position"] or 0, row["track"] or 0,
                                         row["rank"]))


async def _track_row(challenge_id: int, raw: str) -> dict | None:
    raw = (raw or "").strip()
    if not raw.isdigit():
        return None
    return await Track.select().where((Track.id == int(raw)) & (Track.challenge == challenge_id)).first()


async def set_award(ctx: ChallengeContext, values: Mapping[str, str], *, actor: Any, now: datetime) -> dict:
    """Decide a prize (pending until publication); the same prize set again is replaced. Audited award.set."""
    _check_manage(ctx)
    challenge_id = ctx.challenge["id"]
    errors: dict[str, str] = {}
    kind = (values.get("kind") or "").strip()
    if kind not in AWARD_KINDS:
        errors["kind"] = _("Choose the kind of prize.")
    track = None
    if kind == "track":
        track = await _track_row(challenge_id, values.get("track", ""))
        if track is None:
            errors["track"] = _("Choose the track of the prize.")
    places = {"track": track["winners"] if track else 1, "overall": OVERALL_PLACES, "peoples_choice": 1,
              "mention": MENTIONS}.get(kind, 1)
    raw_rank = (values.get("rank") or "1").strip() or "1"
    rank = int(raw_rank) if raw_rank.isdigit() else 0
    if not 1 <= rank <= max(places, 1):
        errors["rank"] = _("Enter a place from 1 to %(places)s.", places=max(places, 1))
    entry_raw = (values.get("entry") or "").strip()
    eligible = {row["id"] for row in await eligible_entries(challenge_id)}
    entry_id = int(entry_raw) if entry_raw.isdigit() else None
    if entry_id not in eligible:
        errors["entry"] = _("Choose an eligible entry.")
    elif track is not None and not await EntryTrack.exists().where(
            (EntryTrack.entry == entry_id) & (EntryTrack.track == track["id"])):
        errors["entry"] = _("This entry does not compete in this track.")
    citation = " ".join((values.get("citation") or "").split())
    if len(citation) > CITATION_MAX:
        errors["citation"] = _("Keep the citation under %(count)s characters.", count=CITATION_MAX)
    if errors:
        raise InvalidInput(errors)
    track_id = track["id"] if track else None
    key = f"{challenge_id}:{kind}:{track_id or 0}:{rank}"
    user = _actor(actor)
    async with judging_transaction(challenge_id):
        existing = await Award.select(Award.id).where(Award.key == key).first()
        if existing:
            await Award.update({Award.entry: entry_id, Award.citation: citation, Award.decided_by: user and user["id"],
                                Award.created_at: now}).where(Award.id == existing["id"])
        else:
            await Award.insert(Award(challenge=challenge_id, kind=kind, track=track_id, entry=entry_id, rank=rank,
                                     citation=citation, status="pending", decided_by=user and user["id"], key=key,
                                     created_at=now))
        await audit.append(challenge_id, action="award.set", actor=user, subject=f"entry:{entry_id}",
                           payload={"kind": kind, "track": track_id, "rank": rank, "entry": entry_id,
                                    "citation": citation, "replaced": bool(existing)}, now=now)
    return {"kind": kind, "track": track_id, "rank": rank, "entry": entry_id}


async def remove_award(ctx: ChallengeContext, award_id: int, *, actor: Any, now: datetime) -> dict:
    _check_manage(ctx)
    challenge_id = ctx.challenge["id"]
    async with judging_transaction(challenge_id):
        row = await Award.select().where((Award.id == award_id) & (Award.challenge == challenge_id)).first()
        if row is None:
            raise NotFound()
        await Award.delete().where(Award.id == award_id)
        await audit.append(challenge_id, action="award.removed", actor=_actor(actor), subject=f"entry:{row['entry']}",
                           payload={"kind": row["kind"], "track": row["track"], "rank": row["rank"],
                                    "entry": row["entry"]}, now=now)
    return row


# --- publication -------------------------------------------------------------------------------------------------


async def publish_problem(ctx: ChallengeContext, awards: Sequence[Mapping[str, Any]] | None = None) -> str | None:
    """Why the results cannot be published now (in the reader's language), or None."""
    if published(ctx.challenge):
        return _("The results are already published.")
    if ctx.phase != "deliberation":
        rounds = await rounds_of(ctx.challenge["id"])
        if ctx.phase != "judging" or not rounds or any(row["status"] != "closed" for row in rounds):
            return _("Results are published once judging is closed.")
    if awards is None:
        awards = await awards_of(ctx.challenge["id"])
    if not awards:
        return _("Decide at least one prize first.")
    return None


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def results_csv(awards: Sequence[Mapping[str, Any]], totals: Mapping[int, standings.StandingRow]) -> bytes:
    """One row per prize: place, kind, track, entry, reuse title, team, corrected and raw totals, citation.
    UTF-8 with a BOM, formula-looking cells defused (showcase.challenges.exports)."""
    rows = []
    for award in awards:
        total = totals.get(award["entry"])
        rows.append([award["rank"], award["kind"], award["track.name_fr"] or "", award["track.name_ar"] or "",
                     award["entry"], award["entry.reuse.title_fr"] or "", award["entry.reuse.title_ar"] or "",
                     award["entry.team.name"] or "", _number(total.corrected if total else None),
                     _number(total.raw if total else None), award["citation"]])
    return to_csv(RESULTS_FIELDS, rows)


def sha256_hex(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@dataclass(frozen=True)
class FeedbackReview:
    number: int
    marks: list[dict] = field(default_factory=list)  # {"name_fr", "name_ar", "score", "max", "comment"}
    overall: str = ""


async def feedback_by_entry(challenge_id: int, entry_ids: Sequence[int]) -> dict[int, list[FeedbackReview]]:
    """Each entry's submitted reviews as the team may read them: marks, criterion comments and the overall
    comment, numbered, without the judge's name or the private note. Two queries."""
    if not entry_ids:
        return {}
    reviews = await Review.select(Review.id, Review.entry, Review.overall_comment, Review.round.position).where(
        (Review.challenge == challenge_id) & (Review.status == "submitted") & Review.entry.is_in(list(entry_ids))
    ).order_by(Review.round.position).order_by(Review.id)
    marks: dict[int, list[dict]] = defaultdict(list)
    if reviews:
        for mark in await ReviewScore.select(
                ReviewScore.review, ReviewScore.score, ReviewScore.comment, ReviewScore.criterion.name_fr,
                ReviewScore.criterion.name_ar, ReviewScore.criterion.scale_max, ReviewScore.criterion.position).where(
                ReviewScore.review.is_in([row["id"] for row in reviews])).order_by(ReviewScore.criterion.position):
            marks[mark["review"]].append({
                "name_fr": mark["criterion.name_fr"], "name_ar": mark["criterion.name_ar"],
                "score": mark["score"], "max": mark["criterion.scale_max"], "comment": mark["comment"]})
    result: dict[int, list[FeedbackReview]] = defaultdict(list)
    for row in reviews:
        entry_reviews = result[row["entry"]]
        entry_reviews.append(FeedbackReview(len(entry_reviews) + 1, marks.get(row["id"], []), row["overall_comment"]))
    return dict(result)


def format_score(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}"


async def publish(ctx: ChallengeContext, *, actor: Any, now: datetime) -> dict:
    """Publish every prize at once (see the module's docstring). Returns the release row."""
    if not ctx.can(MANAGE_ACTION):
        raise NotAllowed(_("Only the organizers of the challenge decide its results."))
    challenge = ctx.challenge
    challenge_id = challenge["id"]
    awards = await awards_of(challenge_id)
    problem = await publish_problem(ctx, awards)
    if problem:
        raise NotAllowed(problem)
    settings = await settings_of(challenge_id)
    ranked, _latest = await overall_rows(challenge_id)
    content = results_csv(awards, {item.row.entry_id: item.row for item in ranked})
    digest = sha256_hex(content)
    infos = await entry_infos(challenge_id)
    won: dict[int, list[dict]] = defaultdict(list)
    for award in awards:
        won[award["entry"]].append(award)
    members = await TeamMember.select(TeamMember.team, TeamMember.user.email, TeamMember.user.locale).where(
        (TeamMember.challenge == challenge_id) & (TeamMember.status == "member")
        & TeamMember.team.is_in([info.team_id for info in infos.values()] or [0])
    ).order_by(TeamMember.team).order_by(TeamMember.id)
    entry_of_team = {info.team_id: info for info in infos.values()}
    feedback = await feedback_by_entry(challenge_id, list(infos)) if settings["feedback_to_teams"] else {}
    base = get_settings().base_url
    link = f"{base}/challenges/{challenge['slug']}/results"
    user = _actor(actor)
    async with judging_transaction(challenge_id):
        fresh = await Challenge.select(Challenge.results_published_at).where(Challenge.id == challenge_id).first()
        if fresh and fresh["results_published_at"] is not None:
            raise NotAllowed(_("The results are already published."))
        await Challenge.update({Challenge.results_published_at: now, Challenge.updated_at: now}).where(
            Challenge.id == challenge_id)
        await Award.update({Award.status: "published", Award.published_at: now}).where(
            Award.challenge == challenge_id)
        # Judging is over: a round still open (a final nobody closed) would read "in progress" on a finished challenge.
        await Round.update({Round.status: "closed", Round.closed_at: now}).where(
            (Round.challenge == challenge_id) & (Round.status == "open"))
        release = {"challenge": challenge_id, "csv": content.decode("utf-8"), "sha256": digest,
                   "published_by": user and user["id"], "published_at": now}
        await ResultsRelease.insert(ResultsRelease(**release))
        for member in members:
            info = entry_of_team.get(member["team"])
            if info is None:
                continue
            prizes = [{"kind": a["kind"], "rank": a["rank"], "track": {"name_fr": a["track.name_fr"] or "",
                                                                         "name_ar": a["track.name_ar"] or ""},
                       "citation": a["citation"]} for a in won.get(info.id, [])]
            await queue_mail(to=member["user.email"], template="judging_results", locale=member["user.locale"] or "fr",
                             now=now, context={
                                 "challenge": {"title_fr": challenge["title_fr"], "title_ar": challenge["title_ar"]},
                                 "entry": {"title_fr": info.title_fr, "title_ar": info.title_ar, "team": info.team},
                                 "prizes": prizes, "award_label": award_label, "link": link,
                                 "feedback": feedback.get(info.id, []) if settings["feedback_to_teams"] else None,
                                 "format_score": format_score, "sha256": digest})
        await audit.append(challenge_id, action="results.published", actor=user, subject="results",
                           payload={"sha256": digest, "awards": len(awards), "recipients": len(members),
                                    "feedback": bool(settings["feedback_to_teams"])}, now=now)
    return release


async def release_of(challenge_id: int) -> dict | None:
    return await ResultsRelease.select().where(ResultsRelease.challenge == challenge_id).first()


def release_bytes(release: Mapping[str, Any]) -> bytes:
    return release["csv"].encode("utf-8")


# --- open data: anonymised scores --------------------------------------------------------------------------------


async def scores_csv(challenge_id: int) -> bytes:
    """Every submitted mark of eligible entries: round, entry, reuse title, criterion, judge as "J1".."Jn"
    (numbered by the judges' accounts in order, the same in every round of the challenge), score.
    No name, no e-mail, no comment. One query for the marks."""
    rows = await ReviewScore.select(
        ReviewScore.score, ReviewScore.review.judge, ReviewScore.review.entry, ReviewScore.review.round.position,
        ReviewScore.review.entry.reuse.title_fr, ReviewScore.review.entry.reuse.title_ar,
        ReviewScore.criterion.name_fr, ReviewScore.criterion.name_ar, ReviewScore.criterion.position,
        ReviewScore.criterion.id,
    ).where(
        (ReviewScore.review.challenge == challenge_id) & (ReviewScore.review.status == "submitted")
        & (ReviewScore.review.entry.status == "submitted") & (ReviewScore.review.entry.screening == "eligible")
        & ReviewScore.score.is_not_null())
    pseudonyms = {judge: f"J{n}" for n, judge in enumerate(sorted({row["review.judge"] for row in rows}), start=1)}
    rows = sorted(rows, key=lambda row: (row["review.round.position"], row["review.entry"],
                                         row["criterion.position"], row["criterion.id"],
                                         int(pseudonyms[row["review.judge"]][1:])))
    return to_csv(SCORES_FIELDS, [
        [row["review.round.position"], row["review.entry"], row["review.entry.reuse.title_fr"] or "",
         row["review.entry.reuse.title_ar"] or "", row["criterion.name_fr"], row["criterion.name_ar"],
         pseudonyms[row["review.judge"]], format_score(row["score"])] for row in rows])


# --- reading the csv back (tests, checks) ------------------------------------------------------------------------


def read_csv(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
