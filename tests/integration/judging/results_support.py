"""Rows for the standings and results tests: criteria and submitted reviews written straight through the
tables (the scoring forms belong to another part), and the JUDGING.md §2 worked example on real rows."""

from __future__ import annotations

from showcase.judging.access import first_round
from showcase.judging.tables import Criterion, Review, ReviewScore
from tests.integration.judging.support import Jury, jury_with_entries
from tests.support import now


async def criterion(challenge_id: int, *, name: str = "Impact", weight: float = 1.0, position: int = 0,
                    scale_max: int = 10) -> int:
    row = Criterion(challenge=challenge_id, name_fr=name, name_ar=name, weight=weight, scale_min=0,
                    scale_max=scale_max, position=position)
    await row.save()
    return row.id


async def review(challenge_id: int, round_id: int, entry_id: int, judge_id: int, total: float, *,
                 marks: dict[int, float] | None = None, comments: dict[int, str] | None = None,
                 overall: str = "", private: str = "", status: str = "submitted") -> int:
    row = Review(round=round_id, challenge=challenge_id, entry=entry_id, judge=judge_id, status=status,
                 overall_comment=overall, private_note=private, total=total,
                 key=f"{round_id}:{entry_id}:{judge_id}", submitted_at=now() if status == "submitted" else None)
    await row.save()
    for criterion_id, mark in (marks or {}).items():
        await ReviewScore(review=row.id, criterion=criterion_id, score=mark,
                          comment=(comments or {}).get(criterion_id, ""), key=f"{row.id}:{criterion_id}").save()
    return row.id


# J1 (judges[0]) is lenient: A=8, C=9, D=10. J2 (judges[1]) is harsh: B=7, C=5, D=6.
WORKED = {(0, 0): 8.0, (0, 2): 9.0, (0, 3): 10.0, (1, 1): 7.0, (1, 2): 5.0, (1, 3): 6.0}


async def worked_example(phase: str = "judging", **fields: object) -> tuple[Jury, int, int]:
    """The worked example on real rows: entries A, B, C, D are jury.entries[0..3]; one criterion "Impact"
    whose mark is the total. Returns (jury, round id, criterion id)."""
    jury = await jury_with_entries(judges=2, entries=4, phase=phase, **fields)
    challenge_id = jury.challenge["id"]
    round_id = (await first_round(challenge_id))["id"]
    impact = await criterion(challenge_id)
    for (judge, entry), total in WORKED.items():
        await review(challenge_id, round_id, jury.entries[entry], jury.judges[judge], total,
                     marks={impact: total}, overall=f"Avis {judge}-{entry}", private=f"Note privée {judge}-{entry}")
    return jury, round_id, impact
