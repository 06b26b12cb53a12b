import pytest

from showcase.demo import load_demo
from showcase.settings import get_settings
from showcase.startups.tables import Startup, StartupMember
from tests.conftest import soup
from tests.support import now

pytestmark = pytest.mark.anyio


async def test_demo_startups_load_once_with_logos_and_teams(client):
    assert await load_demo(now=now()) is True
    rows = await Startup.select(Startup.slug, Startup.logo).order_by(Startup.id)
    assert [row["slug"] for row in rows] == ["souss-agri-data", "tramway-plus", "madinati", "atlas-patrimoine",
                                             "oriental-solar-map"]
    assert all((get_settings().media_root / row["logo"]).is_file() for row in rows)
    members = await StartupMember.select(StartupMember.startup.slug, StartupMember.user.email, StartupMember.role).where(
        StartupMember.startup.slug == "tramway-plus").order_by(StartupMember.id)
    assert [(m["user.email"].split("@")[0], m["role"]) for m in members] == [
        ("karim", "owner"), ("amina", "member"), ("salma", "member")]
    assert await load_demo(now=now()) is False
    page = await client.get("/startups")
    assert soup(page.text).select_one(".startup-count").get_text() == "5 startups"
    arabic = await client.get("/startups/madinati?lang=ar")
    assert arabic.status_code == 200
    assert soup(arabic.text).h1.get_text() == "مدينتي"
