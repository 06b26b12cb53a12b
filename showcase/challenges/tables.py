"""Challenges: the call, its timeline, tracks and questions; registrations, teams, entries and their versions.

Pairs that must be unique (one registration per person, one team per person, one entry per team) carry a
`key` column with a unique index, since Piccolo columns cannot declare composite constraints.
"""

from piccolo.columns import Boolean, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from showcase.accounts.tables import User
from showcase.portal.tables import Dataset, Theme
from showcase.reuses.tables import Reuse
from showcase.startups.tables import Startup


class Challenge(Table, tablename="challenge"):
    slug = Varchar(length=90, unique=True, index=True)
    status = Varchar(length=12, default="draft", index=True)  # draft, published
    title_fr = Varchar(length=200, default="")
    title_ar = Varchar(length=200, default="")
    summary_fr = Varchar(length=280, default="")
    summary_ar = Varchar(length=280, default="")
    # Markdown, sanitised when rendered
    description_fr = Text(default="")
    description_ar = Text(default="")
    rules_fr = Text(default="")
    rules_ar = Text(default="")
    eligibility_fr = Text(default="")  # the statement a participant accepts when registering
    eligibility_ar = Text(default="")
    resources_fr = Text(default="")
    resources_ar = Text(default="")
    faq_fr = Text(default="")
    faq_ar = Text(default="")
    organizer_name = Varchar(length=200, default="")  # the body that runs it, as shown to the public
    cover = Varchar(length=64, default="")  # picture key (showcase.media), "" when none
    cover_alt = Varchar(length=250, default="")
    time_zone = Varchar(length=60, default="Africa/Casablanca")
    min_team_size = Integer(default=1)
    max_team_size = Integer(default=5)
    # The planned timeline, as UTC instants (entered and shown in time_zone)
    registration_opens_at = Timestamptz(null=True, default=None)
    submissions_open_at = Timestamptz(null=True, default=None)
    submissions_close_at = Timestamptz(null=True, default=None)
    judging_opens_at = Timestamptz(null=True, default=None)
    judging_closes_at = Timestamptz(null=True, default=None)
    voting_opens_at = Timestamptz(null=True, default=None)
    voting_closes_at = Timestamptz(null=True, default=None)
    results_at = Timestamptz(null=True, default=None)
    # Manual overrides (see phases.py): a new deadline (extension, early close or reopening),
    # judging opened before its date, results published.
    deadline_override_at = Timestamptz(null=True, default=None)
    judging_opened_at = Timestamptz(null=True, default=None)
    results_published_at = Timestamptz(null=True, default=None)
    entries_public = Boolean(default=False)  # the organizer opened the entries gallery
    jury_public = Boolean(default=True)
    created_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    published_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class ChallengeSlugRedirect(Table, tablename="challenge_slug_redirect"):
    old_slug = Varchar(length=90, unique=True, index=True)
    challenge = ForeignKey(references=Challenge, on_delete=OnDelete.cascade)


class ChallengeRole(Table, tablename="challenge_role"):
    """Per-challenge organizers: the organizer (manages co-organizers) and co-organizers."""

    challenge = ForeignKey(references=Challenge, on_delete=OnDelete.cascade, index=True)
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
    role = Varchar(length=15, default="co_organizer")  # organizer, co_organizer
    key = Varchar(length=40, unique=True)  # "<challenge>:<user>"
    created_at = Timestamptz(default=TimestamptzNow())


class ChallengeTheme(Table, tablename="challenge_theme"):
    challenge = ForeignKey(references=Challenge, on_delete=OnDelete.cascade, index=True)
    theme = ForeignKey(references=Theme, on_delete=OnDelete.cascade, index=True)


class ChallengeDataset(Table, tablename="challenge_dataset"):
    """The eligible datasets: an entry must cite at least one of them."""

    challenge = ForeignKey(references=Challenge, on_delete=OnDelete.cascade, index=True)
    dataset = ForeignKey(references=Dataset, on_delete=OnDelete.cascade, index=True)
    position = Integer(default=0)


class Track(Table, tablename="challenge_track"):
    """A prize track: entries choose the tracks they compete in."""

    challenge = ForeignKey(references=Challenge, on_delete=OnDelete.cascade, index=True)
    name_fr = Varchar(length=150, default="")
    name_ar = Varchar(length=150, default="")
    description_fr = Text(default="")
    description_ar = Text(default="")
    amount_mad = Integer(default=0)  # prize money in Moroccan dirhams, 0 when none
    winners = Integer(default=1)
    position = Integer(default=0)


