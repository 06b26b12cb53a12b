"""Ways to hand a message to the world: print it (development) or speak SMTP (production)."""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

import anyio.to_thread

logger = logging.getLogger("showcase.mail")


@dataclass(frozen=True)
class Envelope:
    to_address: str
    subject: str
    body_text: str
    locale: str


class Sender(Protocol):
    async def send(self, envelope: Envelope, *, from_address: str) -> None: ...


def build_message(envelope: Envelope, *, from_address: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = from_address
    message["To"] = envelope.to_address
    message["Subject"] = envelope.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="showcase")
    message.set_content(envelope.body_text)
    message["Content-Language"] = envelope.locale  # after set_content, which drops Content-* headers
    return message


class ConsoleSender:
    """Development: log the message; the outbox keeps it for the test suite and admins."""

    async def send(self, envelope: Envelope, *, from_address: str) -> None:
        logger.info("e-mail to %s: %s\n%s", envelope.to_address, envelope.subject, envelope.body_text)


@dataclass(frozen=True)
class SmtpSender:
    """SMTP_URL = smtp://user:password@host:587 (STARTTLS unless ?starttls=false) or smtps://host:465."""

    host: str
    port: int
    username: str | None
    password: str | None
    implicit_tls: bool
    starttls: bool
    timeout: float = 20.0

    @classmethod
    def from_url(cls, url: str) -> SmtpSender:
        parts = urlsplit(url)
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        implicit_tls = parts.scheme == "smtps"
        return cls(
            host=parts.hostname or "localhost",
            port=parts.port or (465 if implicit_tls else 587),
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            implicit_tls=implicit_tls,
            starttls=not implicit_tls and options.get("starttls", "true").lower() != "false",
        )

    def _send_sync(self, message: EmailMessage) -> None:
        context = ssl.create_default_context()
        if self.implicit_tls:
            client: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with client:
            if self.starttls:
                client.starttls(context=context)
            if self.username:
                client.login(self.username, self.password or "")
            client.send_message(message)

    async def send(self, envelope: Envelope, *, from_address: str) -> None:
        await anyio.to_thread.run_sync(self._send_sync, build_message(envelope, from_address=from_address))


def sender_from_settings(smtp_url: str | None) -> Sender:
    return SmtpSender.from_url(smtp_url) if smtp_url else ConsoleSender()
