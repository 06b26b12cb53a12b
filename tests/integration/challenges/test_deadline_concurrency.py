"""200 concurrent submits, updates and draft edits straddling the deadline, against the real server.

The test client runs requests one after another, so this test starts uvicorn (two worker processes, as
deployed: proxy headers on, the PostgreSQL pool on) over the test database and fires real HTTP requests at
it with asyncio.gather. 50 teams send 4 requests each, every one at its own instant within two seconds either
side of a deadline set two seconds ahead; every request carries a unique answer so it can be traced into
the stored rows. The instant that counts is the one at which the server has received a request in full; it is
compared with the deadline in force, and stored, under the write lock, so requests that arrive before the
deadline but wait for the lock past it are still accepted. The promises checked:
- no stored version has submitted_at at or after the deadline;
- none is lost: the versions stored are exactly the submits the server accepted (same count, same answers),
  and every refusal names an arrival at or after the deadline, however long accepted requests queued;
- every refused request got the late message (a 409), never an error page;
- version numbers per entry run 1..n, the entry points at its last one, one receipt per member per version.
Both passes of the suite run it (SQLite: BEGIN IMMEDIATE with a 30 s busy timeout; PostgreSQL: row lock).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import socket
import subprocess
import sys
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from showcase.accounts.queries import load_session_user
from showcase.challenges.tables import Entry, EntryAnswer, EntryVersion, Question, Track
from showcase.mail.tables import OutboxMessage
from showcase.portal.service import open_portal, portal_site
from showcase.reuses.domain import save_reuse
from showcase.settings import get_settings
from tests.integration.challenges.entries_support import set_deadline
from tests.integration.challenges.helpers import make_challenge, make_team
from tests.integration.reuses.helpers import form as reuse_form
from tests.support import create_user, csrf_token, now

pytestmark = pytest.mark.anyio

ROOT = Path(__file__).resolve().parents[3]
TEAMS = 50
REQUESTS_PER_TEAM = 4
DRAFT_TEAMS = 10  # these edit a draft four times; the other 40 submit, then update three times
SPREAD = 2.0  # seconds either side of the deadline (the machine running the suite may be busy: 2 CPUs)
LEAD = 2.0  # the deadline is set this far ahead once everyone is logged in; the first requests leave at once
LATE = "The deadline has passed: this was not saved."


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server():  # noqa: ANN201 - yields the base URL
    settings = get_settings()
    port = free_port()
    log_path = ROOT / "test-artifacts" / "entries" / f"concurrency-server-{os.getpid()}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DATABASE_URL": settings.database_url, "DATABASE_POOL": "true", "DEBUG": "true",
           "MAIL_WORKER": "false", "VAR_DIR": str(settings.var_dir), "MEDIA_ROOT": str(settings.media_root),
           "BASE_URL": f"http://127.0.0.1:{port}", "PORTAL_URL": "bundled", "PORTAL_SYNC_INTERVAL": "0",
           "LINK_CHECK_INTERVAL": "0", "ARGON2_PROFILE": "test", "PYTHONUNBUFFERED": "1"}
    env.pop("REDIS_URL", None)
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "showcase.app:create_app", "--factory", "--host", "127.0.0.1",
             "--port", str(port), "--workers", "2", "--proxy-headers", "--forwarded-allow-ips", "*",
             "--log-level", "warning"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log_path.read_text()[-3000:]
            try:
                if httpx.get(f"{url}/livez", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the server did not start:\n" + log_path.read_text()[-3000:]
            time.sleep(0.2)
        yield url, log_path
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


async def make_teams(challenge_id: int) -> list[dict]:
    """Each team: a captain who presented a reuse (through the reuse rules, citing the eligible datasets) and
    a second member."""
    settings = get_settings()
    portal = open_portal(settings)
    teams = []
    try:
        for number in range(TEAMS):
            captain = await create_user(f"captain{number}@example.ma", name=f"Capitaine {number}", locale="fr")
            member = await create_user(f"member{number}@example.ma", name=f"عضو {number}", locale="ar")
            team = await make_team(challenge_id, captain, name=f"Équipe {number}", members=(member,))
            values = {k: v for k, v in reuse_form(url=f"https://equipe{number}.example.ma/",
                                                  title_fr=f"Carte {number}").items() if not isinstance(v, list)}
            saved = await save_reuse(user=await load_session_user({"user_id": captain, "epoch": 0}), reuse_id=None,
                                     values=values, multi={"themes": ["transport"], "platforms": [], "add_dataset": []},
                                     cover_key="", portal=portal, site=portal_site(settings), now=now(), submit=True)
            teams.append({"number": number, "email": f"captain{number}@example.ma", "team": team,
                          "reuse": saved.reuse_id})
    finally:
        await portal.aclose()
    return teams


async def log_in(client: httpx.AsyncClient, email: str, log_path: Path) -> None:
    page = await client.get("/account/login")
    response = await client.post("/account/login", data={"email": email, "password": "correct horse battery",
                                                         "_csrf_token": csrf_token(page.text)})
    assert response.status_code in (302, 303), log_path.read_text()[-5000:]


async def test_two_hundred_writes_around_the_deadline_none_late_none_lost(server):
    url, log_path = server
    challenge = await make_challenge(slug="course-contre-la-montre")
    short_text = (await Question.select(Question.id).where(
        (Question.challenge == challenge["id"]) & (Question.kind == "short_text")).first())["id"]
    track = (await Track.select(Track.id).where(Track.challenge == challenge["id"]).first())["id"]
    teams = await make_teams(challenge["id"])
    submit_url = f"/challenges/{challenge['slug']}/submit"

    clients = []
    for team in teams:  # one browser per team, each behind its own address (as behind the production proxy)
        client = httpx.AsyncClient(base_url=url, timeout=120, follow_redirects=False,
                                   headers={"X-Forwarded-For": f"10.0.{team['number'] // 200}.{team['number'] % 200 + 1}",
                                            "Accept-Language": "en"})
        clients.append(client)
    try:
        await asyncio.gather(*(log_in(client, team["email"], log_path) for client, team in zip(clients, teams)))
        pages = await asyncio.gather(*(client.get(submit_url) for client in clients))
        assert {page.status_code for page in pages} == {200}
        tokens = [csrf_token(page.text) for page in pages]

        deadline = now() + timedelta(seconds=LEAD)
        await set_deadline(challenge["id"], deadline)
        loop = asyncio.get_running_loop()
        start = loop.time() + LEAD - SPREAD
        random.seed(20261130)
        plan = []
        for index, team in enumerate(teams):
            action = "draft" if index < DRAFT_TEAMS else "submit"
            for request in range(REQUESTS_PER_TEAM):
                plan.append((index, action, f"équipe {index} requête {request}", random.uniform(0, 2 * SPREAD)))

        async def send(index: int, action: str, answer: str, offset: float):
            await asyncio.sleep(max(0.0, start + offset - loop.time()))
            data = {"reuse": str(teams[index]["reuse"]), "tracks": str(track), f"q_{short_text}": answer,
                    "action": action, "_csrf_token": tokens[index]}
            response = await clients[index].post(submit_url, data=data)
            return index, action, answer, response

        results = await asyncio.gather(*(send(*item) for item in plan))
    finally:
        await asyncio.gather(*(client.aclose() for client in clients))

    accepted: dict[int, set[str]] = defaultdict(set)
    refused: dict[int, set[str]] = defaultdict(set)
    for index, action, answer, response in results:
        if response.status_code == 303:
            assert response.headers["location"] == submit_url
            accepted[index].add(answer)
        else:
            assert response.status_code == 409, (response.status_code, response.text[:300], log_path.read_text()[-3000:])
            assert LATE in response.text
            received = re.search(r"The server received it at (.+?) UTC; entries were accepted until .+ UTC\.",
                                 re.sub(r"<[^>]+>", "", response.text).replace("\u202f", " "))
            assert received, response.text[:3000]
            # Refused only for arriving late (to the second the page shows), never for waiting behind the lock.
            arrival = datetime.strptime(received.group(1), "%b %d, %Y, %I:%M:%S %p").replace(tzinfo=UTC)
            assert arrival >= deadline.replace(microsecond=0), (arrival, deadline)
            refused[index].add(answer)
    accepted_submits = sum(len(accepted[i]) for i in range(DRAFT_TEAMS, TEAMS))
    total_refused = sum(len(values) for values in refused.values())
    assert accepted_submits + sum(len(accepted[i]) for i in range(DRAFT_TEAMS)) + total_refused == 200
    assert accepted_submits > 0 and total_refused > 0, ("the requests must straddle the deadline",
                                                        accepted_submits, total_refused)

    versions = await EntryVersion.select(EntryVersion.entry, EntryVersion.entry.team.as_alias("team"),
                                         EntryVersion.version, EntryVersion.snapshot, EntryVersion.sha256,
                                         EntryVersion.submitted_at)
    assert all(version["submitted_at"] < deadline for version in versions)
    assert len(versions) == accepted_submits  # none lost, none extra
    team_index = {team["team"]: team["number"] for team in teams}
    stored_answers: dict[int, set[str]] = defaultdict(set)
    numbers: dict[int, list[int]] = defaultdict(list)
    for version in versions:
        snapshot = json.loads(version["snapshot"])
        assert snapshot["submitted_at"] == version["submitted_at"].strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        stored_answers[team_index[version["team"]]].add(snapshot["answers"][0]["value"])
        numbers[version["entry"]].append(version["version"])
    for index in range(DRAFT_TEAMS, TEAMS):
        assert stored_answers[index] == accepted[index], index
    entries = {row["id"]: row for row in await Entry.select()}
    for entry_id, seen in numbers.items():
        assert sorted(seen) == list(range(1, len(seen) + 1))
        last = max(versions_of := [v for v in versions if v["entry"] == entry_id], key=lambda v: v["version"])
        assert (entries[entry_id]["version"], entries[entry_id]["sha256"], entries[entry_id]["submitted_at"]) == (
            last["version"], last["sha256"], last["submitted_at"]), versions_of
    assert await OutboxMessage.count().where(OutboxMessage.template == "challenge_entry_receipt") == 2 * accepted_submits

    # drafts: the stored text is one the server accepted, written before the deadline
    draft_entries = [row for row in entries.values() if row["status"] == "draft"]
    assert len(draft_entries) == sum(1 for i in range(DRAFT_TEAMS) if accepted[i])
    answers = {row["entry"]: row["value"] for row in await EntryAnswer.select(EntryAnswer.entry, EntryAnswer.value)
               .where(EntryAnswer.question == short_text)}
    for entry in draft_entries:
        index = team_index[entry["team"]]
        assert answers[entry["id"]] in accepted[index]
        assert entry["updated_at"] < deadline
