"""Rows for the judging journey, written into the live server's database by a subprocess (the server's
settings are read from its environment): `python -m tests.browser.judging_seed seed` prints the cast as JSON;
`python -m tests.browser.judging_seed close-judging <slug>` ends the judging window, as time would;
`python -m tests.browser.judging_seed reuses` publishes three reuses citing portal datasets (for /stats)."""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import timedelta

from showcase.challenges.tables import Challenge, Entry
from showcase.db import close_connections
from tests.integration.challenges.helpers import make_challenge, make_team
from tests.integration.challenges.screening_rows import add_entry
from tests.support import create_user, now

ORGANIZER = ("organisatrice@jury-demo.ma", "Nadia Organisatrice")
PASSWORD = "correct horse battery staple"  # tests/browser/helpers.PASSWORD
TEAMS = ("Les Cartographes", "Data Atlas", "Oasis Lab", "Rif Analytics")
JUDGES = (("juge.genereux@univ-rabat.ma", "Ghita Généreuse", "fr"), ("juge.severe@univ-fes.ma", "سعيد الصارم", "ar"),
          ("juge.neutre@univ-agadir.ma", "Nabil Neutre", "en"))


async def seed() -> dict:
    organizer = await create_user(ORGANIZER[0], name=ORGANIZER[1], roles=("organizer",), locale="fr", password=PASSWORD)
    challenge = await make_challenge(slug="defi-jury", phase="judging", organizer_id=organizer, tracks=1)
    for email, name, locale in JUDGES:
        await create_user(email, name=name, locale=locale, password=PASSWORD)
    entries = {}
    for number, name in enumerate(TEAMS):
        captain = await create_user(f"capitaine{number + 1}@equipe{number + 1}.ma", name=f"Capitaine {name}", password=PASSWORD)
        team = await make_team(challenge["id"], captain, name=name)
        entry_id = await add_entry(challenge["id"], team, title=f"Projet {name}", screening="eligible")
        reuse = await Entry.select(Entry.reuse.slug).where(Entry.id == entry_id).first()
        entries[name] = {"id": entry_id, "reuse": reuse["reuse.slug"]}
    return {"slug": challenge["slug"], "organizer": ORGANIZER[0], "judges": [email for email, _n, _l in JUDGES],
            "entries": entries}


async def published_reuses() -> dict:
    """Three published reuses citing the bundled portal's datasets, in three months (for /stats)."""
    from showcase.reuses.tables import Reuse, ReuseDataset
    from tests.integration.challenges.helpers import eligible_dataset_ids

    datasets = await eligible_dataset_ids()
    created = []
    for number, (kind, days) in enumerate((("application", 10), ("visualisation", 45), ("application", 80))):
        slug = f"stats-seed-{number}"
        if await Reuse.exists().where(Reuse.slug == slug):
            continue
        reuse = Reuse(slug=slug, title_fr=f"Carte {number}", url=f"https://carte{number}.example.ma/", type=kind,
                      status="published", published_at=now() - timedelta(days=days))
        await reuse.save()
        for position, dataset_id in enumerate(datasets[: number % 2 + 1]):
            await ReuseDataset(reuse=reuse.id, dataset=dataset_id, position=position).save()
        created.append(slug)
    return {"reuses": created}


async def close_judging(slug: str) -> dict:
    moment = now() - timedelta(minutes=1)
    await Challenge.update({Challenge.judging_closes_at: moment, Challenge.voting_closes_at: None,
                            Challenge.voting_opens_at: None}).where(Challenge.slug == slug)
    return {"closed": slug}


async def main(argv: list[str]) -> None:
    try:
        commands = {"seed": seed, "reuses": published_reuses, "close-judging": close_judging}
        result = await commands[argv[0]](*argv[1:])
    finally:
        await close_connections()
    print(json.dumps(result))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
