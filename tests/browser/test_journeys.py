"""What a visitor does in a real browser: languages, sign-up with the e-mailed link, log-in, the keyboard.

Text assertions go through helpers.tr(): the French (or Arabic) catalogue's translation when there is
one, otherwise the English msgid the page falls back to. Everything else is structure: lang/dir,
landmarks, labels, focus.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    PASSWORD,
    account_name,
    error_text,
    link_in,
    log_in,
    shot,
    sign_up,
    signed_up_and_logged_in,
    tr,
    unique_email,
    verify_from_outbox,
    wait_for_mail,
)

pytestmark = pytest.mark.browser


def html_attributes(page) -> tuple[str | None, str | None]:  # noqa: ANN001
    root = page.locator("html")
    return root.get_attribute("lang"), root.get_attribute("dir")


def test_home_page_in_french(page) -> None:  # noqa: ANN001
    response = page.goto("/")
    assert response is not None and response.status == 200

    assert html_attributes(page) == ("fr", "ltr")
    assert page.evaluate("getComputedStyle(document.body).direction") == "ltr"
    expect(page.get_by_role("banner")).to_have_count(1)
    expect(page.get_by_role("main")).to_have_attribute("id", "main")
    expect(page.get_by_role("contentinfo")).to_have_count(1)
    expect(page.get_by_role("navigation", name=tr("fr", "Main navigation"), exact=True)).to_have_count(1)
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("fr", "What people build with Morocco’s open data"))
    expect(page.locator("a.skip-link")).to_have_text(tr("fr", "Skip to content"))

    # Anonymous visitors are offered both ways in.
    header = page.get_by_role("banner")
    expect(header.locator("a[href='/account/login']")).to_have_text(tr("fr", "Log in"))
    expect(header.locator("a[href='/account/signup']")).to_have_text(tr("fr", "Sign up"))
    expect(header.locator(".account-menu")).to_have_count(0)

    # The language switcher: each language named in itself, French marked as the current one.
    switcher = page.get_by_role("navigation", name=tr("fr", "Language"), exact=True)
    expect(switcher).to_have_count(1)
    links = switcher.get_by_role("link")
    expect(links).to_have_count(3)
    for code, name in (("fr", "Français"), ("ar", "العربية"), ("en", "English")):
        link = switcher.locator(f"a[hreflang='{code}']")
        expect(link).to_have_text(name)
        expect(link).to_have_attribute("lang", code)
        expect(link).to_have_attribute("href", re.compile(rf"lang={code}"))
    expect(switcher.locator("a[aria-current='true']")).to_have_attribute("hreflang", "fr")
    shot(page, "01-home-fr")


def test_switching_to_arabic_turns_the_page_right_to_left_and_is_remembered(page, context) -> None:  # noqa: ANN001
    page.goto("/")
    assert html_attributes(page) == ("fr", "ltr")

    switcher = page.locator("nav.lang-switch")
    with page.expect_navigation():
        switcher.locator("a[hreflang='ar']").click()
    assert html_attributes(page) == ("ar", "rtl")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    expect(page.locator("a.skip-link")).to_have_text(tr("ar", "Skip to content"))
    expect(switcher.locator("a[aria-current='true']")).to_have_attribute("hreflang", "ar")
    cookies = {cookie["name"]: cookie for cookie in context.cookies()}
    assert cookies.get("lang", {}).get("value") == "ar", f"no lang=ar cookie: {list(cookies)}"
    assert cookies["lang"]["httpOnly"] is True
    shot(page, "02-home-ar-rtl")

    # The next page, reached without ?lang=, is still in Arabic: the cookie remembered the choice.
    with page.expect_navigation():
        page.get_by_role("banner").locator("a[href='/account/login']").click()
    assert "lang=" not in page.url
    assert html_attributes(page) == ("ar", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("ar", "Log in"))
    expect(page.locator("label[for='f-email']")).to_contain_text(tr("ar", "E-mail address"))
    shot(page, "02-login-ar-rtl")

    # And back to French the same way.
    with page.expect_navigation():
        page.locator("nav.lang-switch a[hreflang='fr']").click()
    assert html_attributes(page) == ("fr", "ltr")
    page.goto("/")
    assert html_attributes(page) == ("fr", "ltr")


def test_sign_up_verify_from_the_outbox_and_log_in(page, live_server) -> None:  # noqa: ANN001
    name = "Amina El Idrissi"
    email = unique_email("amina")

    page.goto("/account/signup")
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("fr", "Create an account"))
    page.get_by_label(tr("fr", "Your name")).fill(name)
    page.get_by_label(tr("fr", "E-mail address")).fill(email)
    page.get_by_label(tr("fr", "Password")).fill(PASSWORD)
    shot(page, "03-signup-filled")
    with page.expect_navigation():
        page.locator("form[action='/account/signup'] [type=submit]").click()
    assert page.url.endswith("/account/check-email"), f"{page.url}: {error_text(page)}"
    expect(page.locator("main")).to_contain_text(email)
    shot(page, "03-check-email")

    message = wait_for_mail(live_server, email, template="verify_email")
    assert message["status"] == "queued"
    assert message["subject"] == tr("fr", "Confirm your e-mail address")
    link = link_in(live_server, message["body_text"], "/account/verify/")
    assert re.fullmatch(re.escape(live_server.url) + r"/account/verify/[\w\-]+", link), link

    page.goto(link)
    assert page.url.endswith("/account/login"), page.url
    expect(page.locator(".flash-success")).to_have_text(tr("fr", "Your e-mail address is confirmed. Welcome!"))
    shot(page, "03-verified-login")

    log_in(page, email=email)
    assert page.url == f"{live_server.url}/", f"{page.url}: {error_text(page)}"
    assert account_name(page) == name
    expect(page.get_by_role("banner").locator("a[href='/account/login']")).to_have_count(0)
    shot(page, "03-logged-in-home")

    page.locator(".account-menu summary").click()
    with page.expect_navigation():
        page.locator(".account-menu a[href='/account']").click()
    expect(page.locator("#f-name")).to_have_value(name)
    shot(page, "03-profile")

    # The link works once.
    response = page.goto(link)
    assert response is not None and response.status == 400


def test_wrong_password_shows_the_error_beside_the_password_and_keeps_the_email(page, live_server) -> None:  # noqa: ANN001
    email = unique_email("nadia")
    sign_up(page, name="Nadia Benali", email=email)
    verify_from_outbox(page, live_server, email)
    typed = email.replace("nadia", "Nadia", 1)  # as a person types it: the page keeps it as typed

    page.goto("/account/login")
    page.locator("#f-email").fill(typed)
    page.locator("#f-password").fill("not the right password")
    with page.expect_navigation():
        page.locator("form[action='/account/login'] [type=submit]").click()

    assert page.url.endswith("/account/login")
    password_field = page.locator(".field", has=page.locator("#f-password"))
    error = password_field.locator(".field-error")
    expect(error).to_have_text(tr("fr", "The e-mail address or the password is not right."))
    expect(error).to_have_attribute("id", "f-password-error")
    expect(page.locator("#f-password")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#f-password")).to_have_attribute("aria-describedby", re.compile(r"\bf-password-error\b"))
    expect(page.locator("#f-password")).to_have_value("")
    expect(page.locator("#f-email")).to_have_value(typed)
    expect(page.locator(".field", has=page.locator("#f-email")).locator(".field-error")).to_have_count(0)
    summary = page.get_by_role("alert")
    expect(summary.locator("a[href='#f-password']")).to_have_count(1)
    expect(page.locator(".account-menu")).to_have_count(0)
    shot(page, "04-login-wrong-password")

    # The kept e-mail plus the right password lets the person in.
    page.locator("#f-password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("form[action='/account/login'] [type=submit]").click()
    assert account_name(page) == "Nadia Benali", error_text(page)


@pytest.mark.parametrize(("path", "first_in_main"), [("/", None), ("/account/login", "#f-email")])
def test_skip_link_is_the_first_stop_and_moves_focus_to_main(page, path: str, first_in_main: str | None) -> None:  # noqa: ANN001
    page.goto(path)
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "({tag: document.activeElement.tagName, cls: document.activeElement.className,"
        "  href: document.activeElement.getAttribute('href')})"
    )
    assert focused == {"tag": "A", "cls": "skip-link", "href": "#main"}, focused
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    name = "home" if path == "/" else path.strip("/").replace("/", "-")
    shot(page, f"05-skip-link-focused-{name}")

    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    assert page.url.endswith("#main")

    # The next Tab stays in the content: the header's links are skipped.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null"), page.evaluate(
        "document.activeElement.outerHTML")
    if first_in_main:
        expect(page.locator(first_in_main)).to_be_focused()


@pytest.mark.parametrize("path", ["/", "/?lang=ar", "/account/login", "/account/signup"])
def test_pages_load_every_asset_without_console_errors(page, live_server, path: str) -> None:  # noqa: ANN001
    """Stylesheets, scripts and images all load, and nothing is refused by the Content-Security-Policy."""
    problems: list[str] = []
    page.on("console", lambda message: message.type == "error" and problems.append(f"console: {message.text}"))
    page.on("pageerror", lambda exc: problems.append(f"script error: {exc}"))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url} ({request.failure})"))
    page.on("response", lambda response: response.status >= 400 and response.url != page.url
            and problems.append(f"HTTP {response.status}: {response.url}"))
    response = page.goto(path, wait_until="load")
    assert response is not None and response.status == 200
    stylesheets = page.evaluate("Array.from(document.styleSheets, sheet => sheet.href).filter(Boolean)")
    assert any(href.endswith("/static/css/app.css") for href in stylesheets), stylesheets
    broken_images = page.evaluate(
        "Array.from(document.images).filter(img => img.complete && img.naturalWidth === 0).map(img => img.src)")
    assert broken_images == [], broken_images
    assert problems == [], "\n".join(problems)


def test_create_a_startup_invite_a_member_who_accepts_from_the_emailed_link(new_context, live_server) -> None:  # noqa: ANN001
    """Two people, two browsers: a French-speaking owner and an Arabic-speaking member."""
    owner_page = new_context().new_page()
    member_page = new_context(locale="ar-MA").new_page()
    owner_name, owner_email = "Salma Ouazzani", unique_email("salma")
    member_name, member_email = "يوسف بنعلي", unique_email("youssef")
    startup_name = f"Atlas Données {time.time_ns() % 1_000_000}"  # unique: the server's database lives all session

    # The member already has a confirmed account; their browser speaks Arabic.
    signed_up_and_logged_in(member_page, live_server, name=member_name, email=member_email)
    assert html_attributes(member_page) == ("ar", "rtl")

    # The owner creates the startup's profile.
    signed_up_and_logged_in(owner_page, live_server, name=owner_name, email=owner_email)
    owner_page.goto("/startups/new")
    expect(owner_page.get_by_role("heading", level=1)).to_have_text(tr("fr", "Create a startup profile"))
    owner_page.locator("#f-name").fill(startup_name)
    owner_page.locator("#f-description_fr").fill("Des tableaux de bord sur l’eau et l’agriculture du Souss.")
    owner_page.locator("#f-description_ar").fill("لوحات معلومات حول الماء والفلاحة في سوس.")
    owner_page.locator("#f-region").select_option("souss-massa")
    owner_page.locator("#f-city").fill("Agadir")
    owner_page.locator("#f-website").fill("atlas-donnees.example.ma")
    owner_page.locator("#f-founded_year").fill("2024")
    owner_page.locator("#f-team_size").fill("4")
    shot(owner_page, "06-startup-form-filled")
    with owner_page.expect_navigation():
        owner_page.locator("form[action='/startups/new'] [type=submit]").click()
    slug_match = re.search(r"/startups/([a-z0-9-]+)$", owner_page.url)
    assert slug_match and slug_match.group(1) != "new", f"{owner_page.url}: {error_text(owner_page)}"
    slug = slug_match.group(1)
    expect(owner_page.get_by_role("heading", level=1)).to_have_text(startup_name)
    expect(owner_page.locator(".flash-success")).to_have_count(1)
    expect(owner_page.locator(".startup-description[lang='ar']")).to_have_attribute("dir", "rtl")
    expect(owner_page.locator(".startup-members .member-name")).to_have_text([owner_name])
    shot(owner_page, "06-startup-created")

    # ... and invites the member from the Team page.
    with owner_page.expect_navigation():
        owner_page.locator(f"a[href='/startups/{slug}/team']").click()
    invite_form = owner_page.locator(f"form[action='/startups/{slug}/invitations']")
    invite_form.locator("#f-email").fill(member_email)
    with owner_page.expect_navigation():
        invite_form.locator("[type=submit]").click()
    assert owner_page.url.endswith(f"/startups/{slug}/team"), f"{owner_page.url}: {error_text(owner_page)}"
    expect(owner_page.locator(".flash-success")).to_have_count(1)
    expect(owner_page.locator(".invitation-list .invitation")).to_contain_text(member_email)
    shot(owner_page, "06-team-invitation-pending")

    # The member opens the link from the e-mail (in Arabic: they have an account) and accepts.
    message = wait_for_mail(live_server, member_email, template="startup_invitation")
    assert startup_name in message["subject"] and owner_name in message["subject"], message["subject"]
    link = link_in(live_server, message["body_text"], "/invitations/")
    member_page.goto(link)
    assert html_attributes(member_page) == ("ar", "rtl")
    expect(member_page.locator(".startup-invitation .lead")).to_contain_text(startup_name)
    expect(member_page.locator(".startup-invitation .lead")).to_contain_text(owner_name)
    shot(member_page, "06-invitation-ar")
    with member_page.expect_navigation():
        member_page.locator(f"form[action='/invitations/{link.rsplit('/', 1)[1]}/accept'] [type=submit]").click()
    assert member_page.url.endswith(f"/startups/{slug}"), f"{member_page.url}: {error_text(member_page)}"
    expect(member_page.locator(".flash-success")).to_have_text(
        tr("ar", "Welcome to %(startup)s! You are now a member.") % {"startup": startup_name})
    expect(member_page.locator(".startup-members .member-name")).to_contain_text([owner_name, member_name])
    shot(member_page, "06-startup-member-ar")

    # The owner sees the new member, and the invitation is no longer pending.
    owner_page.goto(f"/startups/{slug}")
    expect(owner_page.locator(".startup-members .member-name")).to_contain_text([owner_name, member_name])
    owner_page.goto(f"/startups/{slug}/team")
    expect(owner_page.locator(".member-list .member-name")).to_contain_text([owner_name, member_name])
    expect(owner_page.locator(".invitation-list")).to_have_count(0)
    shot(owner_page, "06-team-with-member")

    # The member's "My startups" lists it; the e-mailed link cannot be used twice.
    member_page.goto("/account/startups")
    expect(member_page.locator(f".startup-card a[href='/startups/{slug}']")).to_have_text(startup_name)
    response = member_page.goto(link)
    assert response is not None and response.status == 400
    expect(member_page.get_by_role("alert")).to_have_text(tr("ar", "This invitation has already been answered."))
