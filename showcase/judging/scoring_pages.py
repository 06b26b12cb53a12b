"""Rubric scoring pages.

Judges: /judging (the challenges I judge, with my progress), /judging/<slug> (my assigned entries in the
current rubric round), /judging/<slug>/entries/<id> (the entry and my review: save a draft, submit, save and go
to the next one). Organizers: the rubric and the scoring settings under /manage/challenges/<slug>/judging/criteria.

Thin handlers: rules in criteria.py and reviews.py, reads in workspace.py."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import File, Redirect, Template
from litestar.status_codes import HTTP_200_OK, HTTP_400_BAD_REQUEST, HTTP_403_FORBIDDEN

from showcase.challenges import answers as challenge_answers
from showcase.challenges.manage_common import EXCEPTION_HANDLERS, load_managed, tab_page
from showcase.exceptions import InvalidInput, NotAllowed, NotFound
from showcase.i18n import gettext as _
from showcase.judging import access, audit, criteria, workspace
from showcase.judging.access import JudgingContext
from showcase.judging.audit import judging_transaction
from showcase.judging.reviews import comment_field, parse_score, score_field, store_review
from showcase.judging.tables import JudgingSettings
from showcase.security import requires_login
from showcase.web import current_user, read_form, utcnow

MANAGE_ACTION = "edit_challenge"


# --- Loading -----------------------------------------------------------------------------------------------


async def load_judging(request: Request, slug: str) -> JudgingContext:
    """The challenge for a judge's page: 404 unless on its jury or an organizer (access.load)."""
    return await access.load(request, slug)


def _actor(request: Request) -> dict | None:
    user = current_user(request)
    return {"id": user.id, "name": user.name} if user is not None else None


# --- Judges: my challenges and my entries ------------------------------------------------------------------


@get("/judging", name="judging:mine", guards=[requires_login], include_in_schema=False)
async def my_judging(request: Request) -> Template:
    return Template("judging/mine.html", context={
        "items": await workspace.my_challenges(current_user(request).id, now=utcnow())})


def _status_labels() -> dict[str, str]:
    return {"not_started": _("Not started"), "draft": _("Draft"), "submitted": _("Submitted")}


@get("/judging/{slug:str}", name="judging:challenge", guards=[requires_login], include_in_schema=False)
async def challenge_entries(request: Request, slug: FromPath[str]) -> Template:
    jctx = await load_judging(request, slug)
    challenge_id = jctx.challenge["id"]
    round_row = await workspace.rubric_round(challenge_id)
    rows = await workspace.assigned_entries(challenge_id, round_row["id"], jctx.user.id,
                                            conflicted=jctx.conflicted_entries, anonymised=jctx.anonymised) \
        if jctx.is_judge else []
    submitted = sum(1 for row in rows if row.status == "submitted")
    latest = await access.current_round(challenge_id)
    return Template("judging/challenge.html", context={
        "challenge": jctx.challenge, "phase": jctx.ctx.phase, "jctx": jctx, "round": round_row, "rows": rows,
        "comparing": latest["kind"] == "pairwise" and latest["status"] == "open" and jctx.is_judge,
        "submitted": submitted, "assigned": len(rows), "statuses": _status_labels(),
        "next_entry": workspace.pick_next([{"entry_id": r.entry_id, "status": r.status,
                                            "submitted_reviews": r.submitted_reviews} for r in rows])})


async def _entry_context(jctx: JudgingContext, entry_id: int) -> dict:
    """Everything the entry page shows; 404 for a conflicted judge, a judge not assigned, an entry not judged."""
    access.check_entry(jctx, entry_id)
    challenge_id = jctx.challenge["id"]
    round_row = await workspace.rubric_round(challenge_id)
    assigned = jctx.is_judge and await workspace.is_assigned(round_row["id"], entry_id, jctx.user.id)
    if not assigned and not jctx.organizes:
        raise NotFoundException()
    entry = await workspace.entry_for_judge(challenge_id, entry_id, anonymised=jctx.anonymised)
    if entry is None:
        raise NotFoundException()
    reviews = await workspace.reviews_of_entry(round_row["id"], entry_id)
    mine = next((review for review in reviews if jctx.user and review["judge"] == jctx.user.id), None)
    visible = workspace.may_see_others(jctx.settings["other_reviews"], own_status=mine["status"] if mine else None,
                                       organizes=jctx.organizes)
    others = [review for review in reviews if review is not mine and review["status"] == "submitted"] \
        if visible else []
    can_edit = bool(assigned and jctx.judging_open and round_row["status"] == "open")
    return {"challenge": jctx.challenge, "phase": jctx.ctx.phase, "jctx": jctx, "round": round_row, "entry": entry,
            "rubric": await criteria.criteria_of(challenge_id), "mine": mine, "others": others,
            "others_visible": visible, "assigned": assigned, "can_edit": can_edit,
            "statuses": _status_labels(), "feedback": bool(jctx.settings["feedback_to_teams"])}


