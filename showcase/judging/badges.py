"""Winners' badges on reuse pages and gallery cards: the published prizes of the reuses shown, in one query."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from showcase.i18n import get_locale
from showcase.judging.results import award_label
from showcase.judging.tables import Award


@dataclass(frozen=True, slots=True)
class WinnerBadge:
    kind: str
    rank: int
    track_fr: str
    track_ar: str
    challenge_slug: str
    challenge_fr: str
    challenge_ar: str

    @staticmethod
    def _pick(french: str, arabic: str) -> str:
        first, second = (arabic, french) if get_locale() == "ar" else (french, arabic)
        return first or second

    @property
    def award(self) -> str:
        return award_label(self.kind, self.rank, self._pick(self.track_fr, self.track_ar))

    @property
    def challenge(self) -> str:
        return self._pick(self.challenge_fr, self.challenge_ar)

    @property
    def url(self) -> str:
        return f"/challenges/{self.challenge_slug}/results"


async def winner_badges(reuse_ids: Iterable[int]) -> dict[int, tuple[WinnerBadge, ...]]:
    """Published prizes per reuse id, for the reuses given (a page's worth). One query; {} for no ids."""
    ids = sorted(set(reuse_ids))
    if not ids:
        return {}
    rows = await Award.select(
        Award.kind, Award.rank, Award.entry.reuse, Award.track.name_fr, Award.track.name_ar,
        Award.challenge.slug, Award.challenge.title_fr, Award.challenge.title_ar,
    ).where((Award.status == "published") & Award.challenge.results_published_at.is_not_null()
            & Award.entry.reuse.is_in(ids)).order_by(Award.id)
    badges: dict[int, list[WinnerBadge]] = defaultdict(list)
    for row in rows:
        badges[row["entry.reuse"]].append(WinnerBadge(
            kind=row["kind"], rank=row["rank"], track_fr=row["track.name_fr"] or "",
            track_ar=row["track.name_ar"] or "", challenge_slug=row["challenge.slug"],
            challenge_fr=row["challenge.title_fr"] or "", challenge_ar=row["challenge.title_ar"] or ""))
    return {reuse: tuple(found) for reuse, found in badges.items()}
