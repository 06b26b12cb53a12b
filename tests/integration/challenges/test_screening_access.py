"""Who may open the organizers' participant pages and act on them: the challenge's organizer, its
co-organizers and site admins; nobody else (visitors are sent to log in, others get 403)."""

from __future__ import annotations

import pytest

from showcase.challenges.tables import Announcement, Entry
from tests.conftest import csrf_token
from tests.integration.challenges.screening_rows import EMAILS, add_entry, browser, cast
from tests.support import create_user

pytestmark = pytest.mark.anyio

BASE = "/manage/challenges/hack-mobilite"
PAGES = ("registrations", "teams", "entries", "entries/{entry}", "announcements", "exports",
         "exports/registrations.csv", "exports/teams.csv", "exports/entries.csv")
ALLOWED = {"organizer", "co_organizer", "admin"}
REFUSED = {"participant", "captain", "member", "outsider"}


async def test_pages_open_to_organizers_co_organizers_and_admins_only(app):
    people = await cast("screening")
    entry_id = await add_entry(people.challenge["id"], people.team)
    await create_user(EMAILS["outsider"], name="Omar Ailleurs", roles=("organizer",))  # organizes other challenges
    statuses: dict[str, set[int]] = {}
    for persona in ("visitor", *sorted(ALLOWED), *sorted(REFUSED)):
        async with browser(app, EMAILS.get(persona)) as client:
            for page in PAGES:
                response = await client.get(f"{BASE}/{page.format(entry=entry_id)}", follow_redirects=False)
                statuses.setdefault(persona, set()).add(response.status_code)
                if persona == "visitor":
                    assert response.headers["location"].startswith("/account/login?next=/manage/challenges/"), page
    assert statuses == {"visitor": {302}, **{p: {200} for p in ALLOWED}, **{p: {403} for p in REFUSED}}


async def test_forms_refuse_people_who_do_not_run_the_challenge(app):
    people = await cast("screening")
    entry_id = await add_entry(people.challenge["id"], people.team)
    posts = {
        f"{BASE}/entries/{entry_id}/screen": {"decision": "eligible"},
        f"{BASE}/entries/bulk": {"entry_ids": str(entry_id)},
        f"{BASE}/announcements": {"audience": "registered", "subject": "Salut", "body": "Bonjour", "action": "send"},
    }
    for persona in ("participant", "captain", "member"):
        async with browser(app, EMAILS[persona]) as client:
            token = csrf_token((await client.get("/")).text)
            for url, data in posts.items():
                response = await client.post(url, data={**data, "_csrf_token": token}, follow_redirects=False)
                assert response.status_code == 403, (persona, url)
    assert (await Entry.select(Entry.screening).first())["screening"] == "pending"
    assert await Announcement.count() == 0


async def test_a_draft_challenge_is_hidden_from_others_but_open_to_its_organizers(app):
    people = await cast("draft")
    async with browser(app, EMAILS["captain"]) as client:
        assert (await client.get(f"{BASE}/registrations")).status_code == 404
    async with browser(app, EMAILS["co_organizer"]) as client:
        assert (await client.get(f"{BASE}/registrations")).status_code == 200
    assert people.challenge["status"] == "draft"
