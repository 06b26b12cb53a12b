"""Fixed vocabularies of challenges, with their translated labels."""

from showcase.i18n import lazy_gettext as _l

QUESTION_KINDS = {
    "short_text": _l("Short text"),
    "long_text": _l("Long text"),
    "url": _l("Web address"),
    "number": _l("Number"),
    "single_choice": _l("Single choice"),
    "multiple_choice": _l("Multiple choice"),
    "pdf": _l("PDF file (up to 10 MB)"),
}
MAX_PDF_BYTES = 10 * 1024 * 1024
SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 10_000

ENTRY_STATUSES = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "withdrawn": _l("Withdrawn"),
}
SCREENING = {
    "pending": _l("Not screened yet"),
    "eligible": _l("Eligible"),
    "ineligible": _l("Ineligible"),
    "needs_info": _l("Needs information"),
}
PHASE_LABELS = {
    "draft": _l("Draft"),
    "upcoming": _l("Coming soon"),
    "registration": _l("Registration open"),
    "submissions": _l("Submissions open"),
    "screening": _l("Screening"),
    "judging": _l("Judging"),
    "deliberation": _l("Deliberation"),
    "finished": _l("Finished"),
}
LISTING_GROUP_LABELS = {
    "open": _l("Open"),
    "upcoming": _l("Upcoming"),
    "judging": _l("In judging"),
    "past": _l("Past"),
}
MILESTONE_LABELS = {
    "registration_opens": _l("Registration opens"),
    "submissions_open": _l("Submissions open"),
    "submissions_close": _l("Submission deadline"),
    "judging_opens": _l("Judging opens"),
    "judging_closes": _l("Judging closes"),
    "voting_opens": _l("Public vote opens"),
    "voting_closes": _l("Public vote closes"),
    "results": _l("Results"),
}
ANNOUNCEMENT_AUDIENCES = {
    "registered": _l("Everyone registered"),
    "teams": _l("Members of a team"),
    "submitted": _l("Teams with a submitted entry"),
}
INVITATION_DAYS = 14
