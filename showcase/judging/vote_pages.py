"""Public vote pages: the ballot /challenges/<slug>/vote (vote, remove my vote) and the organizers' page
/manage/challenges/<slug>/judging/vote (raw and retained counts, anomaly flags, voiding with a reason).

Thin handlers: the rules live in voting.py and anomalies.py."""

from __future__ import annotations

from urllib.parse import quote

from litestar import Controller, Request, get, post
from litestar.datastructures import Cookie
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_200_OK, HTTP_400_BAD_REQUEST, HTTP_403_FORBIDDEN, HTTP_429_TOO_MANY_REQUESTS

from showcase import ratelimit
from showcase.challenges import access
from showcase.challenges.access import ChallengeContext
from showcase.challenges.manage_common import EXCEPTION_HANDLERS, load_managed, tab_page
from showcase.exceptions import InvalidInput, NotAllowed, NotFound, RateLimited
from showcase.i18n import gettext as _
from showcase.i18n import ngettext
from showcase.judging import anomalies, voting
from showcase.security import requires_login
from showcase.web import client_ip, current_user, read_form, utcnow

BALLOT_TEMPLATE = "judging/vote.html"
MANAGE_TEMPLATE = "manage/challenges/judging_vote.html"
FLAG_LABELS = {
    "ip_burst": lambda: _("Bursts from one address"),
    "subnet_burst": lambda: _("Bursts from one network"),
    "new_account": lambda: _("Accounts created during the vote"),
    "shared_device": lambda: _("Devices shared by several accounts"),
}


def flag_label(kind: str) -> str:
    return FLAG_LABELS[kind]()


def _ballot_path(slug: str) -> str:
    return f"/challenges/{slug}/vote"


async def _ballot_page(request: Request, ctx: ChallengeContext, *, notice: str | None = None,
                       status: int = HTTP_200_OK) -> Template:
    ballot = await voting.ballot(ctx, current_user(request))
    if ballot.window.status == "none":
        raise NotFoundException()
    path = _ballot_path(ctx.challenge["slug"])
    return Template(BALLOT_TEMPLATE, status_code=status, context={
        "challenge": ctx.challenge, "phase": ctx.phase, "ballot": ballot, "notice": notice,
        "login_url": f"/account/login?next={quote(path, safe='/')}",
        "entries_public": ctx.challenge["entries_public"], "organizes": ctx.actor.organizes})


def _device_cookie(request: Request, token: str) -> Cookie:
    return Cookie(key=voting.DEVICE_COOKIE, value=token, max_age=voting.DEVICE_MAX_AGE, path="/", httponly=True,
                  samesite="lax", secure=request.url.scheme == "https")


async def _entry_id(request: Request) -> int | None:
    values, _files = await read_form(request)
    text = values.get("entry", "").strip()
    return int(text) if text.isdigit() else None


