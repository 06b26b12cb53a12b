"""Screening: organizers mark each submitted entry eligible, ineligible (with a reason) or needing information.

Decisions are taken only on submitted entries, and only while the phase allows it (submissions and
screening: entries are frozen once judging opens). Each decision is logged as a ChallengeEvent; an
ineligible or needs-information decision e-mails every member of the team in their own language.
Judging cannot open while an entry is undecided (queries.screening_complete is the guard).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from showcase import i18n
from showcase.challenges import phases, rules
from showcase.challenges.tables import ChallengeEvent, Entry, TeamMember
from showcase.db import get_engine
from showcase.exceptions import InvalidInput, NotAllowed, NotFound
from showcase.i18n import gettext as _
from showcase.mail.domain import queue_mail
from showcase.settings import get_settings

DECISIONS = ("eligible", "ineligible", "needs_info")
# The form field carrying the text each decision needs: the reason, or the message asking for information.
TEXT_FIELD = {"ineligible": "reason", "needs_info": "message"}
MAIL_TEMPLATES = {"ineligible": "challenge_screening_ineligible", "needs_info": "challenge_screening_needs_info"}
REASON_MAX = 2000
BULK_MAX = 200


@dataclass(frozen=True)
class Outcome:
    changed: bool  # False when the same decision (and text) was already recorded
    mailed: int  # e-mails queued to the team


def refusal(actor: rules.Actor, phase: str, entry_status: str | None) -> str | None:
    """Why this decision may not be taken now, in words; None when it may."""
    if rules.allowed(actor, "screen_entry", rules.Target(phase=phase, entry_status=entry_status)):
        return None
    if not actor.organizes:
        return _("Only the challenge's organizers can screen entries.")
    if entry_status == "draft":
        return _("This entry is still a draft: only submitted entries can be screened.")
    if entry_status == "withdrawn":
        return _("The team withdrew this entry: it can no longer be screened.")
    if phases.capabilities(phase).entries_frozen:
        return _("Entries are frozen since judging opened: screening decisions can no longer change.")
    return _("Screening starts when submissions open.")


def clean_decision(values: dict[str, str]) -> tuple[str, str]:
    """(decision, text) from the form, or InvalidInput with a message beside the missing field."""
    decision = values.get("decision", "")
    if decision not in DECISIONS:
        raise InvalidInput({"decision": _("Choose a decision.")})
    if decision == "eligible":
        return decision, ""
    name = TEXT_FIELD[decision]
    text = (values.get(name) or "").strip()
    if not text:
        raise InvalidInput({name: _("Give the reason: the team will read it.") if decision == "ineligible"
                            else _("Write what the team must add or clarify: they will read it.")})
    if len(text) > REASON_MAX:
        raise InvalidInput({name: _("Keep it under %(max)s characters (now %(count)s).", max=REASON_MAX,
                                    count=len(text))})
    return decision, text


def _event(challenge_id: int, actor_id: int | None, entry_id: int, decision: str, reason: str,
           now: datetime) -> ChallengeEvent:
    detail = json.dumps({"entry": entry_id, "decision": decision, "reason": reason}, ensure_ascii=False)
    return ChallengeEvent(challenge=challenge_id, actor=actor_id, action="screen", detail=detail, created_at=now)


async def decide(*, challenge: dict, actor: rules.Actor, phase: str, entry_id: int, values: dict[str, str],
                 now: datetime) -> Outcome:
    """Record one decision on one entry; NotAllowed (with the reason in words) when it may not be taken."""
    entry = await Entry.select(Entry.id, Entry.status, Entry.screening, Entry.screening_reason, Entry.team,
                               Entry.team.name.as_alias("team_name"), Entry.reuse.title_fr.as_alias("title_fr"),
                               Entry.reuse.title_ar.as_alias("title_ar")).where(
        (Entry.id == entry_id) & (Entry.challenge == challenge["id"])).first()
    if entry is None:
        raise NotFound()
    if (why := refusal(actor, phase, entry["status"])) is not None:
        raise NotAllowed(why)
    decision, text = clean_decision(values)
    if entry["screening"] == decision and entry["screening_reason"] == text:
        return Outcome(changed=False, mailed=0)  # a repeated form: nothing new to log or mail
    async with get_engine().transaction():
        # The conditions close the races with a withdrawal, and with the same form posted twice at once
        # (the second write finds the decision already there and changes, logs and mails nothing).
        updated = await Entry.update({Entry.screening: decision, Entry.screening_reason: text,
                                      Entry.screened_by: actor.user_id, Entry.screened_at: now}).where(
            (Entry.id == entry_id) & (Entry.status == "submitted")
            & ((Entry.screening != decision) | (Entry.screening_reason != text))).returning(Entry.id)
        if not updated:
            current = await Entry.select(Entry.status).where(Entry.id == entry_id).first()
            if current is None or current["status"] != "submitted":
                raise NotAllowed(_("The team withdrew this entry: it can no longer be screened."))
            return Outcome(changed=False, mailed=0)
        await ChallengeEvent.insert(_event(challenge["id"], actor.user_id, entry_id, decision, text, now))
        mailed = 0
        if decision in MAIL_TEMPLATES:
            mailed = await _mail_team(challenge=challenge, entry=entry, decision=decision, text=text, now=now)
    return Outcome(changed=True, mailed=mailed)


async def _mail_team(*, challenge: dict, entry: dict, decision: str, text: str, now: datetime) -> int:
    members = await TeamMember.select(TeamMember.user.name.as_alias("name"), TeamMember.user.email.as_alias("email"),
                                      TeamMember.user.locale.as_alias("locale")).where(
        (TeamMember.team == entry["team"]) & (TeamMember.status == "member")
        & (TeamMember.user.active == True)  # noqa: E712
    ).order_by(TeamMember.id)
    base = get_settings().base_url
    for member in members:
        locale = member["locale"] if member["locale"] in i18n.SUPPORTED else i18n.DEFAULT
        await queue_mail(to=member["email"], template=MAIL_TEMPLATES[decision], locale=locale, now=now, context={
            "name": member["name"], "challenge": challenge, "team": entry["team_name"], "reason": text,
            "entry": {"title_fr": entry["title_fr"] or "", "title_ar": entry["title_ar"] or ""},
            "link": f"{base}/challenges/{challenge['slug']}/team",
        })
    return len(members)


async def mark_eligible(*, challenge: dict, actor: rules.Actor, phase: str, entry_ids: list[int],
                        now: datetime) -> int:
    """Mark several pending submitted entries eligible at once; returns how many changed.

    Entries that are not pending any more (decided meanwhile, withdrawn) are left as they are.
    """
    if (why := refusal(actor, phase, "submitted")) is not None:
        raise NotAllowed(why)
    chosen = sorted(set(entry_ids))[:BULK_MAX]
    if not chosen:
        raise InvalidInput({"entry_ids": _("Select at least one entry.")})
    async with get_engine().transaction():
        updated = await Entry.update({Entry.screening: "eligible", Entry.screening_reason: "",
                                      Entry.screened_by: actor.user_id, Entry.screened_at: now}).where(
            (Entry.challenge == challenge["id"]) & Entry.id.is_in(chosen) & (Entry.status == "submitted")
            & (Entry.screening == "pending")).returning(Entry.id)
        if updated:
            await ChallengeEvent.insert(*[_event(challenge["id"], actor.user_id, row["id"], "eligible", "", now)
                                          for row in sorted(updated, key=lambda row: row["id"])])
    return len(updated)


async def history(challenge_id: int, entry_id: int) -> list[dict]:
    """The decisions taken on one entry, newest first, with who took them."""
    prefix = json.dumps({"entry": entry_id})[:-1] + ","  # the detail starts with the entry id (see _event)
    rows = await ChallengeEvent.select(ChallengeEvent.detail, ChallengeEvent.created_at,
                                       ChallengeEvent.actor.name.as_alias("actor_name")).where(
        (ChallengeEvent.challenge == challenge_id) & (ChallengeEvent.action == "screen")
        & ChallengeEvent.detail.like(prefix.replace("%", "") + "%")).order_by(ChallengeEvent.id, ascending=False)
    decisions = []
    for row in rows:
        detail = json.loads(row["detail"])
        decisions.append({"decision": detail.get("decision", ""), "reason": detail.get("reason", ""),
                          "created_at": row["created_at"], "actor_name": row["actor_name"]})
    return decisions

