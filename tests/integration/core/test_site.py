"""Site-wide behaviour: health checks, security headers, CSRF, languages, error pages."""

import pytest

from tests.support import create_user, csrf_token, log_in, outbox, submit

pytestmark = pytest.mark.anyio


async def test_livez_and_healthz(client):
    live = await client.get("/livez")
    ready = await client.get("/healthz")
    assert (live.status_code, live.text) == (200, "ok")
    assert (ready.status_code, ready.json()) == (200, {"status": "ok", "database": "ok"})


async def test_security_headers_on_pages_and_errors(client):
    for path in ("/", "/does-not-exist"):
        response = await client.get(path)
        assert response.headers["content-security-policy"] == (
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; font-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"


async def test_anonymous_visit_sets_no_session_cookie(client):
    response = await client.get("/")
    assert "showcase_session" not in response.headers.get("set-cookie", "")


async def test_post_without_csrf_token_is_refused_in_visitors_language(client):
    client.headers["Accept-Language"] = "en"
    await client.get("/account/login")
    response = await client.post("/account/login", data={"email": "a@b.ma", "password": "x"})
    assert response.status_code == 403
    assert "<h1>Not allowed</h1>" in response.text


async def test_unknown_url_is_404_page_in_arabic_right_to_left(client):
    client.headers["Accept-Language"] = "ar"
    response = await client.get("/no/such/page")
    assert response.status_code == 404
    assert '<html lang="ar" dir="rtl">' in response.text


async def test_french_is_the_default_language(app):
    from litestar.testing import AsyncTestClient

    async with AsyncTestClient(app=app, base_url="http://testserver.local") as plain:
        response = await plain.get("/")
    assert '<html lang="fr" dir="ltr">' in response.text


async def test_lang_parameter_is_remembered_in_a_cookie(client):
    first = await client.get("/?lang=ar")
    assert '<html lang="ar" dir="rtl">' in first.text
    assert "lang=ar" in first.headers["set-cookie"]
    second = await client.get("/account/login")
    assert '<html lang="ar" dir="rtl">' in second.text


async def test_unknown_lang_parameter_falls_back_without_error(client):
    response = await client.get("/?lang=klingon")
    assert response.status_code == 200
    assert '<html lang="en" dir="ltr">' in response.text
    assert "lang=klingon" not in response.headers.get("set-cookie", "")


async def test_language_switcher_keeps_path_and_query(client):
    response = await client.get("/manage/users?q=amina", follow_redirects=False)
    assert response.status_code == 302  # anonymous: sent to log in first
    page = await client.get("/account/login?next=/manage/users")
    assert 'href="/account/login?next=%2Fmanage%2Fusers&amp;lang=ar"' in page.text


async def test_open_redirect_after_login_is_ignored(client):
    await create_user()
    page = await client.get("/account/login")
    response = await client.post("/account/login", follow_redirects=False, data={
        "email": "amina@example.ma", "password": "correct horse battery", "next": "//evil.example/",
        "_csrf_token": csrf_token(page.text)})
    assert response.headers["location"] == "/"


async def test_back_office_requires_admin(client):
    await create_user()
    await log_in(client)
    assert (await client.get("/manage/users")).status_code == 403
    assert (await client.get("/manage/outbox")).status_code == 403


async def test_login_rate_limit_per_account(client):
    await create_user()
    statuses = []
    for _ in range(10):
        response = await submit(client, "/account/login", {"email": "amina@example.ma", "password": "wrong password!"})
        statuses.append(response.status_code)
    assert statuses == [400] * 8 + [429, 429]
    assert "Too many attempts. Try again in 15 minutes." in response.text
    blocked = await submit(client, "/account/login", {"email": "amina@example.ma", "password": "correct horse battery"})
    assert blocked.status_code == 429


async def test_signup_rate_limit_per_ip(client):
    statuses = []
    for index in range(61):
        response = await submit(client, "/account/signup", {
            "name": "Bot", "email": f"bot{index}@example.ma", "password": "correct horse battery"})
        statuses.append(response.status_code)
    assert statuses == [302] * 60 + [429]


async def test_signup_rate_limit_per_address_protects_its_owner_from_mail_floods(client):
    statuses = []
    for _ in range(4):
        response = await submit(client, "/account/signup", {
            "name": "Bot", "email": "Victim@example.ma", "password": "correct horse battery"})
        statuses.append(response.status_code)
    assert statuses == [302, 302, 302, 429]
    assert len(await outbox("victim@example.ma")) == 3
