"""Entries written straight through the tables (the entry form belongs to another part): a reuse, its cited
datasets, the entry and its tracks."""

from __future__ import annotations

from showcase.challenges.tables import Entry, EntryTrack, Track
from showcase.portal.tables import Dataset
from showcase.reuses.tables import Reuse, ReuseDataset
from tests.support import now


async def make_entry(challenge_id: int, team_id: int, title: str, *, status: str = "submitted",
                     screening: str = "eligible", track_positions: tuple[int, ...] = (0,),
                     datasets: tuple[str, ...] = ("reseau-routier-classe",), reuse_status: str = "published",
                     summary: str = "", description: str = "") -> int:
    slug = title.lower().replace(" ", "-")
    reuse = Reuse(slug=slug, title_fr=title, summary_fr=summary or f"Résumé de {title}.",
                  description_fr=description or f"Présentation de **{title}**.", url=f"https://{slug}.example.ma/",
                  status=reuse_status, published_at=now() if reuse_status == "published" else None)
    await reuse.save()
    rows = await Dataset.select(Dataset.id, Dataset.name).where(Dataset.name.is_in(list(datasets))) if datasets else []
    for position, row in enumerate(sorted(rows, key=lambda r: datasets.index(r["name"]))):
        await ReuseDataset(reuse=reuse.id, dataset=row["id"], position=position).save()
    moment = now() if status == "submitted" else None
    entry = Entry(challenge=challenge_id, team=team_id, reuse=reuse.id, status=status, screening=screening,
                  version=1 if status == "submitted" else 0, first_submitted_at=moment, submitted_at=moment)
    await entry.save()
    tracks = await Track.select(Track.id, Track.position).where(Track.challenge == challenge_id)
    by_position = {row["position"]: row["id"] for row in tracks}
    for position in track_positions:
        await EntryTrack(entry=entry.id, track=by_position[position]).save()
    return entry.id


async def page_as(app, email: str | None, url: str, *, lang: str = "en"):  # noqa: ANN001, ANN201
    """GET `url` in a fresh browser, logged in as `email` (None: a visitor)."""
    from litestar.testing import AsyncTestClient

    from tests.support import log_in

    async with AsyncTestClient(app=app, base_url="http://testserver.local") as browser:
        browser.headers["Accept-Language"] = lang
        if email:
            await log_in(browser, email)
        return await browser.get(url, follow_redirects=False)


async def cite(reuse_id: int, *names: str) -> None:
    """Make a reuse cite more datasets (resolved through the bundled portal snapshot)."""
    from tests.integration.challenges.helpers import eligible_dataset_ids

    linked = {row["dataset"] for row in await ReuseDataset.select(ReuseDataset.dataset).where(
        ReuseDataset.reuse == reuse_id)}
    for position, dataset_id in enumerate(await eligible_dataset_ids(names), start=len(linked)):
        if dataset_id not in linked:
            await ReuseDataset(reuse=reuse_id, dataset=dataset_id, position=position).save()
