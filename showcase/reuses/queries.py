"""Reads for reuse pages: a fixed number of queries per page, never one per card or dataset."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from showcase.portal.queries import CARD_COLUMNS, DatasetCard, Named, _card, pick, themes_of
from showcase.portal.tables import Dataset
from showcase.reuses.tables import ModerationEvent, Reuse, ReuseDataset, ReuseSlugRedirect, ReuseTag, ReuseTheme
from showcase.startups.tables import Startup

PER_PAGE = 24
SORTS = ("newest", "views", "title")
CARD_FIELDS = (
    Reuse.id, Reuse.slug, Reuse.title_fr, Reuse.title_ar, Reuse.summary_fr, Reuse.summary_ar, Reuse.type,
    Reuse.status, Reuse.cover, Reuse.cover_alt, Reuse.featured, Reuse.published_at, Reuse.views,
    Reuse.owner.name.as_alias("owner_name"), Reuse.startup.name.as_alias("startup_name"),
    Reuse.startup.slug.as_alias("startup_slug"),
)


@dataclass(frozen=True, slots=True)
class ReuseCard:
    id: int
    slug: str
    title_fr: str
    title_ar: str
    summary_fr: str
    summary_ar: str
    type: str
    status: str
    cover: str
    cover_alt: str
    featured: bool
    published_at: datetime | None
    views: int
    author: str
    startup_name: str | None
    startup_slug: str | None
    dataset_count: int = 0
    themes: tuple[Named, ...] = ()

    def title(self, locale: str) -> str:
        return pick(locale, self.title_fr, self.title_ar)

    def summary(self, locale: str) -> str:
        return pick(locale, self.summary_fr, self.summary_ar)


def _reuse_card(row: dict, counts: dict[int, int], themes: dict[int, tuple[Named, ...]]) -> ReuseCard:
    return ReuseCard(
        id=row["id"], slug=row["slug"], title_fr=row["title_fr"], title_ar=row["title_ar"],
        summary_fr=row["summary_fr"], summary_ar=row["summary_ar"], type=row["type"], status=row["status"],
        cover=row["cover"], cover_alt=row["cover_alt"], featured=row["featured"], published_at=row["published_at"],
        views=row["views"], author=row["owner_name"] or "", startup_name=row["startup_name"],
        startup_slug=row["startup_slug"], dataset_count=counts.get(row["id"], 0), themes=themes.get(row["id"], ()),
    )


async def _card_extras(ids: list[int]) -> tuple[dict[int, int], dict[int, tuple[Named, ...]]]:
    """Dataset counts and themes of many reuses: two queries whatever the number of cards."""
    if not ids:
        return {}, {}
    counts = {row["reuse"]: row["count"] for row in await ReuseDataset.raw(
        "SELECT reuse, COUNT(*) AS count FROM reuse_dataset WHERE reuse IN ({}) GROUP BY reuse".format(
            ",".join(str(int(i)) for i in ids)))}
    rows = await ReuseTheme.select(ReuseTheme.reuse, ReuseTheme.theme.name, ReuseTheme.theme.title_fr,
                                   ReuseTheme.theme.title_ar).where(ReuseTheme.reuse.is_in(ids))
    themes: dict[int, list[Named]] = {}
    for row in rows:
        themes.setdefault(row["reuse"], []).append(Named(row["theme.name"], row["theme.title_fr"], row["theme.title_ar"]))
    return counts, {key: tuple(value) for key, value in themes.items()}


async def cards_for(query: Any) -> list[ReuseCard]:
    rows = await query
    counts, themes = await _card_extras([row["id"] for row in rows])
    return [_reuse_card(row, counts, themes) for row in rows]


async def featured_reuses(limit: int = 6) -> list[ReuseCard]:
    return await cards_for(Reuse.select(*CARD_FIELDS).where(
        (Reuse.status == "published") & Reuse.deleted_at.is_null() & (Reuse.featured == True)  # noqa: E712
    ).order_by(Reuse.published_at, ascending=False).limit(limit))


@dataclass(frozen=True, slots=True)
class Found:
    reuse: dict | None
    redirect_to: str | None = None


async def find_reuse(slug: str) -> Found:
    row = await Reuse.select(*Reuse.all_columns(), Reuse.owner.name.as_alias("owner_name")).where(
        Reuse.slug == slug).first()
    if row is None:
        redirect = await ReuseSlugRedirect.select(ReuseSlugRedirect.reuse.slug).where(
            ReuseSlugRedirect.old_slug == slug).first()
        return Found(None, redirect_to=redirect["reuse.slug"] if redirect else None)
    return Found(row)


@dataclass(frozen=True, slots=True)
class ReuseDetail:
    datasets: list[DatasetCard]
    themes: list[Named]
    tags: list[str]
    startup: dict | None
    related: list[ReuseCard]
    events: list[dict] = field(default_factory=list)


async def reuse_detail(reuse: dict, *, with_events: bool) -> ReuseDetail:
    """Everything the reuse page shows besides the reuse itself, in a fixed number of queries."""
    rows = await Dataset.select(*CARD_COLUMNS).where(
        Dataset.id.is_in(ReuseDataset.select(ReuseDataset.dataset).where(ReuseDataset.reuse == reuse["id"])))
    order = {row["dataset"]: row["position"] for row in await ReuseDataset.select(
        ReuseDataset.dataset, ReuseDataset.position).where(ReuseDataset.reuse == reuse["id"])}
    rows.sort(key=lambda row: order.get(row["id"], 0))
    dataset_themes = await themes_of([row["id"] for row in rows])
    datasets = [_card(row, dataset_themes.get(row["id"], ())) for row in rows]
    theme_rows = await ReuseTheme.select(ReuseTheme.theme.name, ReuseTheme.theme.title_fr, ReuseTheme.theme.title_ar
                                         ).where(ReuseTheme.reuse == reuse["id"])
    tags = [row["tag"] for row in await ReuseTag.select(ReuseTag.tag).where(ReuseTag.reuse == reuse["id"])]
    startup = None
    if reuse["startup"]:
        startup = await Startup.select(Startup.name, Startup.slug, Startup.logo, Startup.city, Startup.region,
                                       Startup.description_fr, Startup.description_ar).where(
            Startup.id == reuse["startup"]).first()
    related: list[ReuseCard] = []
    if datasets:
        related = await cards_for(Reuse.select(*CARD_FIELDS).where(
            (Reuse.status == "published") & Reuse.deleted_at.is_null() & (Reuse.id != reuse["id"])
            & Reuse.id.is_in(ReuseDataset.select(ReuseDataset.reuse).where(
                ReuseDataset.dataset.is_in([d.id for d in datasets])))
        ).order_by(Reuse.published_at, ascending=False).limit(4))
    events = []
    if with_events:
        events = await ModerationEvent.select(
            ModerationEvent.action, ModerationEvent.from_status, ModerationEvent.to_status, ModerationEvent.message,
            ModerationEvent.created_at, ModerationEvent.actor.name.as_alias("actor_name"),
        ).where(ModerationEvent.reuse == reuse["id"]).order_by(ModerationEvent.id, ascending=False).limit(50)
    return ReuseDetail(
        datasets=datasets, themes=[Named(r["theme.name"], r["theme.title_fr"], r["theme.title_ar"]) for r in theme_rows],
        tags=tags, startup=startup, related=related, events=events,
    )


async def form_values(reuse: dict) -> dict[str, Any]:
    """A stored reuse as the edit form shows it."""
    rows = await ReuseDataset.select(ReuseDataset.dataset.name, ReuseDataset.dataset.cited_key,
                                     ReuseDataset.dataset.portal_id).where(
        ReuseDataset.reuse == reuse["id"]).order_by(ReuseDataset.position)
    themes = await ReuseTheme.select(ReuseTheme.theme.name).where(ReuseTheme.reuse == reuse["id"])
    tags = await ReuseTag.select(ReuseTag.tag).where(ReuseTag.reuse == reuse["id"])
    values = {key: reuse[key] for key in (
        "title_fr", "title_ar", "summary_fr", "summary_ar", "description_fr", "description_ar", "url", "type",
        "cover_alt", "android_url", "ios_url", "stage", "business_model", "impact_fr", "impact_ar")}
    values["startup"] = str(reuse["startup"] or "")
    values["tags"] = ", ".join(row["tag"] for row in tags)
    values["datasets"] = "\n".join(r["dataset.name"] or r["dataset.cited_key"] or r["dataset.portal_id"] for r in rows)
    values["themes"] = [row["theme.name"] for row in themes]
    values["platforms"] = [p for p in reuse["platforms"].split(",") if p]
    return values


async def my_reuses(user_id: int) -> list[ReuseCard]:
    from showcase.startups.tables import StartupMember

    return await cards_for(Reuse.select(*CARD_FIELDS).where(
        Reuse.deleted_at.is_null() & ((Reuse.owner == user_id) | Reuse.startup.is_in(
            StartupMember.select(StartupMember.startup).where(StartupMember.user == user_id)))
    ).order_by(Reuse.updated_at, ascending=False).limit(200))


async def moderation_queue(status: str) -> list[ReuseCard]:
    query = Reuse.select(*CARD_FIELDS).where(Reuse.deleted_at.is_null())
    if status:
        query = query.where(Reuse.status == status)
    return await cards_for(query.order_by(Reuse.submitted_at, ascending=True).limit(200))


async def published_reuses_of_dataset(dataset_id: int, limit: int = 24) -> list[ReuseCard]:
    """The reverse view on a dataset page: published reuses that cite it, newest first."""
    return await cards_for(Reuse.select(*CARD_FIELDS).where(
        (Reuse.status == "published") & Reuse.deleted_at.is_null()
        & Reuse.id.is_in(ReuseDataset.select(ReuseDataset.reuse).where(ReuseDataset.dataset == dataset_id))
    ).order_by(Reuse.published_at, ascending=False).limit(limit))


async def screenshots_of(reuse_id: int) -> list[dict]:
    from showcase.reuses.tables import ReuseScreenshot

    return await ReuseScreenshot.select(ReuseScreenshot.picture, ReuseScreenshot.alt).where(
        ReuseScreenshot.reuse == reuse_id).order_by(ReuseScreenshot.position)
