"""Reuse pages: the gallery, a reuse, the submission form (with the dataset picker), the moderation queue."""

from __future__ import annotations

import json
import re
from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, FromQuery
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_301_MOVED_PERMANENTLY, HTTP_410_GONE

from showcase.exceptions import InvalidInput, NotAllowed
from showcase.i18n import gettext as _
from showcase.markdown import render_markdown
from showcase.portal.outcomes import Found as PortalFound
from showcase.portal.service import portal_site
from showcase.portal.snapshots import package_snapshot
from showcase.portal.tables import Theme
from showcase.reuses import constants, domain, queries, rules
from showcase.reuses.fields import citation_lines
from showcase.reuses.pictures import store_cover
from showcase.reuses.tables import AbuseReport, Reuse
from showcase.security import requires_login, requires_role
from showcase.startups.tables import Startup, StartupMember
from showcase.web import current_user, form_page, read_form, utcnow

PICKER_RESULTS = 10
# A reuse created from a challenge's entry form goes back to that form (?challenge=<slug>, then a hidden field).
CHALLENGE_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,89}$")


def _challenge_to_return_to(raw: str | None) -> str:
    return raw if raw and CHALLENGE_SLUG.match(raw) else ""


async def _multi(request: Request, *names: str) -> dict[str, list[str]]:
    form = await request.form()
    return {name: [str(v) for v in form.getall(name)] if name in form else [] for name in names}


async def _form_context(request: Request) -> dict[str, Any]:
    user = current_user(request)
    startups = await Startup.select(Startup.id, Startup.name).where(
        Startup.id.is_in(StartupMember.select(StartupMember.startup).where(StartupMember.user == user.id))
    ).order_by(Startup.name)
    themes = await Theme.select(Theme.name, Theme.title_fr, Theme.title_ar).order_by(Theme.name)
    return {"startups": startups, "startup_options": [(str(s["id"]), s["name"]) for s in startups], "themes": themes, "types": constants.TYPES, "platforms": constants.PLATFORMS,
            "stages": constants.STAGES, "business_models": constants.BUSINESS_MODELS}


async def _picker_results(request: Request, query: str) -> list[dict]:
    """The no-JavaScript dataset picker: the same search as the API, shown inside the form."""
    outcome = await request.app.state.portal.package_search(q=query, rows=PICKER_RESULTS)
    if isinstance(outcome, PortalFound):
        snapshots = [package_snapshot(p) for p in outcome.result.results]
        return [{"name": s.name, "title_fr": s.title_fr, "title_ar": s.title_ar,
                 "producer": (s.producer or {}).get("title", "")} for s in snapshots]
    from showcase.portal.queries import list_datasets

    local = await list_datasets(search=query)
    return [{"name": c.name, "title_fr": c.title_fr, "title_ar": c.title_ar,
             "producer": c.producer.title("fr") if c.producer else ""} for c in local.cards[:PICKER_RESULTS]]


