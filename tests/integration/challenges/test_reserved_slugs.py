"""A challenge never takes a slug that another page of /challenges already answers to."""

import pytest

from tests.integration.challenges.manage_support import new_draft, organizer

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(("title", "slug"), [("Invitations", "invitations-2"), ("New", "new-2")])
async def test_a_title_that_names_another_page_gets_a_numbered_slug(client, title, slug):
    await organizer(client)
    assert await new_draft(client, title_fr=title, title_ar="") == slug
    assert (await client.get(f"/manage/challenges/{slug}")).status_code == 200
