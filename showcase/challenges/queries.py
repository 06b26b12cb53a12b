"""Reads shared by the challenge pages: the challenge by slug, its phase, and a person's relation to it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from showcase.challenges import phases
from showcase.challenges.rules import Actor, Target
from showcase.challenges.tables import (
    Challenge,
    ChallengeRole,
    ChallengeSlugRedirect,
    Entry,
    Registration,
    Team,
    TeamMember,
)


async def find_challenge(slug: str) -> tuple[dict | None, str | None]:
    """(the challenge, None), or (None, its current slug) for an old slug, or (None, None)."""
    row = await Challenge.select().where(Challenge.slug == slug[:90]).first()
    if row is not None:
        return row, None
    redirect = await ChallengeSlugRedirect.select(ChallengeSlugRedirect.challenge.slug).where(
        ChallengeSlugRedirect.old_slug == slug[:90]).first()
    return None, (redirect["challenge.slug"] if redirect else None)


async def screening_complete(challenge_id: int) -> bool:
    """No submitted entry is still pending or waiting for information."""
    undecided = await Entry.count().where(
        (Entry.challenge == challenge_id) & (Entry.status == "submitted")
        & Entry.screening.is_in(["pending", "needs_info"]))
    return undecided == 0


async def challenge_state(challenge: dict) -> phases.State:
    return phases.State.from_row(challenge, screening_complete=await screening_complete(challenge["id"]))


async def current_phase(challenge: dict, now: datetime) -> str:
    return phases.phase(await challenge_state(challenge), now)


async def actor_for(user: Any, challenge_id: int) -> Actor:
    if user is None:
        return Actor()
    role = await ChallengeRole.select(ChallengeRole.role).where(
        (ChallengeRole.challenge == challenge_id) & (ChallengeRole.user == user.id)).first()
    registered = await Registration.exists().where(
        (Registration.challenge == challenge_id) & (Registration.user == user.id))
    membership = await TeamMember.select(TeamMember.team, TeamMember.status, TeamMember.team.captain).where(
        (TeamMember.challenge == challenge_id) & (TeamMember.user == user.id)).first()
    team_id = membership["team"] if membership and membership["status"] == "member" else None
    pending = membership["team"] if membership and membership["status"] == "pending" else None
    return Actor(user_id=user.id, is_admin=bool(user.is_admin), challenge_role=role["role"] if role else None,
                 registered=registered, team_id=team_id, pending_team_id=pending,
                 is_captain=team_id is not None and membership["team.captain"] == user.id)


async def team_target(challenge: dict, phase: str, team_id: int | None) -> Target:
    """The Target of a team action: the team's entry status and size."""
    if team_id is None:
        return Target(phase=phase, entries_public=challenge["entries_public"])
    entry = await Entry.select(Entry.status, Entry.screening).where(Entry.team == team_id).first()
    size = await TeamMember.count().where((TeamMember.team == team_id) & (TeamMember.status == "member"))
    return Target(phase=phase, team_id=team_id, entry_status=entry["status"] if entry else None,
                  entry_screening=entry["screening"] if entry else None,
                  entries_public=challenge["entries_public"], team_members=size)


async def team_of(challenge_id: int, team_id: int) -> dict | None:
    return await Team.select().where((Team.id == team_id) & (Team.challenge == challenge_id)).first()
