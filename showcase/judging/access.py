"""Loading a challenge for a judging page: the challenge context plus the person's place on its jury, the
judging settings, and their conflicts. Judges who are conflicted with an entry get a 404 for it, as if it did
not exist; people who are not judges get a 404 for every judge's page (a jury is not public by default)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import Request
from litestar.exceptions import NotFoundException

from showcase.challenges import access
from showcase.challenges.access import ChallengeContext
from showcase.challenges.tables import Entry
from showcase.judging.tables import Conflict, Judge, JudgingSettings, Round
from showcase.web import current_user

OTHER_REVIEWS = ("never", "after_own", "always")
AGGREGATES = ("mean", "median", "trimmed")
CORRECTIONS = ("none", "zscore", "additive")


async def settings_of(challenge_id: int) -> dict:
    """The challenge's judging settings, created with the defaults the first time they are asked for."""
    row = await JudgingSettings.select().where(JudgingSettings.challenge == challenge_id).first()
    if row is None:
        await JudgingSettings.insert(JudgingSettings(challenge=challenge_id)).on_conflict(action="DO NOTHING")
        row = await JudgingSettings.select().where(JudgingSettings.challenge == challenge_id).first()
    return row


async def rounds_of(challenge_id: int) -> list[dict]:
    return await Round.select().where(Round.challenge == challenge_id).order_by(Round.position)


async def first_round(challenge_id: int) -> dict:
    """Round 1, the rubric round over every eligible entry; created on first use."""
    key = f"{challenge_id}:1"
    row = await Round.select().where(Round.key == key).first()
    if row is None:
        await Round.insert(Round(challenge=challenge_id, position=1, kind="rubric", name_fr="Évaluation",
                                 name_ar="التقييم", key=key)).on_conflict(action="DO NOTHING")
        row = await Round.select().where(Round.key == key).first()
    return row


async def current_round(challenge_id: int) -> dict:
    """The latest round (the first one when none exists yet)."""
    rounds = await rounds_of(challenge_id)
    return rounds[-1] if rounds else await first_round(challenge_id)


async def eligible_entries(challenge_id: int) -> list[dict]:
    """The entries judging is about: submitted and screened eligible, oldest first."""
    return await Entry.select(Entry.id, Entry.team, Entry.reuse, Entry.submitted_at).where(
        (Entry.challenge == challenge_id) & (Entry.status == "submitted") & (Entry.screening == "eligible")
    ).order_by(Entry.id)


@dataclass(frozen=True)
class JudgingContext:
    ctx: ChallengeContext
    user: Any  # the session user (showcase.accounts SessionUser), None for a visitor
    settings: dict
    judge_tracks: frozenset[int | None]  # None: judges the whole challenge
    conflicted_entries: frozenset[int]

    @property
    def challenge(self) -> dict:
        return self.ctx.challenge

    @property
    def is_judge(self) -> bool:
        return bool(self.judge_tracks)

    @property
    def organizes(self) -> bool:
        return self.ctx.actor.organizes

    @property
    def anonymised(self) -> bool:
        """Names of teams, startups and members are hidden from this person."""
        return bool(self.settings["anonymised"]) and not self.organizes

    @property
    def judging_open(self) -> bool:
        """Scores can be entered and edited (they freeze when judging closes)."""
        return self.ctx.phase == "judging"


async def load(request: Request, slug: str) -> JudgingContext:
    """The challenge for a judging page; 404 unless the person is on its jury or organizes it."""
    ctx = await access.load(request, slug)
    user = current_user(request)
    challenge_id = ctx.challenge["id"]
    tracks: frozenset[int | None] = frozenset()
    conflicted: frozenset[int] = frozenset()
    if user is not None:
        tracks = frozenset(row["track"] for row in await Judge.select(Judge.track).where(
            (Judge.challenge == challenge_id) & (Judge.user == user.id)))
        conflicted = frozenset(row["entry"] for row in await Conflict.select(Conflict.entry).where(
            (Conflict.challenge == challenge_id) & (Conflict.user == user.id)))
    if not tracks and not ctx.actor.organizes:
        raise NotFoundException()
    return JudgingContext(ctx=ctx, user=user, settings=await settings_of(challenge_id), judge_tracks=tracks,
                          conflicted_entries=conflicted)


def check_entry(jctx: JudgingContext, entry_id: int) -> None:
    """404 for an entry a conflicted judge asks for: the entry does not exist for them."""
    if entry_id in jctx.conflicted_entries:
        raise NotFoundException()
