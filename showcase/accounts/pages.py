"""Account pages: sign-up, log-in/out, verification, password reset and change, profile; admin roles."""

from __future__ import annotations

from urllib.parse import urlencode

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.plugins.flash import flash
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_429_TOO_MANY_REQUESTS

from showcase import ratelimit
from showcase.accounts import domain, tokens
from showcase.accounts.queries import list_users
from showcase.accounts.tables import ROLES, User
from showcase.exceptions import InvalidInput, NotAllowed, RateLimited, TokenInvalid
from showcase.i18n import SUPPORTED, gettext as _, language_name
from showcase.security import end_session, requires_admin, requires_login, safe_next_url, start_authenticated_session
from showcase.web import client_ip, current_user, form_page, read_form, read_multi, utcnow


def _limits(request: Request):  # noqa: ANN202
    return request.app.stores.get("rate_limit")


def _too_many(template: str, values: dict, exc: RateLimited, field: str = "email", **context) -> Template:
    minutes = max(1, -(-exc.retry_after // 60))
    message = _("Too many attempts. Try again in %(minutes)s minutes.", minutes=minutes)
    return form_page(template, values=values, errors={field: message}, status=HTTP_429_TOO_MANY_REQUESTS, **context)


def token_message(reason: str) -> str:
    return {
        "expired": _("This link has expired. Ask for a new one below."),
        "used": _("This link has already been used. Ask for a new one if you still need it."),
    }.get(reason, _("This link is not valid. Check that you copied it whole, or ask for a new one."))


class AccountController(Controller):
    path = "/account"
    include_in_schema = False

    @get("/signup", name="accounts:signup")
    async def signup_form(self, request: Request) -> Template | Redirect:
        if current_user(request):
            return Redirect("/account")
        return Template("accounts/signup.html", context={"values": {}, "errors": {}})

    @post("/signup")
    async def signup(self, request: Request) -> Template | Redirect:
        values, _files = await read_form(request)
        shown = {key: values.get(key, "") for key in ("name", "email")}
        try:
            await ratelimit.hit(_limits(request), ratelimit.SIGNUP_PER_IP, client_ip(request))
            await ratelimit.hit(_limits(request), ratelimit.SIGNUP_PER_ACCOUNT, values.get("email", "").strip().lower())
            address = await domain.sign_up(
                name=values.get("name", ""), email=values.get("email", ""), password=values.get("password", ""),
                locale=request.scope["state"]["locale"], now=utcnow(),
            )
        except RateLimited as exc:
            return _too_many("accounts/signup.html", shown, exc)
        except InvalidInput as exc:
            return form_page("accounts/signup.html", values=shown, errors=exc.errors)
        request.session["pending_email"] = address
        return Redirect("/account/check-email")

    @get("/check-email", name="accounts:check-email")
    async def check_email(self, request: Request) -> Template:
        return Template("accounts/check_email.html", context={"address": request.session.get("pending_email", "")})

    @get("/verify/{token:str}", name="accounts:verify")
    async def verify(self, request: Request, token: FromPath[str]) -> Template | Redirect:
        try:
            await domain.verify_email(token=token, now=utcnow())
        except TokenInvalid as exc:
            return Template("accounts/verify_failed.html", context={"message": token_message(exc.reason)}, status_code=400)
        flash(request, _("Your e-mail address is confirmed. Welcome!"), category="success")
        return Redirect("/account" if current_user(request) else "/account/login")

    @post("/verify/resend", guards=[requires_login])
    async def resend_verification(self, request: Request) -> Redirect:
        await domain.resend_verification(user_id=current_user(request).id, now=utcnow())
        flash(request, _("We sent you a new confirmation link."), category="success")
        return Redirect("/account")

    @get("/login", name="accounts:login")
    async def login_form(self, request: Request) -> Template | Redirect:
        target = safe_next_url(request.query_params.get("next"))
        if current_user(request):
            return Redirect(target)
        return Template("accounts/login.html", context={"values": {"next": target}, "errors": {}})

    @post("/login")
    async def login(self, request: Request) -> Template | Redirect:
        values, _files = await read_form(request)
        target = safe_next_url(values.get("next"))
        email = values.get("email", "").strip().lower()
        shown = {"email": values.get("email", ""), "next": target}
        store = _limits(request)
        try:
            await ratelimit.hit(store, ratelimit.LOGIN_PER_IP, client_ip(request))
            await ratelimit.check(store, ratelimit.LOGIN_PER_ACCOUNT, email)
        except RateLimited as exc:
            return _too_many("accounts/login.html", shown, exc, field="password")
        row = await domain.authenticate(email=email, password=values.get("password", ""), now=utcnow())
        if row is None:
            try:
                await ratelimit.hit(store, ratelimit.LOGIN_PER_ACCOUNT, email)
            except RateLimited as exc:
                return _too_many("accounts/login.html", shown, exc, field="password")
            message = _("The e-mail address or the password is not right.")
            return form_page("accounts/login.html", values=shown, errors={"password": message}, status=400)
        await ratelimit.clear(store, ratelimit.LOGIN_PER_ACCOUNT, email)
        start_authenticated_session(request, user_id=row["id"], session_epoch=row["session_epoch"])
        return Redirect(target)

    @post("/logout", name="accounts:logout")
    async def logout(self, request: Request) -> Redirect:
        end_session(request)
        return Redirect("/")

    @get("/password/forgot", name="accounts:forgot")
    async def forgot_form(self) -> Template:
        return Template("accounts/forgot.html", context={"values": {}, "errors": {}})

    @post("/password/forgot")
    async def forgot(self, request: Request) -> Template:
        values, _files = await read_form(request)
        shown = {"email": values.get("email", "")}
        try:
            email = domain.normalize_email(values.get("email", ""))
            await ratelimit.hit(_limits(request), ratelimit.RESET_PER_IP, client_ip(request))
            await ratelimit.hit(_limits(request), ratelimit.RESET_PER_ACCOUNT, email)
        except InvalidInput as exc:
            return form_page("accounts/forgot.html", values=shown, errors=exc.errors)
        except RateLimited as exc:
            return _too_many("accounts/forgot.html", shown, exc)
        await domain.request_password_reset(email=email, now=utcnow())
        return Template("accounts/forgot_sent.html", context={"address": email})

    @get("/password/reset/{token:str}", name="accounts:reset")
    async def reset_form(self, token: FromPath[str]) -> Template:
        try:
            await domain.check_reset_token(token=token, now=utcnow())
        except TokenInvalid as exc:
            return Template("accounts/forgot.html", context={"values": {}, "errors": {}, "notice": token_message(exc.reason)},
                            status_code=400)
        return Template("accounts/reset.html", context={"values": {}, "errors": {}, "token": token})

    @post("/password/reset/{token:str}")
    async def reset(self, request: Request, token: FromPath[str]) -> Template | Redirect:
        values, _files = await read_form(request)
        if values.get("password", "") != values.get("confirm_password", ""):
            return form_page("accounts/reset.html", values={}, errors={"confirm_password": _("The two passwords are different.")},
                             token=token)
        try:
            await domain.reset_password(token=token, password=values.get("password", ""), now=utcnow())
        except TokenInvalid as exc:
            return form_page("accounts/forgot.html", values={}, errors={}, notice=token_message(exc.reason))
        except InvalidInput as exc:
            return form_page("accounts/reset.html", values={}, errors=exc.errors, token=token)
        end_session(request)
        flash(request, _("Your password has been changed. You can log in with it now."), category="success")
        return Redirect("/account/login")

    @get("/", name="accounts:profile", guards=[requires_login])
    async def profile_form(self, request: Request) -> Template:
        row = await User.select(User.name, User.locale, User.bio, User.email).where(User.id == current_user(request).id).first()
        return Template("accounts/profile.html", context={"values": row, "errors": {}, "languages": _language_options()})

    @post("/", guards=[requires_login])
    async def profile(self, request: Request) -> Template | Redirect:
        values, _files = await read_form(request)
        user = current_user(request)
        try:
            await domain.update_profile(user_id=user.id, name=values.get("name", ""), locale=values.get("locale", ""),
                                        bio=values.get("bio", ""))
        except InvalidInput as exc:
            return form_page("accounts/profile.html", values={**values, "email": user.email}, errors=exc.errors,
                             languages=_language_options())
        flash(request, _("Your profile has been saved."), category="success")
        return Redirect("/account")

    @get("/password", name="accounts:password", guards=[requires_login])
    async def password_form(self) -> Template:
        return Template("accounts/password.html", context={"values": {}, "errors": {}})

    @post("/password", guards=[requires_login])
    async def change_password(self, request: Request) -> Template | Redirect:
        values, _files = await read_form(request)
        user = current_user(request)
        try:
            epoch = await domain.change_password(
                user_id=user.id, current=values.get("current_password", ""), new=values.get("new_password", ""),
                confirm=values.get("confirm_password", ""),
            )
        except InvalidInput as exc:
            return form_page("accounts/password.html", values={}, errors=exc.errors)
        # Other devices are logged out (the epoch moved); this one gets a fresh session id.
        start_authenticated_session(request, user_id=user.id, session_epoch=epoch)
        flash(request, _("Your password has been changed."), category="success")
        return Redirect("/account")


def _language_options() -> list[tuple[str, str]]:
    return [(code, language_name(code)) for code in SUPPORTED]


class ManageUsersController(Controller):
    """Admins grant and remove roles, and deactivate accounts."""

    path = "/manage/users"
    include_in_schema = False
    guards = [requires_admin]

    @get("/", name="manage:users")
    async def index(self, request: Request, q: FromQuery[str] = "", role: FromQuery[str] = "",
                    page: FromQuery[int] = 1) -> Template:
        listing = await list_users(search=q[:100], role=role, page=max(1, page))
        return Template("manage/users.html", context={"listing": listing, "q": q, "role": role, "roles": ROLES})

    @post("/{user_id:int}/roles", name="manage:user-roles")
    async def set_roles(self, request: Request, user_id: FromPath[int]) -> Redirect:
        roles = set(await read_multi(request, "roles"))
        values, _files = await read_form(request)
        if not await User.exists().where(User.id == user_id):
            raise NotFoundException()
        try:
            await domain.set_roles(actor_id=current_user(request).id, user_id=user_id, roles=roles,
                                   active=values.get("active") == "on")
        except (NotAllowed, InvalidInput) as exc:
            message = " ".join(exc.errors.values()) if isinstance(exc, InvalidInput) else str(exc)
            flash(request, message, category="error")
        else:
            flash(request, _("Roles saved."), category="success")
        return Redirect("/manage/users?" + urlencode({"q": values.get("q", "")}))


class TokenController(Controller):
    """Personal API tokens on the account pages."""

    path = "/account/tokens"
    include_in_schema = False
    guards = [requires_login]

    @get("/", name="accounts:tokens")
    async def index(self, request: Request) -> Template:
        return Template("accounts/tokens.html", context={"tokens": await tokens.list_tokens(current_user(request).id),
                                                         "values": {}, "errors": {}, "new_token": None})

    @post("/")
    async def create(self, request: Request) -> Template:
        values, _files = await read_form(request)
        user = current_user(request)
        try:
            raw = await tokens.create_token(user_id=user.id, name=values.get("token_name", ""), now=utcnow())
        except InvalidInput as exc:
            return form_page("accounts/tokens.html", values=values, errors=exc.errors,
                             tokens=await tokens.list_tokens(user.id), new_token=None)
        return Template("accounts/tokens.html", context={"tokens": await tokens.list_tokens(user.id), "values": {},
                                                         "errors": {}, "new_token": raw})

    @post("/{token_id:int}/revoke", name="accounts:token-revoke")
    async def revoke(self, request: Request, token_id: FromPath[int]) -> Redirect:
        await tokens.revoke_token(user_id=current_user(request).id, token_id=token_id, now=utcnow())
        flash(request, _("The token is revoked: it no longer works."), category="success")
        return Redirect("/account/tokens")
