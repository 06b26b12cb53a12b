"""The assignment of a round, through the real tables: generation (k judges per entry, balanced, conflicts and
tracks respected, deterministic per seed, started reviews kept), manual changes, a dropout, coverage, audit."""

import json
from collections import Counter

import pytest

from showcase import i18n
from showcase.exceptions import InvalidInput
from showcase.judging import access, assigning
from showcase.judging.tables import Assignment, AuditEvent, Conflict, Judge, Review
from tests.integration.challenges.helpers import make_challenge
from tests.integration.judging.support import jury_with_entries
from tests.support import create_user, now

pytestmark = pytest.mark.anyio

ACTOR = {"id": None, "name": "Nadia Organisatrice"}


async def _setup(judges: int = 3, entries: int = 4):
    jury = await jury_with_entries(judges=judges, entries=entries)
    cid = jury.challenge["id"]
    round_row = await access.first_round(cid)
    actor = {"id": jury.organizer, "name": "Nadia Organisatrice"}
    return jury, cid, round_row, actor


async def _pairs(round_id: int) -> set[tuple[int, int]]:
    return {(row["judge"], row["entry"]) for row in await assigning.assignments_of(round_id)}


async def _actions(cid: int) -> list[str]:
    rows = await AuditEvent.select(AuditEvent.action).where(AuditEvent.challenge == cid).order_by(AuditEvent.sequence)
    return [row["action"] for row in rows]


async def _conflict(cid: int, judge: int, entry: int, reason: str = "Ancien encadrant de l'équipe") -> None:
    await Conflict(challenge=cid, user=judge, entry=entry, source="declared", reason=reason,
                   key=f"{entry}:{judge}").save()


async def _review(cid: int, round_id: int, entry: int, judge: int, status: str) -> None:
    await Review(round=round_id, challenge=cid, entry=entry, judge=judge, status=status,
                 key=f"{round_id}:{entry}:{judge}", total=7.0 if status == "submitted" else None,
                 submitted_at=now() if status == "submitted" else None).save()


async def test_k2_over_4_entries_and_3_judges_balanced_conflict_free_and_deterministic(client):
    jury, cid, round_row, actor = await _setup()
    j1, j2, j3 = jury.judges
    e1, e2, e3, e4 = jury.entries
    await _conflict(cid, j1, e1)
    result = await assigning.generate(cid, round_row, k=2, seed=7, actor=actor, now=now())
    pairs = await _pairs(round_row["id"])
    assert len(pairs) == 8 and result.pairs == 8 and result.added == 8 and result.problems == ()
    per_entry = Counter(entry for _judge, entry in pairs)
    assert per_entry == {e1: 2, e2: 2, e3: 2, e4: 2}
    loads = Counter(judge for judge, _entry in pairs)
    assert sorted(loads.values()) == [2, 3, 3]
    assert (j1, e1) not in pairs
    assert {judge for judge, entry in pairs if entry == e1} == {j2, j3}
    assert all(row["source"] == "auto" for row in await assigning.assignments_of(round_row["id"]))
    assert await assigning.judge_load(round_row["id"]) == {judge: (0, loads[judge]) for judge in jury.judges}
    # the same seed gives the same pairs, again and again
    again = await assigning.generate(cid, round_row, k=2, seed=7, actor=actor, now=now())
    assert await _pairs(round_row["id"]) == pairs
    assert (again.added, again.removed, again.digest) == (0, 0, result.digest)
    assert result.digest == assigning.pairs_digest(pairs)
    settings = await access.settings_of(cid)
    assert (settings["reviews_per_entry"], settings["assignment_seed"]) == (2, 7)
    events = await AuditEvent.select().where(AuditEvent.challenge == cid).order_by(AuditEvent.sequence)
    assert [event["action"] for event in events] == ["assignment.generated", "assignment.generated"]
    payload = json.loads(events[0]["payload"])
    assert payload == {"k": 2, "seed": 7, "pairs_sha256": result.digest, "problems": [],
                       "counts": {"entries": 4, "judges": 3, "pairs": 8, "kept": 0, "added": 8, "removed": 0,
                                  "entries_below_k": 0}}
    assert events[0]["subject"] == f"round:{round_row['id']}"


