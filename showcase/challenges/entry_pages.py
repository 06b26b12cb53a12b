"""A team's entry: the form (save draft, submit, update), its versions, withdrawal, and PDF answers.

Handlers stay thin: entries.py holds the rules and the deadline-safe writes, answers.py the answer checks.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from litestar import Request, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import File, Redirect, Response, Template
from litestar.status_codes import HTTP_303_SEE_OTHER, HTTP_409_CONFLICT

from showcase.challenges import access, answers, display, entries, entry_queries, phases
from showcase.challenges.access import ChallengeContext
from showcase.challenges.constants import ENTRY_STATUSES, MAX_PDF_BYTES, QUESTION_KINDS, SCREENING
from showcase.challenges.tables import Entry, EntryAnswer, Team
from showcase.exceptions import InvalidInput
from showcase.i18n import gettext as _
from showcase.judging import declarations
from showcase.reuses.constants import STATUSES as REUSE_STATUSES
from showcase.security import requires_login
from showcase.templating import localized
from showcase.web import current_user, form_page, read_form, utcnow

TEMPLATE = "challenges/submit.html"
# Every PDF question may carry a file of up to 10 MB: the body limit leaves room for a few, plus the text.
FORM_MAX_BYTES = 4 * MAX_PDF_BYTES + 1024 * 1024
REFUSALS = {
    "not_open": lambda: _("Entries cannot be submitted in this phase of the challenge."),
    "withdrawn": lambda: _("Your team withdrew its entry: it cannot be changed or submitted again."),
    "submitted": lambda: _("Your entry is already submitted: change it with “Update my submission”."),
    "not_member": lambda: _("You are no longer a member of this team."),
    "not_captain": lambda: _("Only the team’s captain can withdraw the entry."),
    "no_entry": lambda: _("Your team has no entry to withdraw."),
}


def _slug_url(context: ChallengeContext, suffix: str = "") -> str:
    return f"/challenges/{context.challenge['slug']}/submit{suffix}"


async def _team_or_redirect(request: Request, context: ChallengeContext) -> int | Redirect:
    """The person's team, or a redirect to the team space for a participant without one; 403 for others."""
    if context.actor.team_id is not None and not context.actor.organizes:
        return context.actor.team_id
    if context.actor.registered and not context.actor.organizes:
        flash(request, _("Create or join a team first: entries are submitted by teams."), category="info")
        return Redirect(f"/challenges/{context.challenge['slug']}/team", status_code=HTTP_303_SEE_OTHER)
    raise PermissionDeniedException()


async def _page_data(context: ChallengeContext, team_id: int) -> dict:
    challenge = context.challenge
    questions = await entries.questions_of(challenge["id"])
    entry = await entry_queries.entry_of(team_id)
    status = entry["status"] if entry else None
    deadline = phases.deadline(context.state)
    return {
        "challenge": challenge, "phase": context.phase, "now": context.now, "zone": challenge["time_zone"],
        "team": await Team.select(Team.id, Team.name, Team.captain).where(Team.id == team_id).first(),
        "entry": entry, "questions": [{**q, "options": answers.choices_of(q)} for q in questions],
        "tracks": await entries.tracks_of(challenge["id"]), "reuses": await entry_queries.team_reuses(team_id),
        "eligible": await entry_queries.eligible_datasets(challenge["id"]), "deadline": deadline,
        "stored_files": {qid: row["file_key"] for qid, row in (await entry_queries.stored_answers(entry["id"])).items()
                         if row["file_key"]} if entry else {},
        "countdown": display.countdown(context.state, context.now),
        "can_edit": context.can("edit_entry", team_id=team_id, entry_status=status),
        "can_submit": context.can("submit_entry", team_id=team_id, entry_status=status),
        "can_withdraw": context.can("withdraw_entry", team_id=team_id, entry_status=status),
        "is_captain": context.actor.is_captain, "entry_statuses": ENTRY_STATUSES, "screening_labels": SCREENING,
        "reuse_statuses": REUSE_STATUSES, "question_kinds": QUESTION_KINDS, "max_pdf_mb": MAX_PDF_BYTES // 2**20,
        # Judging (issue 6): a public jury's judges the team may name conflicts with, and those it named.
        **await declarations.jury_for_team(challenge, entry["id"] if entry else None),
    }


def _dataset_title(dataset: dict) -> str:
    return localized(dataset, "title") or dataset["name"]


