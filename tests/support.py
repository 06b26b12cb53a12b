"""Helpers shared by tests: schema reset, table emptying, users, forms, the outbox."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from piccolo.conf.apps import Finder
from piccolo.querystring import QueryString
from piccolo.table import sort_table_classes
from piccolo.utils.sync import run_sync

from showcase.db import get_engine
from showcase.settings import get_settings


def _execute(sql: str) -> None:
    run_sync(get_engine().run_querystring(QueryString(sql)))


def reset_schema() -> None:
    """Drop everything, migration history included, so the migrations run from scratch."""
    settings = get_settings()
    if settings.is_postgres:
        _execute("DROP SCHEMA public CASCADE")
        _execute("CREATE SCHEMA public")
        return
    for suffix in ("", "-wal", "-shm"):
        path = settings.sqlite_path.with_name(settings.sqlite_path.name + suffix)
        path.unlink(missing_ok=True)


def run_migrations() -> None:
    import contextlib
    import io

    from showcase.db import migrate

    with contextlib.redirect_stdout(io.StringIO()):
        run_sync(migrate())


def app_tables() -> list:
    return sort_table_classes(Finder().get_table_classes())


def empty_tables() -> None:
    tables = app_tables()
    names = [table._meta.tablename for table in tables]
    if get_settings().is_postgres:
        # One round trip: DELETE on the (nearly empty) tables, children first, then every sequence back to 1 as
        # RESTART IDENTITY would. TRUNCATE of 39 tables cost ten times as much, before every test.
        deletes = " ".join(f"DELETE FROM {name};" for name in reversed(names))
        _execute(f"DO $$ BEGIN {deletes} PERFORM setval(c.oid, 1, false) FROM pg_class c "
                 "WHERE c.relkind = 'S' AND c.relnamespace = 'public'::regnamespace; END $$")
        return
    for name in reversed(names):
        _execute(f"DELETE FROM {name}")


def now() -> datetime:
    return datetime.now(UTC)


async def create_user(email: str = "amina@example.ma", *, name: str = "Amina El Idrissi",
                      password: str = "correct horse battery", verified: bool = True, locale: str = "fr",
                      roles: tuple[str, ...] = ()) -> int:
    """A real account through the real sign-up rule, then verified and given roles as asked."""
    from showcase.accounts.domain import sign_up
    from showcase.accounts.tables import User

    address = await sign_up(name=name, email=email, password=password, locale=locale, now=now())
    changes: dict = {getattr(User, f"is_{role}"): True for role in roles}
    if verified:
        changes[User.email_verified_at] = now()
    if changes:
        await User.update(changes).where(User.email == address)
    row = await User.select(User.id).where(User.email == address).first()
    return row["id"]


async def outbox(to: str | None = None) -> list[dict]:
    from showcase.mail.tables import OutboxMessage

    query = OutboxMessage.select().order_by(OutboxMessage.id)
    if to:
        query = query.where(OutboxMessage.to_address == to)
    return await query


def link_in(body: str) -> str:
    """The path of the first http://testserver.local link in an e-mail body."""
    found = re.search(r"http://testserver.local(/\S+)", body)
    assert found, f"no link in e-mail: {body!r}"
    return found.group(1)


def csrf_token(html: str) -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert found, "the page has no CSRF token"
    return found.group(1)


async def submit(client, page_url: str, data: dict, *, action: str | None = None, files=None):  # noqa: ANN001, ANN201
    """GET a page, take its CSRF token, POST the form as a browser would (list values repeat a field)."""
    page = await client.get(page_url)
    payload = {**data, "_csrf_token": csrf_token(page.text)}
    return await client.post(action or page_url, data=payload, files=files, follow_redirects=False)


async def log_in(client, email: str = "amina@example.ma", password: str = "correct horse battery"):  # noqa: ANN001, ANN201
    response = await submit(client, "/account/login", {"email": email, "password": password})
    assert response.status_code in (200, 302, 303), response.text[:500]
    return response
