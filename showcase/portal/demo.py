"""Demo citations: a selection of the bundled snapshot, resolved and synced through the real code path."""

from __future__ import annotations

from datetime import datetime

from showcase.portal.domain import resolve_citations
from showcase.portal.service import open_portal, portal_site
from showcase.portal.sync import sync_portal
from showcase.settings import Settings

# What the demo reuses and startups are built on (the later demo content cites these).
DEMO_CITATIONS = [
    "https://data.gov.ma/data/fr/dataset/situation-des-principaux-barrages-taux-de-remplissage",
    "https://www.data.gov.ma/data/ar/dataset/population-legale-regions-provinces-rgph-2024/",
    "cours-de-reference-du-dirham",
    "indice-des-prix-a-la-consommation-base-2017",
    "taux-d-activite-et-de-chomage-trimestriels",
    "resultats-de-l-examen-national-du-baccalaureat",
    "production-cerealiere-par-region-et-par-espece",
    "couverture-vaccinale-des-enfants-de-moins-d-un-an",
    "production-et-consommation-d-electricite-par-source",
    "activite-des-juridictions-affaires-enregistrees-et-jugees",
    "etablissements-scolaires-par-cycle-secteur-et-region",
    "hopitaux-publics-et-capacite-litiere-par-region",
    "adad-al-atibba-hasab-al-jiha-wal-qitaa",
    "reseau-routier-classe",
    "taux-de-pauvrete-et-de-vulnerabilite-par-region",
    "nuitees-dans-les-etablissements-d-hebergement-classes",
    "qualite-des-eaux-de-baignade-des-plages",
    "programme-villes-sans-bidonvilles-avancement-par-ville",
]


async def load_demo_citations(settings: Settings, *, now: datetime) -> int:
    """Cite the demo datasets from the bundled snapshot (only when it stands in for the portal)."""
    if not settings.portal_is_bundled:
        return 0
    async with open_portal(settings) as portal:
        ids = await resolve_citations(DEMO_CITATIONS, portal=portal, site=portal_site(settings), now=now)
        await sync_portal(portal=portal, now=now, trigger="demo")
    return len(ids)
