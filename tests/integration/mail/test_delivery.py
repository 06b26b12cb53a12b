"""E-mail delivery through a real SMTP server, retries with growing delays, and the admins' outbox page."""

import socket
from datetime import timedelta
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message as MessageHandler

from showcase.mail.domain import MAX_ATTEMPTS, deliver_due, queue_mail
from showcase.mail.senders import SmtpSender
from showcase.mail.tables import OutboxMessage
from tests.support import create_user, log_in, now, outbox, submit

pytestmark = pytest.mark.anyio


class Inbox(MessageHandler):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    port = closed_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def subject_of(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


async def test_smtp_delivery_in_recipients_language(smtp_server):
    inbox, port = smtp_server
    await create_user("youssef@example.ma", name="يوسف", locale="ar", verified=False)
    sender = SmtpSender.from_url(f"smtp://127.0.0.1:{port}?starttls=false")
    report = await deliver_due(sender=sender, from_address="Showcase <no-reply@data.gov.ma>", now=now())
    assert (report.sent, report.retried, report.failed) == (1, 0, 0)
    assert len(inbox.messages) == 1
    delivered = inbox.messages[0]
    assert delivered["To"] == "youssef@example.ma"
    assert delivered["Content-Language"] == "ar"
    row = (await outbox())[0]
    assert subject_of(delivered) == row["subject"]
    assert (row["status"], row["attempts"]) == ("sent", 1)


async def test_failures_are_retried_later_then_marked_failed():
    start = now()
    await queue_mail(to="amina@example.ma", template="verify_email", locale="fr", now=start,
                     context={"name": "Amina", "link": "http://testserver.local/account/verify/x"})
    sender = SmtpSender.from_url(f"smtp://127.0.0.1:{closed_port()}?starttls=false")
    clock = start
    waits = []
    for _ in range(MAX_ATTEMPTS):
        report = await deliver_due(sender=sender, from_address="x@data.gov.ma", now=clock)
        assert report.sent == 0
        row = (await outbox())[0]
        waits.append(row["next_attempt_at"] - clock)
        clock = row["next_attempt_at"] + timedelta(seconds=1)
    row = (await outbox())[0]
    assert (row["status"], row["attempts"]) == ("failed", MAX_ATTEMPTS)
    assert row["last_error"].startswith("ConnectionRefusedError")
    assert waits[:5] == [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2),
                         timedelta(hours=12)]


async def test_a_message_is_claimed_by_one_worker_only(smtp_server):
    inbox, port = smtp_server
    await queue_mail(to="amina@example.ma", template="verify_email", locale="en", now=now(),
                     context={"name": "Amina", "link": "http://x/"})
    sender = SmtpSender.from_url(f"smtp://127.0.0.1:{port}?starttls=false")
    import anyio

    reports = []

    async def worker():
        reports.append(await deliver_due(sender=sender, from_address="x@data.gov.ma", now=now()))

    async with anyio.create_task_group() as group:
        group.start_soon(worker)
        group.start_soon(worker)
    assert sum(report.sent for report in reports) == 1
    assert len(inbox.messages) == 1


async def test_admin_sees_failed_mail_and_retries_it(client):
    await create_user("admin@example.ma", roles=("admin",))
    await queue_mail(to="gone@example.ma", template="verify_email", locale="fr", now=now(),
                     context={"name": "X", "link": "http://x/"})
    await OutboxMessage.update({OutboxMessage.status: "failed", OutboxMessage.attempts: MAX_ATTEMPTS,
                                OutboxMessage.last_error: "SMTPRecipientsRefused: gone"}).where(
        OutboxMessage.to_address == "gone@example.ma")
    await log_in(client, "admin@example.ma")
    page = await client.get("/manage/outbox?status=failed")
    assert page.status_code == 200
    assert "SMTPRecipientsRefused: gone" in page.text
    message_id = (await outbox("gone@example.ma"))[0]["id"]
    response = await submit(client, "/manage/outbox", {}, action=f"/manage/outbox/{message_id}/retry")
    assert response.status_code == 302
    row = (await outbox("gone@example.ma"))[0]
    assert (row["status"], row["attempts"]) == ("queued", 0)
