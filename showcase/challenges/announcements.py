"""Announcements: organizers e-mail the participants of a challenge, and keep a record of what was sent.

Each recipient gets the message in their own language: the wrapper (greeting, subject prefix, links) is
translated, the organizer's subject and Markdown body go out as written. The same subject and body
are never sent twice within DUPLICATE_WINDOW, so a double click or a re-posted form sends nothing more.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from showcase import i18n
from showcase.challenges.constants import ANNOUNCEMENT_AUDIENCES
from showcase.challenges.tables import Announcement, Challenge, ChallengeEvent, Entry, Registration, TeamMember
from showcase.db import get_engine
from showcase.exceptions import InvalidInput
from showcase.i18n import gettext as _
from showcase.mail.domain import queue_mail
from showcase.markdown import render_markdown
from showcase.settings import get_settings

SUBJECT_MAX = 200
BODY_MAX = 20_000
DUPLICATE_WINDOW = timedelta(minutes=10)
PUBLIC_AUDIENCE = "registered"  # what everyone registered received may also be shown on the public page


@dataclass(frozen=True)
class Sent:
    announcement_id: int
    recipients: int
    duplicate: bool  # True: the same text went out moments ago, nothing was sent now
    sent_at: datetime


def clean(values: dict[str, str]) -> dict[str, str]:
    """The audience, subject and body of the form, or InvalidInput with a message beside each wrong field."""
    audience = values.get("audience", "")
    subject = " ".join((values.get("subject") or "").split())
    body = (values.get("body") or "").strip()
    errors: dict[str, str] = {}
    if audience not in ANNOUNCEMENT_AUDIENCES:
        errors["audience"] = _("Choose who receives the announcement.")
    if not subject:
        errors["subject"] = _("Write a subject.")
    elif len(subject) > SUBJECT_MAX:
        errors["subject"] = _("Keep the subject under %(max)s characters (now %(count)s).", max=SUBJECT_MAX,
                              count=len(subject))
    if not body:
        errors["body"] = _("Write the message.")
    elif len(body) > BODY_MAX:
        errors["body"] = _("Keep the message under %(max)s characters (now %(count)s).", max=BODY_MAX,
                           count=len(body))
    if errors:
        raise InvalidInput(errors)
    return {"audience": audience, "subject": subject, "body": body}


def _people(table, condition):  # noqa: ANN001, ANN202 - a table with a `user` foreign key, a Piccolo Where
    return table.select(table.user.id.as_alias("id"), table.user.name.as_alias("name"),
                        table.user.email.as_alias("email"), table.user.locale.as_alias("locale")).where(
        condition & (table.user.active == True)).order_by(table.user.id)  # noqa: E712


def _audience_query(challenge_id: int, audience: str):  # noqa: ANN202 - a Piccolo Select
    if audience == "registered":
        return _people(Registration, Registration.challenge == challenge_id)
    members = (TeamMember.challenge == challenge_id) & (TeamMember.status == "member")
    if audience == "submitted":
        members &= TeamMember.team.is_in(Entry.select(Entry.team).where(
            (Entry.challenge == challenge_id) & (Entry.status == "submitted")))
    return _people(TeamMember, members)


async def recipients(challenge_id: int, audience: str) -> list[dict]:
    """The people an audience reaches (active accounts, each once)."""
    found = {row["id"]: row for row in await _audience_query(challenge_id, audience)}
    return list(found.values())


async def audience_counts(challenge_id: int) -> dict[str, int]:
    return {audience: len(await recipients(challenge_id, audience)) for audience in ANNOUNCEMENT_AUDIENCES}


async def _recent_twin(challenge_id: int, subject: str, body: str, now: datetime) -> dict | None:
    return await Announcement.select(Announcement.id, Announcement.recipients, Announcement.created_at).where(
        (Announcement.challenge == challenge_id) & (Announcement.subject == subject) & (Announcement.body == body)
        & (Announcement.created_at > now - DUPLICATE_WINDOW)).order_by(Announcement.id, ascending=False).first()


async def send(*, challenge: dict, author_id: int | None, values: dict[str, str], now: datetime) -> Sent:
    """Queue one e-mail per recipient in their language and record the announcement with its count."""
    cleaned = clean(values)
    base = get_settings().base_url
    async with get_engine().transaction():
        # Touching the challenge row makes concurrent sends of one challenge wait for each other, so the
        # duplicate check below sees an announcement committed a moment ago by another request.
        await Challenge.raw("UPDATE challenge SET updated_at = updated_at WHERE id = {}", challenge["id"])
        twin = await _recent_twin(challenge["id"], cleaned["subject"], cleaned["body"], now)
        if twin is not None:
            return Sent(announcement_id=twin["id"], recipients=twin["recipients"], duplicate=True,
                        sent_at=twin["created_at"])
        people = await recipients(challenge["id"], cleaned["audience"])
        rows = await Announcement.insert(Announcement(
            challenge=challenge["id"], author=author_id, audience=cleaned["audience"], subject=cleaned["subject"],
            body=cleaned["body"], recipients=len(people), created_at=now)).returning(Announcement.id)
        announcement_id = rows[0]["id"]
        for person in people:
            locale = person["locale"] if person["locale"] in i18n.SUPPORTED else i18n.DEFAULT
            await queue_mail(to=person["email"], template="challenge_announcement", locale=locale, now=now, context={
                "name": person["name"], "challenge": challenge, "announcement_subject": cleaned["subject"],
                "message": cleaned["body"],
                "link": f"{base}/challenges/{challenge['slug']}",
                "team_link": f"{base}/challenges/{challenge['slug']}/team",
                "audience": cleaned["audience"],
            })
        await ChallengeEvent.insert(ChallengeEvent(
            challenge=challenge["id"], actor=author_id, action="announce", created_at=now,
            detail=json.dumps({"announcement": announcement_id, "audience": cleaned["audience"],
                               "recipients": len(people)})))
    return Sent(announcement_id=announcement_id, recipients=len(people), duplicate=False, sent_at=now)


async def past(challenge_id: int) -> list[dict]:
    """What was sent, newest first, with its author."""
    return await Announcement.select(
        Announcement.id, Announcement.audience, Announcement.subject, Announcement.body, Announcement.recipients,
        Announcement.created_at, Announcement.author.name.as_alias("author_name")).where(
        Announcement.challenge == challenge_id).order_by(Announcement.id, ascending=False)


async def public_announcements(challenge_id: int) -> list[dict]:
    """The "Updates" of the public challenge page: what was sent to everyone registered, newest first.

    Each item: {"id", "subject", "body" (Markdown as written), "body_html" (sanitised Markup), "created_at"}.
    Messages to teams only stay private.
    """
    rows = await Announcement.select(Announcement.id, Announcement.subject, Announcement.body,
                                     Announcement.created_at).where(
        (Announcement.challenge == challenge_id) & (Announcement.audience == PUBLIC_AUDIENCE)).order_by(
        Announcement.id, ascending=False)
    return [{**row, "body_html": render_markdown(row["body"])} for row in rows]
