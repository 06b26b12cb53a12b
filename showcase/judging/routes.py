"""Every route of the judging feature, for create_app()."""

from showcase.judging import (
    assignment_pages,
    audit_pages,
    pages,
    pairwise_pages,
    results_pages,
    scoring_pages,
    vote_pages,
)

ROUTES = [*pages.ROUTES, *scoring_pages.ROUTES, *assignment_pages.ROUTES, *pairwise_pages.ROUTES,
          *results_pages.ROUTES, *vote_pages.ROUTES, *audit_pages.ROUTES]
