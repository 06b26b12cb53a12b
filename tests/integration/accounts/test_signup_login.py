"""Sign-up, e-mail verification, log-in and log-out, as a person does them through the pages."""

import pytest

from showcase.accounts.tables import User
from tests.support import create_user, csrf_token, link_in, log_in, outbox, submit

pytestmark = pytest.mark.anyio


async def test_signup_sends_verification_link_in_french(client):
    client.headers["Accept-Language"] = "fr-MA,fr;q=0.9"
    response = await submit(client, "/account/signup", {
        "name": "Amina El Idrissi", "email": "Amina@Example.MA", "password": "correct horse battery"})
    assert (response.status_code, response.headers["location"]) == (302, "/account/check-email")
    page = await client.get("/account/check-email")
    assert "<bdi>amina@example.ma</bdi>" in page.text
    messages = await outbox()
    assert [(m["to_address"], m["template"], m["locale"], m["status"]) for m in messages] == [
        ("amina@example.ma", "verify_email", "fr", "queued")]
    assert link_in(messages[0]["body_text"]).startswith("/account/verify/")


async def test_verification_link_confirms_address_once(client):
    await submit(client, "/account/signup", {"name": "Amina", "email": "amina@example.ma",
                                             "password": "correct horse battery"})
    link = link_in((await outbox())[0]["body_text"])
    first = await client.get(link, follow_redirects=False)
    assert first.status_code == 302
    user = await User.select(User.email_verified_at).where(User.email == "amina@example.ma").first()
    assert user["email_verified_at"] is not None
    again = await client.get(link)
    assert again.status_code == 400


async def test_login_rotates_session_id(client):
    await create_user()
    await client.get("/account/login")
    client.cookies.set("showcase_session", "a" * 64, domain="testserver.local")
    response = await log_in(client)
    assert response.status_code == 302
    assert client.cookies.get("showcase_session") not in (None, "a" * 64)
    account = await client.get("/account/")
    assert account.status_code == 200


async def test_wrong_password_shows_error_and_keeps_email(client):
    await create_user()
    response = await submit(client, "/account/login", {"email": "amina@example.ma", "password": "not the password"})
    assert response.status_code == 400
    assert "The e-mail address or the password is not right." in response.text
    assert 'value="amina@example.ma"' in response.text


async def test_logout_ends_session(client):
    await create_user()
    await log_in(client)
    page = await client.get("/account/")
    response = await client.post("/account/logout", data={"_csrf_token": csrf_token(page.text)}, follow_redirects=False)
    assert response.status_code == 302
    after = await client.get("/account/", follow_redirects=False)
    assert after.status_code == 302
    assert after.headers["location"] == "/account/login?next=/account"


async def test_duplicate_signup_reveals_nothing_and_warns_owner(client):
    await create_user("amina@example.ma", locale="ar")
    response = await submit(client, "/account/signup", {"name": "Someone", "email": "AMINA@example.ma",
                                                        "password": "another good passphrase"})
    assert (response.status_code, response.headers["location"]) == (302, "/account/check-email")
    assert await User.count() == 1
    last = (await outbox("amina@example.ma"))[-1]
    assert (last["template"], last["locale"]) == ("signup_existing", "ar")

