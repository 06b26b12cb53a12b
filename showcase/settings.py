"""Frozen settings read once from environment variables (12-factor), validated at start-up."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PACKAGE_ROOT = Path(__file__).resolve().parent

DEFAULT_PORTAL_URL = "https://data.gov.ma/data/api/3/action/"
BUNDLED_PORTAL = "bundled"
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


class ConfigError(Exception):
    """A configuration value is wrong; the message names the variable and fits on one line."""


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///var/showcase.sqlite"
    redis_url: str | None = None
    portal_url: str = DEFAULT_PORTAL_URL
    portal_api_token: str | None = None
    media_root: Path = PROJECT_ROOT / "var" / "media"
    var_dir: Path = PROJECT_ROOT / "var"
    secret_key: str = ""
    smtp_url: str | None = None
    mail_from: str = "Showcase <no-reply@data.gov.ma>"
    base_url: str = "http://127.0.0.1:8000"
    debug: bool = False
    time_zone: str = "Africa/Casablanca"
    db_pool: bool = True
    host: str = "127.0.0.1"
    port: int = 8000
    max_upload_bytes: int = 10 * 1024 * 1024
    logo_max_bytes: int = 2 * 1024 * 1024
    mail_worker: bool = True
    portal_sync_interval: int = 6 * 3600  # seconds between scheduled refreshes; 0 turns them off
    link_check_interval: int = 6 * 3600  # seconds between link-health rounds; 0 turns them off
    portal_origin: str = "https://data.gov.ma"  # the one origin allowed to frame embeds and call the API (CORS)
    templates_dir: Path = PROJECT_ROOT / "templates"
    static_dir: Path = PROJECT_ROOT / "static"
    locales_dir: Path = PACKAGE_ROOT / "locales"
    languages: tuple[str, ...] = field(default=("fr", "ar", "en"))

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgres://", "postgresql://"))

    @property
    def sqlite_path(self) -> Path:
        raw = self.database_url.removeprefix("sqlite:///")
        path = Path(raw)
        return path if path.is_absolute() else PROJECT_ROOT / path

    @property
    def portal_is_bundled(self) -> bool:
        return self.portal_url == BUNDLED_PORTAL

    @property
    def default_language(self) -> str:
        return self.languages[0]


def _flag(env: dict[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name}: expected true or false, got {raw!r}")


def _int(env: dict[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}: expected a whole number, got {raw!r}") from None
    if not low <= value <= high:
        raise ConfigError(f"{name}: must be between {low} and {high}, got {value}")
    return value


def _url(env: dict[str, str], name: str, schemes: tuple[str, ...], default: str | None) -> str | None:
    raw = env.get(name, default)
    if raw is None or raw.strip() == "":
        return default if default else None
    raw = raw.strip()
    parts = urlsplit(raw)
    if parts.scheme not in schemes:
        raise ConfigError(f"{name}: expected a URL starting with {' or '.join(s + '://' for s in schemes)}, got {raw!r}")
    if parts.scheme != "sqlite" and not parts.hostname:
        raise ConfigError(f"{name}: the URL has no host: {raw!r}")
    return raw


def _portal_url(env: dict[str, str]) -> str:
    """The CKAN action API base, or "bundled" for the offline snapshot shipped with the app."""
    if env.get("PORTAL_URL", "").strip() == BUNDLED_PORTAL:
        return BUNDLED_PORTAL
    return _url(env, "PORTAL_URL", ("http", "https"), DEFAULT_PORTAL_URL)


def _portal_origin(env: dict[str, str], portal_url: str) -> str:
    """PORTAL_ORIGIN (scheme://host[:port], nothing else), by default the scheme and host of PORTAL_URL."""
    raw = (env.get("PORTAL_ORIGIN") or "").strip()
    if not raw:
        portal = urlsplit(DEFAULT_PORTAL_URL if portal_url == BUNDLED_PORTAL else portal_url)
        host = portal.hostname or ""
        raw = f"{portal.scheme}://{f'[{host}]' if ':' in host else host}" + (f":{portal.port}" if portal.port else "")
    parts = urlsplit(raw)
    try:
        port = parts.port
    except ValueError:
        port = -1
    if (parts.scheme not in ("http", "https") or not parts.hostname or port == -1 or parts.username is not None
            or parts.password is not None or parts.path not in ("", "/") or parts.query or parts.fragment):
        raise ConfigError(f"PORTAL_ORIGIN: expected an origin such as https://data.gov.ma (scheme and host, "
                          f"no path), got {raw!r}")
    default_port = {"http": 80, "https": 443}[parts.scheme]
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    # Browsers send Origin without the default port: compare like with like.
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default_port else "")


def _secret_key(env: dict[str, str], var_dir: Path) -> str:
    raw = env.get("SECRET_KEY", "").strip()
    if raw:
        if len(raw) < 32:
            raise ConfigError("SECRET_KEY: must be at least 32 characters long")
        return raw
    # Unset: keep a generated key under var/ so sessions survive restarts on one machine.
    key_file = var_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Read and validate the environment; raise ConfigError naming the first bad variable."""
    env = dict(os.environ if env is None else env)
    var_dir = Path(env.get("VAR_DIR") or PROJECT_ROOT / "var")
    database_url = _url(env, "DATABASE_URL", ("sqlite", "postgres", "postgresql"), "sqlite:///var/showcase.sqlite")
    if database_url.startswith("sqlite") and not database_url.startswith("sqlite:///"):
        raise ConfigError(f"DATABASE_URL: SQLite URLs look like sqlite:///path/to/file.sqlite, got {database_url!r}")
    time_zone = env.get("TIME_ZONE", "Africa/Casablanca")
    try:
        ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"TIME_ZONE: unknown time zone {time_zone!r} (try Africa/Casablanca)") from None
    base_url = _url(env, "BASE_URL", ("http", "https"), "http://127.0.0.1:8000")
    portal_url = _portal_url(env)
    return Settings(
        database_url=database_url,
        redis_url=_url(env, "REDIS_URL", ("redis", "rediss", "unix"), None),
        portal_url=portal_url,
        portal_origin=_portal_origin(env, portal_url),
        portal_api_token=env.get("PORTAL_API_TOKEN") or None,
        media_root=Path(env.get("MEDIA_ROOT") or var_dir / "media"),
        var_dir=var_dir,
        secret_key=_secret_key(env, var_dir),
        smtp_url=_url(env, "SMTP_URL", ("smtp", "smtps"), None),
        mail_from=env.get("MAIL_FROM", "Showcase <no-reply@data.gov.ma>"),
        base_url=base_url.rstrip("/"),
        debug=_flag(env, "DEBUG", False),
        time_zone=time_zone,
        db_pool=_flag(env, "DATABASE_POOL", True),
        host=env.get("HOST", "127.0.0.1"),
        port=_int(env, "PORT", 8000, 1, 65535),
        max_upload_bytes=_int(env, "MAX_UPLOAD_BYTES", 10 * 1024 * 1024, 1024, 1024**3),
        mail_worker=_flag(env, "MAIL_WORKER", True),
        portal_sync_interval=_int(env, "PORTAL_SYNC_INTERVAL", 6 * 3600, 0, 30 * 24 * 3600),
        link_check_interval=_int(env, "LINK_CHECK_INTERVAL", 6 * 3600, 0, 30 * 24 * 3600),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