def _values_of(mine: dict | None, rubric: list[dict]) -> dict[str, str]:
    """The form's values from the stored review."""
    if mine is None:
        return {}
    values = {"overall_comment": mine["overall_comment"], "private_note": mine["private_note"]}
    for criterion in rubric:
        score = mine["scores"].get(criterion["id"])
        if score is not None:
            values[score_field(criterion["id"])] = f"{score:g}"
        values[comment_field(criterion["id"])] = mine["comments"].get(criterion["id"], "")
    return values


async def _entry_page(jctx: JudgingContext, entry_id: int, *, values: dict | None = None, errors: dict | None = None,
                      refused: str | None = None, status: int = HTTP_200_OK) -> Template:
    context = await _entry_context(jctx, entry_id)
    shown = values if values is not None else _values_of(context["mine"], context["rubric"])
    return Template("judging/entry.html", status_code=status, context={
        **context, "values": shown, "errors": errors or {}, "refused": refused})


@get("/judging/{slug:str}/entries/{entry_id:int}", name="judging:entry", guards=[requires_login],
     include_in_schema=False)
async def entry_page(request: Request, slug: FromPath[str], entry_id: FromPath[int]) -> Template:
    return await _entry_page(await load_judging(request, slug), entry_id)


@post("/judging/{slug:str}/entries/{entry_id:int}", guards=[requires_login], include_in_schema=False)
async def save_review(request: Request, slug: FromPath[str], entry_id: FromPath[int]) -> Template | Redirect:
    jctx = await load_judging(request, slug)
    context = await _entry_context(jctx, entry_id)
    if not context["assigned"]:
        raise NotFoundException()
    values, _files = await read_form(request)
    action = values.get("action", "draft")
    rubric = context["rubric"]
    scores: dict[int, float | None] = {}
    parse_errors: dict[str, str] = {}
    for criterion in rubric:
        try:
            scores[criterion["id"]] = parse_score(values.get(score_field(criterion["id"])))
        except ValueError:
            parse_errors[score_field(criterion["id"])] = _("Give a score between %(min)s and %(max)s.",
                                                           min=criterion["scale_min"], max=criterion["scale_max"])
    if parse_errors:
        return await _entry_page(jctx, entry_id, values=values, errors=parse_errors, status=HTTP_400_BAD_REQUEST)
    counting = [c for c in rubric if c["weight"] > 0]
    complete = all(scores.get(c["id"]) is not None for c in counting)
    submit = action == "submit" or (action == "next" and complete)
    round_id = context["round"]["id"]
    try:
        stored = await store_review(
            challenge_id=jctx.challenge["id"], round_id=round_id, entry_id=entry_id, judge_id=jctx.user.id,
            scores=scores, comments={c["id"]: values.get(comment_field(c["id"]), "") for c in rubric},
            overall_comment=values.get("overall_comment", ""), private_note=values.get("private_note", ""),
            submit=submit, source="web", actor=_actor(request), now=utcnow())
    except InvalidInput as exc:
        return await _entry_page(jctx, entry_id, values=values, errors=exc.errors, status=HTTP_400_BAD_REQUEST)
    except NotAllowed as exc:
        return await _entry_page(jctx, entry_id, values=values, refused=str(exc), status=HTTP_403_FORBIDDEN)
    if stored["status"] == "submitted":
        flash(request, _("Your review is submitted. You may change it until judging closes."), category="success")
    else:
        flash(request, _("Draft saved. Submit it once every criterion is scored."), category="success")
    base = f"/judging/{jctx.challenge['slug']}"
    if action == "next":
        rows = await workspace.assigned_entries(jctx.challenge["id"], round_id, jctx.user.id,
                                                conflicted=jctx.conflicted_entries, anonymised=jctx.anonymised)
        target = workspace.pick_next([{"entry_id": r.entry_id, "status": r.status,
                                       "submitted_reviews": r.submitted_reviews} for r in rows], after=entry_id)
        if target is None:
            if all(row.status == "submitted" for row in rows):
                flash(request, _("You have reviewed every entry assigned to you. Thank you!"), category="success")
            return Redirect(base)
        return Redirect(f"{base}/entries/{target}")
    return Redirect(f"{base}/entries/{entry_id}")


