"""Site-wide pages: home, liveness and readiness."""

from __future__ import annotations

from litestar import Request, get
from litestar.response import Response, Template
from litestar.status_codes import HTTP_200_OK, HTTP_503_SERVICE_UNAVAILABLE

from showcase import db
from showcase.reuses.constants import TYPES
from showcase.reuses.queries import featured_reuses
from showcase.stats.pages import home_figures_for


@get("/", name="home", include_in_schema=False)
async def home(request: Request) -> Template:
    from showcase.challenges.listing import home_cards
    from showcase.web import utcnow

    figures = await home_figures_for(request)
    return Template("home.html", context={"figures": figures, "featured": await featured_reuses(), "types": TYPES,
                                          "open_challenges": await home_cards(utcnow())})


@get("/livez", name="livez", include_in_schema=False, sync_to_thread=False)
def livez() -> Response[str]:
    return Response("ok", media_type="text/plain")


@get("/healthz", name="healthz", include_in_schema=False)
async def healthz() -> Response[dict]:
    healthy = await db.ping()
    return Response(
        {"status": "ok" if healthy else "unavailable", "database": "ok" if healthy else "unreachable"},
        status_code=HTTP_200_OK if healthy else HTTP_503_SERVICE_UNAVAILABLE,
        headers={"Cache-Control": "no-store"},
    )
