"""The organizers' progress page of a rubric round: reviews submitted per judge and per entry, each entry's judges
with the candidates a manual change may add (and why some may not), the coverage report. Read in a fixed number
of queries, one per block, never one per row; the writes are in assigning.py."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from showcase.challenges.tables import Entry
from showcase.judging import conflicts
from showcase.judging.assigning import Coverage, Pair, coverage_of, out_of_scope, round_state, rubric_round
from showcase.judging.tables import Judge


async def entry_labels(entry_ids: Collection[int]) -> dict[int, str]:
    """Entry id → team name, one query."""
    if not entry_ids:
        return {}
    rows = await Entry.select(Entry.id, Entry.team.name).where(Entry.id.is_in(list(entry_ids)))
    return {row["id"]: row["team.name"] for row in rows}


# --- the organizers' progress page -------------------------------------------------------------------------


@dataclass(frozen=True)
class Dashboard:
    """Everything the progress page shows, read in a fixed number of queries (one per block, never per row)."""

    round: dict
    k: int
    seed: int
    entries: list[dict]  # id, label, submitted, assigned, drafts, judges [{id, name, status, source}], candidates
    judges: list[dict]  # id, name, tracks, submitted, assigned, drafts, dropped
    submitted: int
    assigned: int
    drafts: int
    kept_started: int  # pairs a regeneration keeps because their review is started
    kept_manual: int  # manual pairs a regeneration keeps
    coverage: Coverage

    @property
    def has_assignment(self) -> bool:
        return self.assigned > 0


async def dashboard(challenge_id: int) -> Dashboard:
    from showcase.challenges.tables import Track

    round_row = await rubric_round(challenge_id)
    state = await round_state(challenge_id, round_row)
    names = {row["user"]: row["user.name"] for row in await Judge.select(Judge.user, Judge.user.name).where(
        Judge.challenge == challenge_id)}
    # judges who left the jury but keep started reviews still have a name to show
    missing = {judge for judge, _entry in state.current if judge not in names}
    if missing:
        from showcase.accounts.tables import User

        names |= {row["id"]: row["name"] for row in await User.select(User.id, User.name).where(
            User.id.is_in(sorted(missing)))}
    track_ids = sorted({track for tracks in state.scope.values() if tracks for track in tracks})
    track_names = {row["id"]: row for row in await Track.select(Track.id, Track.name_fr, Track.name_ar).where(
        Track.id.is_in(track_ids))} if track_ids else {}
    reasons = dict(state.conflicts)
    for user, entry, reason in await conflicts.automatic_conflicts(challenge_id):
        reasons.setdefault((user, entry), reason)
    forbidden_scope = out_of_scope(state.scope, state.tracks)
    labels = await entry_labels(state.entries)
    coverage_report = coverage_of(state)

    by_entry: dict[int, list[int]] = {}
    by_judge: dict[int, list[Pair]] = {}
    for judge, entry in state.current:
        by_entry.setdefault(entry, []).append(judge)
        by_judge.setdefault(judge, []).append((judge, entry))
    entries = []
    for entry in state.entries:
        assigned = sorted(by_entry.get(entry, []), key=lambda j: (names.get(j, ""), j))
        rows = [{"id": judge, "name": names.get(judge, str(judge)), "source": state.current[(judge, entry)],
                 "status": state.reviews.get((judge, entry), "none")} for judge in assigned]
        candidates = [{"id": judge, "name": names.get(judge, str(judge)), "conflict": reasons.get((judge, entry)),
                       "other_track": (judge, entry) in forbidden_scope}
                      for judge in state.judges if (judge, entry) not in state.current]
        candidates.sort(key=lambda row: (row["name"], row["id"]))
        entries.append({"id": entry, "label": labels.get(entry, str(entry)), "judges": rows,
                        "candidates": candidates, "assigned": len(rows),
                        "submitted": sum(1 for row in rows if row["status"] == "submitted"),
                        "drafts": sum(1 for row in rows if row["status"] == "draft")})
    judge_rows = []
    on_page = set(state.judges) | {judge for judge, _entry in state.current}
    for judge in sorted(on_page, key=lambda j: (names.get(j, ""), j)):
        pairs = by_judge.get(judge, [])
        judged = state.scope.get(judge, None)
        judge_rows.append({
            "id": judge, "name": names.get(judge, str(judge)), "on_jury": judge in state.scope,
            "tracks": [track_names[t] for t in sorted(judged) if t in track_names] if judged else [],
            "assigned": len(pairs), "dropped": judge in state.dropped,
            "submitted": sum(1 for pair in pairs if state.reviews.get(pair) == "submitted"),
            "drafts": sum(1 for pair in pairs if state.reviews.get(pair) == "draft")})
    return Dashboard(
        round=round_row, k=state.k, seed=state.seed, entries=entries, judges=judge_rows,
        submitted=sum(row["submitted"] for row in entries), assigned=sum(row["assigned"] for row in entries),
        drafts=sum(row["drafts"] for row in entries),
        kept_started=sum(1 for pair in state.current if pair in state.reviews),
        kept_manual=sum(1 for pair, source in state.current.items() if source == "manual" and pair not in state.reviews),
        coverage=coverage_report)
