"""Steps shared by the audit page, score sheet and conflict declaration tests (area F)."""

from __future__ import annotations

from showcase.judging.tables import Criterion

CRITERIA = (  # (French name, Arabic name, weight, min, max)
    ("Impact", "الأثر", 2.0, 0, 10),
    ("Qualité des données", "جودة البيانات", 1.0, 0, 10),
    ("Présentation", "العرض", 1.0, 1, 5),
)


def audit_url(slug: str) -> str:
    return f"/manage/challenges/{slug}/judging/audit"


def conflicts_url(slug: str) -> str:
    return f"/judging/{slug}/conflicts"


async def add_criteria(challenge_id: int) -> list[int]:
    """The three criteria above, in order; their ids."""
    ids = []
    for position, (name_fr, name_ar, weight, low, high) in enumerate(CRITERIA, start=1):
        row = Criterion(challenge=challenge_id, name_fr=name_fr, name_ar=name_ar, weight=weight, scale_min=low,
                        scale_max=high, position=position)
        await row.save()
        ids.append(row.id)
    return ids
