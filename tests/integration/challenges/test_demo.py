"""The demo challenges: every phase can be seen after `make run`, through the real entry workflow."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest

from showcase.challenges import phases, queries
from showcase.challenges.demo_data import CHALLENGES
from showcase.challenges.tables import Challenge, Entry, EntryVersion, Team, TeamInvitation, TeamMember
from showcase.demo import load_demo
from showcase.mail.tables import OutboxMessage
from showcase.reuses.tables import Reuse
from tests.conftest import soup
from tests.support import now

pytestmark = pytest.mark.anyio


async def test_the_demo_shows_a_challenge_in_each_phase(client):
    moment = now()
    assert await load_demo(now=moment) is True

    rows = {row["slug"]: row for row in await Challenge.select()}
    assert sorted(rows) == sorted(spec["slug"] for spec in CHALLENGES)
    current = {slug: await queries.current_phase(row, moment) for slug, row in rows.items()}
    assert current == {"hackathon-eau-climat-2026": "submissions", "defi-tourisme-numerique": "judging",
                       "open-data-education-2026": "finished", "datathon-sante-2027": "upcoming"}
    # Deadlines at 17:00 in Casablanca, never at midnight, whatever the offset of the day
    for row in rows.values():
        assert phases.to_local(row["submissions_close_at"], "Africa/Casablanca").strftime("%H:%M") == "17:00"

    teams = await Team.select(Team.name, Team.challenge.slug.as_alias("slug"))
    by_challenge = {slug: sorted(team["name"] for team in teams if team["slug"] == slug) for slug in rows}
    assert by_challenge["hackathon-eau-climat-2026"] == ["Goutte à goutte", "Les Hydrologues", "فريق السدود"]
    assert len(by_challenge["open-data-education-2026"]) == 4

    entries = await Entry.select(Entry.status, Entry.screening, Entry.version, Entry.challenge.slug.as_alias("slug"))
    summary = sorted((entry["slug"], entry["status"], entry["screening"], entry["version"]) for entry in entries)
    assert summary == [
        ("defi-tourisme-numerique", "submitted", "eligible", 1),
        ("defi-tourisme-numerique", "submitted", "eligible", 1),
        ("defi-tourisme-numerique", "submitted", "eligible", 1),
        ("hackathon-eau-climat-2026", "draft", "pending", 0),
        ("hackathon-eau-climat-2026", "submitted", "pending", 1),
        ("open-data-education-2026", "submitted", "eligible", 1),
        ("open-data-education-2026", "submitted", "eligible", 1),
        ("open-data-education-2026", "submitted", "eligible", 1),
        ("open-data-education-2026", "submitted", "ineligible", 1),
    ]
    # Each submission is a real version: its SHA-256 is that of its stored snapshot, sent before the deadline.
    versions = await EntryVersion.select(EntryVersion.snapshot, EntryVersion.sha256, EntryVersion.submitted_at,
                                         EntryVersion.entry.challenge.submissions_close_at.as_alias("deadline"))
    assert len(versions) == 8
    for version in versions:
        assert hashlib.sha256(version["snapshot"].encode()).hexdigest() == version["sha256"]
        assert version["submitted_at"] < version["deadline"]
    assert await TeamMember.count().where(TeamMember.status == "pending") == 1
    assert await TeamInvitation.count() == 1
    assert await OutboxMessage.count() == 0  # no receipts e-mailed to demo people

    gallery = soup((await client.get("/challenges/open-data-education-2026/entries")).text)
    assert "Écoles à portée de main" in gallery.get_text()
    assert "Les Explorateurs" not in gallery.get_text()  # screened out
    assert (await client.get("/challenges/defi-tourisme-numerique/entries")).status_code == 404  # gallery closed
    listing = soup((await client.get("/challenges")).text).get_text()
    for spec in CHALLENGES:
        assert spec["title_fr"] in listing or spec["title_ar"] in listing

    before = (await Challenge.count(), await Entry.count(), await EntryVersion.count(), await Reuse.count())
    assert await load_demo(now=moment + timedelta(hours=1)) is False
    from showcase.challenges.demo import load_demo_challenges
    from showcase.settings import get_settings

    assert await load_demo_challenges(get_settings(), now=moment + timedelta(hours=2)) == 0
    assert (await Challenge.count(), await Entry.count(), await EntryVersion.count(), await Reuse.count()) == before
