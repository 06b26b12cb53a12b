"""Piccolo's configuration: the engine comes from DATABASE_URL, the apps from the feature packages."""

from piccolo.conf.apps import AppRegistry
from piccolo.engine.postgres import PostgresEngine

from showcase.settings import get_settings
from showcase.sqlite_engine import PersistentSQLiteEngine

_settings = get_settings()

if _settings.is_postgres:
    DB = PostgresEngine(config={"dsn": _settings.database_url})
else:
    _settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    # A generous busy timeout: SQLite serialises writers, and a burst of sign-ups must wait, not fail.
    DB = PersistentSQLiteEngine(path=str(_settings.sqlite_path), timeout=30)

APP_REGISTRY = AppRegistry(
    apps=[
        "showcase.accounts.piccolo_app",
        "showcase.startups.piccolo_app",
        "showcase.mail.piccolo_app",
        "showcase.portal.piccolo_app",
        "showcase.reuses.piccolo_app",
        "showcase.challenges.piccolo_app",
        "showcase.judging.piccolo_app",
        "showcase.stats.piccolo_app",
    ]
)
