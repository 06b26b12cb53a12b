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
