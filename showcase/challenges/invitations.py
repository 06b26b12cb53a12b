"""Joining a team: e-mail invitations (hashed tokens, 14 days) and the share link (the captain approves).

The share link is derived, not stored: Team.join_token_hash holds a random seed and the link carries
HMAC(secret_key, team, seed). A copy of the database alone opens no team (as with a hash), and the
captain can copy the same link again at any time; regenerating the seed kills the old link, emptying it
disables sharing.
"""

from __future__ import annotations

import base64
import hmac
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from hashlib import sha256
from typing import Any

from showcase.accounts.domain import normalize_email
from showcase.accounts.tables import User
from showcase.challenges import constants
from showcase.challenges.phases import capabilities
from showcase.challenges.access import ChallengeContext
from showcase.challenges.tables import ChallengeRole, Team, TeamInvitation, TeamMember
from showcase.challenges.teams import (
    add_member,
    check,
    hash_token,
    has_room,
    is_unique_violation,
    locked_team,
    member_key,
    new_share_seed,
    pending_invitation_count,
    phase_message,
    register_if_needed,
    team_full_message,
    team_size,
)
from showcase.exceptions import InvalidInput, NotAllowed, NotFound, TokenInvalid
from showcase.i18n import gettext as _
from showcase.mail.domain import queue_mail
from showcase.settings import get_settings

INVITATION_LIFETIME = timedelta(days=constants.INVITATION_DAYS)


def _link(path: str) -> str:
    return f"{get_settings().base_url}{path}"


def _titles(challenge: Mapping[str, Any]) -> dict[str, str]:
    """What mail templates need to name the challenge in the recipient's language (localized())."""
    return {"title_fr": challenge["title_fr"], "title_ar": challenge["title_ar"]}


def team_space_path(slug: str) -> str:
    return f"/challenges/{slug}/team"


# --- the share link ------------------------------------------------------------------------


def share_token(team_id: int, seed: str) -> str:
    mac = hmac.new(get_settings().secret_key.encode(), f"challenge-team-join:{team_id}:{seed}".encode(), sha256)
    return f"{team_id}-{base64.urlsafe_b64encode(mac.digest()[:18]).decode()}"


def share_path(slug: str, team_id: int, seed: str) -> str | None:
    return f"/challenges/{slug}/join/{share_token(team_id, seed)}" if seed else None


async def open_share_link(challenge_id: int, token: str) -> dict:
    """The team behind a share link of this challenge; TokenInvalid("unknown") for a wrong, old or disabled link."""
    team_part, _sep, _mac = (token or "").partition("-")
    team = None
    if team_part.isdigit() and len(team_part) < 12:
        team = await Team.select(Team.id, Team.name, Team.captain, Team.join_token_hash,
                                 Team.captain.name, Team.captain.email, Team.captain.locale).where(
            (Team.id == int(team_part)) & (Team.challenge == challenge_id)).first()
    if team is None or not team["join_token_hash"] or not hmac.compare_digest(
            share_token(team["id"], team["join_token_hash"]), token):
        raise TokenInvalid("unknown")
    return team


async def regenerate_share_link(ctx: ChallengeContext) -> None:
    await check(ctx, "manage_share_link")
    await Team.update({Team.join_token_hash: new_share_seed()}).where(Team.id == ctx.actor.team_id)


async def disable_share_link(ctx: ChallengeContext) -> None:
    await check(ctx, "manage_share_link")
    await Team.update({Team.join_token_hash: ""}).where(Team.id == ctx.actor.team_id)


async def request_to_join(ctx: ChallengeContext, *, token: str, values: Mapping[str, str], now: datetime) -> dict:
    """Ask to join through the share link (registering on the way); the captain is e-mailed. Returns the team."""
    team = await open_share_link(ctx.challenge["id"], token)
    if ctx.actor.pending_team_id == team["id"]:
        return team  # asked already
    if ctx.actor.team_id == team["id"]:
        raise NotAllowed(_("You are already a member of this team."))
    ctx = await register_if_needed(ctx, values=values, now=now)
    await check(ctx, "join_team")
    if not has_room(await team_size(team["id"]), ctx.challenge):
        raise NotAllowed(team_full_message(ctx.challenge))
    challenge_id, user_id = ctx.challenge["id"], ctx.actor.user_id
    key = member_key(challenge_id, user_id)
    try:
        async with locked_team(team["id"]):
            # One request at a time: asking this team withdraws a request to another one.
            await TeamMember.delete().where((TeamMember.key == key) & (TeamMember.status == "pending"))
            await TeamMember.insert(TeamMember(team=team["id"], challenge=challenge_id, user=user_id, key=key,
                                               status="pending", joined_at=now))
    except Exception as exc:
        if is_unique_violation(exc):
            raise NotAllowed(_("You are already in a team for this challenge.")) from None
        raise
    requester = await User.select(User.name).where(User.id == user_id).first()
    if team["captain"] is not None:
        await queue_mail(to=team["captain.email"], template="challenge_join_request", locale=team["captain.locale"],
                         now=now, context={"challenge": _titles(ctx.challenge), "team": team["name"],
                                           "captain": team["captain.name"], "person": requester["name"],
                                           "link": _link(team_space_path(ctx.challenge["slug"]))})
    return team


