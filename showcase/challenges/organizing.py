"""Organizers' rules for one challenge: create, edit, publish, timeline, manual overrides, the event log.

Questions, prize tracks and co-organizers are in organizing_parts.py. Handlers check the permission
(access.load with the right action) before calling these; the rules here are about the phase and the data.
Every publication, timeline change and override is written to ChallengeEvent and shown on the overview.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from showcase.challenges import phases
from showcase.challenges.access import ChallengeContext
from showcase.challenges.challenge_fields import ChallengeTexts, clean_basics, missing_for_publication
from showcase.challenges.tables import (
    Challenge,
    ChallengeDataset,
    ChallengeEvent,
    ChallengeRole,
    ChallengeSlugRedirect,
    ChallengeTheme,
    Entry,
    TeamMember,
)
from showcase.challenges.timeline_form import FIELDS as TIMELINE_FIELDS
from showcase.challenges.timeline_form import TimelineResult
from showcase.db import get_engine
from showcase.exceptions import InvalidInput
from showcase.i18n import gettext as _
from showcase.i18n import lazy_gettext as _l
from showcase.i18n import ngettext
from showcase.portal.tables import Theme
from showcase.startups.fields import slugify

PICTURE_KEY = re.compile(r"^[0-9a-f]{64}$")
RESERVED_SLUGS = ("new", "invitations")  # /manage/challenges/new, /challenges/invitations/<token>

EVENT_LABELS = {
    "create": _l("Challenge created"),
    "edit": _l("Texts or datasets changed"),
    "publish": _l("Published"),
    "timeline": _l("Timeline changed"),
    "deadline_extended": _l("Deadline moved"),
    "submissions_closed": _l("Submissions closed by hand"),
    "submissions_reopened": _l("Submissions reopened"),
    "judging_opened": _l("Judging opened by hand"),
    "gallery_opened": _l("Entries gallery opened"),
    "gallery_closed": _l("Entries gallery closed"),
    "organizer_added": _l("Co-organizer added"),
    "organizer_removed": _l("Co-organizer removed"),
    "announce": _l("Announcement e-mailed"),  # logged by announcements.py
}


async def log_event(challenge_id: int, user: Any, action: str, now: datetime, **detail: object) -> None:
    await ChallengeEvent.insert(ChallengeEvent(
        challenge=challenge_id, actor=user.id if user else None, action=action, created_at=now,
        detail=json.dumps(detail, ensure_ascii=False, default=str) if detail else ""))


async def free_slug(base: str, *, challenge_id: int | None) -> str:
    """The slug itself, or with -2, -3…: unused by another challenge and by another challenge's old slugs."""
    base = base or "challenge"
    candidate, counter = base, 2
    while True:
        taken = await Challenge.select(Challenge.id).where(Challenge.slug == candidate).first()
        redirected = await ChallengeSlugRedirect.select(ChallengeSlugRedirect.challenge).where(
            ChallengeSlugRedirect.old_slug == candidate).first()
        if ((taken is None or taken["id"] == challenge_id)
                and (redirected is None or redirected["challenge"] == challenge_id)
                and candidate not in RESERVED_SLUGS):
            return candidate
        candidate, counter = f"{base[:80]}-{counter}", counter + 1


async def create_challenge(*, user: Any, values: dict[str, str], now: datetime) -> str:
    """A draft run by `user` (its organizer); returns its slug. Raises InvalidInput."""
    errors: dict[str, str] = {}
    basics = clean_basics(values, errors, summary_required=False)
    if errors:
        raise InvalidInput(errors)
    async with get_engine().transaction():
        slug = await free_slug(slugify(basics.title), challenge_id=None)
        rows = await Challenge.insert(Challenge(
            slug=slug, status="draft", title_fr=basics.title_fr, title_ar=basics.title_ar,
            summary_fr=basics.summary_fr, summary_ar=basics.summary_ar, organizer_name=basics.organizer_name,
            created_by=user.id, created_at=now, updated_at=now)).returning(Challenge.id)
        challenge_id = rows[0]["id"]
        await ChallengeRole.insert(ChallengeRole(challenge=challenge_id, user=user.id, role="organizer",
                                                 key=f"{challenge_id}:{user.id}", created_at=now))
        await log_event(challenge_id, user, "create", now)
    return slug


async def theme_ids(names: list[str]) -> tuple[list[int], str]:
    """(ids, "") or (ids found, a message) when a name is not a portal theme."""
    if not names:
        return [], ""
    found = {row["name"]: row["id"] for row in await Theme.select(Theme.id, Theme.name).where(Theme.name.is_in(names))}
    message = _("Choose themes in the list.") if len(found) != len(set(names)) else ""
    return [found[name] for name in names if name in found], message


