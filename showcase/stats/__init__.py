"""Impact: statistics, producer dashboards, embeds and badges for the portal, the showcase's own open data."""
