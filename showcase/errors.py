"""HTML-or-JSON error pages, in the visitor's language, for every status (unknown URLs included)."""

from __future__ import annotations

import logging

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from showcase import i18n
from showcase.i18n import gettext as _
from showcase.security import login_url_for

logger = logging.getLogger("showcase.errors")


def _titles() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Bad request"), _("Something in the request could not be understood. Go back and try again.")),
        401: (_("Please log in"), _("You need to be logged in to see this page.")),
        403: (_("Not allowed"), _("You are not allowed to do this. If you submitted a form, reload the page and try again.")),
        404: (_("Page not found"), _("This address does not lead anywhere. It may have been moved or deleted.")),
        405: (_("Not allowed"), _("This address does not accept this kind of request.")),
        410: (_("Gone"), _("This page was deleted.")),
        413: (_("File too large"), _("What you sent is too large. Go back and choose a smaller file.")),
        429: (_("Too many requests"), _("Too many attempts in a short time. Wait a little and try again.")),
        500: (_("Something went wrong"), _("An error occurred on our side. It has been logged; please try again later.")),
        503: (_("Temporarily unavailable"), _("The service is temporarily unavailable. Please try again in a few minutes.")),
    }


def wants_html(request: Request) -> bool:
    if request.url.path.startswith("/api"):
        return False
    return request.accept.best_match([MediaType.HTML, MediaType.JSON], default=MediaType.HTML) == MediaType.HTML


def error_handler(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else HTTP_500_INTERNAL_SERVER_ERROR
    if status >= 500:
        logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    # Unknown URLs fail before any middleware ran: choose the language here too.
    i18n.set_locale(i18n.choose_locale(
        request.query_params.get("lang"), request.cookies.get(i18n.LANG_COOKIE), request.headers.get("accept-language")
    ))
    if isinstance(exc, NotAuthorizedException) and request.method == "GET" and wants_html(request):
        return Redirect(login_url_for(request.url.path, request.url.query))
    titles = _titles()
    title, message = titles.get(status, titles[500] if status >= 500 else titles[400])
    headers = {}
    if isinstance(exc, HTTPException) and exc.headers:
        headers.update(exc.headers)
    if wants_html(request):
        return Template("errors/error.html", context={"status_code": status, "title": title, "message": message},
                        status_code=status, headers=headers)
    return Response({"status_code": status, "detail": message}, status_code=status, headers=headers)
