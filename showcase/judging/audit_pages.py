"""The audit trail and score sheets page of the organizers' Judging tab (trail, downloads, score import), and a
judge's conflicts of interest page. Thin handlers: audit_trail.py, score_sheets.py and declarations.py hold the
rules."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_200_OK, HTTP_303_SEE_OTHER, HTTP_400_BAD_REQUEST

from showcase.challenges.access import ChallengeContext
from showcase.challenges.manage_common import EXCEPTION_HANDLERS, load_managed, tab_page
from showcase.exceptions import InvalidInput, NotAllowed
from showcase.i18n import gettext as _
from showcase.judging import access, audit_trail, declarations, score_sheets
from showcase.judging.jury import MANAGE_ACTION
# access.load reads the session user as a dict (it is a dataclass); scoring's load_judging is the same rule, working.
from showcase.judging.scoring_pages import load_judging
from showcase.security import requires_login
from showcase.web import current_user, read_form

AUDIT_TEMPLATE = "manage/challenges/judging_audit.html"
CONFLICTS_TEMPLATE = "judging/conflicts.html"
IMPORT_FIELD = "sheet"
UPLOAD_LIMIT = 2 * score_sheets.MAX_BYTES  # the body; the sheet itself is checked against MAX_BYTES with a message


def _download(content: bytes, filename: str, media_type: str) -> Response[bytes]:
    return Response(content, media_type=media_type, headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})


def _page_number(request: Request) -> int:
    raw = request.query_params.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 1_000_000 else 1


async def _audit_page(ctx: ChallengeContext, *, page: int = 1, report: score_sheets.ImportReport | None = None,
                      problem: str = "", values: dict | None = None, status: int = HTTP_200_OK) -> Template:
    trail = await audit_trail.trail_page(ctx.challenge["id"], page)
    errors = {IMPORT_FIELD: problem} if problem else {}
    return tab_page(AUDIT_TEMPLATE, ctx, tab="judging", status=status, judging_section="audit", trail=trail,
                    hash_rule=audit_trail.hash_rule(), report=report, errors=errors, values=values or {},
                    template_header=score_sheets.template_header(
                        await score_sheets.criteria_of(ctx.challenge["id"])),
                    max_mb=score_sheets.MAX_BYTES // (1024 * 1024))


class AuditController(Controller):
    path = "/manage/challenges"
    include_in_schema = False
    guards = [requires_login]
    exception_handlers = EXCEPTION_HANDLERS  # type: ignore[assignment]

    @get("/{slug:str}/judging/audit", name="manage:challenge:judging:audit")
    async def page(self, request: Request, slug: FromPath[str]) -> Template:
        ctx = await load_managed(request, slug, MANAGE_ACTION)
        return await _audit_page(ctx, page=_page_number(request))

    @get("/{slug:str}/judging/audit/trail.csv")
    async def trail_csv(self, request: Request, slug: FromPath[str]) -> Response[bytes]:
        ctx = await load_managed(request, slug, MANAGE_ACTION)
        return _download(await audit_trail.trail_csv(ctx.challenge["id"]), f"{ctx.challenge['slug']}-audit.csv",
                         "text/csv; charset=utf-8")

    @get("/{slug:str}/judging/audit/trail.json")
    async def trail_json(self, request: Request, slug: FromPath[str]) -> Response[bytes]:
        ctx = await load_managed(request, slug, MANAGE_ACTION)
        return _download(await audit_trail.trail_json(ctx.challenge["id"]), f"{ctx.challenge['slug']}-audit.json",
                         "application/json; charset=utf-8")

    @get("/{slug:str}/judging/audit/scores.csv")
    async def scores_csv(self, request: Request, slug: FromPath[str]) -> Response[bytes]:
        ctx = await load_managed(request, slug, MANAGE_ACTION)
        by = "judge" if request.query_params.get("by") == "judge" else "entry"
        anonymised = request.query_params.get("anonymised") == "1"
        suffix = f"scores-by-{by}" + ("-anonymised" if anonymised else "")
        return _download(await score_sheets.scores_csv(ctx.challenge["id"], by=by, anonymised=anonymised),
                         f"{ctx.challenge['slug']}-{suffix}.csv", "text/csv; charset=utf-8")

    @get("/{slug:str}/judging/audit/score-sheet-template.csv")
    async def template_csv(self, request: Request, slug: FromPath[str]) -> Response[bytes]:
        ctx = await load_managed(request, slug, MANAGE_ACTION)
        return _download(await score_sheets.template_csv(ctx.challenge["id"]),
                         f"{ctx.challenge['slug']}-score-sheet.csv", "text/csv; charset=utf-8")

    @post("/{slug:str}/judging/audit/import", request_max_body_size=UPLOAD_LIMIT)
    async def import_sheet(self, request: Request, slug: FromPath[str]) -> Template:
        ctx = await load_managed(request, slug, MANAGE_ACTION)
        values, files = await read_form(request)
        upload = files.get(IMPORT_FIELD)
        if upload is None:
            return await _audit_page(ctx, problem=_("Choose the CSV file of the typed-up score sheets."),
                                     values=values, status=HTTP_400_BAD_REQUEST)
        raw = await upload.read(score_sheets.MAX_BYTES + 1)
        user = current_user(request)
        try:
            report = await score_sheets.import_sheet(
                ctx.challenge["id"], raw, phase=ctx.phase, valid_only=values.get("valid_only") == "1",
                actor={"id": user.id, "name": user.name}, now=ctx.now)
        except score_sheets.SheetUnreadable as exc:
            return await _audit_page(ctx, problem=exc.message, values=values, status=HTTP_400_BAD_REQUEST)
        return await _audit_page(ctx, report=report, values=values,
                                 status=HTTP_200_OK if report.written else HTTP_400_BAD_REQUEST)


# ------------------------------------------------------------------------------------------ judges

def _conflicts_path(slug: str) -> str:
    return f"/judging/{slug}/conflicts"


async def _conflicts_page(jctx: access.JudgingContext, *, values: dict | None = None, errors: dict | None = None,
                          status: int = HTTP_200_OK) -> Template:
    data = await declarations.judge_page(jctx)  # one judge's view: a handful of queries
    return Template(CONFLICTS_TEMPLATE, status_code=status, context={
        "challenge": jctx.challenge, "phase": jctx.ctx.phase, "anonymised": jctx.anonymised, "values": values or {},
        "errors": errors or {}, **data})


class JudgeConflictsController(Controller):
    path = "/judging"
    include_in_schema = False
    guards = [requires_login]

    @get("/{slug:str}/conflicts", name="judging:conflicts")
    async def page(self, request: Request, slug: FromPath[str]) -> Template:
        jctx = await load_judging(request, slug)
        if not jctx.is_judge:
            raise NotFoundException()
        return await _conflicts_page(jctx)

    @post("/{slug:str}/conflicts")
    async def declare(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        jctx = await load_judging(request, slug)
        if not jctx.is_judge:
            raise NotFoundException()
        values, _files = await read_form(request)
        try:
            await declarations.declare(jctx, entry=values.get("entry", ""), reason=values.get("reason", ""),
                                       now=jctx.ctx.now)
        except InvalidInput as exc:
            return await _conflicts_page(jctx, values=values, errors=exc.errors, status=HTTP_400_BAD_REQUEST)
        except NotAllowed as exc:
            return await _conflicts_page(jctx, values=values, errors={"entry": str(exc)}, status=HTTP_400_BAD_REQUEST)
        flash(request, _("Your conflict of interest is recorded: this entry will not be assigned to you."),
              category="success")
        return Redirect(_conflicts_path(jctx.challenge["slug"]), status_code=HTTP_303_SEE_OTHER)


ROUTES: list = [AuditController, JudgeConflictsController]
