"""Run the whole suite as `make test` does: on SQLite (browser journeys included), then on PostgreSQL.

PostgreSQL is TEST_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/test). When it cannot be
reached the PostgreSQL pass is skipped with a message, except under CI=true, where that is a failure.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"


def reachable(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 5432), timeout=3):
            return True
    except OSError:
        return False


def pytest(extra_env: dict[str, str], *args: str) -> int:
    env = {**os.environ, **extra_env}
    command = [sys.executable, "-m", "pytest", *args, *sys.argv[1:]]
    print(f"\n$ {' '.join(f'{k}={v}' for k, v in extra_env.items())} {' '.join(command[1:])}", flush=True)
    return subprocess.call(command, cwd=ROOT, env=env)


def main() -> int:
    in_ci = os.environ.get("CI", "").lower() == "true"
    sqlite_status = pytest({"TEST_DATABASE_URL": "sqlite:///var/test.sqlite"})
    pg_url = os.environ.get("TEST_DATABASE_URL_PG", DEFAULT_PG)
    if not reachable(pg_url):
        message = f"PostgreSQL is not reachable at {pg_url}"
        if in_ci:
            print(f"FAILED: {message} (required under CI=true)", flush=True)
            return 1
        print(f"SKIPPED the PostgreSQL pass: {message}", flush=True)
        return sqlite_status
    pg_status = pytest({"TEST_DATABASE_URL": pg_url}, "-m", "not browser")
    return sqlite_status or pg_status


if __name__ == "__main__":
    sys.exit(main())
