"""Conflicts of interest as people declare them: a judge with an entry (from their conflicts page), and a team
with judges of a public jury (on the entry form). Both are stored in the Conflict table through conflicts.py and
audited; the automatic ones (team, startup, company e-mail domain) are conflicts.py's own.

A conflicted judge never sees the entry again (access.check_entry answers 404)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from showcase.exceptions import InvalidInput
from showcase.i18n import gettext as _
from showcase.judging import audit, conflicts, workspace
from showcase.judging.access import JudgingContext, eligible_entries
from showcase.judging.audit import actor_of as _actor
from showcase.judging.audit import judging_transaction
from showcase.judging.tables import Assignment, Conflict, Judge
from showcase.challenges.tables import Entry

TEAM_FIELD = "conflict_judge"  # the ticked judges (user ids) on the entry form


def reason_field(user_id: int) -> str:
    return f"conflict_reason_{user_id}"


# ------------------------------------------------------------------------------------------ judges

async def judge_page(jctx: JudgingContext) -> dict:
    """What a judge's conflicts page shows: the eligible entries they may still declare a conflict with (titles,
    and team names unless anonymised) and their current conflicts, automatic ones included, with reasons."""
    challenge_id = jctx.challenge["id"]
    user_id = jctx.user.id
    eligible = {row["id"] for row in await eligible_entries(challenge_id)}
    entries = {row["id"]: row for row in await Entry.select(
        Entry.id, Entry.reuse.title_fr.as_alias("title_fr"), Entry.reuse.title_ar.as_alias("title_ar"),
        Entry.team.name.as_alias("team")).where(Entry.id.is_in(list(eligible) or [0]))}
    mine = {row["entry"]: row for row in await Conflict.select(Conflict.entry, Conflict.source, Conflict.reason).where(
        (Conflict.challenge == challenge_id) & (Conflict.user == user_id))}
    for judge_id, entry_id, reason in await conflicts.automatic_conflicts(challenge_id):
        if judge_id == user_id:
            mine.setdefault(entry_id, {"entry": entry_id, "source": "automatic", "reason": reason})
    anonymised = jctx.anonymised
    # A title may carry a team's or a startup's name ("Projet Les Cartographes"): blotted out in anonymised mode.
    names = await workspace.names_by_entry(list(entries)) if anonymised else {}

    def shown(entry_id: int) -> dict:
        row = entries.get(entry_id) or {"id": entry_id, "title_fr": "", "title_ar": "", "team": ""}
        hidden = names.get(entry_id, ())
        return {"id": entry_id, "title_fr": workspace.redact(row["title_fr"] or "", hidden),
                "title_ar": workspace.redact(row["title_ar"] or "", hidden),
                "team": "" if anonymised else (row["team"] or "")}

    current = []
    for entry_id, row in sorted(mine.items()):
        reason = row["reason"]
        if anonymised and row["source"] != "declared":
            # An automatic reason may name a startup, a team's may name anyone: not shown in anonymised mode.
            reason = _("Found automatically (team, startup or company e-mail domain)") \
                if row["source"] == "automatic" else _("Named by the team when it submitted its entry")
        current.append({**shown(entry_id), "source": row["source"], "source_label": conflicts.source_label(
            row["source"]), "reason": reason})
    open_entries = [shown(entry_id) for entry_id in sorted(eligible) if entry_id not in mine]
    return {"entries": open_entries, "conflicts": current}


async def declare(jctx: JudgingContext, *, entry: str, reason: str, now: datetime) -> int:
    """The judge declares a conflict with an eligible entry, with a reason; audited as conflict.declared."""
    challenge_id = jctx.challenge["id"]
    entry_id = int(entry) if (entry or "").strip().isdigit() else None
    if entry_id is None or entry_id not in {row["id"] for row in await eligible_entries(challenge_id)}:
        raise InvalidInput({"entry": _("Choose an entry of this challenge.")})
    async with judging_transaction(challenge_id):
        await conflicts.declare(challenge_id, user_id=jctx.user.id, entry_id=entry_id, reason=reason, now=now)
        await audit.append(challenge_id, action="conflict.declared", actor=_actor(jctx.user),
                           subject=f"entry:{entry_id}", payload={"judge": jctx.user.id, "reason": reason.strip()},
                           now=now)
        await _release(challenge_id, entry_id, jctx.user.id, actor=_actor(jctx.user), now=now)
    return entry_id


async def _release(challenge_id: int, entry_id: int, judge_id: int, *, actor: dict | None, now: datetime) -> None:
    """A conflict found after the assignment: the judge no longer reviews the entry (in any round), audited. A
    review already written stays on record; the standings leave it out (standings.round_scores)."""
    assigned = await Assignment.select(Assignment.round).where(
        (Assignment.entry == entry_id) & (Assignment.judge == judge_id))
    if not assigned:
        return
    await Assignment.delete().where((Assignment.entry == entry_id) & (Assignment.judge == judge_id))
    for row in assigned:
        await audit.append(challenge_id, action="assignment.removed", actor=actor, subject=f"round:{row['round']}",
                           payload={"entry": entry_id, "judge": judge_id, "reason": "conflict"}, now=now)


# ------------------------------------------------------------------------------------------ teams

async def jury_for_team(challenge: Mapping[str, Any], entry_id: int | None) -> dict:
    """For the entry form: the judges (when the jury is public) and the conflicts the team already named."""
    if not challenge.get("jury_public"):
        return {"jury": [], "named": {}}
    rows = await Judge.select(Judge.user, Judge.user.name.as_alias("name")).where(
        Judge.challenge == challenge["id"]).order_by(Judge.user.name)
    jury: dict[int, str] = {}
    for row in rows:
        jury.setdefault(row["user"], row["name"])
    named = {}
    if entry_id is not None:
        named = {row["user"]: row["reason"] for row in await Conflict.select(Conflict.user, Conflict.reason).where(
            (Conflict.entry == entry_id) & (Conflict.source == "team"))}
    return {"jury": [{"id": user_id, "name": name} for user_id, name in jury.items()], "named": named}


def form_values(named: Mapping[int, str]) -> dict:
    """The stored choices as form values (ticked ids and reasons)."""
    return {TEAM_FIELD: [str(user_id) for user_id in named],
            **{reason_field(user_id): reason for user_id, reason in named.items()}}


def check_team_choices(jury: list[dict], ticked: list[str], values: Mapping[str, str]) -> dict[int, str]:
    """judge id → reason for each ticked judge of the jury; a ticked judge needs a reason."""
    known = {judge["id"] for judge in jury}
    chosen: dict[int, str] = {}
    errors: dict[str, str] = {}
    for raw in ticked:
        if not raw.isdigit() or int(raw) not in known:
            continue
        user_id = int(raw)
        reason = (values.get(reason_field(user_id)) or "").strip()
        if not reason:
            errors[reason_field(user_id)] = _("Say in a few words why this judge should not review your entry.")
        elif len(reason) > conflicts.MAX_REASON:
            errors[reason_field(user_id)] = _("Keep the reason under %(max)s characters.", max=conflicts.MAX_REASON)
        chosen[user_id] = reason
    if errors:
        raise InvalidInput(errors)
    return chosen


async def save_team_choices(challenge_id: int, entry_id: int, chosen: Mapping[int, str], *, user: Any,
                            now: datetime) -> None:
    """Store the team's conflicts for its entry: new or changed ones written, unticked ones removed. A conflict a
    judge declared (or the system found) for the same pair is left as it is. Audited."""
    async with judging_transaction(challenge_id):
        stored = {row["user"]: row for row in await Conflict.select(Conflict.user, Conflict.source, Conflict.reason).where(
            Conflict.entry == entry_id)}
        for user_id, reason in chosen.items():
            row = stored.get(user_id)
            if row is not None and (row["source"] != "team" or row["reason"] == reason):
                continue
            await conflicts.declare(challenge_id, user_id=user_id, entry_id=entry_id, reason=reason, now=now,
                                    source="team")
            await audit.append(challenge_id, action="conflict.named", actor=_actor(user), subject=f"entry:{entry_id}",
                               payload={"judge": user_id, "reason": reason}, now=now)
            await _release(challenge_id, entry_id, user_id, actor=_actor(user), now=now)
        removed = [user_id for user_id, row in stored.items() if row["source"] == "team" and user_id not in chosen]
        if removed:
            await Conflict.delete().where((Conflict.entry == entry_id) & (Conflict.source == "team")
                                          & Conflict.user.is_in(removed))
            for user_id in removed:
                await audit.append(challenge_id, action="conflict.removed", actor=_actor(user),
                                   subject=f"entry:{entry_id}", payload={"judge": user_id}, now=now)
