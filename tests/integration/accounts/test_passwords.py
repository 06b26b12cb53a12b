"""Forgotten and changed passwords: single-use expiring links, other sessions ended, no enumeration."""

from datetime import timedelta

import pytest

from showcase.accounts.tables import AccountToken, User
from tests.support import create_user, link_in, log_in, outbox, submit

pytestmark = pytest.mark.anyio


async def ask_reset(client, email="amina@example.ma"):
    return await submit(client, "/account/password/forgot", {"email": email})


async def test_reset_page_says_the_same_for_unknown_address(client):
    await create_user()
    known = await ask_reset(client, "amina@example.ma")
    unknown = await ask_reset(client, "nobody@example.ma")
    assert (known.status_code, unknown.status_code) == (200, 200)
    assert known.text.replace("amina@example.ma", "X") == unknown.text.replace("nobody@example.ma", "X")
    assert "If an account uses <bdi>nobody@example.ma</bdi>" in unknown.text
    assert [m["template"] for m in await outbox("nobody@example.ma")] == []
    assert [m["template"] for m in await outbox("amina@example.ma")] == ["verify_email", "reset_password"]


async def test_reset_link_sets_new_password_once(client):
    await create_user()
    await ask_reset(client)
    link = link_in((await outbox("amina@example.ma"))[-1]["body_text"])
    response = await submit(client, link, {"password": "a brand new passphrase", "confirm_password": "a brand new passphrase"})
    assert (response.status_code, response.headers["location"]) == (302, "/account/login")
    again = await client.get(link)
    assert again.status_code == 400
    assert "This link has already been used." in again.text
    old = await submit(client, "/account/login", {"email": "amina@example.ma", "password": "correct horse battery"})
    assert old.status_code == 400
    new = await log_in(client, password="a brand new passphrase")
    assert new.status_code == 302


async def test_expired_reset_link_is_refused(client):
    await create_user()
    await ask_reset(client)
    link = link_in((await outbox("amina@example.ma"))[-1]["body_text"])
    await AccountToken.update({AccountToken.expires_at: AccountToken.created_at - timedelta(minutes=1)}, force=True)
    response = await client.get(link)
    assert response.status_code == 400
    assert "This link has expired." in response.text


async def test_reset_rejects_common_password_and_keeps_link_usable(client):
    await create_user()
    await ask_reset(client)
    link = link_in((await outbox("amina@example.ma"))[-1]["body_text"])
    weak = await submit(client, link, {"password": "password123", "confirm_password": "password123"})
    assert weak.status_code == 400
    assert "This password is too easy to guess." in weak.text
    ok = await submit(client, link, {"password": "a brand new passphrase", "confirm_password": "a brand new passphrase"})
    assert ok.status_code == 302


async def test_change_password_logs_out_other_sessions(app, client):
    from litestar.testing import AsyncTestClient

    await create_user()
    await log_in(client)
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as other:
        other.headers["Accept-Language"] = "en"
        await log_in(other)
        assert (await other.get("/account/", follow_redirects=False)).status_code == 200
        response = await submit(client, "/account/password", {
            "current_password": "correct horse battery", "new_password": "another long passphrase",
            "confirm_password": "another long passphrase"})
        assert (response.status_code, response.headers["location"]) == (302, "/account")
        assert (await client.get("/account/", follow_redirects=False)).status_code == 200
        assert (await other.get("/account/", follow_redirects=False)).status_code == 302


async def test_change_password_with_wrong_current_password(client):
    await create_user()
    await log_in(client)
    response = await submit(client, "/account/password", {
        "current_password": "wrong one here", "new_password": "another long passphrase",
        "confirm_password": "another long passphrase"})
    assert response.status_code == 400
    assert "Your current password is not right." in response.text


async def test_signup_errors_keep_typed_values(client):
    response = await submit(client, "/account/signup", {"name": "Amina", "email": "amina@", "password": "short"})
    assert response.status_code == 400
    assert 'value="amina@"' in response.text and 'value="Amina"' in response.text
    assert "This does not look like an e-mail address (example: amina@example.ma)." in response.text
    assert "Use at least 10 characters." in response.text
    assert await User.count() == 0
