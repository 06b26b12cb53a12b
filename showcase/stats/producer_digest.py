"""The opt-in monthly digest to a producer's contact: subscribe (double opt-in), confirm, unsubscribe, send.

One e-mail per confirmed subscription and month, never one per reuse. Each subscription is claimed for a month by
a conditional update of `last_sent_month` inside the transaction that queues its e-mail: two processes (or a
second run) never send the same month twice, and a crash leaves neither the mark without the e-mail nor the
e-mail without the mark.

A month without a new reuse sends nothing (the subscription is still marked as handled for that month). As on
data.gouv.fr, whose notification e-mails only ever report something that happened, an empty report would teach
people to ignore the message; the dashboard keeps the figures for whoever wants them.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from litestar import Litestar

from showcase.accounts.domain import normalize_email
from showcase.background import every
from showcase.db import get_engine
from showcase.exceptions import InvalidInput, TokenInvalid
from showcase.i18n import SUPPORTED
from showcase.i18n import gettext as _
from showcase.mail.domain import queue_mail
from showcase.ratelimit import Limit
from showcase.reuses.constants import TYPES
from showcase.settings import get_settings
from showcase.stats import producer_queries as queries
from showcase.stats.tables import ProducerDigest

logger = logging.getLogger("showcase.stats.digest")

CONFIRM_DAYS = 7
CONFIRM_LIFETIME = timedelta(days=CONFIRM_DAYS)
# Like sign-up: many people may share one address (an office), each attempt mails the address typed.
SUBSCRIBE_PER_IP = Limit("digest-ip", 30, 60 * 60)
SUBSCRIBE_PER_ADDRESS = Limit("digest-address", 3, 60 * 60)
TICK_SECONDS = 24 * 3600


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def subscription_key(producer_id: int, email: str) -> str:
    return f"{producer_id}:{email}"


def confirm_path(raw: str) -> str:
    return f"/producers/digest/confirm/{raw}"


def unsubscribe_path(raw: str) -> str:
    return f"/producers/digest/unsubscribe/{raw}"


def dashboard_path(producer_name: str) -> str:
    return f"/producers/{producer_name}"


async def subscribe(*, producer: dict, email: str, locale: str, now: datetime) -> str:
    """Record (or renew) a pending subscription and e-mail its confirmation link. Returns the address.

    An address already confirmed for this producer gets nothing new (its language is updated): the page says the
    same in every case, so it never tells a visitor whether an address follows a producer."""
    address = normalize_email(email)
    if locale not in SUPPORTED:
        raise InvalidInput({"locale": _("Choose the language of the e-mails.")})
    key = subscription_key(producer["id"], address)
    existing = await ProducerDigest.select(ProducerDigest.id, ProducerDigest.confirmed_at).where(
        ProducerDigest.key == key).first()
    if existing and existing["confirmed_at"]:
        await ProducerDigest.update({ProducerDigest.locale: locale}).where(ProducerDigest.id == existing["id"])
        return address
    raw = secrets.token_urlsafe(32)
    async with get_engine().transaction():
        if existing:
            await ProducerDigest.update({ProducerDigest.confirm_token_hash: hash_token(raw),
                                         ProducerDigest.confirm_sent_at: now, ProducerDigest.locale: locale}).where(
                ProducerDigest.id == existing["id"])
        else:
            await ProducerDigest.insert(ProducerDigest(
                key=key, email=address, producer=producer["id"], locale=locale, confirm_token_hash=hash_token(raw),
                confirm_sent_at=now, unsubscribe_token=secrets.token_urlsafe(32), created_at=now))
        base = get_settings().base_url
        await queue_mail(to=address, template="producer_digest_confirm", locale=locale, now=now, context={
            "producer": producer, "link": base + confirm_path(raw), "days": CONFIRM_DAYS,
            "dashboard": base + dashboard_path(producer["name"])})
    return address


@dataclass(frozen=True)
class Subscription:
    email: str
    producer_name: str
    producer_title_fr: str
    producer_title_ar: str
    confirmed: bool


_COLUMNS = (ProducerDigest.id, ProducerDigest.email, ProducerDigest.confirmed_at, ProducerDigest.confirm_sent_at,
            ProducerDigest.producer.name, ProducerDigest.producer.title_fr, ProducerDigest.producer.title_ar)


def _subscription(row: dict, confirmed: bool) -> Subscription:
    return Subscription(row["email"], row["producer.name"], row["producer.title_fr"], row["producer.title_ar"],
                        confirmed)


async def pending_confirmation(*, token: str, now: datetime) -> Subscription:
    """The subscription a confirmation link is for (raises TokenInvalid: unknown or expired)."""
    row = await ProducerDigest.select(*_COLUMNS).where(
        (ProducerDigest.confirm_token_hash == hash_token(token or "")) & (ProducerDigest.confirm_token_hash != "")
    ).first()
    if row is None:
        raise TokenInvalid("unknown")
    if row["confirm_sent_at"] is None or row["confirm_sent_at"] + CONFIRM_LIFETIME < now:
        raise TokenInvalid("expired")
    return _subscription(row, bool(row["confirmed_at"]))


async def confirm(*, token: str, now: datetime) -> Subscription:
    """Confirm the subscription (the link works once)."""
    found = await pending_confirmation(token=token, now=now)
    await ProducerDigest.update({ProducerDigest.confirmed_at: now, ProducerDigest.confirm_token_hash: ""}).where(
        ProducerDigest.confirm_token_hash == hash_token(token))
    return Subscription(found.email, found.producer_name, found.producer_title_fr, found.producer_title_ar, True)


async def subscription_for_unsubscribe(token: str) -> Subscription | None:
    row = await ProducerDigest.select(*_COLUMNS).where(ProducerDigest.unsubscribe_token == (token or "")[:64]).first()
    return _subscription(row, bool(row["confirmed_at"])) if row else None


async def unsubscribe(token: str) -> Subscription | None:
    """Delete the subscription the link belongs to; None when it is already gone."""
    found = await subscription_for_unsubscribe(token)
    if found:
        await ProducerDigest.delete().where(ProducerDigest.unsubscribe_token == token)
    return found


@dataclass(frozen=True)
class DigestReport:
    month: str
    sent: int  # e-mails queued
    empty: int  # subscriptions with nothing new that month (nothing sent)
    skipped: int  # already handled for that month


async def send_digests(*, month: str | None = None, now: datetime) -> DigestReport:
    """Queue the digest of `month` (default: the calendar month before `now`, UTC) to each confirmed subscription
    not yet handled for it. Three queries to gather everything, then one claim and one e-mail per subscription."""
    month = month or queries.previous_month(now)
    due = await ProducerDigest.select(
        ProducerDigest.id, ProducerDigest.email, ProducerDigest.locale, ProducerDigest.unsubscribe_token,
        ProducerDigest.last_sent_month, ProducerDigest.producer.id.as_alias("producer_id"),
        ProducerDigest.producer.name.as_alias("producer_name"),
        ProducerDigest.producer.title_fr.as_alias("producer_title_fr"),
        ProducerDigest.producer.title_ar.as_alias("producer_title_ar"),
    ).where(ProducerDigest.confirmed_at.is_not_null()).order_by(ProducerDigest.id)
    skipped = sum(1 for row in due if row["last_sent_month"] >= month)
    due = [row for row in due if row["last_sent_month"] < month]
    producer_ids = sorted({row["producer_id"] for row in due})
    new = await queries.new_reuses_by_producer(producer_ids, month)
    totals = await queries.totals_by_producer(producer_ids)
    base = get_settings().base_url
    sent = empty = 0
    for row in due:
        reuses = new.get(row["producer_id"], [])
        async with get_engine().transaction():
            claimed = await ProducerDigest.update({ProducerDigest.last_sent_month: month}).where(
                (ProducerDigest.id == row["id"]) & (ProducerDigest.last_sent_month < month)
                & ProducerDigest.confirmed_at.is_not_null()).returning(ProducerDigest.id)
            if not claimed:  # another process handled it meanwhile, or it was unsubscribed
                skipped += 1
                continue
            if not reuses:  # nothing new: nothing sent (see the module's docstring)
                empty += 1
                continue
            producer = {"name": row["producer_name"], "title_fr": row["producer_title_fr"],
                        "title_ar": row["producer_title_ar"]}
            await queue_mail(to=row["email"], template="producer_digest", locale=row["locale"], now=now, context={
                "producer": producer, "month": queries.month_start(month), "reuses": reuses,
                "total": totals.get(row["producer_id"], 0), "base": base, "types": TYPES,
                "dashboard": base + dashboard_path(row["producer_name"]),
                "unsubscribe": base + unsubscribe_path(row["unsubscribe_token"])})
            sent += 1
    return DigestReport(month=month, sent=sent, empty=empty, skipped=skipped)


@asynccontextmanager
async def digest_lifespan(app: Litestar) -> AsyncGenerator[None, None]:
    """A daily tick: once the month has changed, the first tick sends the previous month's digests; the other
    ticks of the month find every subscription already handled and send nothing."""

    async def tick() -> None:
        report = await send_digests(now=datetime.now(UTC))
        if report.sent:
            logger.info("producer digests for %s: %s queued, %s without news", report.month, report.sent,
                        report.empty)

    async with every(TICK_SECONDS, tick, name="producer digests", first_delay=15 * 60):
        yield
