from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table


class StartupMigrationTable(Table, tablename="startup"):
    """Only used to run raw SQL from this migration."""

ID = "2026-11-22T04:22:21:258066"
VERSION = "1.38.0"
DESCRIPTION = "Startup.search_key; one membership per person and startup"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="startups", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="Startup",
        tablename="startup",
        column_name="search_key",
        db_column_name="search_key",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 200,
            "default": "",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    async def backfill_search_key() -> None:
        from showcase.startups.fields import search_key

        rows = await StartupMigrationTable.raw("SELECT id, name FROM startup")
        for row in rows:
            await StartupMigrationTable.raw(
                "UPDATE startup SET search_key = {} WHERE id = {}", search_key(row["name"]), row["id"]
            )

    async def unique_membership() -> None:
        # "user" is a reserved word in PostgreSQL: quoted, it works on both databases.
        await StartupMigrationTable.raw(
            'CREATE UNIQUE INDEX IF NOT EXISTS startup_member_startup_user_unique ON startup_member (startup, "user")'
        )

    async def drop_unique_membership() -> None:
        await StartupMigrationTable.raw("DROP INDEX IF EXISTS startup_member_startup_user_unique")

    manager.add_raw(backfill_search_key)
    manager.add_raw(unique_membership)
    manager.add_raw_backwards(drop_unique_membership)

    return manager
