"""Every route of the judging feature, for create_app()."""

from litestar import get
from litestar.params import FromPath
from litestar.response import Redirect
from litestar.status_codes import HTTP_301_MOVED_PERMANENTLY

from showcase.judging import (
    assignment_pages,
    audit_pages,
    pages,
    pairwise_pages,
    results_pages,
    scoring_pages,
    vote_pages,
)



@get(["/jury", "/jury/{rest:path}"], include_in_schema=False, sync_to_thread=False)
def jury_portal(rest: FromPath[str] = "") -> Redirect:
    """ARCHITECTURE.md names the judges' portal /jury/...; it lives under /judging/..., so old or guessed links land."""
    return Redirect(f"/judging{rest.rstrip('/') if rest not in ('', '/') else ''}", status_code=HTTP_301_MOVED_PERMANENTLY)


ROUTES = [jury_portal, *pages.ROUTES, *scoring_pages.ROUTES, *assignment_pages.ROUTES, *pairwise_pages.ROUTES,
          *results_pages.ROUTES, *vote_pages.ROUTES, *audit_pages.ROUTES]
