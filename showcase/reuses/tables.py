"""Reuses, the datasets they cite, their moderation history and abuse reports."""

from piccolo.columns import Boolean, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from showcase.accounts.tables import User
from showcase.portal.tables import Dataset, Theme
from showcase.startups.tables import Startup


class Reuse(Table, tablename="reuse"):
    slug = Varchar(length=90, unique=True, index=True)
    title_fr = Varchar(length=200, default="")
    title_ar = Varchar(length=200, default="")
    summary_fr = Varchar(length=280, default="")
    summary_ar = Varchar(length=280, default="")
    description_fr = Text(default="")  # Markdown, sanitised when rendered
    description_ar = Text(default="")
    url = Varchar(length=500, default="")
    url_hash = Varchar(length=64, default="", index=True)  # sha256 of the normalised URL: one reuse per URL
    type = Varchar(length=20, default="application", index=True)
    status = Varchar(length=20, default="draft", index=True)
    owner = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null, index=True)
    startup = ForeignKey(references=Startup, null=True, on_delete=OnDelete.set_null, index=True)
    cover = Varchar(length=64, default="")  # picture key (showcase.media), "" when none
    cover_alt = Varchar(length=250, default="")
    featured = Boolean(default=False, index=True)
    # Startup applications
    platforms = Varchar(length=100, default="")  # comma-separated: web,android,ios,desktop,api
    android_url = Varchar(length=500, default="")
    ios_url = Varchar(length=500, default="")
    stage = Varchar(length=20, default="")
    business_model = Varchar(length=20, default="")
    impact_fr = Text(default="")
    impact_ar = Text(default="")
    # Moderation
    moderation_message = Text(default="")  # the last message a moderator sent the author
    submitted_at = Timestamptz(null=True, default=None)
    published_at = Timestamptz(null=True, default=None, index=True)
    archived_at = Timestamptz(null=True, default=None)
    deleted_at = Timestamptz(null=True, default=None, index=True)
    views = Integer(default=0)
    # Link health (showcase check-links): the last result and how many checks in a row failed
    link_checked_at = Timestamptz(null=True, default=None, index=True)
    link_status = Integer(null=True, default=None)
    link_reason = Varchar(length=30, default="")
    link_failures = Integer(default=0)
    link_flagged_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class ReuseDataset(Table, tablename="reuse_dataset"):
    reuse = ForeignKey(references=Reuse, on_delete=OnDelete.cascade, index=True)
    dataset = ForeignKey(references=Dataset, on_delete=OnDelete.cascade, index=True)
    position = Integer(default=0)


class ReuseTheme(Table, tablename="reuse_theme"):
    reuse = ForeignKey(references=Reuse, on_delete=OnDelete.cascade, index=True)
    theme = ForeignKey(references=Theme, on_delete=OnDelete.cascade, index=True)


class ReuseTag(Table, tablename="reuse_tag"):
    reuse = ForeignKey(references=Reuse, on_delete=OnDelete.cascade, index=True)
    tag = Varchar(length=40, index=True)


class ReuseScreenshot(Table, tablename="reuse_screenshot"):
    reuse = ForeignKey(references=Reuse, on_delete=OnDelete.cascade, index=True)
    picture = Varchar(length=64)
    alt = Varchar(length=250, default="")
    position = Integer(default=0)


class ReuseSlugRedirect(Table, tablename="reuse_slug_redirect"):
    old_slug = Varchar(length=90, unique=True, index=True)
    reuse = ForeignKey(references=Reuse, on_delete=OnDelete.cascade)


class ModerationEvent(Table, tablename="reuse_moderation_event"):
    """Every change of status, and every edit of a published reuse, with who did it and why."""

    reuse = ForeignKey(references=Reuse, on_delete=OnDelete.cascade, index=True)
    actor = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    action = Varchar(length=30)  # submit, publish, request_changes, reject, archive, unarchive, delete, edit, feature…
    from_status = Varchar(length=20, default="")
    to_status = Varchar(length=20, default="")
    message = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())


class AbuseReport(Table, tablename="reuse_abuse_report"):
    reuse = ForeignKey(references=Reuse, on_delete=OnDelete.cascade, index=True)
    reporter = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    reason = Varchar(length=20)  # spam, personal_data, illegal, broken, other
    message = Text(default="")
    status = Varchar(length=10, default="open", index=True)  # open, resolved, dismissed
    created_at = Timestamptz(default=TimestamptzNow())
    resolved_at = Timestamptz(null=True, default=None)
    resolved_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
