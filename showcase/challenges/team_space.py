"""Reads for the participants' pages: the team space and "My challenges". A fixed number of queries per page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from showcase.challenges import display, phases
from showcase.challenges.invitations import share_path
from showcase.challenges.tables import Challenge, Entry, Registration, Team, TeamInvitation, TeamMember
from showcase.challenges.teams import meets_minimum
from showcase.settings import get_settings


@dataclass(frozen=True, slots=True)
class Member:
    user_id: int
    name: str
    email: str
    is_captain: bool
    since: datetime


@dataclass(frozen=True, slots=True)
class TeamSpace:
    team: dict
    members: list[Member]
    requests: list[Member]  # asked to join through the share link, waiting for the captain
    invitations: list[dict]  # pending e-mail invitations (captain only)
    entry: dict | None
    size: int
    min_size: int
    max_size: int
    complete: bool  # large enough to submit
    share_link: str | None  # the full address (captain only), None when sharing is off

    @property
    def places_left(self) -> int:
        return max(0, self.max_size - self.size)

    @property
    def invitable(self) -> int:
        """Places left once the pending invitations are counted."""
        return max(0, self.places_left - len(self.invitations))


async def team_space(challenge: dict, team_id: int, *, captain: bool, now: datetime) -> TeamSpace | None:
    team = await Team.select(Team.id, Team.name, Team.captain, Team.join_token_hash, Team.created_at,
                             Team.startup.name, Team.startup.slug).where(
        (Team.id == team_id) & (Team.challenge == challenge["id"])).first()
    if team is None:
        return None
    rows = await TeamMember.select(TeamMember.user, TeamMember.status, TeamMember.joined_at, TeamMember.user.name,
                                   TeamMember.user.email).where(TeamMember.team == team_id).order_by(TeamMember.joined_at)
    people = [(row["status"], Member(user_id=row["user"], name=row["user.name"], email=row["user.email"],
                                     is_captain=row["user"] == team["captain"], since=row["joined_at"])) for row in rows]
    members = sorted((m for status, m in people if status == "member"), key=lambda m: not m.is_captain)
    requests = [m for status, m in people if status == "pending"]
    invitations = []
    if captain:
        invitations = await TeamInvitation.select(TeamInvitation.id, TeamInvitation.email, TeamInvitation.created_at,
                                                  TeamInvitation.expires_at).where(
            (TeamInvitation.team == team_id) & (TeamInvitation.status == "pending")
            & (TeamInvitation.expires_at > now)).order_by(TeamInvitation.created_at)
    entry = await Entry.select(Entry.id, Entry.status, Entry.version, Entry.screening, Entry.screening_reason,
                               Entry.submitted_at, Entry.withdrawn_at, Entry.updated_at).where(Entry.team == team_id).first()
    path = share_path(challenge["slug"], team_id, team["join_token_hash"]) if captain else None
    return TeamSpace(team=team, members=members, requests=requests, invitations=invitations, entry=entry,
                     size=len(members), min_size=challenge["min_team_size"], max_size=challenge["max_team_size"],
                     complete=meets_minimum(len(members), challenge),
                     share_link=f"{get_settings().base_url}{path}" if path else None)


async def pending_team(team_id: int) -> dict | None:
    """The team a person asked to join, with its captain's name."""
    return await Team.select(Team.id, Team.name, Team.captain.name).where(Team.id == team_id).first()


# --- My challenges ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MyChallenge:
    challenge: dict
    phase: str
    registered_at: datetime
    team_name: str | None
    pending: bool  # asked to join a team, not approved yet
    is_captain: bool
    entry_status: str | None
    countdown: dict | None  # the next milestone (display.countdown)


async def my_challenges(user_id: int, *, now: datetime) -> list[MyChallenge]:
    """The challenges a person registered for, newest first, with their team, the phase and the next date."""
    registrations = await Registration.select(Registration.challenge, Registration.created_at).where(
        Registration.user == user_id).order_by(Registration.created_at, ascending=False)
    if not registrations:
        return []
    ids = [row["challenge"] for row in registrations]
    challenges = {row["id"]: row for row in await Challenge.select().where(Challenge.id.is_in(ids))}
    memberships = {row["challenge"]: row for row in await TeamMember.select(
        TeamMember.challenge, TeamMember.team, TeamMember.status, TeamMember.team.name, TeamMember.team.captain).where(
        TeamMember.user == user_id)}
    team_ids = [row["team"] for row in memberships.values() if row["status"] == "member"]
    entries = {row["team"]: row["status"] for row in await Entry.select(Entry.team, Entry.status).where(
        Entry.team.is_in(team_ids))} if team_ids else {}
    undecided = {row["challenge"] for row in await Entry.select(Entry.challenge).where(
        Entry.challenge.is_in(ids) & (Entry.status == "submitted") & Entry.screening.is_in(["pending", "needs_info"]))}
    items = []
    for registration in registrations:
        challenge = challenges.get(registration["challenge"])
        if challenge is None:
            continue
        state = phases.State.from_row(challenge, screening_complete=challenge["id"] not in undecided)
        membership = memberships.get(challenge["id"])
        member = membership is not None and membership["status"] == "member"
        items.append(MyChallenge(
            challenge=challenge, phase=phases.phase(state, now), registered_at=registration["created_at"],
            team_name=membership["team.name"] if membership else None,
            pending=membership is not None and not member,
            is_captain=member and membership["team.captain"] == user_id,
            entry_status=entries.get(membership["team"]) if member else None,
            countdown=display.countdown(state, now),
        ))
    return items
