"""A fixed world for the /stats tests, built through the real tables; every figure in test_stats*.py is counted
by hand from this docstring.

Producers: men (Ministère de l’Éducation nationale), hcp (Haut-Commissariat au Plan).
Datasets: ecoles (men), bac (men, title "+Résultats du bac": a formula for the CSV to defuse), population (hcp).
Themes: education, population.

Counted reuses (published, or archived after publication), UTC:
  r1 2026-01-10 application  education            ecoles + bac        (two datasets of men: men counts once)
  r2 2026-01-20 application  education+population ecoles + population
  r3 2026-02-05 visualisation population          population
  r4 2026-02-15 application  education            bac                 ARCHIVED on 2026-03-01 (counts in February)
  r5 2026-03-01 visualisation education           ecoles
  r6 2026-03-31 23:00 visualisation population    population + ecoles
  r7 2026-03-10 application  (no theme)           bac
Not counted: a draft (ecoles, education), one awaiting review (population), a published but deleted one (ecoles).

Challenges: "hackathon-education" published 2026-02-01 (theme education): team A (u1, u2, u3) entry submitted with
r1; team B (u4, u5, u6, and u7 pending) entry submitted with r2. "defi-population" published 2026-03-15 (theme
population): team C (u1) with a draft entry on r3. "brouillon" (draft challenge): team D (u8) entry submitted on r5.
Two startups.
"""

from __future__ import annotations

from datetime import UTC, datetime

from showcase.challenges.tables import Challenge, ChallengeTheme, Entry, Team, TeamMember
from showcase.portal.tables import Dataset, Producer, Theme
from showcase.reuses.tables import Reuse, ReuseDataset, ReuseTheme
from showcase.startups.tables import Startup
from tests.support import create_user


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


async def _id(query) -> int:  # noqa: ANN001 - a Piccolo insert
    return (await query)[0]["id"]


async def build_world() -> dict[str, int]:
    ids: dict[str, int] = {}
    ids["men"] = await _id(Producer.insert(Producer(
        portal_id="org-men", name="men", title_fr="Ministère de l’Éducation nationale",
        title_ar="وزارة التربية الوطنية")).returning(Producer.id))
    ids["hcp"] = await _id(Producer.insert(Producer(
        portal_id="org-hcp", name="hcp", title_fr="Haut-Commissariat au Plan",
        title_ar="المندوبية السامية للتخطيط")).returning(Producer.id))
    for name, title_fr, title_ar, producer in (("ecoles", "Établissements scolaires", "المؤسسات التعليمية", "men"),
                                               ("bac", "+Résultats du bac", "نتائج البكالوريا", "men"),
                                               ("population", "Population légale", "السكان القانونيون", "hcp")):
        ids[name] = await _id(Dataset.insert(Dataset(portal_id=f"pkg-{name}", name=name, title_fr=title_fr,
                                                     title_ar=title_ar, producer=ids[producer])).returning(Dataset.id))
    for name, title_fr, title_ar in (("education", "Éducation", "التعليم"), ("population", "Population", "السكان")):
        ids[f"theme-{name}"] = await _id(Theme.insert(Theme(portal_id=f"grp-{name}", name=name, title_fr=title_fr,
                                                            title_ar=title_ar)).returning(Theme.id))

    async def reuse(slug: str, published_at: datetime | None, type: str, themes: tuple[str, ...],
                    datasets: tuple[str, ...], *, status: str = "published", archived_at: datetime | None = None,
                    deleted: bool = False) -> int:
        reuse_id = await _id(Reuse.insert(Reuse(
            slug=slug, title_fr=f"Réutilisation {slug}", url=f"https://{slug}.example.ma/", url_hash=slug, type=type,
            status=status, published_at=published_at, archived_at=archived_at,
            deleted_at=at(4, 1) if deleted else None)).returning(Reuse.id))
        for position, name in enumerate(datasets):
            await ReuseDataset.insert(ReuseDataset(reuse=reuse_id, dataset=ids[name], position=position))
        for name in themes:
            await ReuseTheme.insert(ReuseTheme(reuse=reuse_id, theme=ids[f"theme-{name}"]))
        ids[slug] = reuse_id
        return reuse_id

    await reuse("r1", at(1, 10), "application", ("education",), ("ecoles", "bac"))
    await reuse("r2", at(1, 20), "application", ("education", "population"), ("ecoles", "population"))
    await reuse("r3", at(2, 5), "visualisation", ("population",), ("population",))
    await reuse("r4", at(2, 15), "application", ("education",), ("bac",), status="archived", archived_at=at(3, 1))
    await reuse("r5", at(3, 1), "visualisation", ("education",), ("ecoles",))
    await reuse("r6", at(3, 31, 23), "visualisation", ("population",), ("population", "ecoles"))
    await reuse("r7", at(3, 10), "application", (), ("bac",))
    await reuse("draft", None, "application", ("education",), ("ecoles",), status="draft")
    await reuse("pending", None, "visualisation", ("population",), ("population",), status="submitted")
    await reuse("deleted", at(2, 2), "application", ("education",), ("ecoles",), deleted=True)

    users = [await create_user(f"u{n}@example.ma", name=f"Personne {n}") for n in range(1, 9)]

    async def challenge(slug: str, status: str, published_at: datetime | None, theme: str | None) -> int:
        challenge_id = await _id(Challenge.insert(Challenge(slug=slug, title_fr=f"Défi {slug}", status=status,
                                                            published_at=published_at)).returning(Challenge.id))
        if theme:
            await ChallengeTheme.insert(ChallengeTheme(challenge=challenge_id, theme=ids[f"theme-{theme}"]))
        ids[slug] = challenge_id
        return challenge_id

    async def team(challenge_id: int, name: str, members: list[int], entry_reuse: str, entry_status: str,
                   pending: tuple[int, ...] = ()) -> None:
        team_id = await _id(Team.insert(Team(challenge=challenge_id, name=name, captain=members[0])).returning(Team.id))
        for user in members + list(pending):
            await TeamMember.insert(TeamMember(team=team_id, challenge=challenge_id, user=user,
                                               key=f"{challenge_id}:{user}",
                                               status="pending" if user in pending else "member"))
        await Entry.insert(Entry(challenge=challenge_id, team=team_id, reuse=ids[entry_reuse], status=entry_status))

    education = await challenge("hackathon-education", "published", at(2, 1), "education")
    await team(education, "Équipe A", users[0:3], "r1", "submitted")
    await team(education, "Équipe B", users[3:6], "r2", "submitted", pending=(users[6],))
    population = await challenge("defi-population", "published", at(3, 15), "population")
    await team(population, "Équipe C", [users[0]], "r3", "draft")
    hidden = await challenge("brouillon", "draft", None, None)
    await team(hidden, "Équipe D", [users[7]], "r5", "submitted")

    for n in (1, 2):
        await Startup.insert(Startup(name=f"Startup {n}", slug=f"startup-{n}"))
    return ids
