from pathlib import Path

from piccolo.conf.apps import AppConfig, table_finder

APP_CONFIG = AppConfig(
    app_name="challenges",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=table_finder(modules=["showcase.challenges.tables"], exclude_imported=True),
    migration_dependencies=["showcase.accounts.piccolo_app", "showcase.startups.piccolo_app",
                            "showcase.portal.piccolo_app", "showcase.reuses.piccolo_app"],
    commands=[],
)
