"""The `showcase` command: help everywhere, createadmin, demo (idempotent), configuration errors."""

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from showcase.accounts.tables import User
from showcase.cli import main


@pytest.fixture(autouse=True)
def english_terminal(monkeypatch):
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)


@pytest.mark.parametrize("command", [[], ["serve"], ["migrate"], ["demo"], ["createadmin"], ["send-mail"],
                                     ["compile-messages"]])
def test_every_command_has_help(command):
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage: main" in result.output or "Usage: " in result.output


def test_createadmin_creates_a_verified_admin():
    result = CliRunner().invoke(main, ["createadmin", "--email", "Boss@Example.MA", "--name", "Boss",
                                       "--password", "a long admin passphrase"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Created administrator boss@example.ma."
    row = User.select(User.is_admin, User.email_verified_at).where(User.email == "boss@example.ma").first().run_sync()
    assert row["is_admin"] is True and row["email_verified_at"] is not None


def test_createadmin_refuses_a_weak_password():
    result = CliRunner().invoke(main, ["createadmin", "--email", "boss@example.ma", "--name", "Boss",
                                       "--password", "password1"])
    assert result.exit_code == 1
    assert "password: Use at least 10 characters." in result.output


def test_demo_loads_once():
    runner = CliRunner()
    first = runner.invoke(main, ["demo"])
    second = runner.invoke(main, ["demo"])
    assert first.exit_code == second.exit_code == 0
    assert "Demo data loaded." in first.output
    assert second.output.strip() == "Demo data already present."
    from showcase.challenges.demo_data import PARTICIPANTS
    from showcase.demo import DEMO_PEOPLE
    from showcase.judging.demo import JUDGES
    from showcase.judging.vote_demo import VOTERS

    # 5 demo people, 8 participants, 3 judges, 16 voters of the public vote
    assert User.count().run_sync() == len(DEMO_PEOPLE) + len(PARTICIPANTS) + len(JUDGES) + VOTERS == 32


def test_bad_configuration_is_one_line_without_traceback():
    env = {**os.environ, "DATABASE_URL": "mysql://db/showcase"}
    result = subprocess.run([sys.executable, "-m", "showcase.cli", "migrate"], env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == ("showcase: configuration error: DATABASE_URL: expected a URL starting with "
                                     "sqlite:// or postgres:// or postgresql://, got 'mysql://db/showcase'")
    assert "Traceback" not in result.stderr


def test_demo_admin_can_log_in_with_the_documented_password():
    import anyio
    from litestar.testing import AsyncTestClient

    from showcase.app import create_app
    from tests.support import log_in

    CliRunner().invoke(main, ["demo"])

    async def journey() -> int:
        async with AsyncTestClient(app=create_app(), base_url="http://testserver.local") as client:
            response = await log_in(client, "admin@example.org", "demo-admin-2026")
            assert response.headers["location"] == "/"
            return (await client.get("/manage/users", follow_redirects=False)).status_code

    assert anyio.run(journey) == 200