async def largest_team(challenge_id: int) -> int:
    rows = await TeamMember.raw(
        "SELECT COUNT(*) AS size FROM challenge_team_member WHERE challenge = {} AND status = 'member' "
        "GROUP BY team ORDER BY size DESC LIMIT 1", challenge_id)
    return int(rows[0]["size"]) if rows else 0


async def save_challenge(*, challenge: dict, user: Any, texts: ChallengeTexts, theme_ids: list[int],
                         dataset_ids: list[int], cover_key: str, now: datetime) -> str:
    """Store the edit form (checked already); a new title gives a new slug, the old one keeps redirecting.

    Raises InvalidInput for what depends on the stored challenge (a published one keeps an eligible
    dataset; teams already formed bound the team size)."""
    errors: dict[str, str] = {}
    if challenge["status"] == "published" and not dataset_ids:
        errors["datasets"] = _("A published challenge needs at least one eligible dataset.")
    biggest = await largest_team(challenge["id"])
    if texts.max_team_size < biggest:
        errors["max_team_size"] = _("A team already has %(count)s members: the largest size cannot be smaller.",
                                    count=biggest)
    if errors:
        raise InvalidInput(errors)
    cover_key = cover_key if PICTURE_KEY.match(cover_key or "") else ""
    challenge_id, slug = challenge["id"], challenge["slug"]
    async with get_engine().transaction():
        old_title = challenge["title_fr"] or challenge["title_ar"]
        new_title = texts.basics.title
        if new_title != old_title and slugify(new_title) != slugify(old_title):
            slug = await _rename(challenge_id, old_slug=slug, title=new_title)
        columns = {getattr(Challenge, name): value for name, value in texts.columns().items()}
        await Challenge.update({**columns, Challenge.cover: cover_key, Challenge.slug: slug,
                                Challenge.updated_at: now}).where(Challenge.id == challenge_id)
        await ChallengeTheme.delete().where(ChallengeTheme.challenge == challenge_id)
        if theme_ids:
            await ChallengeTheme.insert(*[ChallengeTheme(challenge=challenge_id, theme=t) for t in theme_ids])
        await ChallengeDataset.delete().where(ChallengeDataset.challenge == challenge_id)
        if dataset_ids:
            await ChallengeDataset.insert(*[ChallengeDataset(challenge=challenge_id, dataset=d, position=i)
                                            for i, d in enumerate(dataset_ids)])
        await log_event(challenge_id, user, "edit", now)
    return slug


async def _rename(challenge_id: int, *, old_slug: str, title: str) -> str:
    slug = await free_slug(slugify(title), challenge_id=challenge_id)
    if slug != old_slug:
        # The new slug may be one of this challenge's own old ones: it stops redirecting.
        await ChallengeSlugRedirect.delete().where(ChallengeSlugRedirect.old_slug == slug)
        await ChallengeSlugRedirect.insert(ChallengeSlugRedirect(old_slug=old_slug, challenge=challenge_id))
    return slug


async def eligible_dataset_count(challenge_id: int) -> int:
    return await ChallengeDataset.count().where(ChallengeDataset.challenge == challenge_id)


async def publish(context: ChallengeContext, *, user: Any, now: datetime) -> None:
    challenge = context.challenge
    if challenge["status"] == "published":
        raise InvalidInput({"publish": _("This challenge is already published.")})
    missing = missing_for_publication(challenge, eligible_datasets=await eligible_dataset_count(challenge["id"]))
    if missing:
        raise InvalidInput({"publish": _("Before publishing, add: %(missing)s.",
                                         missing="; ".join(text for text, _tab in missing))})
    async with get_engine().transaction():
        await Challenge.update({Challenge.status: "published", Challenge.published_at: now,
                                Challenge.updated_at: now}).where(Challenge.id == challenge["id"])
        await log_event(challenge["id"], user, "publish", now)


async def save_timeline(context: ChallengeContext, *, user: Any, result: TimelineResult, now: datetime) -> None:
    """Store a timeline checked by timeline_form.parse_timeline (result.ready)."""
    challenge = context.challenge
    changed = [name for name in TIMELINE_FIELDS if challenge[name] != result.instants[name]]
    if result.zone != challenge["time_zone"]:
        changed.insert(0, "time_zone")
    columns = {getattr(Challenge, name): result.instants[name] for name in TIMELINE_FIELDS}
    async with get_engine().transaction():
        await Challenge.update({**columns, Challenge.time_zone: result.zone, Challenge.updated_at: now}).where(
            Challenge.id == challenge["id"])
        if changed:
            await log_event(challenge["id"], user, "timeline", now, changed=changed)


