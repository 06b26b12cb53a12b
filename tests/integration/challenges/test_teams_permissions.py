"""Who may change a team: every team action tried by every kind of person, before and after the deadline.

Team URLs carry no team id: an action always applies to the person's own team. So another team's captain
reaches team A only through ids of A's people or invitations, and gets 404 (or the field error) for them.
"""

from datetime import timedelta

import pytest

from showcase.challenges.tables import Team, TeamInvitation, TeamMember
from showcase.challenges.teams import hash_token
from showcase.mail.tables import OutboxMessage
from tests.conftest import soup
from tests.integration.challenges.helpers import make_challenge, make_team, register
from tests.integration.challenges.teams_support import close_submissions, memberships, notice, person
from tests.support import csrf_token, log_in, now

pytestmark = pytest.mark.anyio

ORGANIZERS = "Organizers of a challenge (and site administrators) cannot take part in it."
CAPTAIN_ONLY = "Only the team's captain can do this."
NO_TEAM = "You are not in a team for this challenge."
REGISTER_FIRST = "Register for the challenge first."
IN_A_TEAM = "You are already in a team for this challenge."
CLOSED = "The submission deadline has passed: teams can no longer change."


async def _world() -> dict:
    """Team A (Amina captain, Youssef; Leila asks to join; an invitation out), team B (Salma captain, Hamza),
    Karim registered without a team, Omar logged in but not registered, the organizers and an admin."""
    people = {who: await person(None, who, roles=("admin",) if who == "admin" else ())
              for who in ("amina", "youssef", "salma", "hamza", "karim", "leila", "omar", "nadia", "rachid", "admin")}
    challenge = await make_challenge(organizer_id=people["nadia"], co_organizer_ids=(people["rachid"],))
    cid = challenge["id"]
    team_a = await make_team(cid, people["amina"], name="Les Cartographes", members=(people["youssef"],))
    await make_team(cid, people["salma"], name="Atlas Data", members=(people["hamza"],))
    await register(cid, people["karim"])
    await register(cid, people["leila"])
    await TeamMember.insert(TeamMember(team=team_a, challenge=cid, user=people["leila"], key=f"{cid}:{people['leila']}",
                                       status="pending"))
    await Team.update({Team.join_token_hash: "seed-a"}).where(Team.id == team_a)
    rows = await TeamInvitation.insert(TeamInvitation(team=team_a, email="invitee@example.ma", token_hash=hash_token("t"),
                                                      invited_by=people["amina"], expires_at=now() + timedelta(days=14))
                                       ).returning(TeamInvitation.id)
    return {**people, "challenge": cid, "invitation": rows[0]["id"]}


def _actions(world: dict) -> dict[str, tuple[str, dict]]:
    return {
        "create": ("", {"name": "Nouvelle équipe"}),
        "rename": ("/rename", {"name": "Nom volé"}),
        "leave": ("/leave", {}),
        "transfer": ("/captain", {"new_captain": str(world["youssef"])}),
        "remove": (f"/members/{world['youssef']}/remove", {}),
        "approve": (f"/requests/{world['leila']}/approve", {}),
        "refuse": (f"/requests/{world['leila']}/refuse", {}),
        "invite": ("/invitations", {"email": "new@example.ma"}),
        "revoke": (f"/invitations/{world['invitation']}/revoke", {}),
        "regenerate_link": ("/share-link", {}),
        "disable_link": ("/share-link/disable", {}),
    }


async def _state() -> tuple:
    teams = await Team.select(Team.name, Team.captain, Team.join_token_hash).order_by(Team.id)
    invitations = await TeamInvitation.select(TeamInvitation.email, TeamInvitation.status).order_by(TeamInvitation.id)
    return await memberships(), teams, invitations, await OutboxMessage.count()


async def _post(client, path: str, data: dict):  # noqa: ANN001, ANN202
    page = await client.get("/account/login", follow_redirects=True)  # any page with a form carries the token
    return await client.post(f"/challenges/hack-mobilite/team{path}", data={**data, "_csrf_token": csrf_token(page.text)},
                             follow_redirects=False)


CAPTAIN_ACTIONS = ("rename", "transfer", "remove", "approve", "refuse", "invite", "revoke", "regenerate_link",
                   "disable_link")

