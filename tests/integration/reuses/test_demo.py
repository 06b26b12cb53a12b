"""The demo reuses: about sixty, every type, moderated, dated, with covers; loaded once."""

import json
from collections import Counter
from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from showcase.accounts.tables import User
from showcase.challenges.demo_data import EXTRA_REUSES
from showcase.demo import DEMO_PEOPLE, load_demo
from showcase.mail.tables import OutboxMessage
from showcase.media.pictures import VARIANTS, variant_path
from showcase.portal.bundled import SNAPSHOT_DIR
from showcase.reuses import constants
from showcase.reuses.demo import DEMO_REUSES, demo_slug, load_demo_reuses
from showcase.reuses.tables import ModerationEvent, Reuse, ReuseDataset, ReuseTag, ReuseTheme
from showcase.settings import get_settings
from showcase.startups.tables import StartupMember
from tests.conftest import soup
from tests.support import now

pytestmark = pytest.mark.anyio

STATUSES = {"published": 57, "submitted": 3, "changes_requested": 2, "draft": 2, "archived": 1}
WITH_COVER = 56
FEATURED = 6


def test_the_demo_data_is_well_formed():
    bundled = {package["name"] for package in
               json.loads((SNAPSHOT_DIR / "packages.json").read_text())["result"]["results"]}
    people = {email.split("@")[0] for email, *_ in DEMO_PEOPLE}
    assert 55 <= len(DEMO_REUSES) <= 65
    assert set(constants.TYPES) == {spec["type"] for spec in DEMO_REUSES}
    assert len({demo_slug(spec) for spec in DEMO_REUSES}) == len(DEMO_REUSES)
    assert len({spec["url"] for spec in DEMO_REUSES}) == len(DEMO_REUSES)
    for spec in DEMO_REUSES:
        assert spec["owner"] in people
        assert 1 <= len(spec["datasets"]) <= 4 and set(spec["datasets"]) <= bundled, demo_slug(spec)
        assert urlsplit(spec["url"]).hostname.endswith((".example.ma", ".example.org")), spec["url"]
        for name in ("summary_fr", "summary_ar"):
            assert len(" ".join(spec.get(name, "").split())) <= constants.SUMMARY_MAX, (demo_slug(spec), name)
        assert spec.get("title_fr") or spec.get("title_ar")
        assert bool(spec.get("title_fr")) == bool(spec.get("description_fr"))  # one language means one language
        assert bool(spec.get("title_ar")) == bool(spec.get("description_ar"))
        assert ("moderation" in spec) == (spec.get("status") == "changes_requested")
    languages = Counter(("fr" if spec.get("title_fr") else "") + ("ar" if spec.get("title_ar") else "")
                        for spec in DEMO_REUSES)
    assert languages["frar"] > 45 and languages["fr"] >= 3 and languages["ar"] >= 3


async def test_the_demo_fills_the_gallery_once(client):
    moment = now()
    assert await load_demo(now=moment) is True

    # The demo challenges add reuses of their own participants (tests/integration/challenges/test_demo.py).
    demo_slugs = {demo_slug(spec) for spec in DEMO_REUSES}
    rows = [row for row in await Reuse.select() if row["slug"] in demo_slugs]
    assert len(rows) == len(DEMO_REUSES)
    assert Counter(row["status"] for row in rows) == STATUSES
    published = [row for row in rows if row["status"] == "published"]
    assert {row["type"] for row in published} == set(constants.TYPES)
    assert sum(row["featured"] for row in rows) == FEATURED
    assert all(row["status"] == "published" for row in rows if row["featured"])

    cited = Counter(row["reuse"] for row in await ReuseDataset.select(ReuseDataset.reuse))
    assert all(1 <= cited[row["id"]] <= 4 for row in rows)
    themed = {row["reuse"] for row in await ReuseTheme.select(ReuseTheme.reuse)}
    assert all(row["id"] in themed for row in published)

    covered = [row for row in rows if row["cover"]]
    assert len(covered) == WITH_COVER
    assert len({row["cover"] for row in covered}) == WITH_COVER  # every cover is its own picture
    media = get_settings().media_root
    for row in covered:
        assert row["cover_alt"]
        for name, variant in VARIANTS.items():
            for width, ext in variant.files():
                assert (media / variant_path(row["cover"], name, width, ext)).is_file()

    members = {(row["startup"], row["user"]) for row in await StartupMember.select()}
    with_startup = [row for row in rows if row["startup"] is not None]
    assert len({row["startup"] for row in with_startup}) == 5
    assert all((row["startup"], row["owner"]) in members for row in with_startup)
    assert len({row["owner"] for row in rows if row["startup"] is None}) >= 4

    eighteen_months_ago = moment - timedelta(days=548)
    for row in published + [row for row in rows if row["status"] == "archived"]:
        assert eighteen_months_ago <= row["published_at"] <= moment
        assert row["submitted_at"] <= row["published_at"]
        assert 0 <= row["views"] <= 2000
    assert max(row["published_at"] for row in published) - min(row["published_at"] for row in published) \
        > timedelta(days=365)
    assert all(row["published_at"] is None and row["views"] == 0 for row in rows
               if row["status"] in ("submitted", "changes_requested", "draft"))
    assert all(row["moderation_message"] for row in rows if row["status"] == "changes_requested")
    # the demo authors are not e-mailed about the demo's moderation
    assert await OutboxMessage.count() == 0

    async def snapshot() -> tuple:
        return (await Reuse.select().order_by(Reuse.id), await ReuseDataset.count(), await ReuseTheme.count(),
                await ReuseTag.count(), await ModerationEvent.count(), await OutboxMessage.count())

    before = await snapshot()
    assert await load_demo(now=moment + timedelta(hours=1)) is False
    people = {row["email"]: row["id"] for row in await User.select(User.email, User.id)}
    assert await load_demo_reuses(get_settings(), people=people, now=moment + timedelta(hours=2)) == 0
    assert await snapshot() == before

    gallery = soup((await client.get("/reuses")).text)
    assert gallery.select_one(".gallery-summary [role=status]").get_text().strip() == f"{57 + len(EXTRA_REUSES)} reuses"
    assert len(gallery.select(".reuse-card")) == 24
    assert gallery.select(".reuse-card-media picture") and gallery.select(".reuse-card-placeholder")
    featured = next(row for row in rows if row["featured"])
    assert (await client.get(f"/reuses/{featured['slug']}")).status_code == 200
    assert (await client.get(f"/reuses/{featured['slug']}?lang=ar")).status_code == 200

