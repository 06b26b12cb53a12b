"""A fixed world for the producer dashboard and digest tests, built through the real tables (counted by hand in
test_producers*.py): two producers, four datasets, nine reuses in every state, four challenges."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from showcase.challenges.tables import Challenge, ChallengeDataset, Entry, Team
from showcase.portal.tables import Dataset, Producer
from showcase.reuses.tables import Reuse, ReuseDataset


def at(month: int, day: int, year: int = 2026) -> datetime:
    return datetime(year, month, day, 10, 0, tzinfo=UTC)


async def producer(name: str, title_fr: str, title_ar: str) -> int:
    rows = await Producer.insert(Producer(portal_id=f"org-{name}", name=name, title_fr=title_fr, title_ar=title_ar,
                                          description="")).returning(Producer.id)
    return rows[0]["id"]


async def dataset(name: str, title_fr: str, producer_id: int, title_ar: str = "") -> int:
    rows = await Dataset.insert(Dataset(portal_id=f"pkg-{name}", name=name, title_fr=title_fr, title_ar=title_ar,
                                        producer=producer_id)).returning(Dataset.id)
    return rows[0]["id"]


async def reuse(slug: str, title_fr: str, datasets: list[int], *, published_at: datetime | None,
                status: str = "published", deleted: bool = False, type: str = "application",
                title_ar: str = "") -> int:
    rows = await Reuse.insert(Reuse(
        slug=slug, title_fr=title_fr, title_ar=title_ar, url=f"https://{slug}.example.ma/", type=type, status=status,
        published_at=published_at, deleted_at=at(11, 1) if deleted else None, summary_fr="Résumé.",
    )).returning(Reuse.id)
    reuse_id = rows[0]["id"]
    for position, dataset_id in enumerate(datasets):
        await ReuseDataset.insert(ReuseDataset(reuse=reuse_id, dataset=dataset_id, position=position))
    return reuse_id


async def challenge(slug: str, title_fr: str, *, published: bool = True, published_at: datetime | None = None,
                    datasets: tuple[int, ...] = ()) -> int:
    rows = await Challenge.insert(Challenge(slug=slug, title_fr=title_fr, status="published" if published else "draft",
                                            published_at=published_at)).returning(Challenge.id)
    for position, dataset_id in enumerate(datasets):
        await ChallengeDataset.insert(ChallengeDataset(challenge=rows[0]["id"], dataset=dataset_id, position=position))
    return rows[0]["id"]


async def entry(challenge_id: int, team: str, reuse_id: int, *, status: str = "submitted") -> None:
    rows = await Team.insert(Team(challenge=challenge_id, name=team)).returning(Team.id)
    await Entry.insert(Entry(challenge=challenge_id, team=rows[0]["id"], reuse=reuse_id, status=status))


@dataclass
class World:
    hcp: int = 0
    bam: int = 0
    datasets: dict[str, int] = field(default_factory=dict)
    reuses: dict[str, int] = field(default_factory=dict)


async def build_world() -> World:
    """HCP ("hcp"): population (4 published reuses), emploi (2), pauvrete (0).
    Bank Al-Maghrib ("bam"): cours-dirham (1). Reuses of HCP's data: August 1, September 1, October 2,
    November 1 (5 in all); a draft, a deleted and an archived one count nowhere."""
    world = World()
    world.hcp = await producer("hcp", "Haut-Commissariat au Plan", "المندوبية السامية للتخطيط")
    world.bam = await producer("bam", "Bank Al-Maghrib", "بنك المغرب")
    pop = await dataset("population", "Population légale", world.hcp, "السكان القانونيون")
    emp = await dataset("emploi", "Emploi par région", world.hcp)
    pov = await dataset("pauvrete", "Pauvreté multidimensionnelle", world.hcp)
    rates = await dataset("cours-dirham", "Cours du dirham", world.bam)
    world.datasets = {"population": pop, "emploi": emp, "pauvrete": pov, "cours-dirham": rates}
    world.reuses = {
        "carte": await reuse("carte-population", "Carte de la population", [pop], published_at=at(10, 3),
                             title_ar="خريطة السكان"),
        "jeunes": await reuse("emploi-jeunes", "Emploi des jeunes", [pop, emp], published_at=at(10, 20),
                              type="visualisation"),
        "tableau": await reuse("tableau-regional", "Tableau de bord régional", [emp], published_at=at(11, 5)),
        "atlas": await reuse("atlas", "Atlas démographique", [pop], published_at=at(8, 14), type="article"),
        "draft": await reuse("brouillon", "Brouillon", [pop], published_at=None, status="draft"),
        "deleted": await reuse("supprimee", "Supprimée", [pop], published_at=at(10, 10), deleted=True),
        "archived": await reuse("archivee", "Archivée", [emp], published_at=at(9, 2), status="archived"),
        "taux": await reuse("taux-change", "Taux de change", [rates], published_at=at(10, 8), type="api"),
        "formula": await reuse("formule", "=SUM(A1)", [pop], published_at=at(9, 15)),
    }
    c1 = await challenge("defi-population", "Défi population", published_at=at(9, 1), datasets=(pop,))
    c2 = await challenge("hackathon-emploi", "Hackathon emploi", published_at=at(10, 1))
    await entry(c2, "Équipe A", world.reuses["tableau"])
    await challenge("brouillon-defi", "Défi en brouillon", published=False, datasets=(pop,))
    c4 = await challenge("defi-finance", "Défi finance", published_at=at(10, 5), datasets=(rates,))
    await entry(c4, "Équipe B", world.reuses["carte"], status="draft")
    assert c1 and c4
    return world


async def subscriber(producer_id: int, email: str, locale: str = "fr", *, confirmed: bool = True) -> None:
    """A subscription as the confirmation link leaves it (the HTTP flow is tested in test_producers_digest)."""
    import secrets

    from showcase.stats.tables import ProducerDigest

    await ProducerDigest.insert(ProducerDigest(
        key=f"{producer_id}:{email}", email=email, producer=producer_id, locale=locale,
        confirmed_at=at(11, 1) if confirmed else None, unsubscribe_token=secrets.token_urlsafe(32)))