@get("/judging/{slug:str}/entries/{entry_id:int}/files/{question_id:int}", name="judging:entry_file",
     guards=[requires_login], include_in_schema=False)
async def entry_file(request: Request, slug: FromPath[str], entry_id: FromPath[int],
                     question_id: FromPath[int]) -> File:
    """A PDF answer, for the judges assigned to the entry (a neutral file name in anonymised mode)."""
    jctx = await load_judging(request, slug)
    await _entry_context(jctx, entry_id)
    answer = await workspace.answer_file(jctx.challenge["id"], entry_id, question_id)
    if answer is None or not answer["file_key"]:
        raise NotFoundException()
    path = challenge_answers.pdf_path(answer["file_key"])
    if not path.exists():
        raise NotFoundException()
    name = f"entry-{entry_id}-{question_id}.pdf" if jctx.anonymised else (answer["file_name"] or "document.pdf")
    from showcase.challenges.entry_pages import _content_disposition

    return File(path=path, media_type="application/pdf", headers={
        "Content-Disposition": _content_disposition(name), "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store"})


# --- Organizers: criteria and settings ---------------------------------------------------------------------


def _criteria_path(ctx) -> str:  # noqa: ANN001
    return f"/manage/challenges/{ctx.challenge['slug']}/judging/criteria"


def _other_reviews_options() -> list[tuple[str, str]]:
    return [("never", _("Never: each judge sees only their own scores")),
            ("after_own", _("Once the judge has submitted their own review")),
            ("always", _("Always, even before the judge has scored"))]


async def _criteria_page(ctx, *, values: dict | None = None, errors: dict | None = None,  # noqa: ANN001
                         editing: int | None = None, settings_errors: dict | None = None,
                         settings_values: dict | None = None, status: int = HTTP_200_OK) -> Template:
    challenge_id = ctx.challenge["id"]
    rows = await criteria.criteria_of(challenge_id)
    settings = await access.settings_of(challenge_id)
    counting = sum(row["weight"] * row["scale_max"] for row in rows if row["weight"] > 0)
    return tab_page("manage/challenges/judging_criteria.html", ctx, tab="judging", status=status,
                    judging_section="criteria", rubric=rows, locked=await criteria.scored_criteria(challenge_id),
                    maximum=counting, settings=settings, other_reviews_options=_other_reviews_options(),
                    values=values or {}, errors=errors or {}, editing=editing,
                    settings_values=settings_values or {"other_reviews": settings["other_reviews"],
                                                         "anonymised": "1" if settings["anonymised"] else ""},
                    settings_errors=settings_errors or {}, locked_message=criteria.locked_message())


