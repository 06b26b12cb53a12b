"""Snapshots of the portal's datasets, producers and themes, keyed by the portal's stable ids."""

from piccolo.columns import ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

DATASET_STATUSES = ("active", "withdrawn", "missing", "pending")


class Producer(Table, tablename="portal_producer"):
    """A CKAN organization."""

    portal_id = Varchar(length=64, unique=True, index=True)
    name = Varchar(length=100, unique=True, index=True)
    title_fr = Varchar(length=300, default="")
    title_ar = Varchar(length=300, default="")
    description = Text(default="")
    image_url = Varchar(length=500, default="")
    portal_dataset_count = Integer(default=0)
    fetched_at = Timestamptz(default=TimestamptzNow())


class Theme(Table, tablename="portal_theme"):
    """A CKAN group."""

    portal_id = Varchar(length=64, unique=True, index=True)
    name = Varchar(length=100, unique=True, index=True)
    title_fr = Varchar(length=300, default="")
    title_ar = Varchar(length=300, default="")
    description = Text(default="")
    image_url = Varchar(length=500, default="")
    portal_dataset_count = Integer(default=0)
    fetched_at = Timestamptz(default=TimestamptzNow())


class Dataset(Table, tablename="portal_dataset"):
    """The last known state of a cited dataset. `portal_id` is null only while a citation awaits
    verification (the portal was unreachable); `cited_key` then holds what the person cited."""

    portal_id = Varchar(length=64, null=True, default=None, unique=True, index=True)
    name = Varchar(length=100, default="", index=True)
    cited_key = Varchar(length=100, default="")
    title_fr = Varchar(length=500, default="")
    title_ar = Varchar(length=500, default="")
    excerpt_fr = Text(default="")
    excerpt_ar = Text(default="")
    producer = ForeignKey(references=Producer, null=True, on_delete=OnDelete.set_null, index=True)
    licence_id = Varchar(length=100, default="")
    licence_title = Varchar(length=300, default="")
    formats = Varchar(length=300, default="")  # sorted, comma-separated: "CSV,JSON,XLSX"
    resource_count = Integer(default=0)
    metadata_modified = Timestamptz(null=True, default=None)
    status = Varchar(length=10, default="active", index=True)
    last_error = Text(default="")
    fetched_at = Timestamptz(null=True, default=None)
    checked_at = Timestamptz(null=True, default=None, index=True)
    created_at = Timestamptz(default=TimestamptzNow())


class DatasetTheme(Table, tablename="portal_dataset_theme"):
    dataset = ForeignKey(references=Dataset, on_delete=OnDelete.cascade, index=True)
    theme = ForeignKey(references=Theme, on_delete=OnDelete.cascade, index=True)


class DatasetAlias(Table, tablename="portal_dataset_alias"):
    """A former name of a dataset: /datasets/<old-name> keeps leading to it after a rename."""

    old_name = Varchar(length=100, unique=True, index=True)
    dataset = ForeignKey(references=Dataset, on_delete=OnDelete.cascade)


class SyncRun(Table, tablename="portal_sync_run"):
    """One refresh of the snapshots, kept as a report for admins."""

    trigger = Varchar(length=20, default="manual")  # cli, schedule, job, admin
    status = Varchar(length=10, default="running")  # running, done, failed
    started_at = Timestamptz(default=TimestamptzNow())
    finished_at = Timestamptz(null=True, default=None)
    checked = Integer(default=0)
    changed = Integer(default=0)
    withdrawn = Integer(default=0)
    missing = Integer(default=0)
    reappeared = Integer(default=0)
    resolved = Integer(default=0)
    errors = Integer(default=0)
    calls = Integer(default=0)
    message = Text(default="")
