"""Shared steps for the organizers' back-office tests: an organizer logged in, a second browser, a draft."""

from __future__ import annotations

from contextlib import asynccontextmanager

from litestar.testing import AsyncTestClient

from showcase.challenges.tables import Challenge
from tests.support import create_user, log_in, submit

ORGANIZER = "organisatrice@example.ma"


async def organizer(client, email: str = ORGANIZER, *, name: str = "Nadia Organisatrice",
                    roles: tuple[str, ...] = ("organizer",)) -> int:
    """An account with the global organizer role, logged in on `client`."""
    user_id = await create_user(email, name=name, roles=roles)
    await log_in(client, email)
    return user_id


@asynccontextmanager
async def browser(app, email: str, *, name: str = "Autre Personne", roles: tuple[str, ...] = (), create: bool = True):
    """A second English-speaking browser, logged in as `email` (the account is created unless create=False)."""
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as other:
        other.headers["Accept-Language"] = "en"
        if create:
            await create_user(email, name=name, roles=roles)
        await log_in(other, email)
        yield other


async def new_draft(client, **values) -> str:
    """Create a challenge through the form; its slug."""
    response = await submit(client, "/manage/challenges/new", {
        "title_fr": "Défi des données de l'eau", "title_ar": "تحدي بيانات الماء", "organizer_name": "Agence de l'eau",
        **values})
    assert response.status_code == 302, response.text[:2000]
    return response.headers["location"].rsplit("/", 1)[-1]


async def challenge_row(slug: str) -> dict:
    return await Challenge.select().where(Challenge.slug == slug).first()
