"""Every route of the impact feature, for create_app()."""

from showcase.stats import embeds, open_data_pages, pages, producer_pages

ROUTES = [*pages.ROUTES, *producer_pages.ROUTES, *embeds.ROUTES, *open_data_pages.ROUTES]
