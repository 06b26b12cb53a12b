"""Who reaches the back office of a challenge: its organizers and admins; others get 404 (drafts) or 403."""

import pytest

from showcase.challenges.tables import Challenge, ChallengeRole
from tests.integration.challenges.helpers import make_challenge, make_team
from tests.integration.challenges.manage_support import organizer
from tests.support import create_user, submit

pytestmark = pytest.mark.anyio
PAGES = ("", "/edit", "/timeline", "/questions", "/tracks", "/organizers")


async def test_a_co_organizer_without_the_global_role_edits_everything_but_the_organizers(client):
    owner = await create_user("owner@example.ma", name="Owner", roles=("organizer",))
    co = await organizer(client, "co@example.ma", name="Co", roles=())
    await make_challenge(slug="partage", phase="draft", organizer_id=owner, co_organizer_ids=(co,))
    for suffix in PAGES:
        assert (await client.get(f"/manage/challenges/partage{suffix}")).status_code == 200, suffix
    assert (await client.get("/manage/challenges/new")).status_code == 403
    saved = await submit(client, "/manage/challenges/partage/tracks", {"name_fr": "Prix", "winners": "1"})
    assert saved.status_code == 302
    published = await submit(client, "/manage/challenges/partage", {}, action="/manage/challenges/partage/publish")
    assert published.status_code == 302
    refused = await submit(client, "/manage/challenges/partage/organizers", {"email": "owner@example.ma"})
    assert refused.status_code == 403


@pytest.mark.parametrize("suffix", PAGES)
async def test_strangers_get_404_for_a_draft_and_403_for_a_published_challenge(client, suffix):
    owner = await create_user("owner@example.ma", name="Owner", roles=("organizer",))
    await make_challenge(slug="brouillon", phase="draft", organizer_id=owner)
    published = await make_challenge(slug="ouvert", phase="submissions", organizer_id=owner)
    captain = await organizer(client, "captain@example.ma", name="Captain", roles=("organizer",))
    await make_team(published["id"], captain)
    assert (await client.get(f"/manage/challenges/brouillon{suffix}")).status_code == 404
    assert (await client.get(f"/manage/challenges/ouvert{suffix}")).status_code == 403
    assert (await client.get(f"/manage/challenges/nulle-part{suffix}")).status_code == 404


async def test_a_participant_cannot_change_anything(client):
    owner = await create_user("owner@example.ma", name="Owner", roles=("organizer",))
    challenge = await make_challenge(slug="ouvert", phase="submissions", organizer_id=owner)
    captain = await organizer(client, "captain@example.ma", name="Captain", roles=())
    await make_team(challenge["id"], captain)
    base = "/manage/challenges/ouvert"
    token_page = "/account"  # any page of the site gives the CSRF token
    attempts = [
        (f"{base}/edit", {"title_fr": "Piraté", "summary_fr": "x", "min_team_size": "1", "max_team_size": "2"}),
        (f"{base}/timeline", {"submissions_open_at": "2026-01-01T09:00", "submissions_close_at": "2030-01-01T17:00"}),
        (f"{base}/override", {"action": "close", "confirm_close": "1"}),
        (f"{base}/questions", {"kind": "short_text", "label_fr": "?"}),
        (f"{base}/tracks", {"name_fr": "Prix", "winners": "1"}),
        (f"{base}/organizers", {"email": "captain@example.ma"}),
    ]
    for url, data in attempts:
        response = await submit(client, token_page, data, action=url)
        assert response.status_code == 403, url
    row = await Challenge.select(Challenge.title_fr, Challenge.deadline_override_at).first()
    assert row == {"title_fr": "Hackathon mobilité", "deadline_override_at": None}


async def test_an_admin_runs_any_challenge(client):
    owner = await create_user("owner@example.ma", name="Owner", roles=("organizer",))
    await make_challenge(slug="brouillon", phase="draft", organizer_id=owner)
    await organizer(client, "admin@example.ma", name="Admin", roles=("admin",))
    for suffix in PAGES:
        assert (await client.get(f"/manage/challenges/brouillon{suffix}")).status_code == 200, suffix
    helper = await create_user("helper@example.ma", name="Helper")
    added = await submit(client, "/manage/challenges/brouillon/organizers", {"email": "helper@example.ma"})
    assert added.status_code == 302
    rows = await ChallengeRole.select(ChallengeRole.user, ChallengeRole.role).order_by(ChallengeRole.id)
    assert rows == [{"user": owner, "role": "organizer"}, {"user": helper, "role": "co_organizer"}]