async def _handle_form(request: Request, *, reuse: dict | None) -> Template | Redirect:
    values, files = await read_form(request)
    multi = await _multi(request, "themes", "platforms", "add_dataset")
    shown = {**values, "themes": multi["themes"], "platforms": multi["platforms"]}
    template = "reuses/form.html"
    context = {**await _form_context(request), "reuse": reuse}
    action = values.get("action", "save")
    errors: dict[str, str] = {}
    if "cover" in files:
        try:
            shown["cover_key"] = await store_cover(await files["cover"].read())
        except InvalidInput as exc:
            errors.update(exc.errors)
    for number in range(1, constants.MAX_SCREENSHOTS + 1):
        if f"screenshot_{number}" in files:
            try:
                shown[f"screenshot_key_{number}"] = await store_cover(await files[f"screenshot_{number}"].read(),
                                                                      field=f"screenshot_{number}")
            except InvalidInput as exc:
                errors.update(exc.errors)
        elif values.get(f"screenshot_remove_{number}"):
            shown[f"screenshot_key_{number}"] = ""
    if action == "search_datasets":
        query = " ".join(values.get("dataset_q", "").split())[:100]
        context["picker"] = {"query": query, "results": await _picker_results(request, query) if query else []}
        return form_page(template, values=shown, errors=errors, status=200, **context)
    if action == "add_datasets":
        lines = citation_lines(values.get("datasets", ""))
        shown["datasets"] = "\n".join(dict.fromkeys([*lines, *multi["add_dataset"]]))
        return form_page(template, values=shown, errors=errors, status=200, **context)
    if errors:
        return form_page(template, values=shown, errors=errors, **context)
    user = current_user(request)
    try:
        saved = await domain.save_reuse(
            user=user, reuse_id=reuse["id"] if reuse else None, values=values, multi=multi,
            cover_key=shown.get("cover_key", ""), portal=request.app.state.portal,
            screenshots=[(shown.get(f"screenshot_key_{n}", ""), values.get(f"screenshot_alt_{n}", ""))
                         for n in range(1, constants.MAX_SCREENSHOTS + 1)],
            site=portal_site(request.app.state.settings), now=utcnow(), submit=action == "submit")
    except domain.DuplicateUrl as exc:
        return form_page(template, values=shown, errors=exc.errors, duplicate=exc.existing, **context)
    except InvalidInput as exc:
        return form_page(template, values=shown, errors=exc.errors, **context)
    except NotAllowed:
        raise PermissionDeniedException() from None
    messages = {
        "draft": _("Your draft is saved. Submit it for review when it is ready."),
        "submitted": _("Thank you! A moderator will review your reuse shortly."),
        "published": _("Your changes are online."),
    }
    flash(request, messages.get(saved.status, _("Saved.")), category="success")
    if challenge := _challenge_to_return_to(values.get("challenge")):
        return Redirect(f"/challenges/{challenge}/submit?reuse={saved.reuse_id}")
    return Redirect(f"/reuses/{saved.slug}")


async def _load(request: Request, slug: str, *, for_edit: bool = False) -> tuple[dict, frozenset[int]]:
    found = await queries.find_reuse(slug[:90])
    if found.reuse is None:
        raise NotFoundException()
    reuse = found.reuse
    members = await domain.startup_member_ids(reuse["startup"])
    user = current_user(request)
    if reuse["deleted_at"] is not None:
        raise NotFoundException()
    allowed = rules.can_edit(user, reuse, members) if for_edit else rules.can_view(user, reuse, members)
    if not allowed:
        raise NotFoundException() if not for_edit or not rules.can_view(user, reuse, members) else PermissionDeniedException()
    return reuse, members


