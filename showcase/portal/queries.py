"""Reads for the portal-side pages: a fixed number of queries per page, never one per row."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from showcase.db import contains_text
from showcase.portal.tables import Dataset, DatasetAlias, DatasetTheme, Producer, SyncRun, Theme

PER_PAGE = 24
CARD_COLUMNS = (
    Dataset.id, Dataset.portal_id, Dataset.name, Dataset.cited_key, Dataset.title_fr, Dataset.title_ar,
    Dataset.excerpt_fr, Dataset.excerpt_ar, Dataset.formats, Dataset.resource_count, Dataset.status,
    Dataset.metadata_modified, Dataset.licence_id, Dataset.licence_title, Dataset.checked_at, Dataset.last_error,
    Dataset.producer.name.as_alias("producer_name"), Dataset.producer.title_fr.as_alias("producer_title_fr"),
    Dataset.producer.title_ar.as_alias("producer_title_ar"),
)


def pick(locale: str, french: str, arabic: str) -> str:
    """The text in the visitor's language, else the other one (English readers get French first)."""
    first, second = (arabic, french) if locale == "ar" else (french, arabic)
    return first or second or ""


@dataclass(frozen=True, slots=True)
class Named:
    name: str
    title_fr: str
    title_ar: str

    def title(self, locale: str) -> str:
        return pick(locale, self.title_fr, self.title_ar) or self.name


@dataclass(frozen=True, slots=True)
class DatasetCard:
    id: int
    portal_id: str | None
    name: str
    title_fr: str
    title_ar: str
    excerpt_fr: str
    excerpt_ar: str
    formats: tuple[str, ...]
    resource_count: int
    status: str
    metadata_modified: datetime | None
    licence_id: str
    licence_title: str
    checked_at: datetime | None
    last_error: str
    producer: Named | None
    themes: tuple[Named, ...] = ()

    @property
    def key(self) -> str:
        return self.name or self.portal_id or ""

    def title(self, locale: str) -> str:
        return pick(locale, self.title_fr, self.title_ar) or self.name

    def excerpt(self, locale: str) -> str:
        return pick(locale, self.excerpt_fr, self.excerpt_ar)


def _card(row: dict, themes: tuple[Named, ...] = ()) -> DatasetCard:
    producer = None
    if row["producer_name"]:
        producer = Named(row["producer_name"], row["producer_title_fr"] or "", row["producer_title_ar"] or "")
    return DatasetCard(
        id=row["id"], portal_id=row["portal_id"], name=row["name"] or row["cited_key"], title_fr=row["title_fr"],
        title_ar=row["title_ar"], excerpt_fr=row["excerpt_fr"], excerpt_ar=row["excerpt_ar"],
        formats=tuple(f for f in row["formats"].split(",") if f), resource_count=row["resource_count"],
        status=row["status"], metadata_modified=row["metadata_modified"], licence_id=row["licence_id"],
        licence_title=row["licence_title"], checked_at=row["checked_at"], last_error=row["last_error"],
        producer=producer, themes=themes,
    )


async def themes_of(dataset_ids: list[int]) -> dict[int, tuple[Named, ...]]:
    """The themes of many datasets in one query."""
    if not dataset_ids:
        return {}
    rows = await DatasetTheme.select(
        DatasetTheme.dataset, DatasetTheme.theme.name, DatasetTheme.theme.title_fr, DatasetTheme.theme.title_ar,
    ).where(DatasetTheme.dataset.is_in(dataset_ids)).order_by(DatasetTheme.theme.name)
    grouped: dict[int, list[Named]] = {}
    for row in rows:
        grouped.setdefault(row["dataset"], []).append(
            Named(row["theme.name"], row["theme.title_fr"], row["theme.title_ar"]))
    return {key: tuple(value) for key, value in grouped.items()}


@dataclass(frozen=True, slots=True)
class DatasetPage:
    cards: list[DatasetCard]
    total: int
    page: int
    per_page: int = PER_PAGE
    facets: dict[str, list[tuple[Named, int]]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


async def list_datasets(*, search: str = "", theme: str = "", producer: str = "", page: int = 1) -> DatasetPage:
    """The /datasets index: cited datasets, newest on the portal first, with theme and producer filters."""
    conditions = []
    if search:
        conditions.append(contains_text(Dataset.title_fr, search) | contains_text(Dataset.title_ar, search)
                          | contains_text(Dataset.name, search))
    if producer:
        conditions.append(Dataset.producer.name == producer)
    if theme:
        conditions.append(Dataset.id.is_in(
            DatasetTheme.select(DatasetTheme.dataset).where(DatasetTheme.theme.name == theme)))
    query = Dataset.select(*CARD_COLUMNS)
    count = Dataset.count()
    for condition in conditions:
        query = query.where(condition)
        count = count.where(condition)
    rows = await query.order_by(Dataset.metadata_modified, ascending=False).order_by(Dataset.id).limit(
        PER_PAGE).offset((page - 1) * PER_PAGE)
    themes = await themes_of([row["id"] for row in rows])
    return DatasetPage(cards=[_card(row, themes.get(row["id"], ())) for row in rows], total=await count, page=page)


@dataclass(frozen=True, slots=True)
class Lookup:
    card: DatasetCard | None
    redirect_to: str | None = None


async def find_dataset(key: str) -> Lookup:
    """By current name; a former name or the portal id redirects to the current name."""
    row = await Dataset.select(*CARD_COLUMNS).where(Dataset.name == key).first()
    if row is None:
        alias = await DatasetAlias.select(DatasetAlias.dataset.name).where(DatasetAlias.old_name == key).first()
        if alias and alias["dataset.name"]:
            return Lookup(None, redirect_to=alias["dataset.name"])
        by_id = await Dataset.select(Dataset.name).where(Dataset.portal_id == key).first()
        if by_id and by_id["name"] and by_id["name"] != key:
            return Lookup(None, redirect_to=by_id["name"])
        row = await Dataset.select(*CARD_COLUMNS).where(Dataset.portal_id == key).first()
        if row is None:
            return Lookup(None)
    themes = await themes_of([row["id"]])
    return Lookup(_card(row, themes.get(row["id"], ())))


async def find_organization(table: type[Producer] | type[Theme], name: str) -> dict | None:
    return await table.select(table.id, table.name, table.title_fr, table.title_ar, table.description,
                              table.image_url, table.portal_dataset_count).where(table.name == name).first()


async def latest_sync_runs(limit: int = 20) -> list[dict]:
    return await SyncRun.select().order_by(SyncRun.id, ascending=False).limit(limit)


async def status_counts() -> dict[str, int]:
    rows = await Dataset.raw("SELECT status, COUNT(*) AS count FROM portal_dataset GROUP BY status")
    return {row["status"]: row["count"] for row in rows}