EXPECTED = {
    # persona: {action: (status, notice)}; actions not listed are not tried (they would act on the person's own team)
    "member": {**{a: (403, REGISTER_FIRST) for a in CAPTAIN_ACTIONS}, "leave": (403, REGISTER_FIRST),
               "create": (403, REGISTER_FIRST)},
    "participant": {**{a: (403, NO_TEAM) for a in CAPTAIN_ACTIONS}, "leave": (403, NO_TEAM)},
    "team_member": {**{a: (403, CAPTAIN_ONLY) for a in CAPTAIN_ACTIONS}, "create": (403, IN_A_TEAM)},
    "other_member": {**{a: (403, CAPTAIN_ONLY) for a in CAPTAIN_ACTIONS}, "create": (403, IN_A_TEAM)},
    "other_captain": {"remove": (404, None), "approve": (404, None), "refuse": (404, None), "revoke": (404, None),
                      "create": (403, IN_A_TEAM)},
    "organizer": {a: (403, ORGANIZERS) for a in ("create", "leave", *CAPTAIN_ACTIONS)},
    "co_organizer": {a: (403, ORGANIZERS) for a in ("create", "leave", *CAPTAIN_ACTIONS)},
    "admin": {a: (403, ORGANIZERS) for a in ("create", "leave", *CAPTAIN_ACTIONS)},
}
WHO = {"member": "omar", "participant": "karim", "team_member": "youssef", "other_member": "hamza",
       "other_captain": "salma", "organizer": "nadia", "co_organizer": "rachid", "admin": "admin"}


async def test_a_visitor_must_log_in_for_every_action(client):
    world = await _world()
    before = await _state()
    for name, (path, data) in _actions(world).items():
        response = await _post(client, path, data)
        assert (name, response.status_code) == (name, 401)
    page = await client.get("/challenges/hack-mobilite/team", follow_redirects=False)
    assert page.headers["location"] == "/account/login?next=/challenges/hack-mobilite/team"
    assert await _state() == before


@pytest.mark.parametrize("persona", list(EXPECTED))
async def test_refused_actions_change_nothing(client, persona):
    world = await _world()
    await log_in(client, f"{WHO[persona]}@example.ma")
    before = await _state()
    actions = _actions(world)
    for name, (status, message) in EXPECTED[persona].items():
        path, data = actions[name]
        response = await _post(client, path, data)
        assert (name, response.status_code, notice(response.text) if message else None) == (name, status, message)
    assert await _state() == before


async def test_another_captain_cannot_hand_team_a_to_its_member(client):
    world = await _world()
    await log_in(client, "salma@example.ma")
    before = await _state()
    response = await _post(client, "/captain", {"new_captain": str(world["youssef"])})
    assert response.status_code == 400
    assert soup(response.text).select_one("#f-new_captain-error").get_text() == "Choose another member of the team."
    assert await _state() == before


@pytest.mark.parametrize("persona", ["captain", "team_member", "participant"])
async def test_after_the_deadline_every_change_is_refused_with_the_reason(client, persona):
    world = await _world()
    await close_submissions(world["challenge"])
    await log_in(client, f"{ {'captain': 'amina', 'team_member': 'youssef', 'participant': 'karim'}[persona]}@example.ma")
    before = await _state()
    tried = {"captain": ("leave", *CAPTAIN_ACTIONS), "team_member": ("leave",), "participant": ("create",)}[persona]
    actions = _actions(world)
    for name in tried:
        path, data = actions[name]
        response = await _post(client, path, data)
        assert (name, response.status_code, notice(response.text)) == (name, 403, CLOSED)
    assert await _state() == before


async def test_the_captain_may_do_every_captain_action(client):
    world = await _world()
    await log_in(client, "amina@example.ma")
    actions = _actions(world)
    for name in ("approve", "revoke", "remove", "invite", "regenerate_link", "disable_link", "rename", "transfer"):
        path, data = actions[name]
        if name == "transfer":
            data = {"new_captain": str(world["leila"])}  # Youssef was removed just before
        response = await _post(client, path, data)
        assert (name, response.status_code) == (name, 302)
    team = await Team.select(Team.name, Team.captain, Team.join_token_hash).where(Team.captain == world["leila"]).first()
    assert (team["name"], team["join_token_hash"]) == ("Nom volé", "")
    assert [row["status"] for row in await TeamInvitation.select(TeamInvitation.status).order_by(TeamInvitation.id)] == [
        "revoked", "pending"]
