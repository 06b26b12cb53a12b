from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar

ID = "2026-11-22T07:21:32:076792"
VERSION = "1.38.0"
DESCRIPTION = "Question kinds up to 20 characters: single_choice and multiple_choice did not fit in 12"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="challenges", description=DESCRIPTION
    )

    manager.alter_column(
        table_class_name="Question",
        tablename="challenge_question",
        column_name="kind",
        db_column_name="kind",
        params={"length": 20},
        old_params={"length": 12},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    return manager
