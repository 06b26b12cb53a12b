"""A challenge in judging, as every judging test needs it: an organizer, judges on the jury, and teams with
submitted entries screened eligible (each with its published reuse and tracks). Written through the real
tables. Shared by the judging tests: extend with care, never change what a field means."""

from __future__ import annotations

from dataclasses import dataclass

from showcase.judging.tables import Judge
from tests.integration.challenges.helpers import make_challenge, make_team
from tests.integration.challenges.screening_rows import add_entry
from tests.support import create_user

ORGANIZER = "organisatrice@example.ma"
JUDGE_NAMES = ("Hind Juge", "Omar Juge", "Samira Juge", "Youssef Juge", "Latifa Juge", "Driss Juge")
TEAM_NAMES = ("Les Cartographes", "Data Atlas", "Oasis Lab", "Rif Analytics", "Sahara Code", "Atlas Vert",
              "Medina Data", "Souss Tech")


def judge_email(number: int) -> str:
    return f"juge{number + 1}@univ{number + 1}.ma"  # distinct domains: no automatic conflict between them


def captain_email(number: int) -> str:
    return f"capitaine{number + 1}@equipe{number + 1}.ma"


@dataclass(frozen=True)
class Jury:
    challenge: dict
    organizer: int
    judges: tuple[int, ...]  # user ids, in JUDGE_NAMES order
    captains: tuple[int, ...]
    teams: tuple[int, ...]
    entries: tuple[int, ...]  # entry ids, in TEAM_NAMES order

    @property
    def slug(self) -> str:
        return self.challenge["slug"]


async def jury_with_entries(*, judges: int = 3, entries: int = 4, phase: str = "judging", slug: str = "hack-mobilite",
                            judge_locales: tuple[str, ...] = ("fr", "ar", "en"), **fields: object) -> Jury:
    """A published challenge in `phase` (judging by default: screening done, scores open), with `judges`
    judges of the whole challenge and `entries` eligible entries; entry n is in track (n % 2) + 1."""
    organizer = await create_user(ORGANIZER, name="Nadia Organisatrice", roles=("organizer",), locale="fr")
    challenge = await make_challenge(slug=slug, phase=phase, organizer_id=organizer, **fields)
    judge_ids = []
    for number in range(judges):
        user_id = await create_user(judge_email(number), name=JUDGE_NAMES[number],
                                    locale=judge_locales[number % len(judge_locales)])
        await Judge(challenge=challenge["id"], user=user_id, key=f"{challenge['id']}:{user_id}:0").save()
        judge_ids.append(user_id)
    captains, teams, entry_ids = [], [], []
    for number in range(entries):
        captain = await create_user(captain_email(number), name=f"Capitaine {TEAM_NAMES[number]}")
        team = await make_team(challenge["id"], captain, name=TEAM_NAMES[number])
        entry = await add_entry(challenge["id"], team, title=f"Projet {TEAM_NAMES[number]}", screening="eligible",
                                track_positions=(number % 2,))
        captains.append(captain)
        teams.append(team)
        entry_ids.append(entry)
    return Jury(challenge=challenge, organizer=organizer, judges=tuple(judge_ids), captains=tuple(captains),
                teams=tuple(teams), entries=tuple(entry_ids))
