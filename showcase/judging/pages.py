"""Jury pages: the organizers' jury tab (judges, invitations, conflicts and their CSV) and the invitation page.

Thin handlers: the rules live in jury.py and conflicts.py."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_200_OK, HTTP_400_BAD_REQUEST, HTTP_403_FORBIDDEN

from showcase.challenges import overview
from showcase.challenges.access import ChallengeContext
from showcase.challenges.manage_common import EXCEPTION_HANDLERS, load_managed, tab_page
from showcase.exceptions import InvalidInput, NotAllowed, NotFound, TokenInvalid
from showcase.i18n import gettext as _
from showcase.judging import conflicts, jury
from showcase.security import requires_login
from showcase.templating import localized
from showcase.web import current_user, read_form, utcnow

INVITATION_TEMPLATE = "judging/invitation.html"


def _jury_path(ctx: ChallengeContext) -> str:
    return f"/manage/challenges/{ctx.challenge['slug']}/jury"


async def _jury_page(ctx: ChallengeContext, *, values: dict | None = None, errors: dict | None = None,
                     status: int = HTTP_200_OK) -> Template:
    challenge_id = ctx.challenge["id"]
    return tab_page("manage/challenges/jury.html", ctx, tab="jury", status=status,
                    judges=await jury.judges_of(challenge_id),
                    invitations=await jury.pending_invitations(challenge_id, now=ctx.now),
                    conflicts=await conflicts.all_conflicts(challenge_id), source_label=conflicts.source_label,
                    track_options=[(track.id, localized(track, "name")) for track in await overview.prize_tracks(challenge_id)],
                    invitation_days=jury.INVITATION_DAYS,
                    values=values or {}, errors=errors or {})


class JuryController(Controller):
    path = "/manage/challenges"
    include_in_schema = False
    guards = [requires_login]
    exception_handlers = EXCEPTION_HANDLERS  # type: ignore[assignment]

    @get("/{slug:str}/jury", name="manage:challenge:jury")
    async def page(self, request: Request, slug: FromPath[str]) -> Template:
        return await _jury_page(await load_managed(request, slug, jury.MANAGE_ACTION))

    @post("/{slug:str}/jury/invitations")
    async def invite(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        ctx = await load_managed(request, slug, jury.MANAGE_ACTION)
        values, _files = await read_form(request)
        try:
            await jury.invite(ctx, inviter=current_user(request), email=values.get("email", ""),
                              track=values.get("track", ""), locale=request.scope["state"]["locale"], now=ctx.now)
        except InvalidInput as exc:
            return await _jury_page(ctx, values=values, errors=exc.errors, status=HTTP_400_BAD_REQUEST)
        flash(request, _("Invitation sent. The link works for %(days)s days.", days=jury.INVITATION_DAYS),
              category="success")
        return Redirect(_jury_path(ctx))

    @post("/{slug:str}/jury/invitations/{invitation_id:int}/revoke")
    async def revoke(self, request: Request, slug: FromPath[str], invitation_id: FromPath[int]) -> Redirect:
        ctx = await load_managed(request, slug, jury.MANAGE_ACTION)
        try:
            email = await jury.revoke(ctx, invitation_id=invitation_id, now=ctx.now)
        except NotFound:
            raise NotFoundException() from None
        flash(request, _("The invitation to %(email)s has been withdrawn.", email=email), category="success")
        return Redirect(_jury_path(ctx))

    @post("/{slug:str}/jury/judges/{judge_id:int}/remove")
    async def remove(self, request: Request, slug: FromPath[str], judge_id: FromPath[int]) -> Redirect:
        ctx = await load_managed(request, slug, jury.MANAGE_ACTION)
        try:
            name = await jury.remove_judge(ctx, judge_id=judge_id)
        except NotFound:
            raise NotFoundException() from None
        flash(request, _("%(name)s is no longer on the jury.", name=name), category="success")
        return Redirect(_jury_path(ctx))

    @get("/{slug:str}/jury/conflicts.csv", name="manage:challenge:jury:conflicts")
    async def conflicts_csv(self, request: Request, slug: FromPath[str]) -> Response[bytes]:
        ctx = await load_managed(request, slug, jury.MANAGE_ACTION)
        content = conflicts.conflicts_csv(await conflicts.all_conflicts(ctx.challenge["id"])).encode()
        filename = f"{ctx.challenge['slug']}-conflicts.csv"
        return Response(content, media_type="text/csv", headers={
            "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})


def invitation_message(reason: str) -> str:
    return {
        "expired": _("This invitation has expired. Ask the organizers to invite you again."),
        "used": _("This invitation has already been answered."),
        "revoked": _("This invitation was withdrawn by the organizers."),
    }.get(reason, _("This invitation link is not valid. Check that you copied it whole, or ask the organizers for "
                    "a new one."))


async def _invitation_page(request: Request, token: str, *, notice: str | None = None,
                           status: int = HTTP_200_OK) -> Template:
    try:
        invitation = await jury.open_invitation(token=token, now=utcnow())
    except TokenInvalid as exc:
        return Template(INVITATION_TEMPLATE, status_code=HTTP_400_BAD_REQUEST,
                        context={"problem": invitation_message(exc.reason)})
    user = current_user(request)
    if notice is None and user is not None and await jury.participates(invitation["challenge.id"], user.id):
        notice = jury.participant_message()
    return Template(INVITATION_TEMPLATE, status_code=status, context={
        "problem": None, "invitation": invitation, "token": token, "blocker": notice,
        "challenge": {"slug": invitation["challenge.slug"], "title_fr": invitation["challenge.title_fr"],
                      "title_ar": invitation["challenge.title_ar"]}})


async def _answer(request: Request, token: str, *, accept: bool) -> Template | Redirect:
    try:
        invitation = await jury.open_invitation(token=token, now=utcnow())
        await jury.respond(invitation, user_id=current_user(request).id, accept=accept, now=utcnow())
    except TokenInvalid as exc:
        return Template(INVITATION_TEMPLATE, status_code=HTTP_400_BAD_REQUEST,
                        context={"problem": invitation_message(exc.reason)})
    except NotAllowed as exc:
        return await _invitation_page(request, token, notice=str(exc), status=HTTP_403_FORBIDDEN)
    slug = invitation["challenge.slug"]
    if accept:
        flash(request, _("Thank you! You are now on the jury of this challenge."), category="success")
    else:
        flash(request, _("You declined the invitation to the jury."), category="success")
    return Redirect(f"/challenges/{slug}")


class JudgeInvitationController(Controller):
    path = "/judging/invitations"
    include_in_schema = False

    @get("/{token:str}", name="judging:invitation")
    async def page(self, request: Request, token: FromPath[str]) -> Template:
        return await _invitation_page(request, token)

    @post("/{token:str}/accept", guards=[requires_login])
    async def accept(self, request: Request, token: FromPath[str]) -> Template | Redirect:
        return await _answer(request, token, accept=True)

    @post("/{token:str}/decline", guards=[requires_login])
    async def decline(self, request: Request, token: FromPath[str]) -> Template | Redirect:
        return await _answer(request, token, accept=False)


ROUTES: list = [JuryController, JudgeInvitationController]
