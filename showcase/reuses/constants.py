"""Vocabularies of reuses, with labels translated when shown."""

from showcase.i18n import lazy_gettext as _

TYPES = {
    "application": _("Application"),
    "visualisation": _("Visualisation"),
    "api": _("API or service"),
    "article": _("Article"),
    "paper": _("Research paper"),
    "idea": _("Idea"),
    "hardware": _("Hardware"),
    "other": _("Other"),
}
STATUSES = {
    "draft": _("Draft"),
    "submitted": _("Awaiting review"),
    "changes_requested": _("Changes requested"),
    "rejected": _("Rejected"),
    "published": _("Published"),
    "archived": _("Archived"),
}
PLATFORMS = {"web": _("Web"), "android": _("Android"), "ios": _("iOS"), "desktop": _("Desktop"), "api": _("API")}
STAGES = {
    "idea": _("Idea"), "prototype": _("Prototype"), "beta": _("Beta"), "launched": _("Launched"),
    "growing": _("Growing"),
}
BUSINESS_MODELS = {
    "free": _("Free"), "freemium": _("Freemium"), "subscription": _("Subscription"), "advertising": _("Advertising"),
    "services": _("Services"), "public": _("Public service"), "non_profit": _("Non-profit"), "other": _("Other"),
}
REPORT_REASONS = {
    "spam": _("Spam or advertising"),
    "personal_data": _("Personal data"),
    "illegal": _("Illegal content"),
    "broken": _("Broken link or content"),
    "other": _("Something else"),
}
MAX_SCREENSHOTS = 4
MAX_TAGS = 10
SUMMARY_MAX = 280
TITLE_MAX = 200
DESCRIPTION_MAX = 20_000
LINK_REASONS = {
    "http_404": _("Page not found (404)"),
    "timeout": _("No answer in time"),
    "dns": _("The domain name does not exist"),
    "blocked_address": _("Points to a private address"),
    "invalid_url": _("Invalid address"),
    "too_many_redirects": _("Too many redirections"),
    "tls": _("Invalid security certificate"),
    "connection": _("Connection refused"),
}
