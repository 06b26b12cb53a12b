"""Every route of the challenges feature, for create_app()."""

from showcase.challenges import api, entry_pages, manage, manage_participants, pages, team_pages

ROUTES = [*pages.ROUTES, *manage.ROUTES, *manage_participants.ROUTES, *team_pages.ROUTES, *entry_pages.ROUTES,
          *api.ROUTES]
