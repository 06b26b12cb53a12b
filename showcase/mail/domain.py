"""Queue e-mails in the recipient's language and deliver them with retries."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from showcase.mail.senders import Envelope, Sender
from showcase.mail.tables import OutboxMessage
from showcase.templating import render_mail

logger = logging.getLogger("showcase.mail")

RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2), timedelta(hours=12))
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
STUCK_AFTER = timedelta(minutes=10)


async def queue_mail(*, to: str, template: str, locale: str, context: dict, now: datetime) -> int:
    """Render and store a message; the delivery loop sends it. Returns the outbox id."""
    subject, body = render_mail(template, locale=locale, context=context)
    rows = await OutboxMessage.insert(
        OutboxMessage(to_address=to, subject=subject, body_text=body, template=template, locale=locale,
                      status="queued", created_at=now, next_attempt_at=now)
    ).returning(OutboxMessage.id)
    return rows[0]["id"]


@dataclass(frozen=True)
class DeliveryReport:
    sent: int
    retried: int
    failed: int


async def _claim(message_id: int, now: datetime) -> bool:
    """Take a message for this worker only: the conditional update succeeds in exactly one process."""
    claimed = await OutboxMessage.update({OutboxMessage.status: "sending", OutboxMessage.claimed_at: now}).where(
        (OutboxMessage.id == message_id) & (OutboxMessage.status == "queued")
    ).returning(OutboxMessage.id)
    return bool(claimed)


async def deliver_due(*, sender: Sender, from_address: str, now: datetime, batch: int = 50) -> DeliveryReport:
    """Send what is due; failures are retried later with growing delays, then marked failed."""
    await OutboxMessage.update({OutboxMessage.status: "queued"}).where(
        (OutboxMessage.status == "sending") & (OutboxMessage.claimed_at < now - STUCK_AFTER)
    )
    due = await OutboxMessage.select().where(
        (OutboxMessage.status == "queued") & (OutboxMessage.next_attempt_at <= now)
    ).order_by(OutboxMessage.id).limit(batch)
    sent = retried = failed = 0
    for row in due:
        if not await _claim(row["id"], now):
            continue
        envelope = Envelope(row["to_address"], row["subject"], row["body_text"], row["locale"])
        attempts = row["attempts"] + 1
        try:
            await sender.send(envelope, from_address=from_address)
        except Exception as exc:  # noqa: BLE001 - any transport failure is recorded and retried
            error = f"{type(exc).__name__}: {exc}"[:2000]
            logger.warning("e-mail %s to %s failed (attempt %s): %s", row["id"], row["to_address"], attempts, error)
            if attempts >= MAX_ATTEMPTS:
                changes = {OutboxMessage.status: "failed"}
                failed += 1
            else:
                changes = {OutboxMessage.status: "queued", OutboxMessage.next_attempt_at: now + RETRY_DELAYS[attempts - 1]}
                retried += 1
            await OutboxMessage.update(
                {**changes, OutboxMessage.attempts: attempts, OutboxMessage.last_error: error}
            ).where(OutboxMessage.id == row["id"])
            continue
        await OutboxMessage.update(
            {OutboxMessage.status: "sent", OutboxMessage.attempts: attempts, OutboxMessage.sent_at: now,
             OutboxMessage.last_error: ""}
        ).where(OutboxMessage.id == row["id"])
        sent += 1
    return DeliveryReport(sent=sent, retried=retried, failed=failed)


async def retry_now(*, message_id: int, now: datetime) -> None:
    """An admin sends a failed (or waiting) message again, with a fresh set of attempts."""
    await OutboxMessage.update(
        {OutboxMessage.status: "queued", OutboxMessage.next_attempt_at: now, OutboxMessage.attempts: 0}
    ).where((OutboxMessage.id == message_id) & (OutboxMessage.status.is_in(["failed", "queued"])))
