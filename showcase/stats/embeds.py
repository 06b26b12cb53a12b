"""What the portal puts on its dataset pages: the reuses embed (an iframe), the SVG badge, CORS on the
dataset reuses API for the portal's origin only, and the /developers page that documents them.

Embeds and badges set no cookie at all (sessions, CSRF and the language cookie skip /embed/ and /badges/ in
showcase.security), speak the language of ?lang= only, and may be cached by anyone for a few minutes. Only
PORTAL_ORIGIN may frame the embed (CSP frame-ancestors); every other page keeps refusing to be framed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from litestar import Request, Response, get
from litestar.datastructures import CacheControlHeader, Headers, MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.params import FromPath
from litestar.response import Template
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from showcase.i18n import get_locale
from showcase.i18n import gettext as _
from showcase.stats import badges, embed_queries

CACHE_SECONDS = 300
PUBLIC_CACHE = CacheControlHeader(public=True, max_age=CACHE_SECONDS)
CORS_METHODS = "GET, OPTIONS"
CORS_MAX_AGE = "86400"


# --- CORS on GET /api/v1/datasets/{id}/reuses -------------------------------------------------------------------


def cors_headers(origin: str | None, allowed: str) -> dict[str, str]:
    """The CORS headers for a request from `origin`: only the portal's origin is allowed (no wildcard)."""
    if origin and allowed and origin.strip().lower() == allowed:
        return {"Access-Control-Allow-Origin": allowed}
    return {}


REUSES_API = re.compile(r"^/api/v1/datasets/[^/]+/reuses$")


class PortalCorsMiddleware(ASGIMiddleware):
    """Registered on the app, active on GET /api/v1/datasets/{id}/reuses (and its preflight) only: the portal's
    origin may read it from a browser; every other origin and every other path get no CORS header."""

    scopes = (ScopeType.HTTP,)

    @staticmethod
    def should_bypass_for_scope(scope: Scope) -> bool:
        return not REUSES_API.match(scope["path"])

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        headers_in = Headers.from_scope(scope)
        extra = cors_headers(headers_in.get("origin"), scope["app"].state.settings.portal_origin)
        if extra and scope["method"] == "OPTIONS":
            extra |= {"Access-Control-Allow-Methods": CORS_METHODS, "Access-Control-Max-Age": CORS_MAX_AGE}
            if asked := headers_in.get("access-control-request-headers"):
                extra["Access-Control-Allow-Headers"] = asked[:200]

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableScopeHeaders.from_message(message)
                for name, value in extra.items():
                    headers[name] = value
                vary = headers.get("vary")
                if not vary or "origin" not in vary.lower():
                    headers["Vary"] = f"{vary}, Origin" if vary else "Origin"
            await send(message)

        await next_app(scope, receive, send_with_cors)


# --- the embed ---------------------------------------------------------------------------------------------------


def _lang_query() -> str:
    return f"?lang={get_locale()}"


@get("/embed/datasets/{key:str}", include_in_schema=False, cache_control=PUBLIC_CACHE, name="embeds:dataset")
async def dataset_embed(key: FromPath[str]) -> Template:
    from showcase.reuses.constants import TYPES

    dataset = await embed_queries.find_dataset(key)
    if dataset is None:
        return Template("stats/embed.html", status_code=404, context={
            "dataset": None, "reuses": [], "count": 0, "types": TYPES, "lang_query": _lang_query(),
            "add_url": f"/reuses/new{_lang_query()}"})
    reuses = await embed_queries.published_reuses(dataset.id)
    count = len(reuses) if len(reuses) < embed_queries.EMBED_LIMIT else await embed_queries.published_count(dataset.id)
    return Template("stats/embed.html", context={
        "dataset": dataset, "reuses": reuses, "count": count, "types": TYPES, "lang_query": _lang_query(),
        "add_url": f"/reuses/new{_lang_query()}&dataset={quote(dataset.key, safe='')}",
    })


# --- the badge ---------------------------------------------------------------------------------------------------


@get("/badges/datasets/{key:str}", include_in_schema=False, cache_control=PUBLIC_CACHE, name="badges:dataset")
async def dataset_badge(key: FromPath[str]) -> Response[str]:
    if not key.endswith(".svg"):
        return Response(_("Badges end in .svg"), status_code=404, media_type="text/plain; charset=utf-8")
    count = await embed_queries.badge_count(key.removesuffix(".svg"))
    return Response(badges.badge_svg(count), media_type="image/svg+xml; charset=utf-8")


# --- /developers -------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Endpoint:
    method: str
    path: str
    summary: str


def api_endpoints(request: Request) -> list[Endpoint]:
    """Every operation of the OpenAPI document (the same one /schema/openapi.json serves), sorted by path."""
    schema = request.app.openapi_schema
    found = []
    for path, item in (schema.paths or {}).items():
        for method in ("get", "post", "put", "patch", "delete"):
            operation = getattr(item, method, None)
            if operation is not None:
                found.append(Endpoint(method.upper(), path, operation.summary or ""))
    order = {"GET": 0, "POST": 1, "PUT": 2, "PATCH": 3, "DELETE": 4}
    return sorted(found, key=lambda e: (e.path, order[e.method]))


@get("/developers", include_in_schema=False, name="developers")
async def developers(request: Request) -> Template:
    from showcase.reuses.constants import TYPES

    settings = request.app.state.settings
    demo = await embed_queries.most_reused_dataset()
    reuses = await embed_queries.published_reuses(demo.id) if demo else []
    count = await embed_queries.published_count(demo.id) if demo else 0
    return Template("stats/developers.html", context={
        "endpoints": api_endpoints(request), "base_url": settings.base_url, "portal_origin": settings.portal_origin,
        "demo": demo, "demo_key": demo.key if demo else "DATASET", "demo_reuses": reuses, "demo_count": count,
        "types": TYPES,
    })


ROUTES: list = [dataset_embed, dataset_badge, developers]
