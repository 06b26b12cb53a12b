"""The organizers' participant pages of a challenge: registrations, teams, entries and their screening,
announcements and CSV exports, under /manage/challenges/<slug>/. Thin handlers: rules live in
screening.py and announcements.py, reads in participant_queries.py, CSV building in exports.py.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST, HTTP_409_CONFLICT

from showcase import i18n
from showcase.challenges import access, announcements, constants, exports, phases
from showcase.challenges import screening as screening_rules
from showcase.challenges import participant_queries as queries
from showcase.challenges.access import ChallengeContext
from showcase.challenges.tables import Entry, Registration, Team
from showcase.exceptions import InvalidInput, NotAllowed, NotFound
from showcase.i18n import gettext as _
from showcase.markdown import render_markdown
from showcase.security import requires_login
from showcase.web import current_user, read_form, read_multi, utcnow

MAX_PAGE = 10_000


def _page(number: int) -> int:
    return min(max(number, 1), MAX_PAGE)


def _tab(context: ChallengeContext, tab: str, title: str, **extra: Any) -> dict[str, Any]:
    """What the back-office layout needs, plus the page's own context."""
    return {"challenge": context.challenge, "phase": context.phase, "active_tab": tab, "tab_title": title, **extra}


def _base(context: ChallengeContext) -> str:
    return f"/manage/challenges/{context.challenge['slug']}"


def _shown_answers(questions: list[dict], entry: dict) -> list[dict]:
    """Each question with the entry's answer as words (choices in the reader's language)."""
    locale = i18n.get_locale()
    return [{"question": question, "answer": entry["answers"].get(question["id"]),
             "text": queries.answer_text(question, entry["answers"].get(question["id"]), locale)}
            for question in questions]


