"""Profile changes and the admins' roles page."""

import pytest

from showcase.accounts.tables import User
from tests.conftest import soup
from tests.support import create_user, log_in, submit

pytestmark = pytest.mark.anyio


async def test_profile_update_changes_name_and_mail_language(client):
    await create_user()
    await log_in(client)
    response = await submit(client, "/account/", {"name": "  Amina   Idrissi ", "locale": "ar", "bio": "Data journalist"})
    assert (response.status_code, response.headers["location"]) == (302, "/account")
    row = await User.select(User.name, User.locale, User.bio).where(User.email == "amina@example.ma").first()
    assert row == {"name": "Amina Idrissi", "locale": "ar", "bio": "Data journalist"}


async def test_profile_errors_keep_input(client):
    await create_user()
    await log_in(client)
    response = await submit(client, "/account/", {"name": "", "locale": "xx", "bio": "Still here"})
    assert response.status_code == 400
    assert "Enter your name." in response.text
    assert "Choose one of the languages in the list." in response.text
    assert ">Still here</textarea>" in response.text


async def test_admin_grants_roles(client):
    await create_user("admin@example.ma", roles=("admin",))
    member_id = await create_user("salma@example.ma", name="Salma")
    await log_in(client, "admin@example.ma")
    page = await client.get("/manage/users?q=salma")
    assert page.status_code == 200
    table = soup(page.text).find("table")
    assert [cell.get_text(strip=True) for cell in table.select("tbody tr td:nth-of-type(2)")] == [
        "salma@example.ma"]
    response = await submit(client, "/manage/users", {"roles": ["moderator", "organizer"], "active": "on"},
                            action=f"/manage/users/{member_id}/roles")
    assert response.status_code == 302
    row = await User.select(User.is_moderator, User.is_organizer, User.is_admin).where(User.id == member_id).first()
    assert row == {"is_moderator": True, "is_organizer": True, "is_admin": False}


async def test_admin_cannot_remove_own_admin_role(client):
    admin_id = await create_user("admin@example.ma", roles=("admin",))
    await log_in(client, "admin@example.ma")
    await submit(client, "/manage/users", {"active": "on"}, action=f"/manage/users/{admin_id}/roles")
    row = await User.select(User.is_admin).where(User.id == admin_id).first()
    assert row["is_admin"] is True
    page = await client.get("/manage/users")
    assert "You cannot remove your own admin role or deactivate your own account." in page.text


async def test_deactivated_user_is_logged_out_and_cannot_log_in(app, client):
    from litestar.testing import AsyncTestClient

    await create_user("admin@example.ma", roles=("admin",))
    member_id = await create_user("salma@example.ma", name="Salma")
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as member:
        member.headers["Accept-Language"] = "en"
        await log_in(member, "salma@example.ma")
        await log_in(client, "admin@example.ma")
        await submit(client, "/manage/users", {}, action=f"/manage/users/{member_id}/roles")
        assert (await member.get("/account/", follow_redirects=False)).status_code == 302
        again = await submit(member, "/account/login", {"email": "salma@example.ma", "password": "correct horse battery"})
        assert again.status_code == 400
