"""Subscriptions to a producer's monthly digest (double opt-in, one-click unsubscribe)."""

from piccolo.columns import ForeignKey, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from showcase.portal.tables import Producer


class ProducerDigest(Table, tablename="stats_producer_digest"):
    """One address following one producer. Nothing is sent before `confirmed_at` (the address's owner clicked the
    link of the confirmation e-mail, whose token is stored hashed). The unsubscribe token is stored as is: every
    digest carries it in its link, so it must be readable; it only ever allows unsubscribing this address."""

    key = Varchar(length=300, unique=True)  # "<producer id>:<e-mail>": one subscription per address and producer
    email = Varchar(length=254, index=True)
    producer = ForeignKey(references=Producer, on_delete=OnDelete.cascade, index=True)
    locale = Varchar(length=2, default="fr")  # fr, ar, en
    confirm_token_hash = Varchar(length=64, default="", index=True)  # sha256 of the confirmation token, "" once used
    confirm_sent_at = Timestamptz(null=True, default=None)
    confirmed_at = Timestamptz(null=True, default=None, index=True)
    unsubscribe_token = Varchar(length=64, unique=True)
    last_sent_month = Varchar(length=7, default="")  # "2026-11": the month of the last digest handled
    created_at = Timestamptz(default=TimestamptzNow())
