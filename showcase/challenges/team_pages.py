"""Participants' pages: registration, the team space, joining by e-mail invitation or share link, My challenges.

Thin handlers: the rules live in teams.py and invitations.py; a refusal comes back as NotAllowed with its
reason (shown on the page, status 403), a form error as InvalidInput (shown beside the field, status 400).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_301_MOVED_PERMANENTLY,
    HTTP_400_BAD_REQUEST,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_429_TOO_MANY_REQUESTS,
)

from showcase import ratelimit
from showcase.challenges import access, constants, display, invitations, queries, rules, teams
from showcase.challenges.access import ChallengeContext
from showcase.challenges.phases import capabilities
from showcase.challenges.team_space import my_challenges, pending_team, team_space
from showcase.exceptions import InvalidInput, NotAllowed, NotFound, RateLimited, TokenInvalid
from showcase.i18n import gettext as _
from showcase.markdown import render_markdown
from showcase.security import requires_login
from showcase.templating import localized
from showcase.web import current_user, read_form, utcnow

REGISTER_TEMPLATE = "challenges/register.html"
SPACE_TEMPLATE = "challenges/team/space.html"
JOIN_TEMPLATE = "challenges/team/join.html"
INVITATION_TEMPLATE = "challenges/team/invitation.html"


def invitation_message(reason: str) -> str:
    return {
        "expired": _("This invitation has expired. Ask the team's captain to invite you again."),
        "used": _("This invitation has already been answered."),
        "revoked": _("This invitation was withdrawn by the team's captain."),
    }.get(reason, _("This invitation link is not valid. Check that you copied it whole, or ask the team's captain "
                    "for a new one."))


def share_link_message() -> str:
    return _("This link to join a team is not valid: the captain may have replaced or disabled it. Ask them for "
             "the current link.")


def _team_path(ctx: ChallengeContext) -> str:
    return invitations.team_space_path(ctx.challenge["slug"])


async def _context(request: Request, slug: str, suffix: str = "") -> ChallengeContext | Redirect:
    """The challenge's context, or a permanent redirect when `slug` is an old address (GET pages)."""
    try:
        return await access.load(request, slug)
    except NotFoundException:
        _row, moved_to = await queries.find_challenge(slug)
        if moved_to:
            query = f"?{request.url.query}" if request.url.query else ""
            return Redirect(f"/challenges/{moved_to}{suffix}{query}", status_code=HTTP_301_MOVED_PERMANENTLY)
        raise


def _statements(challenge: dict) -> dict[str, Any]:
    """The rules and eligibility statement in the visitor's language (Markdown, sanitised)."""
    return {"rules_html": render_markdown(localized(challenge, "rules")),
            "eligibility_html": render_markdown(localized(challenge, "eligibility"))}


def _joining_blocker(ctx: ChallengeContext, team_id: int, size: int) -> str | None:
    """Why a logged-in person cannot join this team (None: they can, registering on the way if needed)."""
    actor = ctx.actor
    if actor.user_id is None:
        return None
    if actor.team_id == team_id:
        return _("You are already a member of this team.")
    if actor.pending_team_id == team_id:
        return _("You have asked to join this team. The captain has not answered yet.")
    action = "join_team" if actor.registered else "register"
    target = ctx.target()
    if not rules.allowed(actor, action, target):
        return teams.refusal_message(ctx, action)
    return None if teams.has_room(size, ctx.challenge) else teams.team_full_message(ctx.challenge)


# --- registration --------------------------------------------------------------------------


def _register_page(ctx: ChallengeContext, *, values: dict | None = None, errors: dict | None = None,
                   notice: str | None = None, status: int = 200) -> Template:
    return Template(REGISTER_TEMPLATE, status_code=status, context={
        "challenge": ctx.challenge, "phase": ctx.phase, "values": values or {}, "errors": errors or {},
        "notice": notice, **_statements(ctx.challenge),
    })


# --- the team space ---------------------------------------------------------------------------


async def _space(request: Request, ctx: ChallengeContext, *, values: dict | None = None, errors: dict | None = None,
                 notice: str | None = None, status: int = 200) -> Template:
    actor = ctx.actor
    space = None
    if actor.team_id is not None:
        space = await team_space(ctx.challenge, actor.team_id, captain=actor.is_captain, now=ctx.now)
    fields = {}
    if space is not None:
        entry = space.entry
        fields = {"team_id": actor.team_id, "team_members": space.size,
                  "entry_status": entry["status"] if entry else None,
                  "entry_screening": entry["screening"] if entry else None}
    can = rules.allowed_actions(actor, ctx.target(**fields))
    startups = [(row["id"], row["name"]) for row in await teams.startups_of(actor.user_id)] if "create_team" in can else []
    return Template(SPACE_TEMPLATE, status_code=status, context={
        "challenge": ctx.challenge, "phase": ctx.phase, "actor": actor, "space": space, "can": can,
        "pending": await pending_team(actor.pending_team_id) if actor.pending_team_id else None,
        "startups": startups, "countdown": display.countdown(ctx.state, ctx.now),
        "changes_open": capabilities(ctx.phase).can_form_teams,
        "closed_message": teams.phase_message("create_team", ctx.phase),
        "entry_statuses": constants.ENTRY_STATUSES, "screening_labels": constants.SCREENING,
        "invitation_days": constants.INVITATION_DAYS,
        "values": values or {}, "errors": errors or {}, "notice": notice, "now": ctx.now,
    })