def _file_fields(values: dict, team_id: int, question_id: int, stored: answers.StoredFile | None) -> None:
    name = answers.field_name(question_id)
    values[f"{name}_key"] = stored.key if stored else ""
    values[f"{name}_name"] = stored.name if stored else ""
    values[f"{name}_sig"] = answers.file_signature(team_id, question_id, stored.key, stored.name) if stored else ""


async def _stored_values(data: dict, team_id: int, request: Request) -> dict:
    """The form filled from the stored entry (or empty), with ?reuse=<id> choosing a just-created reuse."""
    entry, values = data["entry"], {}
    stored = await entry_queries.stored_answers(entry["id"]) if entry else {}
    values["reuse"] = str(entry["reuse"]) if entry and entry["reuse"] else ""
    values["tracks"] = [str(t) for t in await entry_queries.stored_track_ids(entry["id"])] if entry else []
    for question in data["questions"]:
        row = stored.get(question["id"])
        name = answers.field_name(question["id"])
        if question["kind"] == "pdf":
            _file_fields(values, team_id, question["id"],
                         answers.StoredFile(row["file_key"], row["file_name"]) if row and row["file_key"] else None)
        elif question["kind"] == "multiple_choice":
            values[name] = answers.answer_list(question, row["value"] if row else "")
        else:
            values[name] = row["value"] if row else ""
    values.update(declarations.form_values(data["named"]))  # judging: conflicts the team named
    chosen = request.query_params.get("reuse", "")
    if chosen and any(str(reuse["id"]) == chosen for reuse in data["reuses"]):
        values["reuse"] = chosen
    return values


@get("/challenges/{slug:str}/submit", name="challenges:submit", guards=[requires_login], include_in_schema=False)
async def entry_form(request: Request, slug: FromPath[str]) -> Template | Redirect:
    context = await access.load(request, slug)
    team = await _team_or_redirect(request, context)
    if isinstance(team, Redirect):
        return team
    data = await _page_data(context, team)
    return Template(TEMPLATE, context={**data, "values": await _stored_values(data, team, request), "errors": {}})


async def _uploads(request: Request, data: dict, values: dict, team_id: int,
                   errors: dict[str, str]) -> dict[int, answers.StoredFile | None]:
    """Each PDF question's file: a new upload (checked and stored), the one carried by the form, or none."""
    form = await request.form()
    found: dict[int, answers.StoredFile | None] = {}
    for question in (q for q in data["questions"] if q["kind"] == "pdf"):
        name = answers.field_name(question["id"])
        upload = form.get(f"{name}_file")
        carried = answers.carried_file(team_id, question["id"], values.get(f"{name}_key", ""),
                                       values.get(f"{name}_name", ""), values.get(f"{name}_sig", ""))
        if upload is not None and getattr(upload, "filename", ""):
            try:
                carried = await answers.store_pdf(await upload.read(MAX_PDF_BYTES + 1), upload.filename, field=name)
            except InvalidInput as exc:
                errors.update(exc.errors)
        elif values.get(f"{name}_remove"):
            carried = None
        found[question["id"]] = carried
        _file_fields(values, team_id, question["id"], carried)
    return found


@post("/challenges/{slug:str}/submit", guards=[requires_login], request_max_body_size=FORM_MAX_BYTES,
      include_in_schema=False)
