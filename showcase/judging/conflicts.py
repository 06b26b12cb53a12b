"""Conflicts of interest between judges and entries: those judges declare (with a reason) and those the system
finds — a judge in the entry's team, a member of its startup, or sharing a company e-mail domain with a member."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from showcase.challenges.tables import Entry, TeamMember
from showcase.challenges.teams import is_unique_violation
from showcase.exceptions import InvalidInput, NotAllowed
from showcase.i18n import gettext as _
from showcase.judging.tables import Conflict, Judge
from showcase.startups.tables import StartupMember

# Addresses anyone can get: sharing one of these domains says nothing about who people work for.
WEBMAIL = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "outlook.fr", "hotmail.com", "hotmail.fr", "live.com", "live.fr",
    "msn.com", "yahoo.com", "yahoo.fr", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "menara.ma",
    "proton.me", "protonmail.com", "pm.me", "laposte.net", "orange.fr", "free.fr", "mail.com", "yandex.com",
    "zoho.com", "tutanota.com",
})
WEBMAIL_PREFIXES = ("gmx.",)  # gmx.com, gmx.fr, gmx.de…
MAX_REASON = 1000


def email_domain(address: str) -> str:
    return address.rpartition("@")[2].strip().lower()


def is_webmail(domain: str) -> bool:
    return domain in WEBMAIL or domain.startswith(WEBMAIL_PREFIXES)


async def automatic_conflicts(challenge_id: int) -> list[tuple[int, int, str]]:
    """(judge user id, entry id, reason) for each judge and entry in conflict, sorted; one reason per pair, the
    strongest: team membership, then startup membership, then a shared company e-mail domain."""
    judges = {row["user"]: row["user.email"] for row in await Judge.select(Judge.user, Judge.user.email).where(
        Judge.challenge == challenge_id)}
    if not judges:
        return []
    entries = await Entry.select(Entry.id, Entry.team, Entry.team.startup, Entry.team.startup.name).where(
        (Entry.challenge == challenge_id) & (Entry.status != "withdrawn"))
    members = await TeamMember.select(TeamMember.team, TeamMember.user, TeamMember.user.email).where(
        (TeamMember.challenge == challenge_id) & (TeamMember.status == "member"))
    by_team: dict[int, list[dict]] = {}
    for row in members:
        by_team.setdefault(row["team"], []).append(row)
    startup_ids = {row["team.startup"] for row in entries if row["team.startup"] is not None}
    startup_people: dict[int, set[int]] = {}
    if startup_ids:
        for row in await StartupMember.select(StartupMember.startup, StartupMember.user).where(
                StartupMember.startup.is_in(list(startup_ids))):
            startup_people.setdefault(row["startup"], set()).add(row["user"])
    found: list[tuple[int, int, str]] = []
    for entry in entries:
        team = by_team.get(entry["team"], [])
        team_users = {row["user"] for row in team}
        in_startup = startup_people.get(entry["team.startup"], set())
        domains = {email_domain(row["user.email"]) for row in team}
        for user_id, email in judges.items():
            domain = email_domain(email)
            if user_id in team_users:
                reason = _("Member of the entry's team")
            elif user_id in in_startup:
                reason = _("Member of the entry's startup %(startup)s", startup=entry["team.startup.name"])
            elif domain in domains and not is_webmail(domain):
                reason = _("Same e-mail domain as a team member (%(domain)s)", domain=domain)
            else:
                continue
            found.append((user_id, entry["id"], reason))
    return sorted(found, key=lambda item: (item[1], item[0]))


async def declare(challenge_id: int, *, user_id: int, entry_id: int, reason: str, now: datetime,
                  source: str = "declared") -> None:
    """A judge (or, with source "team", a team at submission) names a conflict with an entry, with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput({"reason": _("Say in a few words why you should not review this entry.")})
    if len(reason) > MAX_REASON:
        raise InvalidInput({"reason": _("Keep the reason under %(max)s characters.", max=MAX_REASON)})
    if not await Entry.exists().where((Entry.id == entry_id) & (Entry.challenge == challenge_id)):
        raise InvalidInput({"entry": _("Choose an entry of this challenge.")})
    if source == "declared" and not await Judge.exists().where(
            (Judge.challenge == challenge_id) & (Judge.user == user_id)):
        raise NotAllowed(_("Only judges of this challenge declare conflicts of interest."))
    try:
        await Conflict.insert(Conflict(challenge=challenge_id, user=user_id, entry=entry_id, source=source,
                                       reason=reason, key=f"{entry_id}:{user_id}", created_at=now))
    except Exception as exc:
        if not is_unique_violation(exc):
            raise
        await Conflict.update({Conflict.reason: reason}).where(Conflict.key == f"{entry_id}:{user_id}")


async def all_conflicts(challenge_id: int) -> list[dict]:
    """Stored and automatic conflicts with names, for the jury tab and the export (a stored one wins)."""
    stored = await Conflict.select(Conflict.user, Conflict.entry, Conflict.source, Conflict.reason).where(
        Conflict.challenge == challenge_id)
    rows = {(row["user"], row["entry"]): row for row in stored}
    for user_id, entry_id, reason in await automatic_conflicts(challenge_id):
        rows.setdefault((user_id, entry_id), {"user": user_id, "entry": entry_id, "source": "automatic",
                                              "reason": reason})
    if not rows:
        return []
    names = {row["user"]: row["user.name"] for row in await Judge.select(Judge.user, Judge.user.name).where(
        Judge.challenge == challenge_id)}
    teams = {row["id"]: row["team.name"] for row in await Entry.select(Entry.id, Entry.team.name).where(
        Entry.challenge == challenge_id)}
    result = [{**row, "judge": names.get(row["user"], ""), "team": teams.get(row["entry"], "")}
              for row in rows.values()]
    return sorted(result, key=lambda row: (row["entry"], row["judge"], row["user"]))


def source_label(source: str) -> str:
    return {"declared": _("Declared by the judge"), "automatic": _("Found automatically"),
            "team": _("Named by the team")}.get(source, source)


def conflicts_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["entry_id", "team", "judge_user_id", "judge", "source", "reason"])
    for row in rows:
        writer.writerow([row["entry"], row["team"], row["user"], row["judge"], row["source"], row["reason"]])
    return out.getvalue()
