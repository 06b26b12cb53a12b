"""Registration and teams: who may register, create a team, leave it, remove a member, hand over the captaincy.

The person's relation to the challenge comes from access.load (a ChallengeContext); every change asks
rules.allowed through `check`, which turns a refusal into a message saying why (the phase, the role, the
team's state). Changes to one team's membership run in `locked_team`, so two requests racing for the
last seat cannot both take it; TeamMember.key ("<challenge>:<user>") is unique, so two teams racing for
the same person cannot both get them either.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import datetime
from typing import Any

from piccolo.engine.sqlite import TransactionType

from showcase.challenges import queries, rules
from showcase.challenges.access import ChallengeContext
from showcase.challenges.phases import capabilities
from showcase.challenges.tables import Entry, Registration, Team, TeamInvitation, TeamMember
from showcase.db import get_engine
from showcase.exceptions import InvalidInput, NotAllowed, NotFound
from showcase.i18n import gettext as _
from showcase.startups.domain import hash_token, is_unique_violation  # the startup invitations' helpers, shared
from showcase.startups.tables import StartupMember

TEAM_NAME_MAX = 120
TEAM_NAME_MIN = 2


def member_key(challenge_id: int, user_id: int) -> str:
    """TeamMember.key and Registration.key: one row per person per challenge."""
    return f"{challenge_id}:{user_id}"


def new_share_seed() -> str:
    """A fresh random seed for the team's share link (see invitations.share_token)."""
    return secrets.token_hex(32)


# --- team size ----------------------------------------------------------------------------


async def team_size(team_id: int) -> int:
    """Approved members (people waiting for the captain's approval do not count)."""
    return await TeamMember.count().where((TeamMember.team == team_id) & (TeamMember.status == "member"))


def meets_minimum(size: int, challenge: Mapping[str, Any]) -> bool:
    """Whether a team of `size` is large enough to submit (the entries helper shows and enforces it)."""
    return size >= (challenge["min_team_size"] or 1)


def has_room(size: int, challenge: Mapping[str, Any]) -> bool:
    return size < challenge["max_team_size"]


def team_full_message(challenge: Mapping[str, Any]) -> str:
    return _("The team is full: this challenge allows at most %(max)s members per team.",
             max=challenge["max_team_size"])


# --- permissions ----------------------------------------------------------------------------


# Team actions that only the registration and submission phases allow (phases.capabilities).
PHASE_BOUND = ("register", "create_team", "join_team", "leave_team", "invite_member", "approve_member", "remove_member",
               "transfer_captaincy", "manage_share_link", "rename_team")


def phase_message(action: str, phase: str) -> str:
    if phase in ("draft", "upcoming"):
        return _("Registration has not opened yet.")
    if action == "register":
        return _("Registration is closed: the submission deadline has passed.")
    return _("The submission deadline has passed: teams can no longer change.")


def refusal_message(ctx: ChallengeContext, action: str) -> str:
    """Why `action` is refused, in words the person can act on."""
    actor = ctx.actor
    if actor.organizes:
        return _("Organizers of a challenge (and site administrators) cannot take part in it.")
    open_now = capabilities(ctx.phase)
    if not (open_now.can_register if action == "register" else open_now.can_form_teams) and action in PHASE_BOUND:
        return phase_message(action, ctx.phase)  # the calendar comes first: nothing else would help
    if action == "register":
        return _("You are already registered for this challenge.")
    if not actor.registered:
        return _("Register for the challenge first.")
    if action in ("create_team", "join_team"):
        return _("You are already in a team for this challenge.")
    if actor.team_id is None:
        return _("You are not in a team for this challenge.")
    if action == "leave_team" and actor.is_captain:
        return _("You are the captain: hand the captaincy over to another member before leaving the team.")
    if action in rules.CAPTAIN_ACTIONS:
        return _("Only the team's captain can do this.")
    return _("You cannot do this.")


async def check(ctx: ChallengeContext, action: str) -> rules.Target:
    """The Target of an action on the person's own team; NotAllowed (with the reason) when refused."""
    target = await queries.team_target(ctx.challenge, ctx.phase, ctx.actor.team_id)
    if not rules.allowed(ctx.actor, action, target):
        raise NotAllowed(refusal_message(ctx, action))
    return target


@asynccontextmanager
async def locked_team(team_id: int) -> AsyncIterator[None]:
    """A transaction holding the team's lock: membership changes of one team happen one at a time.

    SQLite: BEGIN IMMEDIATE takes the database's write lock before the first read. PostgreSQL: the
    team's row is locked (SELECT … FOR UPDATE) before anything is counted.
    """
    engine = get_engine()
    if engine.engine_type == "sqlite":
        async with engine.transaction(transaction_type=TransactionType.immediate):
            yield
        return
    async with engine.transaction():
        await Team.select(Team.id).where(Team.id == team_id).lock_rows("UPDATE")
        yield


# --- registration ---------------------------------------------------------------------------


