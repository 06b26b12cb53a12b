"""Database engine access, the connection-pool lifespan, migrations and readiness checks."""

from __future__ import annotations

import warnings

from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager

from litestar import Litestar
from piccolo.engine import engine_finder
from piccolo.engine.base import Engine

from showcase.settings import get_settings


def get_engine() -> Engine:
    engine = engine_finder()
    if engine is None:  # pragma: no cover - piccolo_conf always defines DB
        raise RuntimeError("Piccolo found no database engine")
    return engine


@asynccontextmanager
async def database_pool(app: Litestar) -> AsyncGenerator[None, None]:
    """Open a PostgreSQL pool for the app's lifetime; SQLite connects per query."""
    engine = get_engine()
    pooled = get_settings().db_pool and engine.engine_type in {"postgres", "cockroach"}
    if pooled:
        await engine.start_connection_pool(min_size=1, max_size=10)
    try:
        yield
    finally:
        if pooled:
            await engine.close_connection_pool()
        await close_connections()


async def close_connections() -> None:
    """Close the long-lived SQLite connection, if this process opened one."""
    engine = get_engine()
    if hasattr(engine, "close_shared_connection"):
        await engine.close_shared_connection()


async def ping() -> bool:
    """True when the database answers a trivial query."""
    try:
        rows = await _raw("SELECT 1 AS ok")
    except Exception:  # noqa: BLE001 - readiness reports any failure as "not ready"
        return False
    return bool(rows) and rows[0]["ok"] == 1


async def _raw(sql: str, *args: object) -> list[dict]:
    from piccolo.querystring import QueryString

    return await get_engine().run_querystring(QueryString(sql, *args))


async def migrate(*, quiet: bool = False) -> None:
    """Apply every pending migration of every app (idempotent)."""
    from piccolo.apps.migrations.commands.forwards import run_forwards

    engine = get_engine()
    if engine.engine_type == "sqlite":
        # WAL lets readers go on while one writer commits; the setting sticks to the file.
        await _raw("PRAGMA journal_mode=WAL")
    with warnings.catch_warnings():
        # SQLite has no column lengths to change; Piccolo says so once per such migration, to no one's benefit.
        warnings.filterwarnings("ignore", message=".*SQLITE doesn't support changes in length")
        result = await run_forwards(app_name="all", fake=False)
    if not result.success:
        raise RuntimeError(result.message)


def contains_text(column, text: str):  # noqa: ANN001, ANN201 - a Piccolo column and its WHERE clause
    """Case-insensitive substring match: ILIKE on PostgreSQL, LIKE (already case-insensitive) on SQLite."""
    needle = "%" + text.replace("\\", "").replace("%", "").replace("_", "") + "%"
    return column.ilike(needle) if get_engine().engine_type == "postgres" else column.like(needle)