async def test_automatic_conflicts_are_stored_before_assigning(client):
    jury, cid, round_row, actor = await _setup()
    # a judge from the same company as the first team's captain: an automatic conflict
    colleague = await create_user("collegue@equipe1.ma", name="Collègue Juge")
    await Judge(challenge=cid, user=colleague, key=f"{cid}:{colleague}:0").save()
    with i18n.use_locale("en"):
        await assigning.generate(cid, round_row, k=2, seed=1, actor=actor, now=now())
    stored = await Conflict.select(Conflict.user, Conflict.entry, Conflict.source, Conflict.reason).where(
        Conflict.challenge == cid)
    assert stored == [{"user": colleague, "entry": jury.entries[0], "source": "automatic",
                       "reason": "Same e-mail domain as a team member (equipe1.ma)"}]
    assert (colleague, jury.entries[0]) not in await _pairs(round_row["id"])


async def test_track_judges_only_get_their_track(client):
    jury, cid, round_row, actor = await _setup(judges=2, entries=4)
    tracks = await assigning.entry_tracks(jury.entries)
    track_of_first = next(iter(tracks[jury.entries[0]]))
    specialist = await create_user("specialiste@univ9.ma", name="Spécialiste")
    await Judge(challenge=cid, user=specialist, track=track_of_first, key=f"{cid}:{specialist}:{track_of_first}").save()
    await assigning.generate(cid, round_row, k=2, seed=3, actor=actor, now=now())
    theirs = {entry for judge, entry in await _pairs(round_row["id"]) if judge == specialist}
    assert theirs and all(track_of_first in tracks[entry] for entry in theirs)


async def test_regenerating_keeps_started_reviews(client):
    jury, cid, round_row, actor = await _setup()
    await assigning.generate(cid, round_row, k=2, seed=7, actor=actor, now=now())
    pairs = sorted(await _pairs(round_row["id"]))
    submitted, draft = pairs[0], pairs[-1]
    await _review(cid, round_row["id"], submitted[1], submitted[0], "submitted")
    await _review(cid, round_row["id"], draft[1], draft[0], "draft")
    for seed in (8, 9, 10, 11):
        result = await assigning.generate(cid, round_row, k=2, seed=seed, actor=actor, now=now())
        after = await _pairs(round_row["id"])
        assert submitted in after and draft in after
        assert Counter(entry for _j, entry in after) == dict.fromkeys(jury.entries, 2)
    assert result.kept >= 2
    loads = await assigning.judge_load(round_row["id"])
    assert loads[submitted[0]][0] == 1


async def test_manual_add_and_remove(client):
    jury, cid, round_row, actor = await _setup()
    j1, j2, j3 = jury.judges
    e1 = jury.entries[0]
    await _conflict(cid, j1, e1, reason="Ancien encadrant de l'équipe")
    await assigning.generate(cid, round_row, k=1, seed=2, actor=actor, now=now())
    pairs = await _pairs(round_row["id"])
    with pytest.raises(InvalidInput) as refused, i18n.use_locale("en"):
        await assigning.add(cid, round_row, entry_id=e1, judge_id=j1, actor=actor, now=now())
    assert refused.value.errors == {"judge": "Hind Juge has a conflict of interest with this entry: "
                                             "Ancien encadrant de l'équipe"}
    (holder,) = [judge for judge, entry in pairs if entry == e1]
    other = ({j2, j3} - {holder}).pop()
    with pytest.raises(InvalidInput) as twice, i18n.use_locale("en"):
        await assigning.add(cid, round_row, entry_id=e1, judge_id=holder, actor=actor, now=now())
    assert "already reviews this entry" in twice.value.errors["judge"]
    await assigning.add(cid, round_row, entry_id=e1, judge_id=other, actor=actor, now=now())
    rows = {(row["judge"], row["entry"]): row["source"] for row in await assigning.assignments_of(round_row["id"])}
    assert rows[(other, e1)] == "manual"
    # a manual pair survives a regeneration
    await assigning.generate(cid, round_row, k=1, seed=5, actor=actor, now=now())
    assert (other, e1) in await _pairs(round_row["id"])
    # a submitted review: removing needs a confirmation, and the review stays
    await _review(cid, round_row["id"], e1, other, "submitted")
    with pytest.raises(InvalidInput) as unconfirmed, i18n.use_locale("en"):
        await assigning.remove(cid, round_row, entry_id=e1, judge_id=other, confirmed=False, actor=actor, now=now())
    name = {j2: "Omar Juge", j3: "Samira Juge"}[other]
    assert unconfirmed.value.errors == {"confirm": f"{name} has already submitted a review of this entry. Tick the "
                                                   "box to confirm that you remove the assignment anyway (the review "
                                                   "is kept)."}
    await assigning.remove(cid, round_row, entry_id=e1, judge_id=other, confirmed=True, actor=actor, now=now())
    assert (other, e1) not in await _pairs(round_row["id"])
    assert await Review.count().where(Review.key == f"{round_row['id']}:{e1}:{other}") == 1
    assert await _actions(cid) == ["assignment.generated", "assignment.added", "assignment.generated",
                                   "assignment.removed"]
    removed = await AuditEvent.select(AuditEvent.payload).where(
        (AuditEvent.challenge == cid) & (AuditEvent.action == "assignment.removed")).first()
    assert json.loads(removed["payload"]) == {"round": round_row["id"], "judge": other, "review": "submitted"}


