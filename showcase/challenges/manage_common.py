"""What every page of the organizers' back office needs: the challenge loaded with a permission check
(an old slug leads to the current one), and the context of the shared layout."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_200_OK, HTTP_301_MOVED_PERMANENTLY

from showcase.challenges import access, queries
from showcase.challenges.access import ChallengeContext


class ChallengeMoved(Exception):
    """A page asked with an old slug: the same page under the current slug."""

    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


def redirect_moved(_request: Request, exc: ChallengeMoved) -> Redirect:
    return Redirect(exc.location, status_code=HTTP_301_MOVED_PERMANENTLY)


EXCEPTION_HANDLERS = {ChallengeMoved: redirect_moved}


async def load_managed(request: Request, slug: str, action: str) -> ChallengeContext:
    """The challenge for a back-office page: 404 when missing or a draft the person may not see, 403 when the
    person may see it but not do `action`. GET with an old slug redirects; a form posted from a page loaded
    before a rename still applies to the renamed challenge."""
    try:
        return await access.load(request, slug, action=action)
    except NotFoundException:
        _row, current = await queries.find_challenge(slug)
        if current is None:
            raise
        if request.method == "GET":
            prefix = f"/manage/challenges/{slug}"
            rest = request.url.path[len(prefix):] if request.url.path.startswith(prefix) else ""
            raise ChallengeMoved(f"/manage/challenges/{current}{rest}") from None
        return await access.load(request, current, action=action)


def tab_page(template: str, context: ChallengeContext, *, tab: str, status: int = HTTP_200_OK,
             **extra: Any) -> Template:
    """A page of the back office: the layout needs the challenge, its phase and the active tab."""
    return Template(template, status_code=status, context={
        "challenge": context.challenge, "phase": context.phase, "active_tab": tab, "now": context.now,
        "zone": context.challenge["time_zone"], "ctx": context, **extra})