# ---------------------------------------------------------------- manual overrides


def _published(context: ChallengeContext) -> None:
    if context.phase == "draft":
        raise InvalidInput({"override": _("Publish the challenge first: the timeline applies as it is until then.")})


def _before_judging(context: ChallengeContext, new_deadline: datetime) -> None:
    planned = context.challenge["judging_opens_at"]
    if planned is not None and new_deadline > planned:
        raise InvalidInput({"deadline": _("The deadline must not be after the opening of judging. Move judging "
                                          "in the timeline first.")})


async def _set_deadline(context: ChallengeContext, *, user: Any, action: str, new_deadline: datetime,
                        now: datetime) -> None:
    old = phases.deadline(context.state)
    async with get_engine().transaction():
        await Challenge.update({Challenge.deadline_override_at: new_deadline, Challenge.updated_at: now}).where(
            Challenge.id == context.challenge["id"])
        await log_event(context.challenge["id"], user, action, now, before=old.isoformat() if old else None,
                        after=new_deadline.isoformat())


def _deadline_passed(context: ChallengeContext) -> bool:
    close = phases.deadline(context.state)
    return close is not None and context.now >= close


async def extend_deadline(context: ChallengeContext, *, user: Any, new_deadline: datetime | None,
                          now: datetime) -> None:
    """Move the deadline while submissions are still open (usually later; the new time must be ahead)."""
    _published(context)
    if _deadline_passed(context):
        raise InvalidInput({"deadline": _("The deadline has passed: reopen submissions instead.")})
    if new_deadline is None or new_deadline <= now:
        raise InvalidInput({"deadline": _("Choose a time later than now.")})
    _before_judging(context, new_deadline)
    await _set_deadline(context, user=user, action="deadline_extended", new_deadline=new_deadline, now=now)


async def close_submissions_now(context: ChallengeContext, *, user: Any, now: datetime) -> None:
    _published(context)
    if _deadline_passed(context):
        raise InvalidInput({"override": _("Submissions are already closed.")})
    await _set_deadline(context, user=user, action="submissions_closed", new_deadline=now, now=now)


async def reopen_submissions(context: ChallengeContext, *, user: Any, new_deadline: datetime | None,
                             now: datetime) -> None:
    """After the deadline and before judging: submissions open again until `new_deadline`."""
    _published(context)
    if not _deadline_passed(context):
        raise InvalidInput({"reopen": _("Submissions are still open: extend the deadline instead.")})
    if context.phase != "screening" or context.challenge["judging_opened_at"] is not None:
        raise InvalidInput({"reopen": _("Judging has started: submissions can no longer reopen.")})
    if new_deadline is None or new_deadline <= now:
        raise InvalidInput({"reopen": _("Choose a time later than now.")})
    try:
        _before_judging(context, new_deadline)
    except InvalidInput as exc:
        raise InvalidInput({"reopen": exc.errors["deadline"]}) from None
    await _set_deadline(context, user=user, action="submissions_reopened", new_deadline=new_deadline, now=now)


async def undecided_entries(challenge_id: int) -> int:
    return await Entry.count().where(
        (Entry.challenge == challenge_id) & (Entry.status == "submitted")
        & Entry.screening.is_in(["pending", "needs_info"]))


async def open_judging_now(context: ChallengeContext, *, user: Any, now: datetime) -> None:
    """Judging before its planned date: only after the deadline and once every entry is screened."""
    _published(context)
    if not _deadline_passed(context):
        raise InvalidInput({"override": _("Judging can open only after the submission deadline.")})
    if context.phase != "screening":
        raise InvalidInput({"override": _("Judging is already open.")})
    undecided = await undecided_entries(context.challenge["id"])
    if undecided:
        raise InvalidInput({"override": ngettext(
            "Screening is not complete: %(num)s entry is still undecided (not screened yet or waiting for "
            "information). Decide on it first.",
            "Screening is not complete: %(num)s entries are still undecided (not screened yet or waiting for "
            "information). Decide on each of them first.", undecided)})
    async with get_engine().transaction():
        await Challenge.update({Challenge.judging_opened_at: now, Challenge.updated_at: now}).where(
            Challenge.id == context.challenge["id"])
        await log_event(context.challenge["id"], user, "judging_opened", now)


