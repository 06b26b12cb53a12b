"""The permission matrix of challenges: who may do what in each phase, as exact sets.

The expected sets are written from the product rules, not computed from rules.py: organizers run and never
compete; participants act only while registration or submissions are open; captains manage their team;
nobody but organizers sees a draft (access.load answers 404 before any other check).
"""

import pytest

from showcase.challenges import rules
from showcase.challenges.phases import PHASES
from showcase.challenges.rules import Actor, Target, allowed, allowed_actions

TEAM, OTHER_TEAM = 1, 2
PERSONAS = {
    "visitor": Actor(),
    "member": Actor(user_id=10),
    "participant": Actor(user_id=11, registered=True),
    "team_member": Actor(user_id=12, registered=True, team_id=TEAM),
    "captain": Actor(user_id=13, registered=True, team_id=TEAM, is_captain=True),
    "other_team_member": Actor(user_id=14, registered=True, team_id=OTHER_TEAM),
    "organizer": Actor(user_id=15, challenge_role="organizer"),
    "co_organizer": Actor(user_id=16, challenge_role="co_organizer"),
    "admin": Actor(user_id=17, is_admin=True),
}
PUBLISHED = set(PHASES) - {"draft"}
OPEN = {"registration", "submissions"}  # before the deadline, once registration is open
SCREENABLE = {"submissions", "screening"}
WITHDRAWABLE = {"registration", "submissions", "screening"}

RUN = {"edit_challenge", "edit_timeline", "override_timeline", "edit_questions", "edit_tracks", "view_registrations",
       "send_announcement", "export_csv", "open_gallery"}
TEAM_RUN = {"invite_member", "approve_member", "remove_member", "transfer_captaincy", "manage_share_link",
            "rename_team"}


def target(phase: str, **fields) -> Target:
    """The team concerned is TEAM (2 approved members); its entry is submitted and not screened yet."""
    values = {"team_id": TEAM, "entry_status": "submitted", "entry_screening": "pending", "entries_public": False,
              "team_members": 2}
    values.update(fields)
    return Target(phase=phase, **values)


def expected(persona: str, phase: str) -> set[str]:
    seen = phase in PUBLISHED
    if persona in ("organizer", "co_organizer", "admin"):
        actions = {"view_challenge", "view_entry", *RUN}
        actions |= {"publish_challenge"} if phase == "draft" else {"view_team_space"}
        actions |= {"screen_entry"} if phase in SCREENABLE else set()
        actions |= {"manage_organizers", "delete_challenge"} if persona != "co_organizer" else set()
        return actions
    actions = {"view_challenge"} if seen else set()
    if persona == "member" and phase in OPEN:
        actions |= {"register"}
    if persona == "participant" and phase in OPEN:
        actions |= {"create_team", "join_team"}
    if persona in ("team_member", "captain"):
        actions |= {"view_entry"}  # their own entry (unreachable in a draft: the challenge itself is hidden)
        actions |= {"view_team_space"} if seen else set()
        if phase in OPEN:
            actions |= {"edit_entry"} | ({"leave_team"} if persona == "team_member" else TEAM_RUN)
        if phase == "submissions":
            actions |= {"submit_entry"}
        if persona == "captain" and phase in WITHDRAWABLE:
            actions |= {"withdraw_entry"}
    return actions


def test_the_actions_are_the_ones_this_matrix_covers():
    assert set(rules.ACTIONS) == {"view_challenge", "publish_challenge", "screen_entry", "manage_organizers",
                                  "delete_challenge", "register", "create_team", "join_team", "view_team_space",
                                  "leave_team", "edit_entry", "submit_entry", "withdraw_entry", "view_entry",
                                  *RUN, *TEAM_RUN}
    assert len(rules.ACTIONS) == len(set(rules.ACTIONS))


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(persona, phase):
    assert set(allowed_actions(PERSONAS[persona], target(phase))) == expected(persona, phase)


def test_personas_are_told_apart():
    assert {name: actor.persona for name, actor in PERSONAS.items()} == {
        "visitor": "visitor", "member": "member", "participant": "participant", "team_member": "team_member",
        "captain": "captain", "other_team_member": "team_member", "organizer": "organizer",
        "co_organizer": "co_organizer", "admin": "admin"}


@pytest.mark.parametrize(("status", "screening", "public"), [
    ("submitted", "eligible", True),
    ("submitted", "pending", True),
    ("submitted", "needs_info", True),
    ("submitted", "ineligible", False),
    ("draft", "pending", False),
    ("withdrawn", "eligible", False),
])
def test_an_open_gallery_shows_submitted_entries_except_ineligible_ones(status, screening, public):
    for persona in ("visitor", "member", "other_team_member"):
        gallery = target("judging", entries_public=True, entry_status=status, entry_screening=screening)
        assert allowed(PERSONAS[persona], "view_entry", gallery) is public
        assert allowed(PERSONAS[persona], "view_entry", target("judging", entry_status=status,
                                                               entry_screening=screening)) is False


def test_a_captain_alone_may_leave_and_the_team_disbands():
    assert allowed(PERSONAS["captain"], "leave_team", target("submissions", team_members=1))
    assert not allowed(PERSONAS["captain"], "leave_team", target("submissions", team_members=2))
    assert not allowed(PERSONAS["captain"], "leave_team", target("screening", team_members=1))


def test_entry_status_limits_editing_submitting_and_withdrawing():
    captain = PERSONAS["captain"]
    assert {action for action in ("edit_entry", "submit_entry", "withdraw_entry")
            if allowed(captain, action, target("submissions", entry_status=None))} == {"edit_entry", "submit_entry"}
    assert {action for action in ("edit_entry", "submit_entry", "withdraw_entry")
            if allowed(captain, action, target("submissions", entry_status="draft"))} == {
        "edit_entry", "submit_entry", "withdraw_entry"}
    assert {action for action in ("edit_entry", "submit_entry", "withdraw_entry")
            if allowed(captain, action, target("submissions", entry_status="withdrawn"))} == set()


def test_only_submitted_entries_are_screened():
    for status in ("draft", "withdrawn", None):
        assert not allowed(PERSONAS["organizer"], "screen_entry", target("screening", entry_status=status))


def test_a_pending_member_sees_the_team_space_of_the_team_asked_only():
    pending = Actor(user_id=20, registered=True, pending_team_id=TEAM)
    assert allowed(pending, "view_team_space", target("submissions"))
    assert not allowed(pending, "view_team_space", target("submissions", team_id=OTHER_TEAM))
    assert not allowed(pending, "edit_entry", target("submissions"))


def test_an_unknown_action_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown challenge action: fly"):
        allowed(PERSONAS["admin"], "fly", target("submissions"))