async def cancel_request(ctx: ChallengeContext) -> None:
    """The person withdraws their request to join (before the deadline)."""
    if ctx.actor.pending_team_id is None:
        raise NotAllowed(_("You have no request waiting for a captain's approval."))
    await check_team_changes_open(ctx)
    await TeamMember.delete().where((TeamMember.key == member_key(ctx.challenge["id"], ctx.actor.user_id))
                                    & (TeamMember.status == "pending"))


async def check_team_changes_open(ctx: ChallengeContext) -> None:
    if not capabilities(ctx.phase).can_form_teams:
        raise NotAllowed(phase_message("join_team", ctx.phase))


async def _requester(team_id: int, user_id: int) -> dict:
    row = await TeamMember.select(TeamMember.user.name, TeamMember.user.email, TeamMember.user.locale).where(
        (TeamMember.team == team_id) & (TeamMember.user == user_id) & (TeamMember.status == "pending")).first()
    if row is None:
        raise NotFound()
    return row


async def approve_request(ctx: ChallengeContext, *, user_id: int, now: datetime) -> str:
    """The captain accepts a request (within the size bound); the person is e-mailed. Returns their name."""
    await check(ctx, "approve_member")
    team_id = ctx.actor.team_id
    person = await _requester(team_id, user_id)
    async with locked_team(team_id):
        if not has_room(await team_size(team_id), ctx.challenge):
            raise NotAllowed(team_full_message(ctx.challenge))
        updated = await TeamMember.update({TeamMember.status: "member", TeamMember.joined_at: now}).where(
            (TeamMember.team == team_id) & (TeamMember.user == user_id) & (TeamMember.status == "pending")
        ).returning(TeamMember.id)
    if not updated:  # withdrawn a moment ago
        raise NotFound()
    team = await Team.select(Team.name).where(Team.id == team_id).first()
    await queue_mail(to=person["user.email"], template="challenge_join_approved", locale=person["user.locale"], now=now,
                     context={"challenge": _titles(ctx.challenge), "team": team["name"], "name": person["user.name"],
                              "link": _link(team_space_path(ctx.challenge["slug"]))})
    return person["user.name"]


async def refuse_request(ctx: ChallengeContext, *, user_id: int, now: datetime) -> str:
    """The captain declines a request; the person is told by e-mail and may ask another team."""
    await check(ctx, "approve_member")
    team_id = ctx.actor.team_id
    person = await _requester(team_id, user_id)
    await TeamMember.delete().where((TeamMember.team == team_id) & (TeamMember.user == user_id)
                                    & (TeamMember.status == "pending"))
    team = await Team.select(Team.name).where(Team.id == team_id).first()
    await queue_mail(to=person["user.email"], template="challenge_join_refused", locale=person["user.locale"], now=now,
                     context={"challenge": _titles(ctx.challenge), "team": team["name"], "name": person["user.name"],
                              "link": _link(f"/challenges/{ctx.challenge['slug']}")})
    return person["user.name"]


# --- e-mail invitations ------------------------------------------------------------------


async def _invitee_problem(challenge_id: int, team_id: int, email: str) -> str | None:
    """Why this address cannot be invited: already in this team or another one, or organizing the challenge."""
    account = await User.select(User.id, User.is_admin).where(User.email == email).first()
    if account is None:
        return None
    membership = await TeamMember.select(TeamMember.team, TeamMember.status).where(
        TeamMember.key == member_key(challenge_id, account["id"])).first()
    if membership and membership["status"] == "member":
        if membership["team"] == team_id:
            return _("%(email)s is already a member of your team.", email=email)
        return _("%(email)s is already in a team of this challenge.", email=email)
    organizes = account["is_admin"] or await ChallengeRole.exists().where(
        (ChallengeRole.challenge == challenge_id) & (ChallengeRole.user == account["id"]))
    if organizes:
        return _("%(email)s organizes this challenge and cannot take part in it.", email=email)
    return None