async def test_dropout_reassigns_open_entries_and_keeps_submitted_reviews(client):
    jury, cid, round_row, actor = await _setup()
    j1, j2, j3 = jury.judges
    await assigning.generate(cid, round_row, k=2, seed=7, actor=actor, now=now())
    before = await _pairs(round_row["id"])
    mine = sorted(entry for judge, entry in before if judge == j1)
    done_entry = mine[0]
    await _review(cid, round_row["id"], done_entry, j1, "submitted")
    submitted_by_others = sorted(pair for pair in before if pair[0] != j1)[0]
    await _review(cid, round_row["id"], submitted_by_others[1], submitted_by_others[0], "submitted")
    result = await assigning.drop_out(cid, round_row, judge_id=j1, actor=actor, now=now())
    after = await _pairs(round_row["id"])
    assert {entry for judge, entry in after if judge == j1} == {done_entry}
    assert submitted_by_others in after
    assert (result.moved, result.kept) == (len(mine) - 1, 1)
    assert Counter(entry for _j, entry in after) == dict.fromkeys(jury.entries, 2)
    loads = Counter(judge for judge, _e in after if judge != j1)
    assert max(loads.values()) - min(loads.values()) <= 1
    assert await Review.count().where(Review.status == "submitted") == 2
    load = await assigning.judge_load(round_row["id"])
    assert load[j1] == (1, 1)
    assert (await _actions(cid))[-1] == "assignment.reassigned"
    # a regeneration leaves the judge who dropped out without new work
    await assigning.generate(cid, round_row, k=2, seed=99, actor=actor, now=now())
    assert {entry for judge, entry in await _pairs(round_row["id"]) if judge == j1} == {done_entry}


async def test_coverage_report(client):
    jury, cid, round_row, actor = await _setup()
    state = await assigning.round_state(cid, round_row)
    empty = assigning.coverage_of(state)
    assert (empty.entries, empty.judges, empty.min_load, empty.max_load, empty.components) == (4, 3, 0, 0, 0)
    assert empty.entries_below_k == tuple(jury.entries)  # k = 3 by default, nothing assigned yet
    await assigning.generate(cid, round_row, k=2, seed=7, actor=actor, now=now())
    report = await assigning.coverage(cid, round_row)
    assert (report.k, report.entries_below_k, report.min_load, report.max_load, report.components) == (
        2, (), 2, 3, 1)
    assert report.connected and report.balanced
    assert report.judges_per_entry == dict.fromkeys(jury.entries, 2)
    # a judge for every entry alone (k = 1, 4 entries, 4 judges): four separate components, not connected
    await Judge(challenge=cid, user=await create_user("quatre@univ4.ma", name="Youssef Juge"),
                key=f"{cid}:x:0").save()
    await assigning.generate(cid, round_row, k=1, seed=7, actor=actor, now=now())
    report = await assigning.coverage(cid, round_row)
    assert (report.components, report.connected, report.min_load, report.max_load) == (4, False, 1, 1)


async def test_no_judge_no_entry(client):
    organizer = await create_user("org@agence.ma", name="Org")
    challenge = await make_challenge(organizer_id=organizer, phase="judging")
    round_row = await access.first_round(challenge["id"])
    result = await assigning.generate(challenge["id"], round_row, k=2, seed=1, actor=None, now=now())
    assert (result.pairs, result.added) == (0, 0)
    assert await Assignment.count() == 0