class ManageParticipantsController(Controller):
    path = "/manage/challenges/{slug:str}"
    include_in_schema = False
    guards = [requires_login]

    # ------------------------------------------------------------ registrations and teams

    @get("/registrations", name="challenges:manage-registrations")
    async def registrations(self, request: Request, slug: FromPath[str], page: FromQuery[int] = 1) -> Template:
        context = await access.load(request, slug, action="view_registrations")
        listing = await queries.registrations(context.challenge["id"], page=_page(page))
        return Template("manage/challenges/registrations.html",
                        context=_tab(context, "registrations", _("Registrations"), listing=listing))

    @get("/teams", name="challenges:manage-teams")
    async def teams(self, request: Request, slug: FromPath[str], page: FromQuery[int] = 1) -> Template:
        context = await access.load(request, slug, action="view_registrations")
        listing = await queries.teams(context.challenge["id"], page=_page(page))
        return Template("manage/challenges/teams.html", context=_tab(
            context, "teams", _("Teams"), listing=listing, statuses=constants.ENTRY_STATUSES,
            screening_labels=constants.SCREENING))

    # ------------------------------------------------------------ entries and screening

    @get("/entries", name="challenges:manage-entries")
    async def entries(self, request: Request, slug: FromPath[str], screening: FromQuery[str] = "pending",
                      page: FromQuery[int] = 1) -> Template:
        context = await access.load(request, slug, action="view_registrations")
        challenge_id = context.challenge["id"]
        chosen = screening if screening in queries.ENTRY_FILTERS else "pending"
        listing = await queries.entries(challenge_id, chosen=chosen, page=_page(page))
        questions = await queries.questions(challenge_id)
        can_screen = screening_rules.refusal(context.actor, context.phase, "submitted") is None
        for entry in listing.rows:
            entry["shown_answers"] = _shown_answers(questions, entry)
        return Template("manage/challenges/entries.html", context=_tab(
            context, "entries", _("Entries and screening"), listing=listing, chosen=chosen,
            counts=await queries.entry_counts(challenge_id), filters=_filter_labels(),
            can_screen=can_screen, frozen=not can_screen and phases.capabilities(context.phase).entries_frozen,
            statuses=constants.ENTRY_STATUSES, screening_labels=constants.SCREENING))

    @post("/entries/bulk", name="challenges:manage-entries-bulk")
    async def bulk(self, request: Request, slug: FromPath[str]) -> Redirect:
        context = await access.load(request, slug, action="view_registrations")
        chosen = [int(value) for value in await read_multi(request, "entry_ids") if value.isdigit()]
        try:
            changed = await screening_rules.mark_eligible(challenge=context.challenge, actor=context.actor,
                                                    phase=context.phase, entry_ids=chosen, now=utcnow())
        except NotAllowed as exc:
            flash(request, str(exc), category="error")
        except InvalidInput as exc:
            flash(request, " ".join(exc.errors.values()), category="error")
        else:
            flash(request, i18n.ngettext("%(num)s entry marked eligible.", "%(num)s entries marked eligible.",
                                         changed, num=changed), category="success")
        return Redirect(f"{_base(context)}/entries?screening=pending")

    @get("/entries/{entry_id:int}", name="challenges:manage-entry")
    async def entry(self, request: Request, slug: FromPath[str], entry_id: FromPath[int]) -> Template:
        context = await access.load(request, slug, action="view_registrations")
        return await _entry_page(context, entry_id, values={}, errors={})

    @post("/entries/{entry_id:int}/screen", name="challenges:manage-screen")
    async def screen(self, request: Request, slug: FromPath[str], entry_id: FromPath[int]) -> Template | Redirect:
        context = await access.load(request, slug, action="view_registrations")
        values, _files = await read_form(request)
        try:
            outcome = await screening_rules.decide(challenge=context.challenge, actor=context.actor,
                                                   phase=context.phase, entry_id=entry_id, values=values, now=utcnow())
        except NotFound:
            raise NotFoundException() from None
        except NotAllowed as exc:
            return await _entry_page(context, entry_id, values=values, errors={}, refused=str(exc),
                                     status=HTTP_409_CONFLICT)
        except InvalidInput as exc:
            return await _entry_page(context, entry_id, values=values, errors=exc.errors, status=HTTP_400_BAD_REQUEST)
        decision = constants.SCREENING[values["decision"]]
        if not outcome.changed:
            flash(request, _("This decision was already recorded: nothing changed."), category="info")
        elif outcome.mailed:
            flash(request, i18n.ngettext(
                "Decision recorded: %(decision)s. %(num)s team member was e-mailed.",
                "Decision recorded: %(decision)s. %(num)s team members were e-mailed.",
                outcome.mailed, decision=decision, num=outcome.mailed), category="success")
        else:
            flash(request, _("Decision recorded: %(decision)s.", decision=decision), category="success")
        return Redirect(f"{_base(context)}/entries/{entry_id}")

    # ------------------------------------------------------------ announcements

    @get("/announcements", name="challenges:manage-announcements")
    async def announcements(self, request: Request, slug: FromPath[str]) -> Template:
        context = await access.load(request, slug, action="send_announcement")
        return await _announcements_page(context, values={"audience": "registered"}, errors={})

    @post("/announcements", name="challenges:manage-announce")
    async def announce(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        context = await access.load(request, slug, action="send_announcement")
        values, _files = await read_form(request)
        try:
            cleaned = announcements.clean(values)
        except InvalidInput as exc:
            return await _announcements_page(context, values=values, errors=exc.errors, status=HTTP_400_BAD_REQUEST)
        if values.get("action") != "send":
            return await _announcements_page(context, values=cleaned, errors={}, preview={
                **cleaned, "body_html": render_markdown(cleaned["body"]),
                "recipients": len(await announcements.recipients(context.challenge["id"], cleaned["audience"]))})
        sent = await announcements.send(challenge=context.challenge, author_id=current_user(request).id,
                                        values=cleaned, now=utcnow())
        if sent.duplicate:
            flash(request, i18n.ngettext(
                "This announcement was already sent to %(num)s person a few minutes ago; it was not sent again.",
                "This announcement was already sent to %(num)s people a few minutes ago; it was not sent again.",
                sent.recipients, num=sent.recipients), category="warning")
        else:
            flash(request, i18n.ngettext("Announcement sent to %(num)s person.", "Announcement sent to %(num)s people.",
                                         sent.recipients, num=sent.recipients), category="success")
        return Redirect(f"{_base(context)}/announcements")

    # ------------------------------------------------------------ exports

    @get("/exports", name="challenges:manage-exports")
    async def exports_page(self, request: Request, slug: FromPath[str]) -> Template:
        context = await access.load(request, slug, action="export_csv")
        challenge_id = context.challenge["id"]
        counts = {"registrations": await Registration.count().where(Registration.challenge == challenge_id),
                  "teams": await Team.count().where(Team.challenge == challenge_id),
                  "entries": await Entry.count().where(Entry.challenge == challenge_id)}
        return Template("manage/challenges/exports.html", context=_tab(context, "exports", _("Exports"), counts=counts))

    @get("/exports/registrations.csv", name="challenges:export-registrations")
    async def registrations_csv(self, request: Request, slug: FromPath[str]) -> Response[bytes]:
        context = await access.load(request, slug, action="export_csv")
        return _csv(await exports.registrations_csv(context.challenge), context, "registrations")

    @get("/exports/teams.csv", name="challenges:export-teams")
    async def teams_csv(self, request: Request, slug: FromPath[str]) -> Response[bytes]:
        context = await access.load(request, slug, action="export_csv")
        return _csv(await exports.teams_csv(context.challenge), context, "teams")

    @get("/exports/entries.csv", name="challenges:export-entries")
    async def entries_csv(self, request: Request, slug: FromPath[str]) -> Response[bytes]:
        context = await access.load(request, slug, action="export_csv")
        return _csv(await exports.entries_csv(context.challenge, base_url=request.app.state.settings.base_url),
                    context, "entries")


def _filter_labels() -> dict[str, str]:
    return {"pending": _("To screen"), "needs_info": _("Needs information"), "eligible": _("Eligible"),
            "ineligible": _("Ineligible"), "draft": _("Drafts"), "withdrawn": _("Withdrawn")}


def _csv(content: bytes, context: ChallengeContext, name: str) -> Response[bytes]:
    filename = f"{context.challenge['slug']}-{name}.csv"
    return Response(content, media_type="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})


async def _entry_page(context: ChallengeContext, entry_id: int, *, values: dict[str, str], errors: dict[str, str],
                      refused: str | None = None, status: int = 200) -> Template:
    entry = await queries.entry(context.challenge["id"], entry_id)
    if entry is None:
        raise NotFoundException()
    questions = await queries.questions(context.challenge["id"])
    entry["shown_answers"] = _shown_answers(questions, entry)
    title = entry["team_name"]
    return Template("manage/challenges/entry.html", status_code=status, context=_tab(
        context, "entries", _("Entry of %(team)s", team=title), entry=entry, values=values, errors=errors,
        refused=refused, blocked=screening_rules.refusal(context.actor, context.phase, entry["status"]),
        versions=await queries.versions(entry_id), members=await queries.team_members(entry["team_id"]),
        history=await screening_rules.history(context.challenge["id"], entry_id),
        statuses=constants.ENTRY_STATUSES, screening_labels=constants.SCREENING))


async def _announcements_page(context: ChallengeContext, *, values: dict[str, str], errors: dict[str, str],
                              preview: dict | None = None, status: int = 200) -> Template:
    challenge_id = context.challenge["id"]
    counts = await announcements.audience_counts(challenge_id)
    options = [(code, _("%(audience)s (%(num)s)", audience=label, num=i18n.format_number(counts[code])))
               for code, label in constants.ANNOUNCEMENT_AUDIENCES.items()]
    return Template("manage/challenges/announcements.html", status_code=status, context=_tab(
        context, "announcements", _("Announcements"), values=values, errors=errors, preview=preview,
        audience_options=options, audiences=constants.ANNOUNCEMENT_AUDIENCES,
        past=await announcements.past(challenge_id)))


ROUTES: list = [ManageParticipantsController]