TeamAction = Callable[[Request, ChallengeContext, dict[str, str]], Awaitable[str]]


async def _act(request: Request, slug: str, action: TeamAction) -> Template | Redirect:
    """Run a team change; success → flash + back to the team space; refusal or bad input → the space with the reason."""
    ctx = await access.load(request, slug)
    values, _files = await read_form(request)
    try:
        message = await action(request, ctx, values)
    except InvalidInput as exc:
        return await _space(request, ctx, values=values, errors=exc.errors, status=HTTP_400_BAD_REQUEST)
    except NotAllowed as exc:
        return await _space(request, ctx, notice=str(exc), status=HTTP_403_FORBIDDEN)
    except RateLimited as exc:
        minutes = max(1, -(-exc.retry_after // 60))
        message = _("You have sent many invitations in a short time. Try again in %(minutes)s minutes.", minutes=minutes)
        return await _space(request, ctx, values=values, errors={"email": message}, status=HTTP_429_TOO_MANY_REQUESTS)
    except NotFound:
        raise NotFoundException() from None
    flash(request, message, category="success")
    return Redirect(_team_path(ctx))


async def _create(request: Request, ctx: ChallengeContext, values: dict[str, str]) -> str:
    await teams.create_team(ctx, values=values, now=ctx.now)
    return _("Your team is created. Invite your teammates by e-mail or share the link below.")


async def _rename(request: Request, ctx: ChallengeContext, values: dict[str, str]) -> str:
    name = await teams.rename_team(ctx, values=values)
    return _("The team is now called %(name)s.", name=name)


async def _leave(request: Request, ctx: ChallengeContext, values: dict[str, str]) -> str:
    disbanded = await teams.leave_team(ctx)
    return _("You left the team; it had no other member and has been deleted.") if disbanded else _("You left the team.")


async def _transfer(request: Request, ctx: ChallengeContext, values: dict[str, str]) -> str:
    chosen = values.get("new_captain", "")
    name = await teams.transfer_captaincy(ctx, user_id=int(chosen) if chosen.isdigit() else 0)
    return _("%(name)s is now the captain of the team.", name=name)


async def _invite(request: Request, ctx: ChallengeContext, values: dict[str, str]) -> str:
    user = current_user(request)
    await teams.check(ctx, "invite_member")
    await ratelimit.hit(request.app.stores.get("rate_limit"), ratelimit.INVITE_PER_USER, str(user.id))
    await invitations.invite(ctx, inviter=user, email=values.get("email", ""), locale=request.scope["state"]["locale"],
                             now=ctx.now)
    return _("Invitation sent. The link works for %(days)s days.", days=constants.INVITATION_DAYS)


async def _regenerate_link(request: Request, ctx: ChallengeContext, values: dict[str, str]) -> str:
    await invitations.regenerate_share_link(ctx)
    return _("Here is a new share link. The previous one no longer works.")


async def _disable_link(request: Request, ctx: ChallengeContext, values: dict[str, str]) -> str:
    await invitations.disable_share_link(ctx)
    return _("The share link is disabled. Create a new one when you need it.")


async def _cancel_request(request: Request, ctx: ChallengeContext, values: dict[str, str]) -> str:
    await invitations.cancel_request(ctx)
    return _("Your request to join has been withdrawn.")


def _on_member(operation: Callable[..., Awaitable[str]], message: Callable[[str], str]) -> Callable[[int], TeamAction]:
    def bind(user_id: int) -> TeamAction:
        async def run(request: Request, ctx: ChallengeContext, values: dict[str, str]) -> str:
            return message(await operation(ctx, user_id=user_id, now=ctx.now))
        return run
    return bind


async def _remove_member(ctx: ChallengeContext, *, user_id: int, now: Any) -> str:
    return await teams.remove_member(ctx, user_id=user_id)


_approve = _on_member(invitations.approve_request, lambda name: _("%(name)s joined the team.", name=name))
_refuse = _on_member(invitations.refuse_request, lambda name: _("You declined the request from %(name)s.", name=name))
_remove = _on_member(_remove_member, lambda name: _("%(name)s is no longer in the team.", name=name))


def _revoke(invitation_id: int) -> TeamAction:
    async def run(request: Request, ctx: ChallengeContext, values: dict[str, str]) -> str:
        email = await invitations.revoke_invitation(ctx, invitation_id=invitation_id, now=ctx.now)
        return _("The invitation to %(email)s has been withdrawn.", email=email)
    return run


class TeamController(Controller):
    path = "/challenges"
    include_in_schema = False

    @get("/{slug:str}/register", name="challenges:register", guards=[requires_login])
    async def register_form(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        ctx = await _context(request, slug, "/register")
        if isinstance(ctx, Redirect):
            return ctx
        if ctx.actor.registered:
            flash(request, _("You are already registered for this challenge."), category="info")
            return Redirect(_team_path(ctx))
        if not ctx.can("register"):
            return _register_page(ctx, notice=teams.refusal_message(ctx, "register"),
                                  status=HTTP_403_FORBIDDEN)
        return _register_page(ctx)

    @post("/{slug:str}/register", guards=[requires_login])
    async def register(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        ctx = await access.load(request, slug)
        values, _files = await read_form(request)
        try:
            registered = await teams.register(ctx, values=values, now=ctx.now)
        except InvalidInput as exc:
            return _register_page(ctx, values=values, errors=exc.errors, status=HTTP_400_BAD_REQUEST)
        except NotAllowed as exc:
            return _register_page(ctx, notice=str(exc), status=HTTP_403_FORBIDDEN)
        if registered:
            flash(request, _("You are registered. Create your team or join one."), category="success")
        else:
            flash(request, _("You are already registered for this challenge."), category="info")
        return Redirect(_team_path(ctx))

    @get("/{slug:str}/team", name="challenges:team", guards=[requires_login])
    async def space(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        ctx = await _context(request, slug, "/team")
        if isinstance(ctx, Redirect):
            return ctx
        actor = ctx.actor
        if not (actor.registered or actor.organizes or actor.team_id or actor.pending_team_id):
            return Redirect(f"/challenges/{ctx.challenge['slug']}/register")
        return await _space(request, ctx)

    @post("/{slug:str}/team", guards=[requires_login])
    async def create(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        return await _act(request, slug, _create)

    @post("/{slug:str}/team/rename", guards=[requires_login])
    async def rename(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        return await _act(request, slug, _rename)

    @post("/{slug:str}/team/leave", guards=[requires_login])
    async def leave(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        return await _act(request, slug, _leave)

    @post("/{slug:str}/team/captain", guards=[requires_login])
    async def transfer(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        return await _act(request, slug, _transfer)

    @post("/{slug:str}/team/members/{user_id:int}/remove", guards=[requires_login])
    async def remove(self, request: Request, slug: FromPath[str], user_id: FromPath[int]) -> Template | Redirect:
        return await _act(request, slug, _remove(user_id))

    @post("/{slug:str}/team/requests/{user_id:int}/approve", guards=[requires_login])
    async def approve(self, request: Request, slug: FromPath[str], user_id: FromPath[int]) -> Template | Redirect:
        return await _act(request, slug, _approve(user_id))

    @post("/{slug:str}/team/requests/{user_id:int}/refuse", guards=[requires_login])
    async def refuse(self, request: Request, slug: FromPath[str], user_id: FromPath[int]) -> Template | Redirect:
        return await _act(request, slug, _refuse(user_id))

    @post("/{slug:str}/team/request/cancel", guards=[requires_login])
    async def cancel_request(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        return await _act(request, slug, _cancel_request)

    @post("/{slug:str}/team/invitations", guards=[requires_login])
    async def invite(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        return await _act(request, slug, _invite)

    @post("/{slug:str}/team/invitations/{invitation_id:int}/revoke", guards=[requires_login])
    async def revoke(self, request: Request, slug: FromPath[str], invitation_id: FromPath[int]) -> Template | Redirect:
        return await _act(request, slug, _revoke(invitation_id))

    @post("/{slug:str}/team/share-link", guards=[requires_login])
    async def regenerate_link(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        return await _act(request, slug, _regenerate_link)

    @post("/{slug:str}/team/share-link/disable", guards=[requires_login])
    async def disable_link(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        return await _act(request, slug, _disable_link)

    # --- the share link ---

    @get("/{slug:str}/join/{token:str}", name="challenges:join")
    async def join_page(self, request: Request, slug: FromPath[str], token: FromPath[str]) -> Template | Redirect:
        ctx = await _context(request, slug, f"/join/{token}")
        if isinstance(ctx, Redirect):
            return ctx
        return await _join_page(ctx, token)

    @post("/{slug:str}/join/{token:str}", guards=[requires_login])
    async def join(self, request: Request, slug: FromPath[str], token: FromPath[str]) -> Template | Redirect:
        ctx = await access.load(request, slug)
        values, _files = await read_form(request)
        try:
            team = await invitations.request_to_join(ctx, token=token, values=values, now=ctx.now)
        except TokenInvalid:
            return await _join_page(ctx, token)
        except InvalidInput as exc:
            return await _join_page(ctx, token, values=values, errors=exc.errors, status=HTTP_400_BAD_REQUEST)
        except NotAllowed as exc:
            return await _join_page(ctx, token, notice=str(exc), status=HTTP_403_FORBIDDEN)
        flash(request, _("Your request has been sent to the captain of %(team)s. You will receive an e-mail when "
                         "they accept it.", team=team["name"]), category="success")
        return Redirect(_team_path(ctx))

    # --- e-mail invitations ---

    @get("/invitations/{token:str}", name="challenges:invitation")
    async def invitation_page(self, request: Request, token: FromPath[str]) -> Template:
        return await _invitation_page(request, token)

    @post("/invitations/{token:str}/accept", guards=[requires_login])
    async def accept(self, request: Request, token: FromPath[str]) -> Template | Redirect:
        return await _answer(request, token, accept=True)

    @post("/invitations/{token:str}/decline", guards=[requires_login])
    async def decline(self, request: Request, token: FromPath[str]) -> Template | Redirect:
        return await _answer(request, token, accept=False)


async def _join_page(ctx: ChallengeContext, token: str, *, values: dict | None = None, errors: dict | None = None,
                     notice: str | None = None, status: int = 200) -> Template:
    try:
        team = await invitations.open_share_link(ctx.challenge["id"], token)
    except TokenInvalid:
        return Template(JOIN_TEMPLATE, status_code=HTTP_404_NOT_FOUND, context={
            "challenge": ctx.challenge, "problem": share_link_message()})
    pending = await pending_team(ctx.actor.pending_team_id) if ctx.actor.pending_team_id else None
    size = await teams.team_size(team["id"])
    return Template(JOIN_TEMPLATE, status_code=status, context={
        "challenge": ctx.challenge, "phase": ctx.phase, "actor": ctx.actor, "team": team, "token": token,
        "problem": None, "size": size, "blocker": notice or _joining_blocker(ctx, team["id"], size), "pending": pending,
        "values": values or {}, "errors": errors or {}, **_statements(ctx.challenge),
    })


async def _invitation_page(request: Request, token: str, *, values: dict | None = None, errors: dict | None = None,
                           notice: str | None = None, status: int = 200) -> Template:
    try:
        invitation = await invitations.open_invitation(token=token, now=utcnow())
    except TokenInvalid as exc:
        return Template(INVITATION_TEMPLATE, context={"problem": invitation_message(exc.reason)},
                        status_code=HTTP_400_BAD_REQUEST)
    ctx = await access.load(request, invitation["team.challenge.slug"])
    size = await teams.team_size(invitation["team.id"])
    return Template(INVITATION_TEMPLATE, status_code=status, context={
        "challenge": ctx.challenge, "phase": ctx.phase, "actor": ctx.actor, "invitation": invitation, "token": token,
        "problem": None, "size": size, "blocker": notice or _joining_blocker(ctx, invitation["team.id"], size),
        "values": values or {}, "errors": errors or {}, **_statements(ctx.challenge),
    })


async def _answer(request: Request, token: str, *, accept: bool) -> Template | Redirect:
    values, _files = await read_form(request)
    try:
        invitation = await invitations.open_invitation(token=token, now=utcnow())
        ctx = await access.load(request, invitation["team.challenge.slug"])
        await invitations.respond(ctx, invitation=invitation, accept=accept, values=values, now=ctx.now)
    except TokenInvalid as exc:
        return Template(INVITATION_TEMPLATE, context={"problem": invitation_message(exc.reason)},
                        status_code=HTTP_400_BAD_REQUEST)
    except InvalidInput as exc:
        return await _invitation_page(request, token, values=values, errors=exc.errors, status=HTTP_400_BAD_REQUEST)
    except NotAllowed as exc:
        return await _invitation_page(request, token, notice=str(exc), status=HTTP_403_FORBIDDEN)
    team = invitation["team.name"]
    if not accept:
        flash(request, _("You declined the invitation to join %(team)s.", team=team), category="success")
        return Redirect(f"/challenges/{ctx.challenge['slug']}")
    flash(request, _("Welcome to %(team)s! You are now a member of the team.", team=team), category="success")
    return Redirect(_team_path(ctx))


@get("/account/challenges", name="challenges:mine", guards=[requires_login], include_in_schema=False)
async def mine(request: Request) -> Template:
    return Template("challenges/mine.html", context={
        "items": await my_challenges(current_user(request).id, now=utcnow()), "entry_statuses": constants.ENTRY_STATUSES})


ROUTES: list = [TeamController, mine]
