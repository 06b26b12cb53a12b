"""Sessions (with id rotation), CSRF, the current user, guards and security headers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from litestar.config.csrf import CSRFConfig
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers import BaseRouteHandler
from litestar.middleware import ASGIMiddleware
from litestar.middleware.session.server_side import ServerSideSessionBackend, ServerSideSessionConfig
from litestar.types import Empty, Message, Receive, Scope, Send

from showcase import i18n
from showcase.settings import Settings

if TYPE_CHECKING:
    from litestar.types import ASGIApp

SESSION_COOKIE = "showcase_session"
CSRF_COOKIE = "showcase_csrftoken"  # not "csrftoken": piccolo_admin's own cookie would clash
ROTATE_FLAG = "_rotate_id"
STATELESS_PREFIXES = ("/static", "/media", "/livez", "/healthz", "/open-data/")  # /open-data/<file>: downloads
# Embeds and badges sit on other sites: no session, no CSRF or language cookie, language from ?lang= only.
EMBED_PREFIXES = ("/embed/", "/badges/")


class RotatingSessionBackend(ServerSideSessionBackend):
    """Issue a fresh session id at log-in so a planted cookie can never become authenticated."""

    def get_session_id(self, connection: ASGIConnection) -> str:
        return connection.scope.get("_rotated_session_id") or super().get_session_id(connection)

    async def store_in_message(self, scope_session: Any, message: Message, connection: ASGIConnection) -> None:
        if isinstance(scope_session, dict) and not scope_session:
            if not connection.cookies.get(self.config.key):
                return  # an anonymous visit: no cookie, no store write
            scope_session = Empty  # the session was emptied: forget it
        if scope_session is not Empty and isinstance(scope_session, dict) and scope_session.pop(ROTATE_FLAG, False):
            store = self.config.get_store_from_app(connection.scope["app"])
            if old_id := connection.cookies.get(self.config.key):
                await self.delete(old_id, store=store)
            connection.scope["_rotated_session_id"] = self.generate_session_id()  # type: ignore[typeddict-unknown-key]
        await super().store_in_message(scope_session, message, connection)


@dataclass
class RotatingSessionConfig(ServerSideSessionConfig):
    _backend_class = RotatingSessionBackend  # type: ignore[assignment]


def session_config(settings: Settings) -> RotatingSessionConfig:
    return RotatingSessionConfig(
        key=SESSION_COOKIE,
        max_age=14 * 24 * 3600,
        samesite="lax",
        secure=not settings.debug,
        httponly=True,
        store="sessions",
        exclude=["^/static", "^/media", "^/livez", "^/healthz", "^/api", "^/embed/", "^/badges/", "^/open-data/"],
    )


def csrf_config(settings: Settings) -> CSRFConfig:
    return CSRFConfig(
        secret=settings.secret_key,
        cookie_name=CSRF_COOKIE,
        cookie_secure=not settings.debug,
        cookie_samesite="lax",
        exclude=["^/api", "^/admin", "^/static", "^/media", "^/embed/", "^/badges/", "^/open-data/"],
    )


def start_authenticated_session(connection: ASGIConnection, *, user_id: int, session_epoch: int) -> None:
    """Log a user in: new session id, nothing carried over from the anonymous session."""
    connection.set_session({"user_id": user_id, "epoch": session_epoch, ROTATE_FLAG: True})


def end_session(connection: ASGIConnection) -> None:
    """Log out. An empty dict (not clear_session's Empty) lets a flash message follow the redirect;
    an empty session is deleted from the store when the response goes out."""
    connection.scope["session"] = {}


class RequestContextMiddleware(ASGIMiddleware):
    """Choose the visitor's language and load the logged-in user before guards and handlers run."""

    scopes = (ScopeType.HTTP,)

    @staticmethod
    def should_bypass_for_scope(scope: Scope) -> bool:
        return scope["path"].startswith(STATELESS_PREFIXES)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        from showcase.accounts.queries import load_session_user

        connection: ASGIConnection = ASGIConnection(scope)
        query_lang = connection.query_params.get("lang")
        if scope["path"].startswith(EMBED_PREFIXES):
            i18n.set_locale(query_lang if query_lang in i18n.SUPPORTED else i18n.DEFAULT)
            scope.setdefault("state", {})["locale"] = i18n.get_locale()  # type: ignore[typeddict-item]
            scope["state"]["user"] = None  # type: ignore[index]
            await next_app(scope, receive, send)
            return
        cookie_lang = connection.cookies.get(i18n.LANG_COOKIE)
        locale = i18n.choose_locale(query_lang, cookie_lang, connection.headers.get("accept-language"))
        i18n.set_locale(locale)
        scope.setdefault("state", {})["locale"] = locale  # type: ignore[typeddict-item]
        session = scope.get("session")
        scope["state"]["user"] = await load_session_user(session if isinstance(session, dict) else None)  # type: ignore[index]

        remember = query_lang in i18n.SUPPORTED and query_lang != cookie_lang
        secure = scope.get("scheme") == "https"

        async def send_with_language_cookie(message: Message) -> None:
            if remember and message["type"] == "http.response.start":
                cookie = Cookie(
                    key=i18n.LANG_COOKIE, value=query_lang, max_age=365 * 24 * 3600, samesite="lax",
                    httponly=True, secure=secure, path="/",
                )
                MutableScopeHeaders.from_message(message).add("Set-Cookie", cookie.to_header(header=""))
            await send(message)

        await next_app(scope, receive, send_with_language_cookie)


def content_security_policy(path: str, frame_origin: str = "") -> str:
    if path.startswith("/embed/"):
        # Made to sit in an iframe on the portal's dataset pages, and nowhere else.
        ancestors = frame_origin or "'none'"
        return ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; font-src 'self'; "
                f"object-src 'none'; base-uri 'self'; form-action 'none'; frame-ancestors {ancestors}")
    if path.startswith("/schema"):
        # The OpenAPI viewer loads its script and styles from a CDN.
        return ("default-src 'self'; img-src 'self' data: https:; style-src 'self' 'unsafe-inline' https:; "
                "script-src 'self' https://cdn.jsdelivr.net; font-src 'self' https: data:; frame-ancestors 'none'")
    return ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; font-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def security_headers_hook(*, hsts: bool, frame_origin: str = ""):  # noqa: ANN201
    """A before-send hook: it sees every response, 404s for unknown URLs included."""

    async def add_headers(message: Message, scope: Scope) -> None:
        if message["type"] == "http.response.start":
            add_security_headers(MutableScopeHeaders.from_message(message), path=scope.get("path", ""), hsts=hsts,
                                 frame_origin=frame_origin)

    return add_headers