class ReuseController(Controller):
    path = "/reuses"
    include_in_schema = False

    @get("/", name="reuses:index")
    async def index(self, request: Request, page: FromQuery[int] = 1) -> Template:
        from showcase.reuses.gallery import gallery_page

        return await gallery_page(request, page=page)

    @get("/new", name="reuses:new", guards=[requires_login])
    async def new_form(self, request: Request) -> Template:
        values: dict[str, Any] = {"type": "application", "themes": [], "platforms": []}
        if startup := request.query_params.get("startup"):
            values["startup"] = startup
        if challenge := _challenge_to_return_to(request.query_params.get("challenge")):
            values["challenge"] = challenge
        if dataset := request.query_params.get("dataset", "").strip()[:200]:  # "Add yours" from a portal embed
            values["datasets"] = dataset
        return Template("reuses/form.html", context={**await _form_context(request), "values": values, "errors": {},
                                                     "reuse": None})

    @post("/new", guards=[requires_login])
    async def create(self, request: Request) -> Template | Redirect:
        return await _handle_form(request, reuse=None)

    @get("/{slug:str}", name="reuses:detail")
    async def detail(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        found = await queries.find_reuse(slug[:90])
        if found.redirect_to:
            return Redirect(f"/reuses/{found.redirect_to}", status_code=HTTP_301_MOVED_PERMANENTLY)
        if found.reuse is not None and found.reuse["deleted_at"] is not None:
            return Template("errors/error.html", status_code=HTTP_410_GONE, context={
                "status_code": 410, "title": _("Gone"), "message": _("This reuse was deleted.")})
        reuse, members = await _load(request, slug)
        user = current_user(request)
        staff_view = rules.is_author(user, reuse, members) or rules.is_moderator(user)
        detail = await queries.reuse_detail(reuse, with_events=staff_view)
        from showcase.reuses.views import count_view

        await count_view(request, reuse)
        from showcase.judging.badges import winner_badges  # issue 6: winners' badges, one query

        badges = (await winner_badges([reuse["id"]])).get(reuse["id"], ())
        return Template("reuses/detail.html", context={
            "winner_badges": badges,
            "screenshots": await queries.screenshots_of(reuse["id"]),
            "reuse": reuse, "detail": detail, "json_ld": _json_ld(request, reuse, detail), "actions": rules.available_actions(user, reuse, members),
            "can_edit": rules.can_edit(user, reuse, members), "staff_view": staff_view,
            "description_fr": render_markdown(reuse["description_fr"]),
            "description_ar": render_markdown(reuse["description_ar"]),
            "types": constants.TYPES, "statuses": constants.STATUSES, "platforms": constants.PLATFORMS,
            "report_reasons": constants.REPORT_REASONS,
        })

    @get("/{slug:str}/edit", name="reuses:edit", guards=[requires_login])
    async def edit_form(self, request: Request, slug: FromPath[str]) -> Template:
        reuse, _members = await _load(request, slug, for_edit=True)
        values = await queries.form_values(reuse)
        values["cover_key"] = reuse["cover"]
        for number, shot in enumerate(await queries.screenshots_of(reuse["id"]), start=1):
            values[f"screenshot_key_{number}"], values[f"screenshot_alt_{number}"] = shot["picture"], shot["alt"]
        return Template("reuses/form.html", context={**await _form_context(request), "values": values, "errors": {},
                                                     "reuse": reuse})

    @post("/{slug:str}/edit", guards=[requires_login])
    async def edit(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        reuse, _members = await _load(request, slug, for_edit=True)
        return await _handle_form(request, reuse=reuse)

    @post("/{slug:str}/action", guards=[requires_login])
    async def act(self, request: Request, slug: FromPath[str]) -> Redirect:
        reuse, _members = await _load(request, slug)
        values, _files = await read_form(request)
        action = values.get("action", "")
        try:
            status = await domain.apply_action(reuse_id=reuse["id"], user=current_user(request), action=action,
                                               message=values.get("message", ""), now=utcnow())
        except NotAllowed:
            raise PermissionDeniedException() from None
        except InvalidInput as exc:
            flash(request, " ".join(exc.errors.values()), category="error")
            return Redirect(f"/reuses/{reuse['slug']}")
        if action == "delete":
            flash(request, _("The reuse was deleted."), category="success")
            return Redirect("/account/reuses")
        flash(request, _("Done: the reuse is now “%(status)s”.", status=constants.STATUSES[status]), category="success")
        return Redirect(f"/reuses/{reuse['slug']}")

    @post("/{slug:str}/report")
    async def report(self, request: Request, slug: FromPath[str]) -> Redirect:
        reuse, _members = await _load(request, slug)
        values, _files = await read_form(request)
        from showcase import ratelimit
        from showcase.web import client_ip

        try:
            await ratelimit.hit(request.app.stores.get("rate_limit"), ratelimit.REPORT_PER_IP, client_ip(request))
            await domain.report_abuse(reuse_id=reuse["id"], reporter=current_user(request),
                                      reason=values.get("reason", ""), message=values.get("message", ""), now=utcnow())
        except InvalidInput as exc:
            flash(request, " ".join(exc.errors.values()), category="error")
        except ratelimit.RateLimited:
            flash(request, _("Too many reports from your connection. Try again later."), category="error")
        else:
            flash(request, _("Thank you. The moderators will look at your report."), category="success")
        return Redirect(f"/reuses/{reuse['slug']}")


def _json_ld(request: Request, reuse: dict, detail: queries.ReuseDetail) -> str:
    """schema.org description for search engines, escaped so that no text can end or bend the script element."""
    base = request.app.state.settings.base_url
    data = {
        "@context": "https://schema.org",
        "@type": "SoftwareApplication" if reuse["type"] in ("application", "api") else "CreativeWork",
        "name": reuse["title_fr"] or reuse["title_ar"],
        "alternateName": reuse["title_ar"] if reuse["title_fr"] and reuse["title_ar"] else None,
        "description": reuse["summary_fr"] or reuse["summary_ar"] or None,
        "url": reuse["url"],
        "mainEntityOfPage": f"{base}/reuses/{reuse['slug']}",
        "datePublished": reuse["published_at"].isoformat() if reuse["published_at"] else None,
        "author": {"@type": "Organization", "name": detail.startup["name"]} if detail.startup else
        {"@type": "Person", "name": reuse["owner_name"]},
        "isBasedOn": [{"@type": "Dataset", "name": d.title_fr or d.title_ar or d.name,
                       "url": f"{base}/datasets/{d.key}"} for d in detail.datasets],
        "keywords": ", ".join(detail.tags) or None,
    }
    text = json.dumps({k: v for k, v in data.items() if v is not None}, ensure_ascii=False)
    # Inside <script>, "</script" ends the block and "<!--" changes how it ends: no "<" may reach it raw.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@get("/account/reuses", name="reuses:mine", guards=[requires_login], include_in_schema=False)
async def my_reuses(request: Request) -> Template:
    return Template("reuses/mine.html", context={"cards": await queries.my_reuses(current_user(request).id),
                                                 "statuses": constants.STATUSES, "types": constants.TYPES})


class ManageReusesController(Controller):
    path = "/manage/reuses"
    include_in_schema = False
    guards = [requires_role("moderator")]

    @get("/", name="manage:reuses")
    async def queue(self, status: FromQuery[str] = "submitted") -> Template:
        status = status if status in constants.STATUSES or status == "" else "submitted"
        reports = await AbuseReport.select(
            AbuseReport.id, AbuseReport.reason, AbuseReport.message, AbuseReport.created_at,
            AbuseReport.reuse.slug.as_alias("slug"), AbuseReport.reuse.title_fr.as_alias("title_fr"),
            AbuseReport.reuse.title_ar.as_alias("title_ar"),
        ).where(AbuseReport.status == "open").order_by(AbuseReport.id, ascending=False).limit(100)
        counts = {row["status"]: row["count"] for row in await Reuse.raw(
            "SELECT status, COUNT(*) AS count FROM reuse WHERE deleted_at IS NULL GROUP BY status")}
        broken_links = await Reuse.select(Reuse.slug, Reuse.title_fr, Reuse.title_ar, Reuse.url, Reuse.link_reason,
                                          Reuse.link_failures, Reuse.link_flagged_at).where(
            Reuse.link_flagged_at.is_not_null() & Reuse.deleted_at.is_null()).order_by(Reuse.link_flagged_at).limit(100)
        return Template("manage/reuses.html", context={
            "broken_links": broken_links, "link_reasons": constants.LINK_REASONS,
            "cards": await queries.moderation_queue(status), "status": status, "statuses": constants.STATUSES,
            "counts": counts, "reports": reports, "report_reasons": constants.REPORT_REASONS, "types": constants.TYPES,
        })

    @post("/reports/{report_id:int}", name="manage:report")
    async def close_report(self, request: Request, report_id: FromPath[int]) -> Redirect:
        values, _files = await read_form(request)
        await domain.resolve_report(report_id=report_id, user=current_user(request),
                                    dismiss=values.get("outcome") == "dismiss", now=utcnow())
        flash(request, _("Report closed."), category="success")
        return Redirect("/manage/reuses")