async def invite(ctx: ChallengeContext, *, inviter: Any, email: str, locale: str, now: datetime) -> str:
    """E-mail an invitation to join the captain's team (replacing a pending one to the same address).

    The e-mail is in the invitee's language when they have an account, else in the inviter's. Returns the raw token.
    """
    await check(ctx, "invite_member")
    email = normalize_email(email)
    team_id, challenge_id = ctx.actor.team_id, ctx.challenge["id"]
    if problem := await _invitee_problem(challenge_id, team_id, email):
        raise InvalidInput({"email": problem})
    invitee = await User.select(User.locale).where(User.email == email).first()
    team = await Team.select(Team.name).where(Team.id == team_id).first()
    raw = secrets.token_urlsafe(32)
    async with locked_team(team_id):
        await TeamInvitation.update({TeamInvitation.status: "revoked", TeamInvitation.responded_at: now}).where(
            (TeamInvitation.team == team_id) & (TeamInvitation.email == email) & (TeamInvitation.status == "pending"))
        seats_taken = await team_size(team_id) + await pending_invitation_count(team_id, now=now)
        if not has_room(seats_taken, ctx.challenge):
            raise InvalidInput({"email": _("The team is full: members and pending invitations already take the "
                                           "%(max)s places. Withdraw an invitation first.",
                                           max=ctx.challenge["max_team_size"])})
        await TeamInvitation.insert(TeamInvitation(team=team_id, email=email, token_hash=hash_token(raw),
                                                   invited_by=inviter.id, status="pending", created_at=now,
                                                   expires_at=now + INVITATION_LIFETIME))
        await queue_mail(to=email, template="challenge_team_invitation", locale=invitee["locale"] if invitee else locale,
                         now=now, context={"challenge": _titles(ctx.challenge), "team": team["name"],
                                           "inviter": inviter.name, "link": _link(f"/challenges/invitations/{raw}"),
                                           "days": constants.INVITATION_DAYS, "has_account": invitee is not None})
    return raw


async def revoke_invitation(ctx: ChallengeContext, *, invitation_id: int, now: datetime) -> str:
    await check(ctx, "invite_member")
    revoked = await TeamInvitation.update({TeamInvitation.status: "revoked", TeamInvitation.responded_at: now}).where(
        (TeamInvitation.id == invitation_id) & (TeamInvitation.team == ctx.actor.team_id)
        & (TeamInvitation.status == "pending")).returning(TeamInvitation.email)
    if not revoked:
        raise NotFound()
    return revoked[0]["email"]


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
    """The invitation behind an e-mailed link, with its team and challenge; TokenInvalid(reason) otherwise."""
    row = await TeamInvitation.select(
        TeamInvitation.id, TeamInvitation.status, TeamInvitation.expires_at, TeamInvitation.email,
        TeamInvitation.team.id, TeamInvitation.team.name, TeamInvitation.team.challenge.slug,
        TeamInvitation.invited_by.name,
    ).where(TeamInvitation.token_hash == hash_token(token or "")).first()
    if problem := invitation_problem(row, now=now):
        raise TokenInvalid(problem)
    return row


async def respond(ctx: ChallengeContext, *, invitation: dict, accept: bool, values: Mapping[str, str],
                  now: datetime) -> None:
    """Accept (registering on the way, within the size bound) or decline an invitation, once."""

    async def mark(status: str) -> None:
        updated = await TeamInvitation.update({TeamInvitation.status: status, TeamInvitation.responded_at: now}).where(
            (TeamInvitation.id == invitation["id"]) & (TeamInvitation.status == "pending")
            & (TeamInvitation.expires_at > now)).returning(TeamInvitation.id)
        if not updated:  # answered in another tab a moment ago
            raise TokenInvalid("used")

    if not accept:
        await mark("declined")
        return
    team_id = invitation["team.id"]
    if ctx.actor.team_id == team_id:
        raise NotAllowed(_("You are already a member of this team."))
    ctx = await register_if_needed(ctx, values=values, now=now)
    await check(ctx, "join_team")
    await add_member(ctx, team_id, ctx.actor.user_id, now=now, before=lambda: mark("accepted"))
