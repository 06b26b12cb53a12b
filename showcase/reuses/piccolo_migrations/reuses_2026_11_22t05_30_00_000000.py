"""The gallery's index: engine-specific raw SQL (Piccolo has no full-text API), filled by showcase.reuses.search.

Only published, non-deleted reuses are in it; the gallery lists, counts and filters from it:
- `reuse_search`: one row per listed reuse, its publication date and title sort keys (and, on PostgreSQL, its
  weighted `tsvector` document under a GIN index);
- `reuse_facet`: one row per reuse and facet value (type, theme, producer, dataset, startup, tag): ids of
  themes, producers, datasets and startups in `ref` (names can change), type and tag text in `value`;
- SQLite only: `reuse_search_fts`, an FTS5 table whose rowid is the reuse id, and a trigger that forgets a
  deleted reuse row everywhere (PostgreSQL does it with ON DELETE CASCADE);
- an index on reuse.views for the "most viewed" order.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.querystring import QueryString

ID = "2026-11-22T05:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Search index of the reuse gallery (SQLite FTS5, PostgreSQL tsvector + GIN)"

FACET_TABLE = (
    "CREATE TABLE IF NOT EXISTS reuse_facet (reuse_id INTEGER NOT NULL REFERENCES reuse (id) ON DELETE CASCADE, "
    "facet VARCHAR(20) NOT NULL, ref INTEGER, value VARCHAR(100) NOT NULL DEFAULT '')",
    "CREATE INDEX IF NOT EXISTS reuse_facet_value ON reuse_facet (facet, value, reuse_id)",
    "CREATE INDEX IF NOT EXISTS reuse_facet_ref ON reuse_facet (facet, ref, reuse_id)",
    "CREATE INDEX IF NOT EXISTS reuse_facet_reuse ON reuse_facet (reuse_id)",
    "CREATE INDEX IF NOT EXISTS reuse_search_sort_fr ON reuse_search (sort_fr, reuse_id)",
    "CREATE INDEX IF NOT EXISTS reuse_search_sort_ar ON reuse_search (sort_ar, reuse_id)",
    "CREATE INDEX IF NOT EXISTS reuse_search_newest ON reuse_search (published_at, reuse_id)",
    "CREATE INDEX IF NOT EXISTS reuse_views_gallery ON reuse (views)",
)
SQLITE_FORWARDS = (
    "CREATE TABLE IF NOT EXISTS reuse_search (reuse_id INTEGER PRIMARY KEY REFERENCES reuse (id) ON DELETE CASCADE, "
    "sort_fr TEXT NOT NULL DEFAULT '', sort_ar TEXT NOT NULL DEFAULT '', published_at TIMESTAMPTZ)",
    *FACET_TABLE,
    "CREATE VIRTUAL TABLE IF NOT EXISTS reuse_search_fts USING fts5(title, summary, meta, body, "
    "tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS reuse_search_forget AFTER DELETE ON reuse BEGIN "
    "DELETE FROM reuse_search_fts WHERE rowid = old.id; DELETE FROM reuse_facet WHERE reuse_id = old.id; "
    "DELETE FROM reuse_search WHERE reuse_id = old.id; END",
)
SQLITE_BACKWARDS = (
    "DROP TRIGGER IF EXISTS reuse_search_forget",
    "DROP INDEX IF EXISTS reuse_views_gallery",
    "DROP TABLE IF EXISTS reuse_search_fts",
    "DROP TABLE IF EXISTS reuse_facet",
    "DROP TABLE IF EXISTS reuse_search",
)
POSTGRES_FORWARDS = (
    "CREATE TABLE IF NOT EXISTS reuse_search (reuse_id INTEGER PRIMARY KEY REFERENCES reuse (id) ON DELETE CASCADE, "
    "sort_fr TEXT NOT NULL DEFAULT '', sort_ar TEXT NOT NULL DEFAULT '', published_at TIMESTAMPTZ, "
    "document TSVECTOR NOT NULL)",
    "CREATE INDEX IF NOT EXISTS reuse_search_document ON reuse_search USING GIN (document)",
    *FACET_TABLE,
)
POSTGRES_BACKWARDS = (
    "DROP INDEX IF EXISTS reuse_views_gallery",
    "DROP TABLE IF EXISTS reuse_facet",
    "DROP TABLE IF EXISTS reuse_search",
)


async def _run(statements: tuple[str, ...]) -> None:
    engine = engine_finder()
    for statement in statements:
        await engine.run_querystring(QueryString(statement))


async def create_index() -> None:
    postgres = engine_finder().engine_type == "postgres"
    await _run(POSTGRES_FORWARDS if postgres else SQLITE_FORWARDS)


async def fill_index() -> None:
    """Index the reuses already published (raw SQL on columns that exist at this point)."""
    from showcase.reuses.search import rebuild_index

    await rebuild_index()


async def drop_index() -> None:
    postgres = engine_finder().engine_type == "postgres"
    await _run(POSTGRES_BACKWARDS if postgres else SQLITE_BACKWARDS)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="reuses", description=DESCRIPTION)
    manager.add_raw(create_index)
    manager.add_raw(fill_index)
    manager.add_raw_backwards(drop_index)
    return manager