async def save_entry(request: Request, slug: FromPath[str]) -> Template | Redirect:
    form = await request.form()
    # The whole submission is in: this instant, not the moment a busy server gets round to checking and writing
    # it, is the one compared with the deadline and stored, so last-minute entries are never refused for queuing.
    received = utcnow()
    context = await access.load(request, slug)
    team = await _team_or_redirect(request, context)
    if isinstance(team, Redirect):
        return team
    data = await _page_data(context, team)
    values, _files = await read_form(request)
    multi_names = ["tracks", declarations.TEAM_FIELD, *(answers.field_name(q["id"]) for q in data["questions"] if q["kind"] == "multiple_choice")]
    multi = {name: [str(item) for item in form.getall(name)] if name in form else [] for name in multi_names}
    shown: dict = {**values, **multi}
    submitting = values.get("action") == "submit"
    deadline = data["deadline"]
    if deadline is not None and received >= deadline:
        # Already late when the request arrived: say so before pointing at fields to correct.
        return _late_page(data, shown, entries.EntryClosed(deadline, received))
    errors: dict[str, str] = {}
    files = await _uploads(request, data, shown, team, errors)
    try:
        checked = entries.check_entry(values=values, multi=multi, questions=data["questions"], tracks=data["tracks"],
                                      reuses=data["reuses"], eligible=data["eligible"], files=files,
                                      complete=submitting, title=_dataset_title)
    except InvalidInput as exc:
        errors = {**exc.errors, **errors}
    try:  # judging: conflicts with judges of a public jury, each with a reason
        named = declarations.check_team_choices(data["jury"], multi[declarations.TEAM_FIELD], values)
    except InvalidInput as exc:
        named, errors = {}, {**errors, **exc.errors}
    if errors:
        return form_page(TEMPLATE, values=shown, errors=errors, **data)
    write = entries.submit_entry if submitting else entries.save_draft
    try:
        saved = await write(challenge_id=context.challenge["id"], team_id=team, user=current_user(request),
                            form=checked, questions=data["questions"], clock=lambda: received)
    except entries.EntryClosed as closed:
        return _late_page(data, shown, closed)
    except entries.EntryRefused as refused:
        return form_page(TEMPLATE, values=shown, errors={}, status=HTTP_409_CONFLICT,
                         refused=REFUSALS[refused.reason](), **data)
    if data["jury"]:
        await declarations.save_team_choices(context.challenge["id"], saved.entry_id, named,
                                             user=current_user(request), now=received)
    if saved.status == "submitted":
        shown_time = display.challenge_time(saved.submitted_at, data["zone"])
        flash(request, _("Version %(version)s of your entry was received on %(local)s (%(offset)s) = %(utc)s UTC. "
                         "SHA-256: %(sha256)s. Every member of the team gets this receipt by e-mail.",
                         version=saved.version, local=shown_time["local"], offset=shown_time["offset"],
                         utc=shown_time["utc"], sha256=saved.sha256), category="success")
    else:
        flash(request, _("Your draft is saved. Submit it before the deadline."), category="success")
    return Redirect(_slug_url(context), status_code=HTTP_303_SEE_OTHER)


def _late_page(data: dict, shown: dict, closed: entries.EntryClosed) -> Template:
    """The form again with what was typed, and the deadline in words; the stored draft is untouched."""
    return form_page(TEMPLATE, values=shown, errors={}, status=HTTP_409_CONFLICT,
                     late={"deadline": closed.deadline, "received": closed.now},
                     **{**data, "can_edit": False, "can_submit": False})


@get("/challenges/{slug:str}/submit/withdraw", name="challenges:withdraw", guards=[requires_login],
     include_in_schema=False)
async def withdraw_form(request: Request, slug: FromPath[str]) -> Template:
    context = await access.load(request, slug)
    entry = await entry_queries.entry_of(context.actor.team_id) if context.actor.team_id else None
    if not context.can("withdraw_entry", team_id=context.actor.team_id, entry_status=entry["status"] if entry else None):
        raise PermissionDeniedException()
    team = await Team.select(Team.name).where(Team.id == context.actor.team_id).first()
    return Template("challenges/withdraw.html", context={"challenge": context.challenge, "phase": context.phase,
                                                         "entry": entry, "team": team, "errors": {}})


@post("/challenges/{slug:str}/submit/withdraw", guards=[requires_login], include_in_schema=False)
async def withdraw(request: Request, slug: FromPath[str]) -> Template | Redirect:
    context = await access.load(request, slug)
    if context.actor.team_id is None:
        raise PermissionDeniedException()
    values, _files = await read_form(request)
    entry = await entry_queries.entry_of(context.actor.team_id)
    if values.get("confirm") != "yes":
        team = await Team.select(Team.name).where(Team.id == context.actor.team_id).first()
        return form_page("challenges/withdraw.html", values=values, challenge=context.challenge, phase=context.phase,
                         entry=entry, team=team,
                         errors={"confirm": _("Tick the box to confirm that your team withdraws its entry.")})
    try:
        await entries.withdraw_entry(challenge_id=context.challenge["id"], team_id=context.actor.team_id,
                                     user=current_user(request))
    except entries.EntryClosed:
        flash(request, _("The entry can no longer be withdrawn: the challenge has moved past screening."),
              category="error")
        return Redirect(_slug_url(context), status_code=HTTP_303_SEE_OTHER)
    except entries.EntryRefused as refused:
        if refused.reason in ("not_member", "not_captain"):
            raise PermissionDeniedException() from None
        flash(request, REFUSALS[refused.reason](), category="error")
        return Redirect(_slug_url(context), status_code=HTTP_303_SEE_OTHER)
    flash(request, _("Your team’s entry is withdrawn. Its versions are kept."), category="success")
    return Redirect(_slug_url(context), status_code=HTTP_303_SEE_OTHER)


