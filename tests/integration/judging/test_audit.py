"""The audit trail: appended events chain by SHA-256, concurrent writers never fork the chain, and
`showcase verify-audit` reports an altered or removed event."""

import asyncio
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner
from piccolo.utils.sync import run_sync

from showcase.cli import main
from showcase.judging import audit
from showcase.judging.tables import AuditEvent
from tests.integration.challenges.helpers import make_challenge
from tests.support import create_user

pytestmark = pytest.mark.anyio

WHEN = datetime(2026, 11, 22, 10, 0, 0, 123456, tzinfo=UTC)


async def _challenge() -> tuple[int, dict]:
    organizer = await create_user("org@agence.ma", name="Nadia Organisatrice")
    challenge = await make_challenge(organizer_id=organizer)
    return challenge["id"], {"id": organizer, "name": "Nadia Organisatrice"}


async def test_events_chain_from_genesis_and_hash_their_canonical_text(client):
    challenge_id, actor = await _challenge()
    first = await audit.record(challenge_id, action="score.submitted", actor=actor, subject="entry:7",
                               payload={"total": 8.5, "judge": 3}, now=WHEN)
    second = await audit.record(challenge_id, action="assignment.removed", actor=None, subject="entry:7",
                                payload={}, now=WHEN)
    assert (first["sequence"], first["prev_hash"]) == (1, "0" * 64)
    assert audit.event_text(first) == (
        '{"action":"score.submitted","actor_id":1,"actor_name":"Nadia Organisatrice","challenge":1,'
        '"created_at":"2026-11-22T10:00:00.123456Z","payload":"{\\"judge\\":3,\\"total\\":8.5}",'
        '"prev_hash":"' + "0" * 64 + '","sequence":1,"subject":"entry:7"}')
    assert (second["sequence"], second["prev_hash"]) == (2, first["hash"])
    stored = await audit.events_of(challenge_id)
    assert [row["hash"] for row in stored] == [first["hash"], second["hash"]]
    assert audit.verify_chain(stored) == []


async def test_concurrent_writers_take_consecutive_sequences(client):
    challenge_id, actor = await _challenge()
    await asyncio.gather(*(audit.record(challenge_id, action="vote.voided", actor=actor, subject=f"vote:{n}",
                                        now=WHEN) for n in range(20)))
    stored = await audit.events_of(challenge_id)
    assert [row["sequence"] for row in stored] == list(range(1, 21))
    assert audit.verify_chain(stored) == []


async def _four_events() -> int:
    challenge_id, actor = await _challenge()
    for n in range(4):
        await audit.record(challenge_id, action="score.submitted", actor=actor, subject=f"entry:{n}",
                           payload={"total": n}, now=WHEN)
    return challenge_id


def test_verify_audit_reports_an_altered_and_a_removed_event():
    challenge_id = run_sync(_four_events())
    runner = CliRunner()
    intact = runner.invoke(main, ["verify-audit"])
    assert (intact.exit_code, intact.output.strip()) == (0, "Audit trail intact: 4 events in 1 challenge(s).")
    AuditEvent.update({AuditEvent.payload: '{"total":9}'}).where(AuditEvent.sequence == 2).run_sync()
    AuditEvent.delete().where(AuditEvent.sequence == 4).run_sync()
    assert [(p.sequence, p.problem) for p in audit.verify_chain(run_sync(audit.events_of(challenge_id)))] == [
        (2, "hash")]
    AuditEvent.delete().where(AuditEvent.sequence == 3).run_sync()
    AuditEvent.update({AuditEvent.sequence: 5}).where(AuditEvent.sequence == 1).run_sync()
    broken = runner.invoke(main, ["verify-audit"])
    assert broken.exit_code == 1
    output = " ".join(broken.output.split())
    # Left: event 2 (altered) and event 1 renumbered 5; each breaks its numbering, its link and its hash.
    assert [(p.sequence, p.problem) for p in audit.verify_chain(run_sync(audit.events_of(challenge_id)))] == [
        (2, "gap"), (2, "link"), (2, "hash"), (5, "gap"), (5, "link"), (5, "hash")]
    assert "The audit trail is broken: 6 problem(s) in 2 events." in output
