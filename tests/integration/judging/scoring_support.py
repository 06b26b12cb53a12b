"""Scoring test helpers: a rubric, assignments written straight into the tables, and reviews stored through
the domain function. Used by tests/integration/judging/test_scoring*.py only."""

from __future__ import annotations

from showcase.judging import access
from showcase.judging.reviews import store_review
from showcase.judging.tables import Assignment, Criterion
from tests.support import now


async def rubric(challenge_id: int, specs=((2.0, 0, 10), (1.0, 0, 10), (0.0, 0, 10))) -> list[int]:  # noqa: ANN001
    """Criteria (weight, min, max) named "Critère n" / "المعيار n", in order; their ids."""
    ids = []
    for position, (weight, low, high) in enumerate(specs, start=1):
        row = await Criterion.insert(Criterion(
            challenge=challenge_id, name_fr=f"Critère {position}", name_ar=f"المعيار {position}",
            description_fr=f"Description {position}", description_ar=f"وصف {position}", weight=weight,
            scale_min=low, scale_max=high, position=position)).returning(Criterion.id)
        ids.append(row[0]["id"])
    return ids


async def assign(challenge_id: int, pairs) -> int:  # noqa: ANN001
    """Assign (entry, judge) pairs in round 1; the round id."""
    round_row = await access.first_round(challenge_id)
    for entry_id, judge_id in pairs:
        await Assignment(round=round_row["id"], challenge=challenge_id, entry=entry_id, judge=judge_id,
                         source="manual", key=f"{round_row['id']}:{entry_id}:{judge_id}").save()
    return round_row["id"]


async def review(challenge_id: int, round_id: int, entry_id: int, judge_id: int, scores: dict, *,  # noqa: ANN001
                 submit: bool = True, source: str = "web", actor: dict | None = None, **fields) -> dict:  # noqa: ANN003
    return await store_review(
        challenge_id=challenge_id, round_id=round_id, entry_id=entry_id, judge_id=judge_id, scores=scores,
        comments=fields.get("comments", {}), overall_comment=fields.get("overall_comment", ""),
        private_note=fields.get("private_note", ""), submit=submit, source=source,
        actor=actor or {"id": judge_id, "name": "judge"}, now=fields.get("at") or now())