async def _entry_for_versions(request: Request, context: ChallengeContext) -> tuple[dict | None, list[dict]]:
    """The entry whose versions are shown: the person's team's, or for organizers the team in ?team=."""
    if context.actor.organizes:
        raw = request.query_params.get("team", "")
        if not raw.isdigit():
            teams = await Entry.select(Entry.team, Entry.team.name.as_alias("team_name"), Entry.version,
                                       Entry.status).where(
                (Entry.challenge == context.challenge["id"]) & (Entry.version > 0)).order_by(Entry.team.name)
            return None, teams
        team_id = int(raw)
    elif context.actor.team_id is not None:
        team_id = context.actor.team_id
    else:
        raise PermissionDeniedException()
    entry = await Entry.select(Entry.all_columns(), Entry.team.name.as_alias("team_name")).where(
        (Entry.team == team_id) & (Entry.challenge == context.challenge["id"])).first()
    if entry is None and context.actor.organizes:
        raise NotFoundException()
    return entry, []


@get("/challenges/{slug:str}/submit/versions", name="challenges:versions", guards=[requires_login],
     include_in_schema=False)
async def versions(request: Request, slug: FromPath[str]) -> Template:
    context = await access.load(request, slug)
    entry, teams = await _entry_for_versions(request, context)
    return Template("challenges/versions.html", context={
        "challenge": context.challenge, "phase": context.phase, "zone": context.challenge["time_zone"],
        "entry": entry, "teams": teams, "versions": await entry_queries.versions_of(entry["id"]) if entry else [],
        "organizer_view": context.actor.organizes, "entry_statuses": ENTRY_STATUSES,
    })


@get("/challenges/{slug:str}/submit/versions/{version:int}/snapshot", name="challenges:version_snapshot",
     guards=[requires_login], include_in_schema=False)
async def version_snapshot(request: Request, slug: FromPath[str], version: FromPath[int]) -> Response:
    """The exact text the receipt's SHA-256 was computed on: anyone holding it can check the hash."""
    context = await access.load(request, slug)
    entry, _teams = await _entry_for_versions(request, context)
    found = await entry_queries.version_snapshot(entry["id"], version) if entry else None
    if found is None:
        raise NotFoundException()
    return Response(found["snapshot"].encode("utf-8"), media_type="application/json; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{context.challenge["slug"]}-v{version}.json"',
        "Cache-Control": "private, no-store"})


def _content_disposition(name: str) -> str:
    ascii_name = re.sub(r"[^A-Za-z0-9._ -]", "_", name) or "document.pdf"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


@get("/challenges/{slug:str}/entries/{entry_id:int}/files/{question_id:int}", name="challenges:entry_file",
     include_in_schema=False)
async def entry_file(request: Request, slug: FromPath[str], entry_id: FromPath[int],
                     question_id: FromPath[int]) -> File:
    """A PDF answer: the entry's team, the challenge's organizers and admins only; 404 for everyone else."""
    context = await access.load(request, slug)
    entry = await Entry.select(Entry.team).where(
        (Entry.id == entry_id) & (Entry.challenge == context.challenge["id"])).first()
    if entry is None or not (context.actor.organizes or context.actor.team_id == entry["team"]):
        raise NotFoundException()
    answer = await EntryAnswer.select(EntryAnswer.file_key, EntryAnswer.file_name).where(
        (EntryAnswer.entry == entry_id) & (EntryAnswer.question == question_id)).first()
    if answer is None or not answer["file_key"]:
        raise NotFoundException()
    path = answers.pdf_path(answer["file_key"])
    if not path.exists():
        raise NotFoundException()
    return File(path=path, media_type="application/pdf", headers={
        "Content-Disposition": _content_disposition(answer["file_name"] or "document.pdf"),
        "X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"})


ROUTES: list = [entry_form, save_entry, withdraw_form, withdraw, versions, version_snapshot, entry_file]
