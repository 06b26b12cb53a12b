"""Rows for the organizers' participant pages, written straight through the tables: the people around a
challenge, entries with their reuse, answers, tracks and versions. (The entry form belongs to another part.)"""

from __future__ import annotations

import hashlib
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime

from litestar.testing import AsyncTestClient

from showcase.challenges.tables import (
    Entry,
    EntryAnswer,
    EntryTrack,
    EntryVersion,
    Question,
    Track,
)
from showcase.reuses.tables import Reuse
from tests.integration.challenges.helpers import make_challenge, make_team, register
from tests.support import create_user, log_in, now


@dataclass(frozen=True)
class Cast:
    """Everyone the pages are tested with; ids and e-mails."""

    challenge: dict
    organizer: int
    co_organizer: int
    admin: int
    captain: int
    member: int
    participant: int
    team: int


EMAILS = {
    "organizer": "organisatrice@example.ma", "co_organizer": "co@example.ma", "admin": "admin@example.ma",
    "captain": "capitaine@example.ma", "member": "membre@example.ma", "participant": "inscrite@example.ma",
    "outsider": "autre@example.ma",
}


async def cast(phase: str = "screening", *, slug: str = "hack-mobilite") -> Cast:
    """A challenge with an organizer, a co-organizer, an admin, a team (French captain, Arabic member) and
    a registered participant without a team."""
    organizer = await create_user(EMAILS["organizer"], name="Nadia Organisatrice", roles=("organizer",))
    co_organizer = await create_user(EMAILS["co_organizer"], name="Karim Co", roles=("organizer",))
    admin = await create_user(EMAILS["admin"], name="Admin Site", roles=("admin",))
    captain = await create_user(EMAILS["captain"], name="Yasmine Capitaine", locale="fr")
    member = await create_user(EMAILS["member"], name="يوسف العضو", locale="ar")
    participant = await create_user(EMAILS["participant"], name="Salma Inscrite", locale="en")
    challenge = await make_challenge(slug=slug, phase=phase, organizer_id=organizer, co_organizer_ids=(co_organizer,))
    team = await make_team(challenge["id"], captain, name="Les Cartographes", members=(member,))
    await register(challenge["id"], participant)
    return Cast(challenge=challenge, organizer=organizer, co_organizer=co_organizer, admin=admin, captain=captain,
                member=member, participant=participant, team=team)


async def add_entry(challenge_id: int, team_id: int, *, title: str = "Routes du Maroc", status: str = "submitted",
                    screening: str = "pending", submitted_at: datetime | None = None, city: str = "Rabat",
                    pdf: bool = True, track_positions: tuple[int, ...] = (0,), versions: int = 1) -> int:
    """An entry with its reuse, its answers to the helper challenge's two questions, tracks and versions."""
    slug = hashlib.sha1(f"{team_id}-{title}".encode()).hexdigest()[:12]
    reuse = Reuse(slug=f"reuse-{slug}", title_fr=title, url=f"https://{slug}.example.ma/", status="published",
                  published_at=now())
    await reuse.save()
    moment = submitted_at or now()
    submitted = status in ("submitted", "withdrawn")
    digest = hashlib.sha256(f"{title}-{versions}".encode()).hexdigest()
    entry = Entry(challenge=challenge_id, team=team_id, reuse=reuse.id, status=status, screening=screening,
                  version=versions if submitted else 0, sha256=digest if submitted else "",
                  first_submitted_at=moment if submitted else None, submitted_at=moment if submitted else None,
                  withdrawn_at=moment if status == "withdrawn" else None)
    await entry.save()
    questions = {row["kind"]: row["id"] for row in await Question.select(Question.id, Question.kind).where(
        Question.challenge == challenge_id)}
    if "short_text" in questions:
        await EntryAnswer(entry=entry.id, question=questions["short_text"], value=city).save()
    if pdf and "pdf" in questions:
        await EntryAnswer(entry=entry.id, question=questions["pdf"], file_key="a" * 64,
                          file_name="presentation.pdf").save()
    tracks = {row["position"]: row["id"] for row in await Track.select(Track.id, Track.position).where(
        Track.challenge == challenge_id)}
    for position in track_positions:
        await EntryTrack(entry=entry.id, track=tracks[position]).save()
    for number in range(1, (versions if submitted else 0) + 1):
        await EntryVersion(entry=entry.id, version=number, snapshot="{}", sha256=hashlib.sha256(
            f"{title}-{number}".encode()).hexdigest(), submitted_at=moment).save()
    return entry.id


@asynccontextmanager
async def browser(app, email: str | None):  # noqa: ANN001, ANN201
    """A separate browser, logged in as `email` (or a visitor), speaking English."""
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as client:
        client.headers["Accept-Language"] = "en"
        if email:
            await log_in(client, email)
        yield client