class Question(Table, tablename="challenge_question"):
    """A custom submission question (kinds in constants.QUESTION_KINDS)."""

    challenge = ForeignKey(references=Challenge, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=20, default="short_text")  # "multiple_choice" is 15 characters
    label_fr = Varchar(length=300, default="")
    label_ar = Varchar(length=300, default="")
    help_fr = Text(default="")
    help_ar = Text(default="")
    choices = Text(default="")  # JSON list of {"fr": …, "ar": …} for single/multiple choice
    required = Boolean(default=False)
    position = Integer(default=0)


class Registration(Table, tablename="challenge_registration"):
    challenge = ForeignKey(references=Challenge, on_delete=OnDelete.cascade, index=True)
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
    key = Varchar(length=40, unique=True)  # "<challenge>:<user>"
    accepted_rules_at = Timestamptz(default=TimestamptzNow())
    created_at = Timestamptz(default=TimestamptzNow())


class Team(Table, tablename="challenge_team"):
    challenge = ForeignKey(references=Challenge, on_delete=OnDelete.cascade, index=True)
    name = Varchar(length=120)
    captain = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null, index=True)
    startup = ForeignKey(references=Startup, null=True, on_delete=OnDelete.set_null, index=True)
    join_token_hash = Varchar(length=64, default="", index=True)  # the share link; "" when disabled
    created_at = Timestamptz(default=TimestamptzNow())


class TeamMember(Table, tablename="challenge_team_member"):
    team = ForeignKey(references=Team, on_delete=OnDelete.cascade, index=True)
    challenge = ForeignKey(references=Challenge, on_delete=OnDelete.cascade, index=True)
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
    key = Varchar(length=40, unique=True)  # "<challenge>:<user>": one team per person per challenge
    status = Varchar(length=10, default="member")  # member, pending (asked through the share link)
    joined_at = Timestamptz(default=TimestamptzNow())


class TeamInvitation(Table, tablename="challenge_team_invitation"):
    team = ForeignKey(references=Team, on_delete=OnDelete.cascade, index=True)
    email = Varchar(length=254, index=True)
    token_hash = Varchar(length=64, unique=True, index=True)
    invited_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    status = Varchar(length=10, default="pending")  # pending, accepted, declined, revoked
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    responded_at = Timestamptz(null=True, default=None)


class Entry(Table, tablename="challenge_entry"):
    challenge = ForeignKey(references=Challenge, on_delete=OnDelete.cascade, index=True)
    team = ForeignKey(references=Team, on_delete=OnDelete.cascade, index=True, unique=True)
    reuse = ForeignKey(references=Reuse, null=True, on_delete=OnDelete.set_null, index=True)
    status = Varchar(length=10, default="draft", index=True)  # draft, submitted, withdrawn
    screening = Varchar(length=12, default="pending", index=True)  # pending, eligible, ineligible, needs_info
    screening_reason = Text(default="")
    screened_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    screened_at = Timestamptz(null=True, default=None)
    version = Integer(default=0)  # the number of the last submitted version, 0 before the first submission
    sha256 = Varchar(length=64, default="")  # of the last submitted version
    first_submitted_at = Timestamptz(null=True, default=None)
    submitted_at = Timestamptz(null=True, default=None)
    withdrawn_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class EntryTrack(Table, tablename="challenge_entry_track"):
    entry = ForeignKey(references=Entry, on_delete=OnDelete.cascade, index=True)
    track = ForeignKey(references=Track, on_delete=OnDelete.cascade, index=True)


class EntryAnswer(Table, tablename="challenge_entry_answer"):
    entry = ForeignKey(references=Entry, on_delete=OnDelete.cascade, index=True)
    question = ForeignKey(references=Question, on_delete=OnDelete.cascade, index=True)
    value = Text(default="")  # text, URL, number as text, or a JSON list for multiple choice
    file_key = Varchar(length=64, default="")  # a PDF answer: sha256 of the stored file
    file_name = Varchar(length=200, default="")


class EntryVersion(Table, tablename="challenge_entry_version"):
    """What the team submitted, each time: the receipt's SHA-256 is of `snapshot`."""

    entry = ForeignKey(references=Entry, on_delete=OnDelete.cascade, index=True)
    version = Integer()
    snapshot = Text()  # canonical JSON
    sha256 = Varchar(length=64)
    submitted_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    submitted_at = Timestamptz()


class Announcement(Table, tablename="challenge_announcement"):
    challenge = ForeignKey(references=Challenge, on_delete=OnDelete.cascade, index=True)
    author = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    audience = Varchar(length=12, default="registered")  # registered, teams, submitted
    subject = Varchar(length=200)
    body = Text()
    recipients = Integer(default=0)
    created_at = Timestamptz(default=TimestamptzNow())


class ChallengeEvent(Table, tablename="challenge_event"):
    """What organizers did: publish, timeline changes and overrides, screening decisions, gallery opening."""

    challenge = ForeignKey(references=Challenge, on_delete=OnDelete.cascade, index=True)
    actor = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    action = Varchar(length=30)
    detail = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())
