"""What the browser journeys share: screenshots, the outbox, the catalogues, sign-up and log-in."""

from __future__ import annotations

import re
import sqlite3
import time
from functools import lru_cache
from pathlib import Path

from tests.browser.server import LOCALES, SCREENSHOTS, LiveServer

PASSWORD = "correct horse battery staple"


def shot(page, name: str) -> Path:  # noqa: ANN001
    """A full-page PNG under test-artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@lru_cache(maxsize=None)
def _catalogue(locale: str) -> dict[str, str]:
    from babel.messages.pofile import read_po

    with (LOCALES / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    return {message.id: message.string for message in catalog
            if isinstance(message.id, str) and message.string and not message.fuzzy}


def tr(locale: str, msgid: str) -> str:
    """What a page shows for msgid: the catalogue's translation when there is one, else msgid itself."""
    return _catalogue(locale).get(msgid, msgid)


def outbox(server: LiveServer, to: str) -> list[dict]:
    """E-mails the server wrote to its outbox for one address, oldest first."""
    connection = sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True, timeout=10)
    try:
        connection.row_factory = sqlite3.Row
        rows = connection.execute(
            "SELECT id, to_address, subject, body_text, template, status FROM mail_outbox "
            "WHERE to_address = ? ORDER BY id", (to.strip().lower(),),
        ).fetchall()
    finally:
        connection.close()
    return [dict(row) for row in rows]


def wait_for_mail(server: LiveServer, to: str, template: str | None = None, timeout: float = 10.0) -> dict:
    """The newest e-mail for `to` (of that template), waiting a little for it to be written."""
    deadline = time.monotonic() + timeout
    while True:
        found = [m for m in outbox(server, to) if template is None or m["template"] == template]
        if found:
            return found[-1]
        if time.monotonic() > deadline:
            seen = [(m["template"], m["subject"]) for m in outbox(server, to)]
            raise AssertionError(f"no {template or 'e-mail'} for {to} in the outbox; found {seen}")
        time.sleep(0.1)


def link_in(server: LiveServer, body: str, path_prefix: str = "/") -> str:
    """The first absolute link to this server whose path starts with path_prefix."""
    found = re.search(re.escape(server.url + path_prefix) + r"[^\s<>\"']*", body)
    assert found, f"no {server.url}{path_prefix}… link in the e-mail:\n{body}"
    return found.group(0)


def unique_email(label: str) -> str:
    return f"{label}-{time.time_ns()}@example.ma"


def error_text(page) -> str:  # noqa: ANN001
    """The error messages on a page, to explain a failed assertion."""
    try:
        return " | ".join(page.locator(".error-summary, .field-error, .flash-error").all_inner_texts())
    except Exception:  # noqa: BLE001 - only an explanation
        return ""


def sign_up(page, *, name: str, email: str, password: str = PASSWORD) -> None:  # noqa: ANN001
    page.goto("/account/signup")
    page.locator("#f-name").fill(name)
    page.locator("#f-email").fill(email)
    page.locator("#f-password").fill(password)
    with page.expect_navigation():
        page.locator("form[action='/account/signup'] [type=submit]").click()
    assert "/account/check-email" in page.url, f"sign-up did not go through ({page.url}): {error_text(page)}"


def verify_from_outbox(page, server: LiveServer, email: str) -> str:  # noqa: ANN001
    """Open the verification link of the newest verify_email message; return the link."""
    message = wait_for_mail(server, email, template="verify_email")
    link = link_in(server, message["body_text"], "/account/verify/")
    page.goto(link)
    return link


def log_in(page, *, email: str, password: str = PASSWORD) -> None:  # noqa: ANN001
    if "/account/login" not in page.url:
        page.goto("/account/login")
    page.locator("#f-email").fill(email)
    page.locator("#f-password").fill(password)
    with page.expect_navigation():
        page.locator("form[action='/account/login'] [type=submit]").click()


def account_name(page) -> str:  # noqa: ANN001
    return page.locator(".account-menu .account-name").inner_text().strip()


def signed_up_and_logged_in(page, server: LiveServer, *, name: str, email: str,  # noqa: ANN001
                            password: str = PASSWORD) -> None:
    """A new account through the real pages: sign up, verify from the outbox, log in."""
    sign_up(page, name=name, email=email, password=password)
    verify_from_outbox(page, server, email)
    log_in(page, email=email, password=password)
    assert account_name(page) == name, f"not logged in as {name} ({page.url}): {error_text(page)}"


# --- moderators, startups, pictures, page inspection (reuse journeys and the XSS corpus) ----------------------


def create_admin(server: LiveServer, *, email: str, name: str, password: str = PASSWORD) -> None:
    """`showcase createadmin` in the live server's own environment (same SQLite file); an admin holds every role."""
    import subprocess
    import sys

    from tests.browser.server import ROOT, server_env

    done = subprocess.run(
        [sys.executable, "-m", "showcase.cli", "createadmin", "--email", email, "--name", name,
         "--password", password],
        cwd=ROOT, env=server_env(server.port), capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, f"`showcase createadmin` failed:\n{done.stdout}\n{done.stderr}"


def logged_in_moderator(page, server: LiveServer, *, name: str = "Salma Modératrice") -> str:  # noqa: ANN001
    """A fresh admin (created through the CLI) logged in on `page`; returns the e-mail address."""
    email = unique_email("moderator")
    create_admin(server, email=email, name=name)
    log_in(page, email=email)
    assert account_name(page) == name, f"the moderator is not logged in ({page.url}): {error_text(page)}"
    return email


def create_startup(page, *, name: str, description_fr: str = "Une équipe de Rabat.",  # noqa: ANN001
                   description_ar: str = "فريق من الرباط.", city: str = "Rabat") -> str:
    """A startup profile through /startups/new by the logged-in person; returns its slug."""
    page.goto("/startups/new")
    page.locator("#f-name").fill(name)
    page.locator("#f-description_fr").fill(description_fr)
    page.locator("#f-description_ar").fill(description_ar)
    page.locator("#f-region").select_option("rabat-sale-kenitra")
    page.locator("#f-city").fill(city)
    with page.expect_navigation():
        page.locator("form[action='/startups/new'] [type=submit]").click()
    found = re.search(r"/startups/([a-z0-9-]+)$", page.url)
    assert found and found.group(1) != "new", f"the startup was not created ({page.url}): {error_text(page)}"
    return found.group(1)


def png_file(directory: Path, name: str = "cover.png", size: tuple[int, int] = (1280, 720)) -> Path:
    """A real PNG (a two-colour 16:9 picture with a few shapes) made with Pillow."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (0, 98, 51))
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.rectangle((width // 8, height // 6, width // 2, height * 5 // 6), fill=(193, 39, 45))
    draw.ellipse((width * 9 // 16, height // 4, width * 7 // 8, height * 3 // 4), fill=(250, 250, 250))
    path = directory / name
    image.save(path, format="PNG")
    return path


def submit_form(page, selector: str) -> None:  # noqa: ANN001
    """Click a submit button and wait for the page it leads to."""
    with page.expect_navigation():
        page.locator(selector).click()


def html_attributes(page) -> tuple[str | None, str | None]:  # noqa: ANN001
    root = page.locator("html")
    return root.get_attribute("lang"), root.get_attribute("dir")
