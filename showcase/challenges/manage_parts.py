"""Back-office pages for the parts of a challenge managed one by one: custom questions, prize tracks and
co-organizers. Each list page has an add form; an item is edited on its own page (one form per page keeps
field ids unique); moving and deleting are small forms beside each item."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_200_OK, HTTP_400_BAD_REQUEST

from showcase.challenges import constants, organizing_parts
from showcase.challenges.access import ChallengeContext
from showcase.challenges.challenge_fields import CHOICE_KINDS, choices_text, clean_question, clean_track
from showcase.challenges.manage_common import EXCEPTION_HANDLERS, load_managed, tab_page
from showcase.exceptions import InvalidInput, NotFound
from showcase.i18n import gettext as _
from showcase.security import requires_login
from showcase.web import current_user, read_form, utcnow

BASE = "/manage/challenges"


def _question_values(row: dict) -> dict[str, str]:
    values = {name: row[name] for name in ("kind", "label_fr", "label_ar", "help_fr", "help_ar")}
    values["required"] = "1" if row["required"] else ""
    values["choices"] = choices_text(row["choices"])
    return values


def _track_values(row: dict) -> dict[str, str]:
    values = {name: row[name] for name in ("name_fr", "name_ar", "description_fr", "description_ar")}
    values.update(amount_mad=str(row["amount_mad"]), winners=str(row["winners"]))
    return values


async def _questions_page(context: ChallengeContext, *, editing: dict | None = None, values: dict | None = None,
                          errors: dict | None = None, row_errors: dict | None = None,
                          status: int = HTTP_200_OK) -> Template:
    return tab_page("manage/challenges/questions.html", context, tab="questions", status=status,
                    questions=await organizing_parts.questions_of(context.challenge["id"]), editing=editing,
                    values=values or {"kind": "short_text"}, errors=errors or {}, row_errors=row_errors or {},
                    kinds=constants.QUESTION_KINDS, choice_kinds=CHOICE_KINDS)


async def _tracks_page(context: ChallengeContext, *, editing: dict | None = None, values: dict | None = None,
                       errors: dict | None = None, row_errors: dict | None = None,
                       status: int = HTTP_200_OK) -> Template:
    return tab_page("manage/challenges/tracks.html", context, tab="tracks", status=status,
                    tracks=await organizing_parts.tracks_of(context.challenge["id"]), editing=editing,
                    values=values or {"winners": "1"}, errors=errors or {}, row_errors=row_errors or {})


async def _organizers_page(context: ChallengeContext, *, values: dict | None = None, errors: dict | None = None,
                           status: int = HTTP_200_OK) -> Template:
    return tab_page("manage/challenges/organizers.html", context, tab="organizers", status=status,
                    organizers=await organizing_parts.organizers_of(context.challenge["id"]),
                    can_manage=context.can("manage_organizers"), values=values or {}, errors=errors or {})


def _find(rows: list[dict], row_id: int) -> dict:
    for row in rows:
        if row["id"] == row_id:
            return row
    raise NotFoundException()


class PartsController(Controller):
    path = BASE
    include_in_schema = False
    guards = [requires_login]
    exception_handlers = EXCEPTION_HANDLERS  # type: ignore[assignment]

    # ------------------------------------------------------------ questions

    @get("/{slug:str}/questions", name="manage:challenge:questions")
    async def questions(self, request: Request, slug: FromPath[str]) -> Template:
        return await _questions_page(await load_managed(request, slug, "edit_questions"))

    @post("/{slug:str}/questions")
    async def add_question(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        context = await load_managed(request, slug, "edit_questions")
        values, _files = await read_form(request)
        fields, errors = clean_question(values)
        if errors:
            return await _questions_page(context, values=values, errors=errors, status=HTTP_400_BAD_REQUEST)
        await organizing_parts.add_question(context.challenge["id"], fields)
        flash(request, _("The question is added."), category="success")
        return Redirect(f"{BASE}/{context.challenge['slug']}/questions")

    @get("/{slug:str}/questions/{question_id:int}")
    async def question_form(self, request: Request, slug: FromPath[str], question_id: FromPath[int]) -> Template:
        context = await load_managed(request, slug, "edit_questions")
        row = _find(await organizing_parts.questions_of(context.challenge["id"]), question_id)
        return await _questions_page(context, editing=row, values=_question_values(row))

    @post("/{slug:str}/questions/{question_id:int}")
    async def change_question(self, request: Request, slug: FromPath[str],
                              question_id: FromPath[int]) -> Template | Redirect:
        context = await load_managed(request, slug, "edit_questions")
        challenge_id = context.challenge["id"]
        values, _files = await read_form(request)
        action = values.get("action", "save")
        try:
            if action in ("up", "down"):
                await organizing_parts.move_question(challenge_id, question_id, action)
            elif action == "delete":
                await organizing_parts.delete_question(challenge_id, question_id, confirmed=bool(values.get("confirm")))
                flash(request, _("The question is deleted."), category="success")
            else:
                fields, errors = clean_question(values)
                if errors:
                    raise InvalidInput(errors)
                await organizing_parts.update_question(challenge_id, question_id, fields)
                flash(request, _("The question is saved."), category="success")
        except NotFound:
            raise NotFoundException() from None
        except InvalidInput as exc:
            if action == "delete":
                return await _questions_page(context, row_errors={question_id: exc.errors["confirm"]},
                                             status=HTTP_400_BAD_REQUEST)
            row = _find(await organizing_parts.questions_of(challenge_id), question_id)
            return await _questions_page(context, editing=row, values=values, errors=exc.errors,
                                         status=HTTP_400_BAD_REQUEST)
        return Redirect(f"{BASE}/{context.challenge['slug']}/questions")

    # ------------------------------------------------------------ prize tracks

    @get("/{slug:str}/tracks", name="manage:challenge:tracks")
    async def tracks(self, request: Request, slug: FromPath[str]) -> Template:
        return await _tracks_page(await load_managed(request, slug, "edit_tracks"))

    @post("/{slug:str}/tracks")
    async def add_track(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        context = await load_managed(request, slug, "edit_tracks")
        values, _files = await read_form(request)
        fields, errors = clean_track(values)
        if errors:
            return await _tracks_page(context, values=values, errors=errors, status=HTTP_400_BAD_REQUEST)
        await organizing_parts.add_track(context.challenge["id"], fields)
        flash(request, _("The prize track is added."), category="success")
        return Redirect(f"{BASE}/{context.challenge['slug']}/tracks")

    @get("/{slug:str}/tracks/{track_id:int}")
    async def track_form(self, request: Request, slug: FromPath[str], track_id: FromPath[int]) -> Template:
        context = await load_managed(request, slug, "edit_tracks")
        row = _find(await organizing_parts.tracks_of(context.challenge["id"]), track_id)
        return await _tracks_page(context, editing=row, values=_track_values(row))

    @post("/{slug:str}/tracks/{track_id:int}")
    async def change_track(self, request: Request, slug: FromPath[str], track_id: FromPath[int]) -> Template | Redirect:
        context = await load_managed(request, slug, "edit_tracks")
        challenge_id = context.challenge["id"]
        values, _files = await read_form(request)
        action = values.get("action", "save")
        try:
            if action in ("up", "down"):
                await organizing_parts.move_track(challenge_id, track_id, action)
            elif action == "delete":
                await organizing_parts.delete_track(challenge_id, track_id, confirmed=bool(values.get("confirm")))
                flash(request, _("The prize track is deleted."), category="success")
            else:
                fields, errors = clean_track(values)
                if errors:
                    raise InvalidInput(errors)
                await organizing_parts.update_track(challenge_id, track_id, fields)
                flash(request, _("The prize track is saved."), category="success")
        except NotFound:
            raise NotFoundException() from None
        except InvalidInput as exc:
            if action == "delete":
                return await _tracks_page(context, row_errors={track_id: exc.errors["confirm"]},
                                          status=HTTP_400_BAD_REQUEST)
            row = _find(await organizing_parts.tracks_of(challenge_id), track_id)
            return await _tracks_page(context, editing=row, values=values, errors=exc.errors,
                                      status=HTTP_400_BAD_REQUEST)
        return Redirect(f"{BASE}/{context.challenge['slug']}/tracks")

    # ------------------------------------------------------------ organizers

    @get("/{slug:str}/organizers", name="manage:challenge:organizers")
    async def organizers(self, request: Request, slug: FromPath[str]) -> Template:
        return await _organizers_page(await load_managed(request, slug, "edit_challenge"))

    @post("/{slug:str}/organizers")
    async def add_organizer(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        context = await load_managed(request, slug, "manage_organizers")
        values, _files = await read_form(request)
        try:
            person = await organizing_parts.add_co_organizer(context.challenge, by=current_user(request),
                                                             email=values.get("email", ""), now=utcnow())
        except InvalidInput as exc:
            return await _organizers_page(context, values=values, errors=exc.errors, status=HTTP_400_BAD_REQUEST)
        flash(request, _("%(name)s is now a co-organizer. We told them by e-mail.", name=person["name"]),
              category="success")
        return Redirect(f"{BASE}/{context.challenge['slug']}/organizers")

    @post("/{slug:str}/organizers/{user_id:int}/remove")
    async def remove_organizer(self, request: Request, slug: FromPath[str], user_id: FromPath[int]) -> Template | Redirect:
        context = await load_managed(request, slug, "manage_organizers")
        try:
            await organizing_parts.remove_co_organizer(context.challenge, by=current_user(request), user_id=user_id,
                                                       now=utcnow())
        except NotFound:
            raise NotFoundException() from None
        except InvalidInput as exc:
            return await _organizers_page(context, errors=exc.errors, status=HTTP_400_BAD_REQUEST)
        flash(request, _("The co-organizer is removed."), category="success")
        return Redirect(f"{BASE}/{context.challenge['slug']}/organizers")
