"""The header's sections. A section shows once its feature has registered its index page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from showcase.i18n import gettext as _


@dataclass(frozen=True)
class NavItem:
    href: str
    label: str


def _sections() -> list[NavItem]:
    return [
        NavItem("/reuses", _("Reuses")),
        NavItem("/challenges", _("Challenges")),
        NavItem("/datasets", _("Datasets")),
        NavItem("/startups", _("Startups")),
        NavItem("/stats", _("Statistics")),
    ]


def navigation(request: Any) -> list[NavItem]:
    registered = request.app.route_handler_method_map if request is not None else {}
    return [item for item in _sections() if item.href in registered]


def language_url(request: Any, code: str) -> str:
    """The current page in another language: same path and query, with ?lang= replaced."""
    if request is None:
        return f"/?lang={code}"
    params = [(key, value) for key, value in request.query_params.multi_items() if key != "lang"]
    params.append(("lang", code))
    return f"{request.url.path}?{urlencode(params)}"
