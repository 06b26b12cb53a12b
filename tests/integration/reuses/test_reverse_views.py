"""A dataset's page lists the published reuses that cite it, and only those."""

import pytest

from showcase.reuses.tables import Reuse
from tests.conftest import soup
from tests.integration.reuses.helpers import author_and_reuse, submit_reuse

pytestmark = pytest.mark.anyio


async def test_dataset_page_lists_published_reuses_only(client):
    slug = await author_and_reuse(client)
    await submit_reuse(client, url="https://autre.example.ma/", title_fr="Brouillon privé", action="save")
    page = soup((await client.get("/datasets/reseau-routier-classe")).text)
    assert page.select(".reuse-card-title a") == []
    await Reuse.update({Reuse.status: "published"}).where(Reuse.slug == slug)
    page = soup((await client.get("/datasets/reseau-routier-classe")).text)
    assert [a["href"] for a in page.select(".reuse-card-title a")] == [f"/reuses/{slug}"]
