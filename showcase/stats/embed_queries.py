"""Reads behind the portal embeds and badges: a dataset by portal id, name or former name, its published reuses
and their count (archived and deleted reuses excluded). A fixed number of queries whatever the size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from showcase.portal.tables import Dataset, DatasetAlias
from showcase.reuses.tables import Reuse, ReuseDataset

EMBED_LIMIT = 12


@dataclass(frozen=True, slots=True)
class EmbedReuse:
    slug: str
    title_fr: str
    title_ar: str
    type: str
    cover: str
    published_at: datetime | None


@dataclass(frozen=True, slots=True)
class EmbedDataset:
    id: int
    key: str  # what /datasets/<key> answers to
    title_fr: str
    title_ar: str


def _published():  # noqa: ANN202
    return (Reuse.status == "published") & Reuse.deleted_at.is_null()


async def find_dataset(key: str) -> EmbedDataset | None:
    """By portal id or current name (one query), then by a former name."""
    key = (key or "").strip()[:100]
    if not key:
        return None
    columns = (Dataset.id, Dataset.name, Dataset.cited_key, Dataset.title_fr, Dataset.title_ar)
    rows = await Dataset.select(*columns).where((Dataset.portal_id == key) | (Dataset.name == key)).limit(2)
    row = next((r for r in rows if r["name"] == key), rows[0] if rows else None)
    if row is None:
        alias = await DatasetAlias.select(DatasetAlias.dataset).where(DatasetAlias.old_name == key).first()
        if alias is None:
            return None
        row = await Dataset.select(*columns).where(Dataset.id == alias["dataset"]).first()
        if row is None:
            return None
    return EmbedDataset(id=row["id"], key=row["name"] or row["cited_key"], title_fr=row["title_fr"],
                        title_ar=row["title_ar"])


async def published_count(dataset_id: int) -> int:
    """Published reuses citing the dataset: one COUNT."""
    return await Reuse.count().where(_published() & Reuse.id.is_in(
        ReuseDataset.select(ReuseDataset.reuse).where(ReuseDataset.dataset == dataset_id)))


async def published_reuses(dataset_id: int, limit: int = EMBED_LIMIT) -> list[EmbedReuse]:
    """The newest published reuses citing the dataset: one query."""
    rows = await Reuse.select(Reuse.slug, Reuse.title_fr, Reuse.title_ar, Reuse.type, Reuse.cover,
                              Reuse.published_at).where(_published() & Reuse.id.is_in(
        ReuseDataset.select(ReuseDataset.reuse).where(ReuseDataset.dataset == dataset_id))
    ).order_by(Reuse.published_at, ascending=False).order_by(Reuse.id, ascending=False).limit(limit)
    return [EmbedReuse(**row) for row in rows]


async def badge_count(key: str) -> int:
    """The badge's figure: published reuses of the dataset named or numbered `key` (0 when we do not know it:
    the portal may show the badge on every dataset page, cited or not)."""
    dataset = await find_dataset(key)
    return 0 if dataset is None else await published_count(dataset.id)


async def most_reused_dataset() -> EmbedDataset | None:
    """The dataset with the most published reuses (the /developers page's live demo): one aggregate query."""
    rows = await Dataset.raw(
        "SELECT d.id, d.name, d.cited_key, d.title_fr, d.title_ar, COUNT(DISTINCT r.id) AS reuses "
        "FROM portal_dataset d JOIN reuse_dataset rd ON rd.dataset = d.id JOIN reuse r ON r.id = rd.reuse "
        "WHERE r.status = 'published' AND r.deleted_at IS NULL AND d.name <> '' "
        "GROUP BY d.id, d.name, d.cited_key, d.title_fr, d.title_ar ORDER BY reuses DESC, d.name LIMIT 1")
    if not rows:
        return None
    row = rows[0]
    return EmbedDataset(id=row["id"], key=row["name"] or row["cited_key"], title_fr=row["title_fr"],
                        title_ar=row["title_ar"])
