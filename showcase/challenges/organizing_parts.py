"""Parts of a challenge its organizers manage one by one: custom questions, prize tracks, co-organizers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from piccolo.table import Table

from showcase.accounts.domain import normalize_email
from showcase.accounts.tables import User
from showcase.challenges.challenge_fields import QuestionFields, TrackFields, choice_list
from showcase.challenges.organizing import log_event
from showcase.challenges.tables import ChallengeRole, EntryAnswer, EntryTrack, Question, Registration, TeamMember, Track
from showcase.db import get_engine
from showcase.exceptions import InvalidInput, NotFound
from showcase.i18n import gettext as _
from showcase.i18n import ngettext
from showcase.mail.domain import queue_mail
from showcase.settings import get_settings

# ---------------------------------------------------------------- ordering (questions and tracks)


async def _next_position(table: type[Table], challenge_id: int) -> int:
    rows = await table.select(table.position).where(table.challenge == challenge_id).order_by(
        table.position, ascending=False).limit(1)
    return rows[0]["position"] + 1 if rows else 0


async def _move(table: type[Table], challenge_id: int, row_id: int, direction: str) -> None:
    """One place up or down; positions are renumbered 0, 1, 2… on the way."""
    ids = [row["id"] for row in await table.select(table.id).where(table.challenge == challenge_id).order_by(
        table.position).order_by(table.id)]
    if row_id not in ids:
        raise NotFound()
    index = ids.index(row_id)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ids):
        ids[index], ids[other] = ids[other], ids[index]
    async with get_engine().transaction():
        for position, identifier in enumerate(ids):
            await table.update({table.position: position}).where(table.id == identifier)


async def _owned(table: type[Table], challenge_id: int, row_id: int) -> dict:
    row = await table.select().where((table.id == row_id) & (table.challenge == challenge_id)).first()
    if row is None:
        raise NotFound()
    return row


# ---------------------------------------------------------------- questions


async def questions_of(challenge_id: int) -> list[dict]:
    """The questions in order, each with how many entries answered it."""
    rows = await Question.select().where(Question.challenge == challenge_id).order_by(Question.position).order_by(
        Question.id)
    counts = {row["question"]: int(row["n"]) for row in await EntryAnswer.raw(
        "SELECT a.question AS question, COUNT(*) AS n FROM challenge_entry_answer a "
        "JOIN challenge_question q ON q.id = a.question WHERE q.challenge = {} GROUP BY a.question", challenge_id)}
    for row in rows:
        row["answers"] = counts.get(row["id"], 0)
        row["choice_list"] = choice_list(row["choices"])
    return rows


def _question_columns(fields: QuestionFields) -> dict:
    return {Question.kind: fields.kind, Question.label_fr: fields.label_fr, Question.label_ar: fields.label_ar,
            Question.help_fr: fields.help_fr, Question.help_ar: fields.help_ar, Question.required: fields.required,
            Question.choices: fields.choices}


async def add_question(challenge_id: int, fields: QuestionFields) -> int:
    question = Question(challenge=challenge_id, position=await _next_position(Question, challenge_id))
    for column, value in _question_columns(fields).items():
        setattr(question, column._meta.name, value)
    await question.save()
    return question.id


async def update_question(challenge_id: int, question_id: int, fields: QuestionFields) -> None:
    stored = await _owned(Question, challenge_id, question_id)
    if fields.kind != stored["kind"] and await EntryAnswer.exists().where(EntryAnswer.question == question_id):
        raise InvalidInput({"kind": _("Entries already answered this question: its kind of answer cannot change. "
                                      "Add a new question instead.")})
    await Question.update(_question_columns(fields)).where(Question.id == question_id)


async def delete_question(challenge_id: int, question_id: int, *, confirmed: bool) -> None:
    await _owned(Question, challenge_id, question_id)
    answers = await EntryAnswer.count().where(EntryAnswer.question == question_id)
    if answers and not confirmed:
        raise InvalidInput({"confirm": ngettext(
            "%(num)s entry answered this question: tick the box to delete the answer too.",
            "%(num)s entries answered this question: tick the box to delete their answers too.", answers)})
    await Question.delete().where(Question.id == question_id)


async def move_question(challenge_id: int, question_id: int, direction: str) -> None:
    await _move(Question, challenge_id, question_id, direction)


# ---------------------------------------------------------------- prize tracks


async def tracks_of(challenge_id: int) -> list[dict]:
    """The tracks in order, each with how many entries chose it."""
    rows = await Track.select().where(Track.challenge == challenge_id).order_by(Track.position).order_by(Track.id)
    counts = {row["track"]: int(row["n"]) for row in await EntryTrack.raw(
        "SELECT et.track AS track, COUNT(*) AS n FROM challenge_entry_track et "
        "JOIN challenge_track t ON t.id = et.track WHERE t.challenge = {} GROUP BY et.track", challenge_id)}
    for row in rows:
        row["entries"] = counts.get(row["id"], 0)
    return rows


def _track_columns(fields: TrackFields) -> dict:
    return {Track.name_fr: fields.name_fr, Track.name_ar: fields.name_ar, Track.description_fr: fields.description_fr,
            Track.description_ar: fields.description_ar, Track.amount_mad: fields.amount_mad,
            Track.winners: fields.winners}


async def add_track(challenge_id: int, fields: TrackFields) -> int:
    track = Track(challenge=challenge_id, position=await _next_position(Track, challenge_id))
    for column, value in _track_columns(fields).items():
        setattr(track, column._meta.name, value)
    await track.save()
    return track.id


async def update_track(challenge_id: int, track_id: int, fields: TrackFields) -> None:
    await _owned(Track, challenge_id, track_id)
    await Track.update(_track_columns(fields)).where(Track.id == track_id)


async def delete_track(challenge_id: int, track_id: int, *, confirmed: bool) -> None:
    await _owned(Track, challenge_id, track_id)
    chosen = await EntryTrack.count().where(EntryTrack.track == track_id)
    if chosen and not confirmed:
        raise InvalidInput({"confirm": ngettext(
            "%(num)s entry chose this track: tick the box to remove it from that entry too.",
            "%(num)s entries chose this track: tick the box to remove it from them too.", chosen)})
    await Track.delete().where(Track.id == track_id)


async def move_track(challenge_id: int, track_id: int, direction: str) -> None:
    await _move(Track, challenge_id, track_id, direction)


# ---------------------------------------------------------------- organizers


async def organizers_of(challenge_id: int) -> list[dict]:
    """The organizer first, then co-organizers in the order they were added."""
    rows = await ChallengeRole.select(
        ChallengeRole.user, ChallengeRole.role, ChallengeRole.created_at,
        ChallengeRole.user.name.as_alias("name"), ChallengeRole.user.email.as_alias("email"),
    ).where(ChallengeRole.challenge == challenge_id).order_by(ChallengeRole.id)
    return sorted(rows, key=lambda row: row["role"] != "organizer")


async def add_co_organizer(challenge: dict, *, by: Any, email: str, now: datetime) -> dict:
    """Give an existing account the co-organizer role; they are told by e-mail. Returns the person."""
    try:
        address = normalize_email(email)
    except InvalidInput as exc:
        message = exc.errors["email"] if (email or "").strip() else _("Enter the e-mail address of their account.")
        raise InvalidInput({"email": message}) from None
    person = await User.select(User.id, User.name, User.email, User.locale).where(User.email == address).first()
    if person is None:
        raise InvalidInput({"email": _("No account uses this address. Ask the person to sign up on Showcase "
                                       "first, then add them here.")})
    challenge_id = challenge["id"]
    if await ChallengeRole.exists().where((ChallengeRole.challenge == challenge_id)
                                          & (ChallengeRole.user == person["id"])):
        raise InvalidInput({"email": _("This person already organizes the challenge.")})
    takes_part = await Registration.exists().where(Registration.key == f"{challenge_id}:{person['id']}") or \
        await TeamMember.exists().where(TeamMember.key == f"{challenge_id}:{person['id']}")
    if takes_part:
        raise InvalidInput({"email": _("This person takes part in the challenge: those who run a challenge cannot "
                                       "compete in it.")})
    async with get_engine().transaction():
        await ChallengeRole.insert(ChallengeRole(challenge=challenge_id, user=person["id"], role="co_organizer",
                                                 key=f"{challenge_id}:{person['id']}", created_at=now))
        await log_event(challenge_id, by, "organizer_added", now, name=person["name"])
        title = (challenge["title_ar"] or challenge["title_fr"]) if person["locale"] == "ar" else (
            challenge["title_fr"] or challenge["title_ar"])
        await queue_mail(to=person["email"], template="challenge_co_organizer", locale=person["locale"], now=now,
                         context={"name": person["name"], "title": title, "by": by.name,
                                  "link": f"{get_settings().base_url}/manage/challenges/{challenge['slug']}"})
    return person


async def remove_co_organizer(challenge: dict, *, by: Any, user_id: int, now: datetime) -> None:
    """Co-organizers can be removed; the organizer cannot (an admin would hand the challenge over first)."""
    role = await ChallengeRole.select(ChallengeRole.id, ChallengeRole.role, ChallengeRole.user.name.as_alias("name")).where(
        (ChallengeRole.challenge == challenge["id"]) & (ChallengeRole.user == user_id)).first()
    if role is None:
        raise NotFound()
    if role["role"] != "co_organizer":
        raise InvalidInput({"remove": _("The organizer of the challenge cannot be removed.")})
    async with get_engine().transaction():
        await ChallengeRole.delete().where(ChallengeRole.id == role["id"])
        await log_event(challenge["id"], by, "organizer_removed", now, name=role["name"])
