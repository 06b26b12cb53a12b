"""The organizers' back office of challenges: the list, a new challenge, the overview (publication and
manual overrides), the texts-and-datasets form and the timeline. Questions, tracks and co-organizers are in
manage_parts.py; registrations, teams, entries, announcements and exports in manage_participants.py."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_200_OK, HTTP_400_BAD_REQUEST

from showcase.challenges import constants, organizing, timeline_form
from showcase.challenges.access import ChallengeContext
from showcase.challenges.challenge_fields import LONG_TEXTS, clean_texts, missing_for_publication
from showcase.challenges.display import countdown
from showcase.challenges.manage_common import EXCEPTION_HANDLERS, load_managed, tab_page
from showcase.challenges.manage_parts import PartsController
from showcase.challenges.phases import deadline
from showcase.challenges.tables import ChallengeDataset, ChallengeTheme
from showcase.exceptions import InvalidInput
from showcase.i18n import gettext as _
from showcase.media.pictures import store_picture
from showcase.portal.domain import resolve_citations
from showcase.portal.service import portal_site
from showcase.portal.tables import Theme
from showcase.reuses.fields import citation_lines
from showcase.security import requires_login, requires_role
from showcase.web import current_user, form_page, read_form, read_multi, utcnow

BASE = "/manage/challenges"
COMMON_ZONES = ("Africa/Casablanca", "Africa/Algiers", "Africa/Tunis", "Africa/Cairo", "Africa/Dakar",
                "Africa/Nouakchott", "Europe/Paris", "Europe/London", "UTC")
OVERRIDES = ("extend", "close", "reopen", "open_judging", "open_gallery", "close_gallery")


async def _overview(request: Request, context: ChallengeContext, *, errors: dict[str, str] | None = None,
                    values: dict[str, str] | None = None, status: int = HTTP_200_OK) -> Template:
    challenge = context.challenge
    counts = await organizing.overview_counts(challenge["id"])
    in_force = deadline(context.state)
    return tab_page("manage/challenges/overview.html", context, tab="overview", status=status,
                    counts=counts, countdown=countdown(context.state, context.now), deadline=in_force,
                    deadline_passed=in_force is not None and context.now >= in_force,
                    missing=missing_for_publication(challenge, eligible_datasets=counts["datasets"])
                    if challenge["status"] == "draft" else [],
                    events=await organizing.recent_events(challenge["id"]), errors=errors or {},
                    values=values or {}, statuses=constants.ENTRY_STATUSES, screening=constants.SCREENING,
                    can_override=context.can("override_timeline"), can_gallery=context.can("open_gallery"),
                    deadline_input=timeline_form.local_input(in_force, challenge["time_zone"]),
                    timeline_labels={"time_zone": _("Time zone"), **timeline_form.LABELS})


async def _edit_values(challenge: dict) -> dict[str, Any]:
    values: dict[str, Any] = {name: challenge[name] for name in (
        "title_fr", "title_ar", "summary_fr", "summary_ar", "organizer_name", "cover_alt",
        *[f"{text}_{language}" for text in LONG_TEXTS for language in ("fr", "ar")])}
    values.update(cover_key=challenge["cover"], min_team_size=str(challenge["min_team_size"]),
                  max_team_size=str(challenge["max_team_size"]), jury_public="1" if challenge["jury_public"] else "")
    themes = await ChallengeTheme.select(ChallengeTheme.theme.name).where(ChallengeTheme.challenge == challenge["id"])
    values["themes"] = [row["theme.name"] for row in themes]
    datasets = await ChallengeDataset.select(ChallengeDataset.dataset.name, ChallengeDataset.dataset.cited_key,
                                             ChallengeDataset.dataset.portal_id).where(
        ChallengeDataset.challenge == challenge["id"]).order_by(ChallengeDataset.position)
    values["datasets"] = "\n".join(row["dataset.name"] or row["dataset.cited_key"] or row["dataset.portal_id"]
                                   for row in datasets)
    return values


async def _themes() -> list[dict]:
    return await Theme.select(Theme.name, Theme.title_fr, Theme.title_ar).order_by(Theme.name)


async def _handle_edit(request: Request, context: ChallengeContext) -> Template | Redirect:
    from showcase.reuses.pages import _picker_results as picker_results  # the reuse form's no-JS picker

    values, files = await read_form(request)
    themes = await read_multi(request, "themes")
    shown: dict[str, Any] = {**values, "themes": themes}
    errors: dict[str, str] = {}
    extra: dict[str, Any] = {"themes": await _themes()}
    if "cover" in files:
        try:
            shown["cover_key"] = (await store_picture(await files["cover"].read(), filename=files["cover"].filename,
                                                      field="cover")).key
        except InvalidInput as exc:
            errors.update(exc.errors)
    elif values.get("cover_remove"):
        shown["cover_key"] = ""
    action = values.get("action", "save")
    if action == "search_datasets":
        query = " ".join(values.get("dataset_q", "").split())[:100]
        extra["picker"] = {"query": query, "results": await picker_results(request, query) if query else []}
        return tab_page("manage/challenges/edit.html", context, tab="edit", values=shown, errors=errors, **extra)
    if action == "add_datasets":
        added = await read_multi(request, "add_dataset")
        shown["datasets"] = "\n".join(dict.fromkeys([*citation_lines(values.get("datasets", "")), *added]))
        return tab_page("manage/challenges/edit.html", context, tab="edit", values=shown, errors=errors, **extra)
    texts, text_errors = clean_texts(values, themes, has_cover=bool(shown.get("cover_key")))
    errors.update(text_errors)
    dataset_ids: list[int] = []
    if lines := citation_lines(values.get("datasets", "")):
        try:
            dataset_ids = await resolve_citations(lines, portal=request.app.state.portal,
                                                  site=portal_site(request.app.state.settings), now=utcnow())
        except InvalidInput as exc:
            errors.update(exc.errors)
    theme_ids, theme_error = await organizing.theme_ids(texts.theme_names)  # after citing: datasets bring themes
    if theme_error:
        errors["themes"] = theme_error
    if not errors:
        try:
            slug = await organizing.save_challenge(
                challenge=context.challenge, user=current_user(request), texts=texts, theme_ids=theme_ids,
                dataset_ids=dataset_ids, cover_key=shown.get("cover_key", ""), now=utcnow())
        except InvalidInput as exc:
            errors.update(exc.errors)
        else:
            flash(request, _("The challenge is saved."), category="success")
            return Redirect(f"{BASE}/{slug}/edit")
    return tab_page("manage/challenges/edit.html", context, tab="edit", status=HTTP_400_BAD_REQUEST, values=shown,
                    errors=errors, **extra)


def _timeline_page(context: ChallengeContext, *, values: dict[str, str], errors: dict[str, str],
                   warnings: dict[str, str], status: int = HTTP_200_OK) -> Template:
    return tab_page("manage/challenges/timeline.html", context, tab="timeline", status=status, values=values,
                    errors=errors, warnings=warnings, fields=timeline_form.FIELDS, labels=timeline_form.LABELS,
                    required=timeline_form.REQUIRED, zones=COMMON_ZONES, in_force=deadline(context.state))


class ManageChallengesController(Controller):
    path = BASE
    include_in_schema = False
    guards = [requires_login]
    exception_handlers = EXCEPTION_HANDLERS  # type: ignore[assignment]

    @get("/", name="manage:challenges")
    async def index(self, request: Request) -> Template:
        user = current_user(request)
        return Template("manage/challenges/index.html", context={
            "rows": await organizing.runs_with_phase(user, utcnow()), "can_create": user.has_role("organizer")})

    @get("/new", name="manage:challenges:new", guards=[requires_role("organizer")])
    async def new_form(self) -> Template:
        return Template("manage/challenges/new.html", context={"values": {}, "errors": {}})

    @post("/new", guards=[requires_role("organizer")])
    async def create(self, request: Request) -> Template | Redirect:
        values, _files = await read_form(request)
        try:
            slug = await organizing.create_challenge(user=current_user(request), values=values, now=utcnow())
        except InvalidInput as exc:
            return form_page("manage/challenges/new.html", values=values, errors=exc.errors)
        flash(request, _("Your challenge is created as a draft. Complete it, then publish it."), category="success")
        return Redirect(f"{BASE}/{slug}")

    @get("/{slug:str}", name="manage:challenge")
    async def overview(self, request: Request, slug: FromPath[str]) -> Template:
        return await _overview(request, await load_managed(request, slug, "edit_challenge"))

    @post("/{slug:str}/publish")
    async def publish(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        context = await load_managed(request, slug, "edit_challenge")
        try:
            await organizing.publish(context, user=current_user(request), now=utcnow())
        except InvalidInput as exc:
            return await _overview(request, context, errors=exc.errors, status=HTTP_400_BAD_REQUEST)
        flash(request, _("The challenge is published."), category="success")
        return Redirect(f"{BASE}/{context.challenge['slug']}")

    @post("/{slug:str}/override")
    async def override(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        values, _files = await read_form(request)
        action = values.get("action", "")
        gallery = action in ("open_gallery", "close_gallery")
        context = await load_managed(request, slug, "open_gallery" if gallery else "override_timeline")
        user, now = current_user(request), utcnow()
        zone = context.challenge["time_zone"]
        try:
            if action in ("extend", "reopen"):
                field = "deadline" if action == "extend" else "reopen"
                instant, message = timeline_form.local_instant(values.get(field, ""), zone)
                if message:
                    raise InvalidInput({field: message})
                change = organizing.extend_deadline if action == "extend" else organizing.reopen_submissions
                await change(context, user=user, new_deadline=instant, now=now)
            elif action == "close":
                if not values.get("confirm_close"):
                    raise InvalidInput({"confirm_close": _("Tick the box to confirm: teams can no longer submit.")})
                await organizing.close_submissions_now(context, user=user, now=now)
            elif action == "open_judging":
                await organizing.open_judging_now(context, user=user, now=now)
            elif gallery:
                await organizing.set_gallery(context, user=user, public=action == "open_gallery", now=now)
            else:
                raise InvalidInput({"override": _("Choose an action in the page.")})
        except InvalidInput as exc:
            return await _overview(request, context, errors=exc.errors, values=values, status=HTTP_400_BAD_REQUEST)
        done = {"extend": _("The deadline is moved."), "close": _("Submissions are closed."),
                "reopen": _("Submissions are open again."), "open_judging": _("Judging is open."),
                "open_gallery": _("The entries gallery is open to the public."),
                "close_gallery": _("The entries gallery is closed.")}
        flash(request, done[action], category="success")
        return Redirect(f"{BASE}/{context.challenge['slug']}")

    @get("/{slug:str}/edit", name="manage:challenge:edit")
    async def edit_form(self, request: Request, slug: FromPath[str]) -> Template:
        context = await load_managed(request, slug, "edit_challenge")
        return tab_page("manage/challenges/edit.html", context, tab="edit",
                        values=await _edit_values(context.challenge), errors={}, themes=await _themes())

    @post("/{slug:str}/edit")
    async def edit(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        return await _handle_edit(request, await load_managed(request, slug, "edit_challenge"))

    @get("/{slug:str}/timeline", name="manage:challenge:timeline")
    async def timeline(self, request: Request, slug: FromPath[str]) -> Template:
        context = await load_managed(request, slug, "edit_timeline")
        values = timeline_form.local_inputs(context.challenge, context.challenge["time_zone"])
        return _timeline_page(context, values=values, errors={}, warnings={})

    @post("/{slug:str}/timeline")
    async def save_timeline(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        context = await load_managed(request, slug, "edit_timeline")
        values, _files = await read_form(request)
        result = timeline_form.parse_timeline(values)
        if not result.ready:
            status = HTTP_400_BAD_REQUEST if result.errors else HTTP_200_OK
            return _timeline_page(context, values=values, errors=result.errors, warnings=result.warnings,
                                  status=status)
        await organizing.save_timeline(context, user=current_user(request), result=result, now=utcnow())
        flash(request, _("The timeline is saved."), category="success")
        return Redirect(f"{BASE}/{context.challenge['slug']}/timeline")


ROUTES: list = [ManageChallengesController, PartsController]