def acceptance_errors(challenge: Mapping[str, Any], values: Mapping[str, str]) -> dict[str, str]:
    """Both statements must be accepted (a box is only asked for when the organizer wrote its text)."""
    errors: dict[str, str] = {}
    if (challenge["rules_fr"] or challenge["rules_ar"]) and values.get("accept_rules") != "on":
        errors["accept_rules"] = _("Accept the challenge's rules to register.")
    if (challenge["eligibility_fr"] or challenge["eligibility_ar"]) and values.get("accept_eligibility") != "on":
        errors["accept_eligibility"] = _("Confirm that you meet the eligibility conditions to register.")
    return errors


async def register(ctx: ChallengeContext, *, values: Mapping[str, str], now: datetime) -> bool:
    """Register the person (rules and eligibility accepted). True when registered now, False if they already were.

    A double submit does not fail: the second insert hits the unique key and counts as "already registered".
    """
    if ctx.actor.registered:
        return False
    await check(ctx, "register")
    if errors := acceptance_errors(ctx.challenge, values):
        raise InvalidInput(errors)
    challenge_id, user_id = ctx.challenge["id"], ctx.actor.user_id
    try:
        await Registration.insert(Registration(challenge=challenge_id, user=user_id, key=member_key(challenge_id, user_id),
                                               accepted_rules_at=now, created_at=now))
    except Exception as exc:
        if is_unique_violation(exc):
            return False
        raise
    return True


async def register_if_needed(ctx: ChallengeContext, *, values: Mapping[str, str], now: datetime) -> ChallengeContext:
    """On the invitation and share-link pages: register on the way (boxes ticked), then act as registered."""
    if ctx.actor.registered:
        return ctx
    await register(ctx, values=values, now=now)
    return replace(ctx, actor=replace(ctx.actor, registered=True))


# --- creating and naming a team -------------------------------------------------------------


def clean_team_name(raw: str | None) -> str:
    name = " ".join((raw or "").split())
    if len(name) < TEAM_NAME_MIN:
        raise InvalidInput({"name": _("Give your team a name (at least %(min)s characters).", min=TEAM_NAME_MIN)})
    if len(name) > TEAM_NAME_MAX:
        raise InvalidInput({"name": _("The name is too long: %(max)s characters at most.", max=TEAM_NAME_MAX)})
    return name


async def _name_taken(challenge_id: int, name: str, *, except_team: int | None = None) -> bool:
    rows = await Team.select(Team.id, Team.name).where(Team.challenge == challenge_id)
    return any(row["name"].casefold() == name.casefold() and row["id"] != except_team for row in rows)


async def startups_of(user_id: int) -> list[dict]:
    """The startups a person belongs to: they may enter one of them as a team."""
    return await StartupMember.select(StartupMember.startup.id.as_alias("id"),
                                      StartupMember.startup.name.as_alias("name")).where(
        StartupMember.user == user_id).order_by(StartupMember.startup.name)


async def _chosen_startup(user_id: int, raw: str | None) -> dict | None:
    if not (raw or "").strip():
        return None
    chosen = next((row for row in await startups_of(user_id) if str(row["id"]) == raw.strip()), None)
    if chosen is None:
        raise InvalidInput({"startup": _("Choose one of your startups.")})
    return chosen


async def create_team(ctx: ChallengeContext, *, values: Mapping[str, str], now: datetime) -> int:
    """A new team captained by its creator, with a share link ready. A pending request elsewhere is dropped."""
    await check(ctx, "create_team")
    challenge_id, user_id = ctx.challenge["id"], ctx.actor.user_id
    errors: dict[str, str] = {}
    startup = None
    try:
        startup = await _chosen_startup(user_id, values.get("startup"))
    except InvalidInput as exc:
        errors.update(exc.errors)
    raw_name = values.get("name") or (startup["name"] if startup else "")
    name = ""
    try:
        name = clean_team_name(raw_name)
    except InvalidInput as exc:
        errors.update(exc.errors)
    if name and await _name_taken(challenge_id, name):
        errors["name"] = _("Another team of this challenge already uses this name.")
    if startup and await Team.exists().where((Team.challenge == challenge_id) & (Team.startup == startup["id"])):
        errors["startup"] = _("%(startup)s already has a team in this challenge.", startup=startup["name"])
    if errors:
        raise InvalidInput(errors)
    try:
        async with get_engine().transaction():
            await TeamMember.delete().where((TeamMember.key == member_key(challenge_id, user_id))
                                            & (TeamMember.status == "pending"))
            rows = await Team.insert(Team(challenge=challenge_id, name=name, captain=user_id,
                                          startup=startup["id"] if startup else None,
                                          join_token_hash=new_share_seed(), created_at=now)).returning(Team.id)
            await TeamMember.insert(TeamMember(team=rows[0]["id"], challenge=challenge_id, user=user_id,
                                               key=member_key(challenge_id, user_id), status="member", joined_at=now))
    except Exception as exc:
        if is_unique_violation(exc):  # joined another team a moment ago, in another tab
            raise NotAllowed(_("You are already in a team for this challenge.")) from None
        raise
    return rows[0]["id"]