class BallotController(Controller):
    path = "/challenges"
    include_in_schema = False

    @get("/{slug:str}/vote", name="challenges:vote")
    async def page(self, request: Request, slug: FromPath[str]) -> Template:
        return await _ballot_page(request, await access.load(request, slug))

    async def _act(self, request: Request, slug: str, *, withdraw: bool) -> Template | Redirect:
        ctx = await access.load(request, slug)
        user = current_user(request)
        path = _ballot_path(ctx.challenge["slug"])
        if user is None:
            return Redirect(f"/account/login?next={quote(path, safe='/')}")
        entry_id = await _entry_id(request)
        if entry_id is None:
            return await _ballot_page(request, ctx, notice=_("Choose an entry on the ballot."),
                                      status=HTTP_400_BAD_REQUEST)
        store = request.app.stores.get("rate_limit")
        ip = client_ip(request)
        token = voting.device_token(request.cookies.get(voting.DEVICE_COOKIE))
        now = utcnow()
        try:
            await ratelimit.hit(store, voting.VOTES_PER_ACCOUNT, str(user.id))
            await ratelimit.hit(store, voting.VOTES_PER_IP, ip)
            if withdraw:
                await voting.withdraw(ctx, user, entry_id=entry_id, now=now)
            else:
                await voting.cast(ctx, user, entry_id=entry_id, ip=ip, device=voting.device_hash(token), now=now)
        except RateLimited:
            return await _ballot_page(request, ctx, status=HTTP_429_TOO_MANY_REQUESTS,
                                      notice=_("Too many votes from your account or your connection. Try again in "
                                               "a few minutes."))
        except NotFound:
            raise NotFoundException() from None
        except NotAllowed as exc:
            return await _ballot_page(request, ctx, notice=str(exc), status=HTTP_403_FORBIDDEN)
        flash(request, _("Your vote has been removed.") if withdraw else _("Thank you, your vote is recorded."),
              category="success")
        return Redirect(f"{path}#entry-{entry_id}", cookies=[_device_cookie(request, token)])

    @post("/{slug:str}/vote")
    async def vote(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        return await self._act(request, slug, withdraw=False)

    @post("/{slug:str}/vote/remove")
    async def remove(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        return await self._act(request, slug, withdraw=True)


def _manage_path(ctx: ChallengeContext) -> str:
    return f"/manage/challenges/{ctx.challenge['slug']}/judging/vote"


async def _manage_page(ctx: ChallengeContext, *, values: dict | None = None, errors: dict | None = None,
                       status: int = HTTP_200_OK) -> Template:
    review = await voting.review(ctx)
    return tab_page(MANAGE_TEMPLATE, ctx, tab="judging", status=status, judging_section="vote", review=review,
                    flag_label=flag_label, kinds=anomalies.KINDS,
                    burst_votes=anomalies.BURST_VOTES, burst_minutes=anomalies.BURST_MINUTES,
                    device_accounts=anomalies.SHARED_DEVICE_ACCOUNTS,
                    values=values or {}, errors=errors or {})


def _actor(request: Request) -> dict:
    user = current_user(request)
    return {"id": user.id, "name": user.name}


class VoteManageController(Controller):
    path = "/manage/challenges"
    include_in_schema = False
    guards = [requires_login]
    exception_handlers = EXCEPTION_HANDLERS  # type: ignore[assignment]

    @get("/{slug:str}/judging/vote", name="manage:challenge:judging:vote")
    async def page(self, request: Request, slug: FromPath[str]) -> Template:
        return await _manage_page(await load_managed(request, slug, "edit_challenge"))

    @post("/{slug:str}/judging/vote/void")
    async def void(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        ctx = await load_managed(request, slug, "edit_challenge")
        values, _files = await read_form(request)
        group = values.get("group", "")
        try:
            if group:
                changed = await voting.void_group(ctx, _actor(request), group=group, reason=values.get("reason", ""),
                                                  now=utcnow())
            else:
                changed = await voting.void_one(ctx, _actor(request), vote_id=values.get("vote", ""),
                                                reason=values.get("reason", ""), now=utcnow())
        except InvalidInput as exc:
            return await _manage_page(ctx, values=values, errors=exc.errors, status=HTTP_400_BAD_REQUEST)
        except NotFound:
            return await _manage_page(ctx, values=values, status=HTTP_400_BAD_REQUEST, errors={
                "group": _("These votes are no longer flagged together. Look at the flags again.")})
        except NotAllowed as exc:
            return await _manage_page(ctx, values=values, errors={"reason": str(exc)}, status=HTTP_403_FORBIDDEN)
        if changed:
            flash(request, ngettext("%(num)s vote voided.", "%(num)s votes voided.", changed), category="success")
        else:
            flash(request, _("No vote changed: they were already void."), category="info")
        return Redirect(_manage_path(ctx))


    @post("/{slug:str}/judging/vote/settings")
    async def settings(self, request: Request, slug: FromPath[str]) -> Template | Redirect:
        ctx = await load_managed(request, slug, "edit_challenge")
        values, _files = await read_form(request)
        try:
            allowance = await voting.set_allowance(ctx, _actor(request), mode=values.get("mode", "total"),
                                                   value=values.get("votes_per_account", ""), now=utcnow())
        except InvalidInput as exc:
            return await _manage_page(ctx, values={**values, "form": "settings"}, errors=exc.errors,
                                      status=HTTP_400_BAD_REQUEST)
        if allowance:
            flash(request, ngettext("Each account now has %(num)s vote in total.",
                                    "Each account now has %(num)s votes in total.", allowance), category="success")
        else:
            flash(request, _("Each account may now vote once for each entry."), category="success")
        return Redirect(_manage_path(ctx))


ROUTES: list = [BallotController, VoteManageController]