async def set_gallery(context: ChallengeContext, *, user: Any, public: bool, now: datetime) -> None:
    """Open (or close) the public gallery of entries; it opens only once submissions are closed."""
    if public and context.phase in ("draft", "upcoming", "registration", "submissions"):
        raise InvalidInput({"override": _("The entries gallery can open once submissions are closed, so that no "
                                          "team sees another's work before the deadline.")})
    if bool(context.challenge["entries_public"]) == public:
        return
    async with get_engine().transaction():
        await Challenge.update({Challenge.entries_public: public, Challenge.updated_at: now}).where(
            Challenge.id == context.challenge["id"])
        await log_event(context.challenge["id"], user, "gallery_opened" if public else "gallery_closed", now)


# ---------------------------------------------------------------- what the overview shows


async def overview_counts(challenge_id: int) -> dict[str, Any]:
    """Registrations, teams, eligible datasets, and entries by status and by screening outcome: two queries."""
    totals = await Challenge.raw(
        "SELECT (SELECT COUNT(*) FROM challenge_registration WHERE challenge = {}) AS registrations, "
        "(SELECT COUNT(*) FROM challenge_team WHERE challenge = {}) AS teams, "
        "(SELECT COUNT(*) FROM challenge_dataset WHERE challenge = {}) AS datasets, "
        "(SELECT COUNT(*) FROM challenge_track WHERE challenge = {}) AS tracks, "
        "(SELECT COUNT(*) FROM challenge_question WHERE challenge = {}) AS questions",
        challenge_id, challenge_id, challenge_id, challenge_id, challenge_id)
    entries = await Entry.raw(
        "SELECT status, screening, COUNT(*) AS n FROM challenge_entry WHERE challenge = {} GROUP BY status, screening",
        challenge_id)
    by_status: dict[str, int] = {}
    by_screening: dict[str, int] = {}
    for row in entries:
        by_status[row["status"]] = by_status.get(row["status"], 0) + int(row["n"])
        if row["status"] == "submitted":
            by_screening[row["screening"]] = by_screening.get(row["screening"], 0) + int(row["n"])
    return {**{key: int(value) for key, value in totals[0].items()}, "entries_by_status": by_status,
            "entries_by_screening": by_screening,
            "undecided": by_screening.get("pending", 0) + by_screening.get("needs_info", 0)}


async def recent_events(challenge_id: int, limit: int = 50) -> list[dict]:
    """What organizers did, newest first. Screening decisions (one per entry) have their own page."""
    rows = await ChallengeEvent.select(
        ChallengeEvent.action, ChallengeEvent.detail, ChallengeEvent.created_at,
        ChallengeEvent.actor.name.as_alias("actor_name"),
    ).where((ChallengeEvent.challenge == challenge_id) & (ChallengeEvent.action != "screen")).order_by(
        ChallengeEvent.id, ascending=False).limit(limit)
    for row in rows:
        row["label"] = str(EVENT_LABELS.get(row["action"], row["action"]))
        row["data"] = _event_data(row["detail"])
    return rows


def _event_data(detail: str) -> dict:
    """The detail as a dict: instants parsed; text that is not ours (other modules log too) under "text"."""
    try:
        data = json.loads(detail) if detail else {}
    except ValueError:
        return {"text": detail}
    if not isinstance(data, dict):
        return {"text": detail}
    for key in ("before", "after"):
        if isinstance(data.get(key), str):
            data[key] = datetime.fromisoformat(data[key])
    return data


async def runs(user: Any) -> list[dict]:
    """The challenges `user` organizes (every challenge for admins), newest first, with their phase."""
    query = Challenge.select(
        Challenge.id, Challenge.slug, Challenge.title_fr, Challenge.title_ar, Challenge.status,
        *[getattr(Challenge, name) for name in (*TIMELINE_FIELDS, "deadline_override_at", "judging_opened_at",
                                                "results_published_at", "time_zone")],
    ).order_by(Challenge.created_at, ascending=False)
    if not user.is_admin:
        query = query.where(Challenge.id.is_in(ChallengeRole.select(ChallengeRole.challenge).where(
            ChallengeRole.user == user.id)))
    return await query


async def runs_with_phase(user: Any, now: datetime) -> list[dict]:
    rows = await runs(user)
    undecided = await _challenges_with_undecided([row["id"] for row in rows])
    for row in rows:
        state = phases.State.from_row(row, screening_complete=row["id"] not in undecided)
        row["phase"] = phases.phase(state, now)
        row["deadline"] = phases.deadline(state)
    return rows


async def _challenges_with_undecided(ids: list[int]) -> set[int]:
    if not ids:
        return set()
    rows = await Entry.select(Entry.challenge).where(
        Entry.challenge.is_in(ids) & (Entry.status == "submitted")
        & Entry.screening.is_in(["pending", "needs_info"])).distinct()
    return {row["challenge"] for row in rows}