async def rename_team(ctx: ChallengeContext, *, values: Mapping[str, str]) -> str:
    await check(ctx, "rename_team")
    name = clean_team_name(values.get("name"))
    if await _name_taken(ctx.challenge["id"], name, except_team=ctx.actor.team_id):
        raise InvalidInput({"name": _("Another team of this challenge already uses this name.")})
    await Team.update({Team.name: name}).where(Team.id == ctx.actor.team_id)
    return name


# --- membership -------------------------------------------------------------------------------


async def add_member(ctx: ChallengeContext, team_id: int, user_id: int, *, now: datetime,
                     before: Any = None) -> None:
    """Make `user_id` a member of `team_id`, within the size bound; `before()` runs first inside the lock.

    Raises NotAllowed when the team is full or the person joined a team meanwhile (unique key).
    """
    challenge_id = ctx.challenge["id"]
    key = member_key(challenge_id, user_id)
    try:
        async with locked_team(team_id):
            if before is not None:
                await before()
            if not has_room(await team_size(team_id), ctx.challenge):
                raise NotAllowed(team_full_message(ctx.challenge))
            existing = await TeamMember.select(TeamMember.team, TeamMember.status).where(TeamMember.key == key).first()
            if existing and existing["status"] == "member":
                raise NotAllowed(_("You are already in a team for this challenge.")
                                 if existing["team"] != team_id else _("You are already a member of this team."))
            if existing:  # a request to join (this team or another) gives way to the membership
                await TeamMember.delete().where(TeamMember.key == key)
            await TeamMember.insert(TeamMember(team=team_id, challenge=challenge_id, user=user_id, key=key,
                                               status="member", joined_at=now))
    except Exception as exc:
        if is_unique_violation(exc):  # another team took them at the same instant
            raise NotAllowed(_("You are already in a team for this challenge.")) from None
        raise


async def leave_team(ctx: ChallengeContext) -> bool:
    """Leave the team; a captain alone disbands it (with its draft entry). True when the team was deleted."""
    target = await check(ctx, "leave_team")
    team_id = ctx.actor.team_id
    if ctx.actor.is_captain:  # rules allow it only when alone
        if target.entry_status == "submitted":
            raise NotAllowed(_("Your team has a submitted entry. Withdraw it before leaving: the team and its entry "
                               "would be deleted."))
        async with locked_team(team_id):
            if await team_size(team_id) > 1:  # someone joined meanwhile
                raise NotAllowed(_("You are the captain: hand the captaincy over to another member before leaving "
                                   "the team."))
            await Team.delete().where(Team.id == team_id)  # members, requests, invitations, entry go with it
        return True
    await TeamMember.delete().where((TeamMember.team == team_id) & (TeamMember.user == ctx.actor.user_id))
    return False


async def _member_name(team_id: int, user_id: int, *, status: str = "member") -> str:
    row = await TeamMember.select(TeamMember.user.name).where(
        (TeamMember.team == team_id) & (TeamMember.user == user_id) & (TeamMember.status == status)).first()
    if row is None:
        raise NotFound()
    return row["user.name"]


async def remove_member(ctx: ChallengeContext, *, user_id: int) -> str:
    """The captain removes a member (not themselves); returns the member's name."""
    await check(ctx, "remove_member")
    team_id = ctx.actor.team_id
    if user_id == ctx.actor.user_id:
        raise NotAllowed(_("To leave your own team, hand the captaincy over first, then leave."))
    name = await _member_name(team_id, user_id)
    await TeamMember.delete().where((TeamMember.team == team_id) & (TeamMember.user == user_id)
                                    & (TeamMember.status == "member"))
    return name


async def transfer_captaincy(ctx: ChallengeContext, *, user_id: int) -> str:
    """The captain hands the captaincy to another member and stays in the team; returns the new captain's name."""
    await check(ctx, "transfer_captaincy")
    team_id = ctx.actor.team_id
    if user_id == ctx.actor.user_id:
        raise InvalidInput({"new_captain": _("Choose another member of the team.")})
    try:
        name = await _member_name(team_id, user_id)
    except NotFound:
        raise InvalidInput({"new_captain": _("Choose another member of the team.")}) from None
    await Team.update({Team.captain: user_id}).where((Team.id == team_id) & (Team.captain == ctx.actor.user_id))
    return name


async def pending_invitation_count(team_id: int, *, now: datetime) -> int:
    return await TeamInvitation.count().where((TeamInvitation.team == team_id) & (TeamInvitation.status == "pending")
                                              & (TeamInvitation.expires_at > now))


async def entry_of(team_id: int) -> dict | None:
    return await Entry.select().where(Entry.team == team_id).first()
