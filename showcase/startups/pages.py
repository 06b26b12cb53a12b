"""Startup pages: directory, profile, create/edit, team and invitations, "My startups". Thin handlers."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, FromQuery
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_301_MOVED_PERMANENTLY,
    HTTP_400_BAD_REQUEST,
    HTTP_403_FORBIDDEN,
    HTTP_429_TOO_MANY_REQUESTS,
)

from showcase import ratelimit
from showcase.exceptions import InvalidInput, NotAllowed, NotFound, RateLimited, TokenInvalid
from showcase.i18n import gettext as _
from showcase.security import requires_login
from showcase.settings import get_settings
from showcase.startups import domain, queries, rules
from showcase.startups.constants import region_options, stage_options
from showcase.web import current_user, form_page, read_form, utcnow

FORM_TEMPLATE = "startups/form.html"
TEAM_TEMPLATE = "startups/team.html"
INVITATION_TEMPLATE = "startups/invitation.html"


def invitation_message(reason: str) -> str:
    return {
        "expired": _("This invitation has expired. Ask the startup's owner to invite you again."),
        "used": _("This invitation has already been answered."),
        "revoked": _("This invitation was withdrawn by the startup's owner."),
    }.get(reason, _("This invitation link is not valid. Check that you copied it whole, or ask the startup's owner for a new one."))


def _form_context(**extra: Any) -> dict[str, Any]:
    return {"regions": region_options(), "stages": stage_options(), **extra}


async def _read_logo(files: dict[str, UploadFile]) -> bytes | None:
    """The uploaded logo's bytes (b"" for an empty file), None when no file was chosen.

    Reading stops just past the limit: the image check only needs to know the file is too large."""
    upload = files.get("logo")
    if upload is None:
        return None
    try:
        return await upload.read(get_settings().logo_max_bytes + 1)
    finally:
        await upload.close()


async def _startup_id(slug: str) -> tuple[int, str | None]:
    startup_id, moved_to = await queries.resolve_slug(slug)
    if startup_id is None:
        raise NotFoundException()
    return startup_id, moved_to


def _moved(moved_to: str, suffix: str = "") -> Redirect:
    return Redirect(f"/startups/{moved_to}{suffix}", status_code=HTTP_301_MOVED_PERMANENTLY)


async def _team_page(request: Request, startup_id: int, *, values: dict | None = None, errors: dict | None = None,
                     status: int = 200) -> Template:
    user = current_user(request)
    role = await queries.member_role(startup_id, user.id)
    if not rules.can_view_members(user, role):
        raise PermissionDeniedException()
    can_manage = rules.can_manage_members(user, role)
    profile = await queries.startup_profile(startup_id, with_emails=can_manage)
    invitations = await queries.pending_invitations(startup_id, now=utcnow()) if can_manage else []
    return Template(TEAM_TEMPLATE, status_code=status, context={
        "startup": profile, "role": role, "can_manage": can_manage, "can_edit": rules.can_edit_startup(user, role),
        "can_leave": rules.can_leave(user, role), "invitations": invitations,
        "values": values or {}, "errors": errors or {},
    })


class StartupController(Controller):
    path = "/startups"
    include_in_schema = False

    @get("/", name="startups:index")
    async def index(self, q: FromQuery[str] = "", region: FromQuery[str] = "", stage: FromQuery[str] = "",
                    page: FromQuery[str] = "") -> Template:
        filters = queries.parse_filters(q, region, stage)
        listing = await queries.directory(filters, page=queries.parse_page(page))
        return Template("startups/index.html", context={"listing": listing, "filters": filters, **_form_context()})

    @get("/new", name="startups:new", guards=[requires_login])
    async def new_form(self, request: Request) -> Template:
        allowed = rules.can_create_startup(current_user(request))
        return Template(FORM_TEMPLATE, context=_form_context(values={}, errors={}, mode="create", allowed=allowed),
                        status_code=200 if allowed else HTTP_403_FORBIDDEN)

    @post("/new", guards=[requires_login])
    async def create(self, request: Request) -> Template | Redirect:
        values, files = await read_form(request)
        try:
            slug = await domain.create_startup(creator=current_user(request), values=values,
                                               logo=await _read_logo(files), now=utcnow())
        except NotAllowed:
            return form_page(FORM_TEMPLATE, values=values, errors={}, status=HTTP_403_FORBIDDEN,
                             **_form_context(mode="create", allowed=False))
        except InvalidInput as exc:
            return form_page(FORM_TEMPLATE, values=values, errors=exc.errors, **_form_context(mode="create", allowed=True))
        flash(request, _("Your startup's profile is online. Invite your team from the Team page."), category="success")
        return Redirect(f"/startups/{slug}")

    @get("/{slug:str}", name="startups:detail")
    async def detail(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        startup_id, moved_to = await _startup_id(slug)
        if moved_to:
            return _moved(moved_to)
        profile = await queries.startup_profile(startup_id)
        if profile is None:
            raise NotFoundException()
        user = current_user(request)
        role = profile.role_of(user.id if user else None)
        return Template("startups/detail.html", context={
            "startup": profile, "role": role, "can_edit": rules.can_edit_startup(user, role),
            "can_view_members": rules.can_view_members(user, role),
        })

    @get("/{slug:str}/edit", name="startups:edit", guards=[requires_login])
    async def edit_form(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        startup_id, moved_to = await _startup_id(slug)
        if moved_to:
            return _moved(moved_to, "/edit")
        user = current_user(request)
        if not rules.can_edit_startup(user, await queries.member_role(startup_id, user.id)):
            raise PermissionDeniedException()
        profile = await queries.startup_profile(startup_id)
        return Template(FORM_TEMPLATE, context=_form_context(
            values=queries.form_values(profile), errors={}, mode="edit", allowed=True, startup=profile))

    @post("/{slug:str}/edit", guards=[requires_login])
    async def edit(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        startup_id, _moved_to = await _startup_id(slug)
        values, files = await read_form(request)
        try:
            new_slug = await domain.update_startup(
                startup_id=startup_id, editor=current_user(request), values=values, logo=await _read_logo(files),
                remove_logo=values.get("remove_logo") == "on", now=utcnow(),
            )
        except NotAllowed:
            raise PermissionDeniedException() from None
        except NotFound:
            raise NotFoundException() from None
        except InvalidInput as exc:
            profile = await queries.startup_profile(startup_id)
            return form_page(FORM_TEMPLATE, values=values, errors=exc.errors,
                             **_form_context(mode="edit", allowed=True, startup=profile))
        flash(request, _("The profile has been saved."), category="success")
        return Redirect(f"/startups/{new_slug}")

    @get("/{slug:str}/team", name="startups:team", guards=[requires_login])
    async def team(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        startup_id, moved_to = await _startup_id(slug)
        if moved_to:
            return _moved(moved_to, "/team")
        return await _team_page(request, startup_id)

    @post("/{slug:str}/invitations", guards=[requires_login])
    async def invite(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        startup_id, _moved_to = await _startup_id(slug)
        values, _files = await read_form(request)
        shown = {"email": values.get("email", "")}
        user = current_user(request)
        if not rules.can_manage_members(user, await queries.member_role(startup_id, user.id)):
            raise PermissionDeniedException()
        try:
            await ratelimit.hit(request.app.stores.get("rate_limit"), ratelimit.INVITE_PER_USER, str(user.id))
            await domain.invite_member(startup_id=startup_id, inviter=user, email=values.get("email", ""),
                                       locale=request.scope["state"]["locale"], now=utcnow())
        except RateLimited as exc:
            minutes = max(1, -(-exc.retry_after // 60))
            message = _("You have sent many invitations in a short time. Try again in %(minutes)s minutes.", minutes=minutes)
            return await _team_page(request, startup_id, values=shown, errors={"email": message},
                                    status=HTTP_429_TOO_MANY_REQUESTS)
        except InvalidInput as exc:
            return await _team_page(request, startup_id, values=shown, errors=exc.errors, status=HTTP_400_BAD_REQUEST)
        except NotAllowed:
            raise PermissionDeniedException() from None
        flash(request, _("Invitation sent. The link works for 14 days."), category="success")
        return Redirect(f"/startups/{await _current_slug(startup_id)}/team")

    @post("/{slug:str}/invitations/{invitation_id:int}/revoke", guards=[requires_login])
    async def revoke(self, request: Request, slug: FromPath[str], invitation_id: FromPath[int]) -> Redirect:
        startup_id, _moved_to = await _startup_id(slug)
        try:
            await domain.revoke_invitation(startup_id=startup_id, invitation_id=invitation_id, actor=current_user(request),
                                           now=utcnow())
        except NotAllowed:
            raise PermissionDeniedException() from None
        flash(request, _("The invitation has been withdrawn."), category="success")
        return Redirect(f"/startups/{await _current_slug(startup_id)}/team")

    @post("/{slug:str}/members/{user_id:int}/remove", guards=[requires_login])
    async def remove(self, request: Request, slug: FromPath[str], user_id: FromPath[int]) -> Redirect:
        startup_id, _moved_to = await _startup_id(slug)
        try:
            await domain.remove_member(startup_id=startup_id, actor=current_user(request), user_id=user_id)
        except NotFound:
            raise NotFoundException() from None
        except NotAllowed as exc:
            flash(request, str(exc), category="error")
        else:
            flash(request, _("The member has been removed."), category="success")
        return Redirect(f"/startups/{await _current_slug(startup_id)}/team")

    @post("/{slug:str}/transfer", guards=[requires_login])
    async def transfer(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        startup_id, _moved_to = await _startup_id(slug)
        values, _files = await read_form(request)
        new_owner = values.get("new_owner", "")
        try:
            await domain.transfer_ownership(startup_id=startup_id, actor=current_user(request),
                                            new_owner_id=int(new_owner) if new_owner.isdigit() else 0)
        except NotAllowed:
            raise PermissionDeniedException() from None
        except InvalidInput as exc:
            return await _team_page(request, startup_id, errors=exc.errors, status=HTTP_400_BAD_REQUEST)
        flash(request, _("Ownership has been transferred. You are now a member."), category="success")
        return Redirect(f"/startups/{await _current_slug(startup_id)}/team")

    @post("/{slug:str}/leave", guards=[requires_login])
    async def leave(self, request: Request, slug: FromPath[str]) -> Redirect:
        startup_id, _moved_to = await _startup_id(slug)
        current = await _current_slug(startup_id)
        try:
            await domain.leave_startup(startup_id=startup_id, user=current_user(request))
        except NotAllowed as exc:
            flash(request, str(exc), category="error")
            return Redirect(f"/startups/{current}/team")
        flash(request, _("You have left the startup."), category="success")
        return Redirect("/account/startups")


async def _current_slug(startup_id: int) -> str:
    from showcase.startups.tables import Startup

    row = await Startup.select(Startup.slug).where(Startup.id == startup_id).first()
    if row is None:
        raise NotFoundException()
    return row["slug"]


class InvitationController(Controller):
    """The link e-mailed to an invitee: anyone holding it may answer, with any account."""

    path = "/invitations"
    include_in_schema = False

    @get("/{token:str}", name="startups:invitation")
    async def show(self, request: Request, token: FromPath[str]) -> Template:
        try:
            invitation = await domain.open_invitation(token=token, now=utcnow())
        except TokenInvalid as exc:
            return Template(INVITATION_TEMPLATE, context={"problem": invitation_message(exc.reason)},
                            status_code=HTTP_400_BAD_REQUEST)
        user = current_user(request)
        role = await queries.member_role(invitation["startup.id"], user.id) if user else None
        return Template(INVITATION_TEMPLATE, context={"invitation": invitation, "token": token, "role": role,
                                                      "problem": None})

    @post("/{token:str}/accept", guards=[requires_login])
    async def accept(self, request: Request, token: FromPath[str]) -> Template | Redirect:
        return await _answer(request, token, accept=True)

    @post("/{token:str}/decline", guards=[requires_login])
    async def decline(self, request: Request, token: FromPath[str]) -> Template | Redirect:
        return await _answer(request, token, accept=False)


async def _answer(request: Request, token: str, *, accept: bool) -> Template | Redirect:
    try:
        invitation, joined = await domain.respond_to_invitation(token=token, user=current_user(request), accept=accept,
                                                                now=utcnow())
    except TokenInvalid as exc:
        return Template(INVITATION_TEMPLATE, context={"problem": invitation_message(exc.reason)},
                        status_code=HTTP_400_BAD_REQUEST)
    return _after_answer(request, invitation, accept=accept, joined=joined)


def _after_answer(request: Request, invitation: dict, *, accept: bool, joined: bool) -> Redirect:
    name = invitation["startup.name"]
    if not accept:
        flash(request, _("You declined the invitation to join %(startup)s.", startup=name), category="success")
        return Redirect("/account/startups")
    if joined:
        flash(request, _("Welcome to %(startup)s! You are now a member.", startup=name), category="success")
    else:
        flash(request, _("You were already a member of %(startup)s.", startup=name), category="success")
    return Redirect(f"/startups/{invitation['startup.slug']}")


class MyStartupsController(Controller):
    """The startups I belong to, and the invitations addressed to my (confirmed) e-mail address."""

    path = "/account/startups"
    include_in_schema = False
    guards = [requires_login]

    @get("/", name="startups:mine")
    async def mine(self, request: Request) -> Template:
        user = current_user(request)
        invitations = await queries.invitations_for_email(user.email, now=utcnow()) if user.email_verified else []
        return Template("startups/mine.html", context={
            "memberships": await queries.memberships_of(user.id), "invitations": invitations,
            "can_create": rules.can_create_startup(user),
        })

    @post("/invitations/{invitation_id:int}/accept")
    async def accept(self, request: Request, invitation_id: FromPath[int]) -> Redirect:
        return await _answer_by_id(request, invitation_id, accept=True)

    @post("/invitations/{invitation_id:int}/decline")
    async def decline(self, request: Request, invitation_id: FromPath[int]) -> Redirect:
        return await _answer_by_id(request, invitation_id, accept=False)


async def _answer_by_id(request: Request, invitation_id: int, *, accept: bool) -> Redirect:
    try:
        invitation, joined = await domain.respond_by_id(invitation_id=invitation_id, user=current_user(request),
                                                        accept=accept, now=utcnow())
    except NotFound:
        raise NotFoundException() from None
    except NotAllowed as exc:
        flash(request, str(exc), category="error")
        return Redirect("/account/startups")
    except TokenInvalid as exc:
        flash(request, invitation_message(exc.reason), category="error")
        return Redirect("/account/startups")
    return _after_answer(request, invitation, accept=accept, joined=joined)
