"""Shared steps for reuse tests: a filled form, a published reuse."""

from showcase.reuses.tables import Reuse
from tests.support import create_user, log_in, submit

DATASETS = "https://data.gov.ma/data/fr/dataset/reseau-routier-classe\npopulation-legale-regions-provinces-rgph-2024"


def form(**overrides):
    values = {
        "type": "application", "url": "https://routes.example.ma/", "title_fr": "Routes du Maroc",
        "title_ar": "طرق المغرب", "summary_fr": "La carte des routes classées.", "description_fr": "Une **carte**.",
        "datasets": DATASETS, "tags": "mobilité, cartes", "themes": ["transport"], "action": "submit",
    }
    values.update(overrides)
    return values


async def submit_reuse(client, **overrides):
    return await submit(client, "/reuses/new", form(**overrides))


async def moderator(client_factory):
    await create_user("moderator@example.ma", name="Salma", roles=("moderator",))


async def reuse_row(slug):
    return await Reuse.select().where(Reuse.slug == slug).first()


async def author_and_reuse(client, **overrides):
    await create_user()
    await log_in(client)
    response = await submit_reuse(client, **overrides)
    assert response.status_code == 302, response.text[:3000]
    return response.headers["location"].rsplit("/", 1)[-1]
