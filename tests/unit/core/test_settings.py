"""Configuration from the environment: defaults, and one clear line per bad variable."""

import pytest

from showcase.settings import ConfigError, load_settings


def settings_from(tmp_path, **env):
    return load_settings({"VAR_DIR": str(tmp_path), **env})


def test_defaults_are_sqlite_under_var_and_casablanca(tmp_path):
    settings = settings_from(tmp_path)
    assert (settings.database_url, settings.is_postgres, settings.time_zone, settings.debug, settings.redis_url) == (
        "sqlite:///var/showcase.sqlite", False, "Africa/Casablanca", False, None)


def test_secret_key_is_generated_once_and_kept(tmp_path):
    first = settings_from(tmp_path).secret_key
    second = settings_from(tmp_path).secret_key
    assert first == second
    assert len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_postgres_url_switches_engine(tmp_path):
    settings = settings_from(tmp_path, DATABASE_URL="postgresql://postgres@127.0.0.1:5432/test")
    assert settings.is_postgres is True


@pytest.mark.parametrize(("env", "message"), [
    ({"DATABASE_URL": "mysql://db/x"},
     "DATABASE_URL: expected a URL starting with sqlite:// or postgres:// or postgresql://, got 'mysql://db/x'"),
    ({"DATABASE_URL": "sqlite://relative.db"},
     "DATABASE_URL: SQLite URLs look like sqlite:///path/to/file.sqlite, got 'sqlite://relative.db'"),
    ({"DEBUG": "maybe"}, "DEBUG: expected true or false, got 'maybe'"),
    ({"PORT": "eighty"}, "PORT: expected a whole number, got 'eighty'"),
    ({"PORT": "70000"}, "PORT: must be between 1 and 65535, got 70000"),
    ({"TIME_ZONE": "Mars/Olympus"}, "TIME_ZONE: unknown time zone 'Mars/Olympus' (try Africa/Casablanca)"),
    ({"REDIS_URL": "http://localhost"},
     "REDIS_URL: expected a URL starting with redis:// or rediss:// or unix://, got 'http://localhost'"),
    ({"SMTP_URL": "smtp://"}, "SMTP_URL: the URL has no host: 'smtp://'"),
    ({"SECRET_KEY": "short"}, "SECRET_KEY: must be at least 32 characters long"),
    ({"BASE_URL": "example.org"}, "BASE_URL: expected a URL starting with http:// or https://, got 'example.org'"),
])
def test_bad_values_name_the_variable(tmp_path, env, message):
    with pytest.raises(ConfigError) as raised:
        settings_from(tmp_path, **env)
    assert str(raised.value) == message
