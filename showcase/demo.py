"""Demonstration data for a first start: a few people, startups and reuses (idempotent)."""

from __future__ import annotations

from datetime import datetime

from showcase.accounts import passwords
from showcase.accounts.tables import User

DEMO_ADMIN_EMAIL = "admin@example.org"
DEMO_PASSWORD = "demo-admin-2026"

DEMO_PEOPLE = [
    # email, name, locale, roles
    (DEMO_ADMIN_EMAIL, "Admin Showcase", "fr", {"admin"}),
    ("amina@example.org", "Amina El Idrissi", "fr", set()),
    ("youssef@example.org", "يوسف بنعلي", "ar", set()),
    ("salma@example.org", "Salma Ouazzani", "fr", {"moderator"}),
    ("karim@example.org", "Karim Alaoui", "en", {"organizer"}),
]


async def load_demo(*, now: datetime) -> bool:
    """Create the demo accounts and startups unless they exist; True when something was created."""
    if await User.exists().where(User.email == DEMO_ADMIN_EMAIL):
        return False
    password_hash = await passwords.hash_password(DEMO_PASSWORD)
    people: dict[str, int] = {}
    for email, name, locale, roles in DEMO_PEOPLE:
        rows = await User.insert(User(
            email=email, name=name, locale=locale, password_hash=password_hash, email_verified_at=now,
            is_admin="admin" in roles, is_moderator="moderator" in roles, is_organizer="organizer" in roles,
            created_at=now,
        )).returning(User.id)
        people[email] = rows[0]["id"]
    from showcase.portal.demo import load_demo_citations
    from showcase.reuses.demo import load_demo_reuses
    from showcase.settings import get_settings
    from showcase.startups.demo import load_demo_startups

    await load_demo_startups(people=people, now=now)
    await load_demo_citations(get_settings(), now=now)
    await load_demo_reuses(get_settings(), people=people, now=now)
    from showcase.challenges.demo import load_demo_challenges

    await load_demo_challenges(get_settings(), now=now)
    from showcase.judging.demo import load_demo_judging

    await load_demo_judging(now=now)
    return True
