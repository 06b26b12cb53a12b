"""Portal-side pages, rendered from snapshots only: they never wait on the portal."""

from __future__ import annotations

from urllib.parse import urlencode

from litestar import Controller, Request, get, post
from litestar.background_tasks import BackgroundTask
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_301_MOVED_PERMANENTLY

from showcase.i18n import gettext as _
from showcase.portal import queries
from showcase.portal.citations import dataset_page_url
from showcase.portal.jobs import enqueue_sync
from showcase.portal.service import portal_site, run_sync_in_background
from showcase.portal.tables import Dataset, Producer, Theme
from showcase.security import requires_admin


def _page_url(path: str, **params: object) -> str:
    kept = {key: value for key, value in params.items() if value not in ("", None, 1)}
    return f"{path}?{urlencode(kept)}" if kept else path


class DatasetController(Controller):
    path = "/datasets"
    include_in_schema = False

    @get("/", name="datasets:index")
    async def index(self, q: FromQuery[str] = "", theme: FromQuery[str] = "", producer: FromQuery[str] = "",
                    page: FromQuery[int] = 1) -> Template:
        page = max(1, min(page, 10_000))
        listing = await queries.list_datasets(search=q.strip()[:100], theme=theme[:100], producer=producer[:100],
                                              page=page)
        themes = await Theme.select(Theme.name, Theme.title_fr, Theme.title_ar).order_by(Theme.name)
        producers = await Producer.select(Producer.name, Producer.title_fr, Producer.title_ar).order_by(Producer.name)
        return Template("portal/datasets.html", context={
            "listing": listing, "q": q, "theme": theme, "producer": producer, "themes": themes,
            "producers": producers,
            "page_url": lambda number: _page_url("/datasets", q=q, theme=theme, producer=producer, page=number),
        })

    @get("/{key:str}", name="datasets:detail")
    async def detail(self, request: Request, key: FromPath[str]) -> Template | Redirect:
        lookup = await queries.find_dataset(key[:100])
        if lookup.redirect_to:
            return Redirect(f"/datasets/{lookup.redirect_to}", status_code=HTTP_301_MOVED_PERMANENTLY)
        if lookup.card is None:
            raise NotFoundException()
        site = portal_site(request.app.state.settings)
        name = lookup.card.name
        links = {lang: dataset_page_url(site, name, lang) for lang in ("fr", "ar")} if name else {}
        # The reverse view belongs to the reuses feature, which builds on this one.
        from showcase.reuses.constants import TYPES
        from showcase.reuses.queries import published_reuses_of_dataset

        return Template("portal/dataset.html", context={
            "dataset": lookup.card, "portal_links": links, "portal_host": site.host, "types": TYPES,
            "reuses": await published_reuses_of_dataset(lookup.card.id),
        })


async def _organization_page(table: type[Producer] | type[Theme], name: str, page: int, kind: str) -> Template:
    """A theme's page (producers have their dashboard: showcase.stats.producer_pages)."""
    record = await queries.find_organization(table, name[:100])
    if record is None:
        raise NotFoundException()
    page = max(1, min(page, 10_000))
    listing = await queries.list_datasets(**{kind: record["name"]}, page=page)
    return Template("portal/organization.html", context={
        "record": queries.Named(record["name"], record["title_fr"], record["title_ar"]),
        "description": record["description"], "kind": kind, "listing": listing,
        "page_url": lambda number: _page_url(f"/{kind}s/{record['name']}", page=number),
    })


@get("/themes/{name:str}", name="themes:detail", include_in_schema=False)
async def theme_detail(name: FromPath[str], page: FromQuery[int] = 1) -> Template:
    return await _organization_page(Theme, name, page, "theme")


class ManagePortalController(Controller):
    """Admins see each refresh's report and can start one."""

    path = "/manage/portal"
    include_in_schema = False
    guards = [requires_admin]

    @get("/", name="manage:portal")
    async def index(self, request: Request) -> Template:
        return Template("manage/portal.html", context={
            "runs": await queries.latest_sync_runs(), "counts": await queries.status_counts(),
            "portal_url": request.app.state.settings.portal_url,
            "problems": await Dataset.select(Dataset.name, Dataset.cited_key, Dataset.status, Dataset.last_error,
                                             Dataset.checked_at).where(
                Dataset.status.is_in(["withdrawn", "missing", "pending"]) | (Dataset.last_error != "")
            ).order_by(Dataset.checked_at, ascending=False).limit(50),
        })

    @post("/sync", name="manage:portal-sync")
    async def sync_now(self, request: Request) -> Redirect:
        flash(request, _("The refresh has started. Reload this page in a moment to see its report."), category="info")
        if request.app.state.settings.redis_url:  # a job on the queue: one worker runs it, a second click adds none
            await enqueue_sync(request.app, "admin")
            return Redirect("/manage/portal")
        return Redirect("/manage/portal", background=BackgroundTask(run_sync_in_background, request.app, "admin"))
