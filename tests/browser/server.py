"""The real app under uvicorn, in a subprocess, on its own SQLite file (migrated from nothing)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# One database and var/ per test run: two runs at once must never delete each other's files.
DB_FILE = ROOT / "var" / f"browser-test-{os.getpid()}.sqlite"
VAR_DIR = ROOT / "var" / f"browser-var-{os.getpid()}"
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
SERVER_LOG = ARTIFACTS / "browser-server.log"
LOCALES = ROOT / "showcase" / "locales"
STARTUP_TIMEOUT = 40.0
MIGRATE_TIMEOUT = 120.0


class ServerError(RuntimeError):
    """The server could not be prepared or did not become healthy."""


@dataclass(frozen=True)
class LiveServer:
    url: str
    port: int
    db_path: Path
    process: subprocess.Popen


def log_tail(lines: int = 40) -> str:
    try:
        return "\n".join(SERVER_LOG.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(port: int) -> dict[str, str]:
    """os.environ (PATH and the like) with every setting that matters made explicit."""
    env = dict(os.environ)
    for name in ("REDIS_URL", "SMTP_URL", "TEST_DATABASE_URL", "HOST", "PORT"):
        env.pop(name, None)
    env.update(
        DATABASE_URL=f"sqlite:///{DB_FILE}",
        DATABASE_POOL="false",
        DEBUG="true",  # cookies without Secure over http://127.0.0.1
        MAIL_WORKER="false",  # the journeys read the outbox themselves
        ARGON2_PROFILE="test",
        VAR_DIR=str(VAR_DIR),
        MEDIA_ROOT=str(VAR_DIR / "media"),
        BASE_URL=f"http://127.0.0.1:{port}",
        SECRET_KEY="browser-tests-only-secret-key-0123456789abcdef",
        PYTHONUNBUFFERED="1",
    )
    return env


def wait_until_healthy(url: str, process: subprocess.Popen, timeout: float = STARTUP_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    last_error = ""
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"the server exited with code {process.returncode}:\n{log_tail()}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
                last_error = f"HTTP {response.status}"
        except (urllib.error.URLError, OSError) as exc:
            last_error = str(exc)
        time.sleep(0.2)
    raise ServerError(f"/healthz did not answer 200 within {timeout:.0f} s ({last_error}):\n{log_tail()}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
    _remove_files()


def _remove_files() -> None:
    for suffix in ("", "-wal", "-shm"):
        DB_FILE.with_name(DB_FILE.name + suffix).unlink(missing_ok=True)
    shutil.rmtree(VAR_DIR, ignore_errors=True)


def start() -> LiveServer:
    """Fresh database file and var dir, `showcase migrate`, then uvicorn; returns once /healthz is 200."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    _remove_files()
    port = free_port()
    env = server_env(port)
    try:
        migrate = subprocess.run([sys.executable, "-m", "showcase.cli", "migrate"], cwd=ROOT, env=env,
                                 capture_output=True, text=True, timeout=MIGRATE_TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        raise ServerError(f"`showcase migrate` did not finish within {MIGRATE_TIMEOUT:.0f} s:\n"
                          f"{exc.stdout or ''}\n{exc.stderr or ''}") from None
    if migrate.returncode != 0:
        raise ServerError(f"`showcase migrate` failed:\n{migrate.stdout}\n{migrate.stderr}")
    url = f"http://127.0.0.1:{port}"
    with SERVER_LOG.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "showcase.app:create_app", "--factory",
             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    try:
        wait_until_healthy(url, process)
    except ServerError:
        stop(process)
        raise
    return LiveServer(url=url, port=port, db_path=DB_FILE, process=process)
