"""The jury of a challenge: organizers invite judges by e-mail (hashed tokens, 14 days), invitees accept or
decline, organizers revoke invitations and remove judges. Those taking part in a challenge never judge it."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from showcase.accounts.domain import normalize_email
from showcase.accounts.tables import User
from showcase.challenges.access import ChallengeContext
from showcase.challenges.tables import TeamMember, Track
from showcase.challenges.teams import hash_token, is_unique_violation
from showcase.exceptions import InvalidInput, NotAllowed, NotFound, TokenInvalid
from showcase.i18n import gettext as _
from showcase.judging.tables import Judge, JudgeInvitation
from showcase.mail.domain import queue_mail
from showcase.settings import get_settings

INVITATION_DAYS = 14
INVITATION_LIFETIME = timedelta(days=INVITATION_DAYS)
MANAGE_ACTION = "edit_challenge"


def judge_key(challenge_id: int, user_id: int, track_id: int | None) -> str:
    return f"{challenge_id}:{user_id}:{track_id or 0}"


def invitation_path(raw: str) -> str:
    return f"/judging/invitations/{raw}"


def _check(ctx: ChallengeContext) -> None:
    if not ctx.can(MANAGE_ACTION):
        raise NotAllowed(_("Only the organizers of the challenge manage its jury."))


async def participates(challenge_id: int, user_id: int) -> bool:
    """A member of a team (or asking to join one) of the challenge."""
    return await TeamMember.exists().where((TeamMember.challenge == challenge_id) & (TeamMember.user == user_id))


def participant_message() -> str:
    return _("You take part in this challenge as a member of a team, so you cannot be on its jury.")


async def _track_id(challenge_id: int, raw: str) -> int | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    if raw.isdigit() and await Track.exists().where((Track.id == int(raw)) & (Track.challenge == challenge_id)):
        return int(raw)
    raise InvalidInput({"track": _("Choose a track of this challenge, or the whole challenge.")})


async def invite(ctx: ChallengeContext, *, inviter: Any, email: str, track: str = "", locale: str,
                 now: datetime) -> str:
    """E-mail an invitation to judge (replacing a pending one to the same address and track). Returns the raw token.

    The e-mail is in the invitee's language when they have an account, else in the inviter's."""
    _check(ctx)
    challenge_id = ctx.challenge["id"]
    email = normalize_email(email or "")
    if "@" not in email or email.startswith("@") or email.endswith("@") or " " in email:
        raise InvalidInput({"email": _("Enter an e-mail address, like name@example.ma.")})
    track_id = await _track_id(challenge_id, track)
    invitee = await User.select(User.id, User.locale).where(User.email == email).first()
    if invitee is not None:
        if await participates(challenge_id, invitee["id"]):
            raise InvalidInput({"email": _("%(email)s takes part in this challenge as a member of a team and cannot "
                                           "judge it.", email=email)})
        if await Judge.exists().where(Judge.key == judge_key(challenge_id, invitee["id"], track_id)):
            raise InvalidInput({"email": _("%(email)s is already on the jury.", email=email)})
    track_filter = JudgeInvitation.track.is_null() if track_id is None else JudgeInvitation.track == track_id
    await JudgeInvitation.update({JudgeInvitation.status: "revoked", JudgeInvitation.responded_at: now}).where(
        (JudgeInvitation.challenge == challenge_id) & (JudgeInvitation.email == email) & track_filter
        & (JudgeInvitation.status == "pending"))
    raw = secrets.token_urlsafe(32)
    await JudgeInvitation.insert(JudgeInvitation(challenge=challenge_id, track=track_id, email=email,
                                                 token_hash=hash_token(raw), invited_by=inviter.id, status="pending",
                                                 created_at=now, expires_at=now + INVITATION_LIFETIME))
    track_row = await Track.select(Track.name_fr, Track.name_ar).where(Track.id == track_id).first() if track_id else None
    await queue_mail(to=email, template="judge_invitation", locale=invitee["locale"] if invitee else locale, now=now,
                     context={"challenge": {"title_fr": ctx.challenge["title_fr"], "title_ar": ctx.challenge["title_ar"]},
                              "track": track_row, "inviter": inviter.name, "days": INVITATION_DAYS,
                              "link": f"{get_settings().base_url}{invitation_path(raw)}",
                              "has_account": invitee is not None})
    return raw


async def revoke(ctx: ChallengeContext, *, invitation_id: int, now: datetime) -> str:
    _check(ctx)
    rows = await JudgeInvitation.update({JudgeInvitation.status: "revoked", JudgeInvitation.responded_at: now}).where(
        (JudgeInvitation.id == invitation_id) & (JudgeInvitation.challenge == ctx.challenge["id"])
        & (JudgeInvitation.status == "pending")).returning(JudgeInvitation.email)
    if not rows:
        raise NotFound()
    return rows[0]["email"]


async def remove_judge(ctx: ChallengeContext, *, judge_id: int) -> str:
    _check(ctx)
    row = await Judge.select(Judge.user.name).where(
        (Judge.id == judge_id) & (Judge.challenge == ctx.challenge["id"])).first()
    if row is None:
        raise NotFound()
    await Judge.delete().where(Judge.id == judge_id)
    return row["user.name"]


def invitation_problem(row: dict | None, *, now: datetime) -> str | None:
    """Why an invitation can't be answered: unknown, revoked, used, expired; None when it can."""
    if row is None:
        return "unknown"
    if row["status"] == "revoked":
        return "revoked"
    if row["status"] in ("accepted", "declined"):
        return "used"
    if row["expires_at"] <= now:
        return "expired"
    return None


