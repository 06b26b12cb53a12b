"""The outbox: every e-mail is stored before it is sent, and stays visible to admins."""

from piccolo.columns import Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

STATUSES = ("queued", "sending", "sent", "failed")


class OutboxMessage(Table, tablename="mail_outbox"):
    to_address = Varchar(length=254, index=True)
    subject = Varchar(length=300)
    body_text = Text()
    template = Varchar(length=60)
    locale = Varchar(length=5)
    status = Varchar(length=10, default="queued", index=True)
    attempts = Integer(default=0)
    last_error = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())
    next_attempt_at = Timestamptz(default=TimestamptzNow(), index=True)
    claimed_at = Timestamptz(null=True, default=None)
    sent_at = Timestamptz(null=True, default=None)
