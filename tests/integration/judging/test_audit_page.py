"""The organizers' audit trail page: events newest first in words, the chain verified (a tampered event named
by its sequence), 50 events a page, and downloads that anyone can re-verify."""

import csv
import hashlib
import io
import json
from datetime import UTC, datetime, timedelta

import pytest

from showcase.judging import audit
from showcase.judging.tables import AuditEvent
from tests.conftest import soup
from tests.integration.judging.audit_support import audit_url
from tests.integration.judging.support import ORGANIZER, judge_email, jury_with_entries
from tests.support import log_in

pytestmark = pytest.mark.anyio

WHEN = datetime(2026, 11, 20, 9, 30, 0, tzinfo=UTC)


async def _three_events(jury) -> list[dict]:  # noqa: ANN001
    challenge_id = jury.challenge["id"]
    organizer = {"id": jury.organizer, "name": "Nadia Organisatrice"}
    judge = {"id": jury.judges[0], "name": "Hind Juge"}
    return [
        await audit.record(challenge_id, action="assignment.generated", actor=organizer, subject="round:1",
                           payload={"k": 2, "pairs": 8}, now=WHEN),
        await audit.record(challenge_id, action="review.submitted", actor=judge, subject=f"entry:{jury.entries[0]}",
                           payload={"total": 7.5, "judge": jury.judges[0]}, now=WHEN + timedelta(minutes=5)),
        await audit.record(challenge_id, action="vote.voided", actor=None, subject="vote:9",
                           payload={"reason": "=rafale"}, now=WHEN + timedelta(minutes=10)),
    ]


def _events(html: str) -> list[tuple[str, str, str, str]]:
    return [(li.select_one(".audit-sequence").get_text(), li.select_one(".audit-action").get_text(),
             li.select_one(".audit-subject").get_text(), li.select_one(".audit-actor").get_text(strip=True))
            for li in soup(html).select(".audit-event")]


async def test_the_trail_reads_newest_first_in_words_and_the_chain_verifies(client):
    jury = await jury_with_entries(judges=2, entries=2)
    events = await _three_events(jury)
    await log_in(client, ORGANIZER)
    response = await client.get(audit_url(jury.slug))
    assert response.status_code == 200
    page = soup(response.text)
    assert page.select_one(".audit-chain-ok").get_text(" ", strip=True) == (
        f"Chain intact: 3 events, last hash {events[2]['hash']}")
    assert page.select(".audit-chain-broken") == []
    assert _events(response.text) == [
        ("#3", "Public vote voided", "Vote 9", "System"),
        ("#2", "Review submitted", f"Entry {jury.entries[0]}", "Hind Juge"),
        ("#1", "Assignments generated", "Round 1", "Nadia Organisatrice"),
    ]
    second = page.select_one("#event-2")
    assert [(div.dt.get_text(), div.dd.get_text()) for div in second.select(".audit-payload div")] == [
        ("judge", str(jury.judges[0])), ("total", "7.5")]
    # Time in the challenge's zone with its offset, and in UTC.
    assert second.select_one("time")["datetime"] == "2026-11-20T09:35:00+00:00"
    assert second.select_one(".time-offset").get_text(strip=True) == "(UTC+1)"
    assert second.select_one(".time-utc").get_text(" ", strip=True) == "UTC Nov 20, 2026, 9:35:00\u202fAM"
    assert second.select_one(".audit-code").get_text() == "review.submitted"


async def test_a_tampered_event_is_reported_by_its_sequence(client):
    jury = await jury_with_entries(judges=2, entries=2)
    await _three_events(jury)
    await AuditEvent.update({AuditEvent.payload: '{"judge":2,"total":9.5}'}).where(
        (AuditEvent.challenge == jury.challenge["id"]) & (AuditEvent.sequence == 2))
    await log_in(client, ORGANIZER)
    page = soup((await client.get(audit_url(jury.slug))).text)
    assert page.select(".audit-chain-ok") == []
    broken = page.select_one(".audit-chain-broken")
    assert broken.strong.get_text() == "The chain is broken: 1 problem."
    assert [li.get_text() for li in broken.select("li")] == ["Event 2: its content was altered"]
    assert [li["id"] for li in page.select(".audit-event-broken")] == ["event-2"]


async def test_fifty_events_a_page(client):
    jury = await jury_with_entries(judges=1, entries=1)
    for n in range(55):
        await audit.record(jury.challenge["id"], action="assignment.added", actor=None, subject=f"entry:{n}",
                           payload={}, now=WHEN + timedelta(seconds=n))
    await log_in(client, ORGANIZER)
    first = _events((await client.get(audit_url(jury.slug))).text)
    second = _events((await client.get(audit_url(jury.slug) + "?page=2")).text)
    assert [row[0] for row in first] == [f"#{n}" for n in range(55, 5, -1)]
    assert [row[0] for row in second] == ["#5", "#4", "#3", "#2", "#1"]
    assert _events((await client.get(audit_url(jury.slug) + "?page=x")).text) == first


async def test_downloads_carry_every_hashed_field_so_anyone_can_reverify(client):
    jury = await jury_with_entries(judges=2, entries=2)
    events = await _three_events(jury)
    await log_in(client, ORGANIZER)
    response = await client.get(audit_url(jury.slug) + "/trail.json")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="hack-mobilite-audit.json"'
    data = json.loads(response.content)
    previous = "0" * 64
    for event in data["events"]:  # the check, written from the rule on the page, without our code
        fields = {key: value for key, value in event.items() if key != "hash"}
        text = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        assert hashlib.sha256(text.encode()).hexdigest() == event["hash"]
        assert event["prev_hash"] == previous
        previous = event["hash"]
    assert [event["hash"] for event in data["events"]] == [event["hash"] for event in events]
    assert data["events"][1]["created_at"] == "2026-11-20T09:35:00.000000Z"

    response = await client.get(audit_url(jury.slug) + "/trail.csv")
    assert response.headers["content-type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == ["challenge", "sequence", "actor_id", "actor_name", "action", "subject", "payload",
                       "created_at", "prev_hash", "hash"]
    assert [row[1:6] for row in rows[1:]] == [
        ["1", str(jury.organizer), "Nadia Organisatrice", "assignment.generated", "round:1"],
        ["2", str(jury.judges[0]), "Hind Juge", "review.submitted", f"entry:{jury.entries[0]}"],
        ["3", "", "", "vote.voided", "vote:9"],
    ]
    assert rows[3][6] == '{"reason":"=rafale"}'
    assert [row[9] for row in rows[1:]] == [event["hash"] for event in events]


async def test_only_organizers_read_the_trail(client):
    jury = await jury_with_entries(judges=1, entries=1)
    await log_in(client, judge_email(0))
    assert (await client.get(audit_url(jury.slug))).status_code == 403
    assert (await client.get(audit_url(jury.slug) + "/trail.json")).status_code == 403
