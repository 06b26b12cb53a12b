"""Shared steps for challenge tests: a challenge in a chosen phase, its datasets, registrations and teams.

Rows are written through the real tables (no mocks); the timeline is placed around the real clock so the
real phase function puts the challenge in the phase asked for.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from showcase.challenges import phases
from showcase.challenges.tables import (
    Challenge,
    ChallengeDataset,
    ChallengeRole,
    Question,
    Registration,
    Team,
    TeamMember,
    Track,
)
from showcase.portal.domain import resolve_citations
from showcase.portal.service import open_portal, portal_site
from showcase.settings import get_settings
from tests.support import now as clock

ELIGIBLE = ("reseau-routier-classe", "population-legale-regions-provinces-rgph-2024")
NOT_ELIGIBLE = "https://data.gov.ma/data/fr/dataset/etablissements-scolaires"  # also in the bundled snapshot

DAY = timedelta(days=1)


def timeline_for(phase: str, now: datetime) -> dict:
    """Instants that put a published challenge in `phase` at `now` (screening complete assumed)."""
    offsets = {  # days from now: registration, open, close, judging opens, judging closes, results published
        "upcoming": (2, 10, 30, 32, 40, None),
        "registration": (-2, 10, 30, 32, 40, None),
        "submissions": (-10, -2, 7, 10, 20, None),
        "screening": (-30, -20, -2, 5, 15, None),
        "judging": (-30, -20, -10, -5, 5, None),
        "deliberation": (-30, -20, -10, -8, -2, None),
        "finished": (-60, -50, -40, -38, -30, -20),
    }[phase]
    names = ("registration_opens_at", "submissions_open_at", "submissions_close_at", "judging_opens_at",
             "judging_closes_at", "results_published_at")
    values = {name: (now + offset * DAY if offset is not None else None) for name, offset in zip(names, offsets)}
    values["results_at"] = values["judging_closes_at"] + 3 * DAY
    return values


async def eligible_dataset_ids(names: tuple[str, ...] = ELIGIBLE) -> list[int]:
    """Datasets resolved through the bundled portal snapshot, as an organizer's picker stores them."""
    settings = get_settings()
    portal = open_portal(settings)
    try:
        return await resolve_citations(list(names), portal=portal, site=portal_site(settings), now=clock())
    finally:
        await portal.aclose()


async def make_challenge(*, slug: str = "hack-mobilite", phase: str = "submissions", organizer_id: int | None = None,
                         co_organizer_ids: tuple[int, ...] = (), datasets: tuple[str, ...] = ELIGIBLE,
                         tracks: int = 2, questions: bool = True, **fields: object) -> dict:
    now = clock()
    values = {
        "slug": slug, "status": "draft" if phase == "draft" else "published",
        "title_fr": "Hackathon mobilité", "title_ar": "هاكاثون التنقل",
        "summary_fr": "Des applications sur les routes du Maroc.", "summary_ar": "تطبيقات حول طرق المغرب.",
        "description_fr": "Construisez des **services** de mobilité.", "rules_fr": "Une équipe, une entrée.",
        "eligibility_fr": "Je réside au Maroc et j'ai plus de 18 ans.", "organizer_name": "Agence du numérique",
        "min_team_size": 1, "max_team_size": 3, "created_by": organizer_id,
        **(timeline_for("submissions" if phase == "draft" else phase, now)),
        "published_at": None if phase == "draft" else now - 30 * DAY,
    }
    values.update(fields)
    challenge = Challenge(**values)
    await challenge.save()
    if organizer_id is not None:
        await ChallengeRole(challenge=challenge.id, user=organizer_id, role="organizer",
                            key=f"{challenge.id}:{organizer_id}").save()
    for user_id in co_organizer_ids:
        await ChallengeRole(challenge=challenge.id, user=user_id, role="co_organizer",
                            key=f"{challenge.id}:{user_id}").save()
    for position, dataset_id in enumerate(await eligible_dataset_ids(datasets) if datasets else []):
        await ChallengeDataset(challenge=challenge.id, dataset=dataset_id, position=position).save()
    for position in range(tracks):
        await Track(challenge=challenge.id, name_fr=f"Piste {position + 1}", name_ar=f"المسار {position + 1}",
                    amount_mad=(position + 1) * 10_000, winners=1, position=position).save()
    if questions:
        await Question(challenge=challenge.id, kind="short_text", label_fr="Votre ville ?", label_ar="مدينتك؟",
                       required=True, position=0).save()
        await Question(challenge=challenge.id, kind="pdf", label_fr="Présentation (PDF)", label_ar="عرض (PDF)",
                       required=False, position=1).save()
    row = await Challenge.select().where(Challenge.id == challenge.id).first()
    assert phases.phase(phases.State.from_row(row), now) == phase
    return row


async def register(challenge_id: int, user_id: int) -> None:
    await Registration(challenge=challenge_id, user=user_id, key=f"{challenge_id}:{user_id}").save()


async def make_team(challenge_id: int, captain_id: int, *, name: str = "Les Cartographes",
                    members: tuple[int, ...] = ()) -> int:
    """A registered captain with a team, plus registered members."""
    team = Team(challenge=challenge_id, name=name, captain=captain_id)
    await team.save()
    for user_id in (captain_id, *members):
        if not await Registration.exists().where(Registration.key == f"{challenge_id}:{user_id}"):
            await register(challenge_id, user_id)
        await TeamMember(team=team.id, challenge=challenge_id, user=user_id, key=f"{challenge_id}:{user_id}").save()
    return team.id
