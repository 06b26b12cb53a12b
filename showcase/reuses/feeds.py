"""Atom feeds of published reuses (all, per theme, per dataset) and the CSV export."""

from __future__ import annotations

import csv
import io

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template

from showcase.portal.tables import Dataset, Theme
from showcase.reuses.tables import Reuse, ReuseDataset, ReuseTheme

FEED_SIZE = 50
FEED_COLUMNS = (Reuse.slug, Reuse.title_fr, Reuse.title_ar, Reuse.summary_fr, Reuse.summary_ar, Reuse.published_at,
                Reuse.updated_at, Reuse.url, Reuse.type, Reuse.owner.name.as_alias("author"),
                Reuse.startup.name.as_alias("startup_name"))
PUBLISHED = (Reuse.status == "published") & Reuse.deleted_at.is_null()


async def _feed(request: Request, *, condition, title_suffix: str, self_path: str) -> Template:  # noqa: ANN001
    rows = await Reuse.select(*FEED_COLUMNS).where(PUBLISHED & condition).order_by(
        Reuse.published_at, ascending=False).limit(FEED_SIZE)
    return Template("reuses/feed.xml", media_type="application/atom+xml", context={
        "entries": rows, "base": request.app.state.settings.base_url, "self_path": self_path,
        "title_suffix": title_suffix, "updated": max((r["published_at"] for r in rows), default=None),
    })


@get("/reuses.atom", name="reuses:feed", include_in_schema=False)
async def reuses_feed(request: Request) -> Template:
    return await _feed(request, condition=Reuse.id.is_not_null(), title_suffix="", self_path="/reuses.atom")


@get("/themes/{name:str}/reuses.atom", name="reuses:theme-feed", include_in_schema=False)
async def theme_feed(request: Request, name: FromPath[str]) -> Template:
    theme = await Theme.select(Theme.id, Theme.title_fr).where(Theme.name == name).first()
    if theme is None:
        raise NotFoundException()
    return await _feed(request, condition=Reuse.id.is_in(
        ReuseTheme.select(ReuseTheme.reuse).where(ReuseTheme.theme == theme["id"])),
        title_suffix=theme["title_fr"] or name, self_path=f"/themes/{name}/reuses.atom")


@get("/datasets/{key:str}/reuses.atom", name="reuses:dataset-feed", include_in_schema=False)
async def dataset_feed(request: Request, key: FromPath[str]) -> Template:
    dataset = await Dataset.select(Dataset.id, Dataset.title_fr, Dataset.name).where(
        (Dataset.name == key) | (Dataset.portal_id == key)).first()
    if dataset is None:
        raise NotFoundException()
    return await _feed(request, condition=Reuse.id.is_in(
        ReuseDataset.select(ReuseDataset.reuse).where(ReuseDataset.dataset == dataset["id"])),
        title_suffix=dataset["title_fr"] or dataset["name"], self_path=f"/datasets/{key}/reuses.atom")


CSV_FIELDS = ("slug", "page", "url", "type", "title_fr", "title_ar", "summary_fr", "summary_ar", "published_at",
              "views", "author", "startup", "datasets", "themes")


@get("/reuses.csv", name="reuses:csv", include_in_schema=False)
async def reuses_csv(request: Request) -> Response[bytes]:
    """Every published reuse, one row each; datasets and themes as space-separated names."""
    rows = await Reuse.select(Reuse.id, *FEED_COLUMNS, Reuse.views).where(PUBLISHED).order_by(Reuse.published_at)
    datasets: dict[int, list[str]] = {}
    for link in await ReuseDataset.select(ReuseDataset.reuse, ReuseDataset.dataset.name).where(
            ReuseDataset.reuse.is_in([r["id"] for r in rows] or [0])).order_by(ReuseDataset.position):
        datasets.setdefault(link["reuse"], []).append(link["dataset.name"])
    themes: dict[int, list[str]] = {}
    for link in await ReuseTheme.select(ReuseTheme.reuse, ReuseTheme.theme.name).where(
            ReuseTheme.reuse.is_in([r["id"] for r in rows] or [0])):
        themes.setdefault(link["reuse"], []).append(link["theme.name"])
    base = request.app.state.settings.base_url
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_FIELDS)
    for row in rows:
        writer.writerow([row["slug"], f"{base}/reuses/{row['slug']}", row["url"], row["type"], row["title_fr"],
                         row["title_ar"], row["summary_fr"], row["summary_ar"],
                         row["published_at"].isoformat() if row["published_at"] else "", row["views"],
                         row["author"] or "", row["startup_name"] or "", " ".join(datasets.get(row["id"], [])),
                         " ".join(sorted(themes.get(row["id"], [])))])
    # A BOM so spreadsheet programs read the Arabic and accented text as UTF-8.
    return Response(("\ufeff" + buffer.getvalue()).encode(), media_type="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="showcase-reuses.csv"'})
