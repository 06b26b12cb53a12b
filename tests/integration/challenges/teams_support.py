"""Steps shared by the registration, team and invitation tests: browsers for several people, page actions."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from showcase.challenges.tables import Challenge, Registration, Team, TeamMember
from tests.conftest import soup
from tests.support import create_user, log_in, now, submit

ACCEPT = {"accept_rules": "on", "accept_eligibility": "on"}


async def _browser(app: Litestar) -> AsyncIterator[AsyncTestClient]:
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as test_client:
        test_client.headers["Accept-Language"] = "en"
        yield test_client


@pytest.fixture
async def second(app: Litestar) -> AsyncIterator[AsyncTestClient]:
    """A second person's browser."""
    async for test_client in _browser(app):
        yield test_client


@pytest.fixture
async def third(app: Litestar) -> AsyncIterator[AsyncTestClient]:
    async for test_client in _browser(app):
        yield test_client


PEOPLE = {
    "amina": ("amina@example.ma", "Amina El Idrissi", "fr"),
    "youssef": ("youssef@example.ma", "يوسف بنعلي", "ar"),
    "salma": ("salma@example.ma", "Salma Berrada", "fr"),
    "karim": ("karim@example.ma", "Karim Tazi", "en"),
    "nadia": ("nadia@example.ma", "Nadia Organisatrice", "fr"),
    "hamza": ("hamza@example.ma", "Hamza Alaoui", "fr"),
    "leila": ("leila@example.ma", "Leila Chraibi", "fr"),
    "omar": ("omar@example.ma", "Omar Fassi", "fr"),
    "rachid": ("rachid@example.ma", "Rachid Co-organisateur", "fr"),
    "admin": ("admin@example.ma", "Admin du site", "fr"),
}


async def person(client: AsyncTestClient | None, who: str, **kwargs: object) -> int:
    """Create one of PEOPLE (and log them in when a browser is given); return their id."""
    email, name, locale = PEOPLE[who]
    user_id = await create_user(email, name=name, locale=locale, **kwargs)
    if client is not None:
        await log_in(client, email)
    return user_id


def team_url(slug: str = "hack-mobilite") -> str:
    return f"/challenges/{slug}/team"


async def act(client: AsyncTestClient, path: str, data: dict | None = None, *, slug: str = "hack-mobilite"):  # noqa: ANN201
    """POST a team-space form (the CSRF token comes from the team space)."""
    return await submit(client, team_url(slug), data or {}, action=f"{team_url(slug)}{path}")


async def register_page(client: AsyncTestClient, slug: str = "hack-mobilite", data: dict | None = None):  # noqa: ANN201
    return await submit(client, f"/challenges/{slug}/register", ACCEPT if data is None else data)


async def create_team_page(client: AsyncTestClient, name: str = "Les Cartographes", slug: str = "hack-mobilite",
                           **fields: str):  # noqa: ANN201
    return await submit(client, team_url(slug), {"name": name, **fields})


def notice(html: str) -> str | None:
    found = soup(html).select_one(".notice-error")
    return found.get_text(" ", strip=True) if found else None


def flashes(html: str) -> list[str]:
    return [item.get_text(" ", strip=True) for item in soup(html).select(".flash")]


def field_error(html: str, name: str) -> str | None:
    found = soup(html).select_one(f"#f-{name}-error")
    return found.get_text(" ", strip=True) if found else None


async def memberships() -> list[tuple[str, str, str]]:
    """(team, person's e-mail, status) of every TeamMember row, by team then join order."""
    rows = await TeamMember.select(TeamMember.team.name, TeamMember.user.email, TeamMember.status).order_by(
        TeamMember.team).order_by(TeamMember.id)
    return [(row["team.name"], row["user.email"], row["status"]) for row in rows]


async def registered_emails() -> list[str]:
    rows = await Registration.select(Registration.user.email).order_by(Registration.id)
    return [row["user.email"] for row in rows]


async def team_names() -> list[str]:
    return [row["name"] for row in await Team.select(Team.name).order_by(Team.id)]


async def close_submissions(challenge_id: int) -> None:
    """The organizer closes submissions early: the deadline is now behind us (phase: screening)."""
    from datetime import timedelta

    await Challenge.update({Challenge.deadline_override_at: now() - timedelta(seconds=1)}).where(
        Challenge.id == challenge_id)
