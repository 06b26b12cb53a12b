"""Who may do what in a challenge, in which phase. One place for the whole matrix (tested as exact sets).

The people: a visitor (not logged in), a member (logged in, not registered for this challenge), a
participant (registered, no team yet), a team member, the captain, a member of another team, the
challenge's organizer and co-organizers, and site admins. Organizers of a challenge cannot compete in it.
"""

from __future__ import annotations

from dataclasses import dataclass

from showcase.challenges.phases import capabilities

MANAGE_ACTIONS = (
    "edit_challenge", "publish_challenge", "edit_timeline", "override_timeline", "edit_questions",
    "edit_tracks", "view_registrations", "screen_entry", "send_announcement", "export_csv", "open_gallery",
)
OWNER_ACTIONS = ("manage_organizers", "delete_challenge")  # the organizer and admins, not co-organizers
CAPTAIN_ACTIONS = ("invite_member", "approve_member", "remove_member", "transfer_captaincy", "manage_share_link",
                   "rename_team", "withdraw_entry")
MEMBER_ACTIONS = ("view_team_space", "leave_team", "edit_entry", "submit_entry")
PARTICIPANT_ACTIONS = ("register", "create_team", "join_team")
ACTIONS = ("view_challenge", *MANAGE_ACTIONS, *OWNER_ACTIONS, *PARTICIPANT_ACTIONS, *MEMBER_ACTIONS,
           *CAPTAIN_ACTIONS, "view_entry")


@dataclass(frozen=True)
class Actor:
    """A person's relation to one challenge (and, for team actions, to one team)."""

    user_id: int | None = None
    is_admin: bool = False
    challenge_role: str | None = None  # "organizer", "co_organizer"
    registered: bool = False
    team_id: int | None = None  # the person's team in this challenge (approved membership)
    pending_team_id: int | None = None  # asked to join through a share link, not approved yet
    is_captain: bool = False

    @property
    def organizes(self) -> bool:
        return self.is_admin or self.challenge_role in ("organizer", "co_organizer")

    @property
    def persona(self) -> str:
        if self.user_id is None:
            return "visitor"
        if self.is_admin:
            return "admin"
        if self.challenge_role:
            return self.challenge_role
        if self.is_captain:
            return "captain"
        if self.team_id is not None:
            return "team_member"
        return "participant" if self.registered else "member"


@dataclass(frozen=True)
class Target:
    """What the action is about: the challenge's phase and settings, and the team or entry concerned."""

    phase: str
    team_id: int | None = None
    entry_status: str | None = None  # draft, submitted, withdrawn
    entry_screening: str | None = None  # pending, eligible, ineligible, needs_info
    entries_public: bool = False
    team_members: int = 0  # approved members of the team concerned


def entry_is_public(target: Target) -> bool:
    return (target.entries_public and target.entry_status == "submitted"
            and target.entry_screening != "ineligible" and target.phase not in ("draft",))


def allowed(actor: Actor, action: str, target: Target) -> bool:
    if action not in ACTIONS:
        raise ValueError(f"unknown challenge action: {action}")
    phase = target.phase
    can = capabilities(phase)
    if action == "view_challenge":
        return phase != "draft" or actor.organizes
    if action in OWNER_ACTIONS:
        return actor.is_admin or actor.challenge_role == "organizer"
    if action in MANAGE_ACTIONS:
        if not actor.organizes:
            return False
        if action == "screen_entry":
            return can.can_screen and target.entry_status == "submitted"
        if action == "publish_challenge":
            return phase == "draft"
        return True
    if action == "view_entry":
        own = actor.team_id is not None and actor.team_id == target.team_id
        return own or actor.organizes or entry_is_public(target)
    if actor.user_id is None or phase == "draft":
        return False
    if action == "view_team_space":
        return (actor.organizes or (actor.team_id is not None and actor.team_id == target.team_id)
                or (actor.pending_team_id is not None and actor.pending_team_id == target.team_id))
    if actor.organizes:
        return False  # those who run a challenge (and site admins) do not compete in it
    if action == "register":
        return can.can_register and not actor.registered
    if action in ("create_team", "join_team"):
        return can.can_form_teams and actor.registered and actor.team_id is None
    own_team = actor.team_id is not None and actor.team_id == target.team_id
    if not own_team:
        return False
    if action == "leave_team":
        # A captain hands the captaincy over first, unless alone (the team then disbands).
        return can.can_form_teams and (not actor.is_captain or target.team_members <= 1)
    if action == "edit_entry":
        return can.can_edit_entry and target.entry_status != "withdrawn"
    if action == "submit_entry":
        return can.can_submit and target.entry_status in (None, "draft", "submitted")
    if action in CAPTAIN_ACTIONS:
        if not actor.is_captain:
            return False
        if action == "withdraw_entry":
            return can.can_withdraw and target.entry_status in ("draft", "submitted")
        return can.can_form_teams
    return False


def allowed_actions(actor: Actor, target: Target) -> frozenset[str]:
    return frozenset(action for action in ACTIONS if allowed(actor, action, target))