async def open_invitation(*, token: str, now: datetime) -> dict:
    """The invitation behind an e-mailed link with its challenge and track; TokenInvalid(reason) otherwise."""
    row = await JudgeInvitation.select(
        JudgeInvitation.id, JudgeInvitation.status, JudgeInvitation.expires_at, JudgeInvitation.email,
        JudgeInvitation.challenge.id, JudgeInvitation.challenge.slug, JudgeInvitation.challenge.title_fr,
        JudgeInvitation.challenge.title_ar, JudgeInvitation.track, JudgeInvitation.track.name_fr,
        JudgeInvitation.track.name_ar, JudgeInvitation.invited_by.name,
    ).where(JudgeInvitation.token_hash == hash_token(token or "")).first()
    if problem := invitation_problem(row, now=now):
        raise TokenInvalid(problem)
    return row


async def respond(invitation: dict, *, user_id: int, accept: bool, now: datetime) -> None:
    """Accept (the person joins the jury) or decline, once. A participant of the challenge is refused."""
    challenge_id = invitation["challenge.id"]
    if accept and await participates(challenge_id, user_id):
        raise NotAllowed(participant_message())
    updated = await JudgeInvitation.update({JudgeInvitation.status: "accepted" if accept else "declined",
                                            JudgeInvitation.responded_at: now}).where(
        (JudgeInvitation.id == invitation["id"]) & (JudgeInvitation.status == "pending")
        & (JudgeInvitation.expires_at > now)).returning(JudgeInvitation.id)
    if not updated:  # answered in another tab a moment ago
        raise TokenInvalid("used")
    if not accept:
        return
    track_id = invitation["track"]
    try:
        await Judge.insert(Judge(challenge=challenge_id, user=user_id, track=track_id,
                                 key=judge_key(challenge_id, user_id, track_id), created_at=now))
    except Exception as exc:
        if not is_unique_violation(exc):  # already a judge: accepting twice changes nothing
            raise


async def judges_of(challenge_id: int) -> list[dict]:
    return await Judge.select(Judge.id, Judge.user, Judge.user.name, Judge.user.email, Judge.track,
                              Judge.track.name_fr, Judge.track.name_ar, Judge.created_at).where(
        Judge.challenge == challenge_id).order_by(Judge.user.name).order_by(Judge.id)


async def public_jury(challenge: dict) -> list[str]:
    """The judges' names for the public page, or nothing when the organizers keep the jury hidden."""
    if not challenge.get("jury_public"):
        return []
    rows = await Judge.select(Judge.user.name).where(Judge.challenge == challenge["id"]).order_by(Judge.user.name)
    return list(dict.fromkeys(row["user.name"] for row in rows))


async def pending_invitations(challenge_id: int, *, now: datetime) -> list[dict]:
    return await JudgeInvitation.select(
        JudgeInvitation.id, JudgeInvitation.email, JudgeInvitation.track.name_fr, JudgeInvitation.track.name_ar,
        JudgeInvitation.expires_at, JudgeInvitation.invited_by.name).where(
        (JudgeInvitation.challenge == challenge_id) & (JudgeInvitation.status == "pending")
        & (JudgeInvitation.expires_at > now)).order_by(JudgeInvitation.id)