class CriteriaController(Controller):
    path = "/manage/challenges/{slug:str}/judging"
    include_in_schema = False
    guards = [requires_login]
    exception_handlers = EXCEPTION_HANDLERS  # type: ignore[assignment]

    @get("/criteria", name="manage:challenge:judging:criteria")
    async def page(self, request: Request, slug: FromPath[str]) -> Template:
        return await _criteria_page(await load_managed(request, slug, MANAGE_ACTION))

    @get("/criteria/{criterion_id:int}", name="manage:challenge:judging:criterion")
    async def edit(self, request: Request, slug: FromPath[str], criterion_id: FromPath[int]) -> Template:
        ctx = await load_managed(request, slug, MANAGE_ACTION)
        row = next((r for r in await criteria.criteria_of(ctx.challenge["id"]) if r["id"] == criterion_id), None)
        if row is None:
            raise NotFoundException()
        values = {key: str(row[key]) for key in ("name_fr", "name_ar", "description_fr", "description_ar",
                                                 "scale_min", "scale_max")}
        values["weight"] = f"{row['weight']:g}"
        return await _criteria_page(ctx, values=values, editing=criterion_id)

    @post("/criteria")
    async def create(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        ctx = await load_managed(request, slug, MANAGE_ACTION)
        values, _files = await read_form(request)
        try:
            await criteria.create(ctx.challenge["id"], values, actor=_actor(request), now=ctx.now)
        except InvalidInput as exc:
            return await _criteria_page(ctx, values=values, errors=exc.errors, status=HTTP_400_BAD_REQUEST)
        flash(request, _("Criterion added."), category="success")
        return Redirect(_criteria_path(ctx))

    @post("/criteria/{criterion_id:int}")
    async def update(self, request: Request, slug: FromPath[str], criterion_id: FromPath[int]) -> Template | Redirect:
        ctx = await load_managed(request, slug, MANAGE_ACTION)
        values, _files = await read_form(request)
        try:
            await criteria.update(ctx.challenge["id"], criterion_id, values, actor=_actor(request), now=ctx.now)
        except NotFound:
            raise NotFoundException() from None
        except InvalidInput as exc:
            return await _criteria_page(ctx, values=values, errors=exc.errors, editing=criterion_id,
                                        status=HTTP_400_BAD_REQUEST)
        flash(request, _("Criterion saved."), category="success")
        return Redirect(_criteria_path(ctx))

    @post("/criteria/{criterion_id:int}/delete")
    async def delete(self, request: Request, slug: FromPath[str], criterion_id: FromPath[int]) -> Template | Redirect:
        ctx = await load_managed(request, slug, MANAGE_ACTION)
        try:
            await criteria.delete(ctx.challenge["id"], criterion_id, actor=_actor(request), now=ctx.now)
        except NotFound:
            raise NotFoundException() from None
        except InvalidInput as exc:
            return await _criteria_page(ctx, errors=exc.errors, status=HTTP_400_BAD_REQUEST)
        flash(request, _("Criterion deleted."), category="success")
        return Redirect(_criteria_path(ctx))

    @post("/criteria/{criterion_id:int}/move")
    async def move(self, request: Request, slug: FromPath[str], criterion_id: FromPath[int]) -> Redirect:
        ctx = await load_managed(request, slug, MANAGE_ACTION)
        values, _files = await read_form(request)
        try:
            await criteria.move(ctx.challenge["id"], criterion_id, offset=-1 if values.get("direction") == "up" else 1,
                                actor=_actor(request), now=ctx.now)
        except NotFound:
            raise NotFoundException() from None
        return Redirect(_criteria_path(ctx))

    @post("/settings/scoring")
    async def settings(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        ctx = await load_managed(request, slug, MANAGE_ACTION)
        values, _files = await read_form(request)
        other = values.get("other_reviews", "")
        if other not in access.OTHER_REVIEWS:
            return await _criteria_page(ctx, settings_values=values, status=HTTP_400_BAD_REQUEST, settings_errors={
                "other_reviews": _("Choose when judges see the other judges' scores.")})
        anonymised = values.get("anonymised") == "1"
        challenge_id = ctx.challenge["id"]
        async with judging_transaction(challenge_id):
            current = await access.settings_of(challenge_id)
            changes = {name: {"from": current[name], "to": value} for name, value in
                       (("other_reviews", other), ("anonymised", anonymised)) if current[name] != value}
            if changes:
                await JudgingSettings.update({JudgingSettings.other_reviews: other,
                                              JudgingSettings.anonymised: anonymised,
                                              JudgingSettings.updated_at: ctx.now}).where(
                    JudgingSettings.challenge == challenge_id)
                await audit.append(challenge_id, action="settings.changed", actor=_actor(request),
                                   subject="settings:scoring", payload=changes, now=ctx.now)
        flash(request, _("Scoring settings saved.") if changes else _("Nothing changed."), category="success")
        return Redirect(_criteria_path(ctx))


ROUTES: list = [my_judging, challenge_entries, entry_page, save_review, entry_file, CriteriaController]
