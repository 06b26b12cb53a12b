"""The organizers' "Progress and assignment" page of the Judging tab: reviews submitted, charts per judge and
per entry, the coverage report, the assignment form, manual changes and dropouts.

Thin handlers: the rules live in assigning.py; the charts come from charts.py."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_200_OK, HTTP_400_BAD_REQUEST
from markupsafe import Markup

from showcase import i18n
from showcase.challenges.access import ChallengeContext
from showcase.challenges.manage_common import EXCEPTION_HANDLERS, load_managed, tab_page
from showcase.exceptions import InvalidInput, NotFound
from showcase.i18n import gettext as _
from showcase.i18n import ngettext
from showcase.judging import assigning, charts, progress
from showcase.judging.progress import Dashboard
from showcase.security import requires_login
from showcase.web import current_user, read_form

MANAGE_ACTION = "edit_challenge"
TEMPLATE = "manage/challenges/judging_progress.html"


def _path(ctx: ChallengeContext) -> str:
    return f"/manage/challenges/{ctx.challenge['slug']}/judging"


def _pair(done: str, total: str) -> str:
    return _("%(done)s of %(total)s", done=done, total=total)


def judge_chart(data: Dashboard) -> Markup:
    bars = [charts.Bar(row["name"], row["submitted"], total=row["assigned"]) for row in data.judges]
    description = "; ".join(_("%(name)s: %(done)s of %(total)s reviews submitted", name=row["name"],
                              done=row["submitted"], total=row["assigned"]) for row in data.judges)
    return Markup(charts.bar_chart(
        bars, chart_id="chart-judges", title=_("Reviews submitted per judge"),
        description=description or _("No judge yet."), rtl=i18n.text_direction() == "rtl",
        format_value=lambda v: i18n.format_number(int(v)), format_pair=_pair))


def entry_chart(data: Dashboard) -> Markup:
    bars = [charts.Bar(row["label"], row["submitted"], total=max(data.k, row["assigned"])) for row in data.entries]
    description = "; ".join(_("%(entry)s: %(done)s of %(total)s reviews submitted", entry=row["label"],
                              done=row["submitted"], total=max(data.k, row["assigned"])) for row in data.entries)
    return Markup(charts.bar_chart(
        bars, chart_id="chart-entries", title=_("Reviews submitted per entry"),
        description=description or _("No eligible entry yet."), rtl=i18n.text_direction() == "rtl",
        format_value=lambda v: i18n.format_number(int(v)), format_pair=_pair))


def review_status(status: str) -> str:
    return {"submitted": _("Submitted"), "draft": _("Draft"), "none": _("Not started")}.get(status, status)


def problem_labels(problems: tuple) -> list[str]:
    reasons = {problem.reason for problem in problems}
    labels = []
    if "too_few_eligible_judges" in reasons:
        labels.append(_("Some entries have fewer than k judges without a conflict: they got every judge available."))
    if "loads_unbalanced" in reasons:
        labels.append(_("The conflicts and the kept reviews did not allow loads within one entry of each other."))
    if "graph_not_connected" in reasons:
        labels.append(_("The judges and entries could not all be linked: bias correction will fall back to "
                        "z-scores."))
    return labels


async def _page(ctx: ChallengeContext, *, values: dict | None = None, errors: dict | None = None,
                status: int = HTTP_200_OK) -> Template:
    data = await progress.dashboard(ctx.challenge["id"])
    form_values = {"k": str(data.k), "seed": str(data.seed), **(values or {})}
    return tab_page(TEMPLATE, ctx, tab="judging", status=status, judging_section="progress", data=data,
                    judge_chart=judge_chart(data), entry_chart=entry_chart(data), review_status=review_status,
                    max_k=assigning.MAX_K, max_seed=assigning.MAX_SEED, values=form_values, errors=errors or {})


def _int(raw: str | None) -> int:
    raw = (raw or "").strip()
    if not raw.isdigit():
        raise NotFoundException()
    return int(raw)


class AssignmentController(Controller):
    path = "/manage/challenges"
    include_in_schema = False
    guards = [requires_login]
    exception_handlers = EXCEPTION_HANDLERS  # type: ignore[assignment]

    @get("/{slug:str}/judging", name="manage:challenge:judging")
    async def page(self, request: Request, slug: FromPath[str]) -> Template:
        return await _page(await load_managed(request, slug, MANAGE_ACTION))

    @post("/{slug:str}/judging/assignment")
    async def generate(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        ctx = await load_managed(request, slug, MANAGE_ACTION)
        values, _files = await read_form(request)
        challenge_id = ctx.challenge["id"]
        try:
            k, seed = assigning.parse_settings(values)
            round_row = await assigning.rubric_round(challenge_id)
            if await assigning.assignments_of(round_row["id"]) and values.get("confirm") != "yes":
                raise InvalidInput({"confirm": _("Tick the box to confirm that the assignment is replaced.")})
            result = await assigning.generate(challenge_id, round_row, k=k, seed=seed, actor=current_user(request),
                                              now=ctx.now)
        except InvalidInput as exc:
            return await _page(ctx, values=values, errors=exc.errors, status=HTTP_400_BAD_REQUEST)
        message = ngettext("Assignment generated: %(num)s review to do.",
                           "Assignment generated: %(num)s reviews to do.", result.pairs)
        if result.kept:
            message += " " + ngettext("%(num)s started or manual assignment kept as it was.",
                                      "%(num)s started or manual assignments kept as they were.", result.kept)
        flash(request, message, category="success")
        for label in problem_labels(result.problems):
            flash(request, label, category="warning")
        return Redirect(_path(ctx))

    @post("/{slug:str}/judging/assignment/add")
    async def add(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        ctx = await load_managed(request, slug, MANAGE_ACTION)
        values, _files = await read_form(request)
        challenge_id = ctx.challenge["id"]
        entry_id = _int(values.get("entry"))
        try:
            if not (values.get("judge") or "").strip().isdigit():
                raise InvalidInput({"judge": _("Choose a judge.")})
            await assigning.add(challenge_id, await assigning.rubric_round(challenge_id), entry_id=entry_id,
                                judge_id=int(values["judge"]), actor=current_user(request), now=ctx.now)
        except InvalidInput as exc:
            return await _page(ctx, values=values, errors={f"{key}-{entry_id}": message
                                                             for key, message in exc.errors.items()},
                               status=HTTP_400_BAD_REQUEST)
        flash(request, _("The judge has been added to the entry."), category="success")
        return Redirect(f"{_path(ctx)}#entry-{entry_id}")

    @post("/{slug:str}/judging/assignment/remove")
    async def remove(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        ctx = await load_managed(request, slug, MANAGE_ACTION)
        values, _files = await read_form(request)
        challenge_id = ctx.challenge["id"]
        entry_id, judge_id = _int(values.get("entry")), _int(values.get("judge"))
        try:
            await assigning.remove(challenge_id, await assigning.rubric_round(challenge_id), entry_id=entry_id,
                                   judge_id=judge_id, confirmed=values.get("confirm") == "yes",
                                   actor=current_user(request), now=ctx.now)
        except NotFound:
            raise NotFoundException() from None
        except InvalidInput as exc:
            return await _page(ctx, values=values, errors={f"{key}-{entry_id}-{judge_id}": message
                                                             for key, message in exc.errors.items()},
                               status=HTTP_400_BAD_REQUEST)
        flash(request, _("The judge no longer reviews this entry."), category="success")
        return Redirect(f"{_path(ctx)}#entry-{entry_id}")

    @post("/{slug:str}/judging/judges/{judge_id:int}/drop-out")
    async def drop_out(self, request: Request, slug: FromPath[str], judge_id: FromPath[int]) -> Redirect:
        ctx = await load_managed(request, slug, MANAGE_ACTION)
        challenge_id = ctx.challenge["id"]
        try:
            result = await assigning.drop_out(challenge_id, await assigning.rubric_round(challenge_id),
                                              judge_id=judge_id, actor=current_user(request), now=ctx.now)
        except NotFound:
            raise NotFoundException() from None
        message = ngettext("%(num)s entry handed to other judges.", "%(num)s entries handed to other judges.",
                           result.moved)
        if result.kept:
            message += " " + ngettext("%(num)s completed review kept.", "%(num)s completed reviews kept.",
                                      result.kept)
        flash(request, message, category="success")
        for label in problem_labels(result.problems):
            flash(request, label, category="warning")
        return Redirect(_path(ctx))


ROUTES: list = [AssignmentController]