def add_security_headers(headers: MutableScopeHeaders, *, path: str, hsts: bool, frame_origin: str = "") -> None:
    headers.setdefault("Content-Security-Policy", content_security_policy(path, frame_origin))
    headers.setdefault("X-Content-Type-Options", "nosniff")
    if not path.startswith("/embed/"):  # embeds rely on CSP frame-ancestors (the portal's origin) instead
        headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if hsts:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")


# --- guards -----------------------------------------------------------------------------


def current_user(connection: ASGIConnection) -> Any:
    return connection.scope.get("state", {}).get("user")


def requires_login(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    if current_user(connection) is None:
        raise NotAuthorizedException("login required")


def requires_role(role: str):  # noqa: ANN201
    """Guard factory: the user must hold `role` (admins hold every role)."""

    def guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
        user = current_user(connection)
        if user is None:
            raise NotAuthorizedException("login required")
        if not user.has_role(role):
            raise PermissionDeniedException("not allowed")

    return guard


requires_admin = requires_role("admin")


def login_url_for(path: str, query: str = "") -> str:
    target = path + (f"?{query}" if query else "")
    return f"/account/login?next={quote(target, safe='/')}"


def safe_next_url(candidate: str | None, default: str = "/") -> str:
    """Only local paths: an open redirect after log-in is a phishing tool."""
    if not candidate or not candidate.startswith("/") or candidate.startswith("//") or "\\" in candidate:
        return default
    return candidate
