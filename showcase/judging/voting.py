"""The public vote (People's Choice): who may vote, the window, casting and withdrawing votes, counts, voiding.

The rules, as Devpost runs its Popular Choice:
- the vote runs in its own window (Challenge.voting_opens_at ≤ now < voting_closes_at, once screening is done
  and before results are published: phases.voting_open);
- only logged-in accounts with a verified e-mail address vote; organizers (and site admins) of the challenge do
  not, judges may; nobody votes for an entry of their own team;
- one vote per entry per account, or N votes in total when JudgingSettings.votes_per_account = N > 0 (checked
  under judging_transaction, so concurrent votes never go past N); a vote voided by the organizers still
  takes its place in the N;
- a person may withdraw a vote (it is deleted) while the window is open; a voided vote stays, with its reason;
- the ballot is the submitted entries screened eligible, shuffled per voter (stable for that voter, never by
  popularity);
- counts are `raw` (every vote cast and not withdrawn) and `retained` (the valid ones: raw minus voided). The
  public sees retained counts once the window has closed; organizers see both, live.
"""

from __future__ import annotations

import hashlib
import random
import secrets
from dataclasses import dataclass
from datetime import datetime

from showcase.challenges import phases
from showcase.challenges.access import ChallengeContext
from showcase.challenges.listing import ENTRY_COLUMNS, EntryCard, _entry_card
from showcase.challenges.tables import Entry
from showcase.exceptions import InvalidInput, NotAllowed, NotFound
from showcase.i18n import format_datetime
from showcase.i18n import gettext as _
from showcase.judging import anomalies, audit
from showcase.judging.access import settings_of
from showcase.judging.audit import judging_transaction
from showcase.judging.tables import Judge, JudgingSettings, Vote
from showcase.ratelimit import Limit

VOTES_PER_ACCOUNT = Limit("vote-account", 30, 10 * 60)  # casting and withdrawing alike
VOTES_PER_IP = Limit("vote-ip", 300, 10 * 60)  # a hackathon room or a campus votes behind one address
DEVICE_COOKIE = "showcase_device"
DEVICE_MAX_AGE = 2 * 365 * 24 * 3600
REASON_MAX = 500

ELIGIBLE = (Entry.status == "submitted") & (Entry.screening == "eligible")


# --- the window ------------------------------------------------------------------------------------------------


def moment(instant: datetime | None, zone: str) -> str:
    """An instant in the challenge's time zone with its offset: "Mar 1, 2030, 10:00:00 AM (UTC+1)"."""
    if instant is None:
        return ""
    return f"{format_datetime(instant, 'medium', tzinfo=zone)} ({phases.utc_offset_label(instant, zone)})"


@dataclass(frozen=True)
class Window:
    status: str  # none (no public vote), before, waiting (dates reached, screening not finished), open, closed
    opens_at: datetime | None
    closes_at: datetime | None
    zone: str

    @property
    def open(self) -> bool:
        return self.status == "open"

    def message(self) -> str:
        opens, closes = moment(self.opens_at, self.zone), moment(self.closes_at, self.zone)
        if self.status == "open":
            return _("The public vote is open until %(closes)s.", closes=closes)
        if self.status == "before":
            return _("The public vote opens on %(opens)s and closes on %(closes)s.", opens=opens, closes=closes)
        if self.status == "waiting":
            return _("The public vote will open once every entry has been screened (planned from %(opens)s to "
                     "%(closes)s).", opens=opens, closes=closes)
        if self.status == "closed":
            return _("The public vote closed on %(closes)s.", closes=closes)
        return _("This challenge has no public vote.")


def window_of(ctx: ChallengeContext, now: datetime | None = None) -> Window:
    now = now or ctx.now
    timeline = ctx.state.timeline
    opens, closes = timeline.voting_opens_at, timeline.voting_closes_at
    zone = ctx.challenge["time_zone"]
    if opens is None:
        status = "none"
    elif phases.voting_open(ctx.state, now):
        status = "open"
    elif now < opens:
        status = "before"
    elif (closes is not None and now >= closes) or ctx.phase == "finished":
        status = "closed"
    else:
        status = "waiting"
    return Window(status=status, opens_at=opens, closes_at=closes, zone=zone)


# --- who may vote ----------------------------------------------------------------------------------------------


def voter_problem(ctx: ChallengeContext, user: object) -> str | None:
    """Why this person cannot vote at all: "login", "unverified", "organizer"; None when they may."""
    if user is None:
        return "login"
    if not getattr(user, "email_verified", False):
        return "unverified"
    if ctx.actor.organizes:
        return "organizer"
    return None


def own_team_ids(ctx: ChallengeContext) -> frozenset[int]:
    return frozenset(team for team in (ctx.actor.team_id, ctx.actor.pending_team_id) if team is not None)


def ballot_order(entry_ids: list[int], *, voter_id: int | None, challenge_id: int) -> list[int]:
    """The entries shuffled for one voter: the same order every time for them, another for someone else.
    Seeded by the voter and the challenge only (never by counts). Visitors share one shuffled order."""
    ordered = sorted(entry_ids)
    random.Random(f"ballot:{challenge_id}:{voter_id or 0}").shuffle(ordered)
    return ordered


def device_token(existing: str | None) -> str:
    """The device cookie's value: the one the browser sent when it looks like ours, a new random one otherwise."""
    if existing and 20 <= len(existing) <= 64 and all(c.isalnum() or c in "-_" for c in existing):
        return existing
    return secrets.token_urlsafe(32)


def device_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- counts ----------------------------------------------------------------------------------------------------


async def vote_counts(challenge_id: int) -> dict[int, tuple[int, int]]:
    """entry id → (raw, retained) for the challenge's public vote. One query. Entries without votes are absent."""
    rows = await Vote.select(Vote.entry, Vote.status).where(Vote.challenge == challenge_id)
    counts: dict[int, list[int]] = {}
    for row in rows:
        pair = counts.setdefault(row["entry"], [0, 0])
        pair[0] += 1
        if row["status"] == "valid":
            pair[1] += 1
    return {entry: (raw, retained) for entry, (raw, retained) in counts.items()}


def counts_public(window: Window) -> bool:
    """The public sees counts once the window has closed."""
    return window.status == "closed"


# --- the ballot ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BallotCard:
    card: EntryCard
    own: bool  # an entry of the person's team: no vote button
    my_vote: str | None  # None, "valid", "voided"
    count: int | None  # retained votes, when the person may see counts


@dataclass(frozen=True)
class Ballot:
    window: Window
    cards: list[BallotCard]
    problem: str | None  # from voter_problem
    allowance: int  # 0: one vote per entry; N: N votes in total
    used: int  # this person's votes in this challenge (voided ones included)
    counts_shown: bool
    hide_teams: bool = False  # an anonymised judging and the person is a judge: no team names, anywhere

    @property
    def left(self) -> int:
        return max(0, self.allowance - self.used)

    @property
    def can_vote(self) -> bool:
        return self.window.open and self.problem is None


async def _eligible_rows(challenge_id: int) -> list[dict]:
    return await Entry.select(*ENTRY_COLUMNS).where((Entry.challenge == challenge_id) & ELIGIBLE).order_by(Entry.id)


async def ballot(ctx: ChallengeContext, user: object, now: datetime | None = None) -> Ballot:
    challenge_id = ctx.challenge["id"]
    window = window_of(ctx, now)
    problem = voter_problem(ctx, user)
    settings = await settings_of(challenge_id)
    rows = {row["id"]: row for row in await _eligible_rows(challenge_id)}
    voter_id = getattr(user, "id", None)
    mine: dict[int, str] = {}
    if voter_id is not None:
        mine = {row["entry"]: row["status"] for row in await Vote.select(Vote.entry, Vote.status).where(
            (Vote.challenge == challenge_id) & (Vote.voter == voter_id))}
    shown = counts_public(window) or ctx.actor.organizes
    counts = await vote_counts(challenge_id) if shown else {}
    own = own_team_ids(ctx)
    cards = [BallotCard(card=_entry_card(rows[entry_id], ()), own=rows[entry_id]["team"] in own,
                        my_vote=mine.get(entry_id), count=counts.get(entry_id, (0, 0))[1] if shown else None)
             for entry_id in ballot_order(list(rows), voter_id=voter_id, challenge_id=challenge_id)]
    hide_teams = bool(settings["anonymised"]) and voter_id is not None and not ctx.actor.organizes and (
        await Judge.exists().where((Judge.challenge == challenge_id) & (Judge.user == voter_id)))
    return Ballot(window=window, cards=cards, problem=problem, allowance=settings["votes_per_account"] or 0,
                  used=len(mine), counts_shown=shown, hide_teams=hide_teams)


# --- casting and withdrawing ------------------------------------------------------------------------------------


def _check_can_vote(ctx: ChallengeContext, user: object, now: datetime) -> Window:
    window = window_of(ctx, now)
    if not window.open:
        raise NotAllowed(window.message())
    problem = voter_problem(ctx, user)
    if problem == "organizer":
        raise NotAllowed(_("Organizers of the challenge do not vote in its public vote."))
    if problem is not None:
        raise NotAllowed(_("Only logged-in accounts with a confirmed e-mail address can vote."))
    return window


async def cast(ctx: ChallengeContext, user: object, *, entry_id: int, ip: str, device: str, now: datetime) -> None:
    """Record a vote. NotFound for an entry not on the ballot; NotAllowed (with the message) otherwise."""
    _check_can_vote(ctx, user, now)
    challenge_id = ctx.challenge["id"]
    voter_id = user.id  # type: ignore[attr-defined]
    async with judging_transaction(challenge_id):
        entry = await Entry.select(Entry.id, Entry.team).where(
            (Entry.id == entry_id) & (Entry.challenge == challenge_id) & ELIGIBLE).first()
        if entry is None:
            raise NotFound()
        if entry["team"] in own_team_ids(ctx):
            raise NotAllowed(_("You cannot vote for your own team’s entry."))
        key = f"{entry_id}:{voter_id}"
        if await Vote.exists().where(Vote.key == key):
            raise NotAllowed(_("You have already voted for this entry."))
        allowance = (await settings_of(challenge_id))["votes_per_account"] or 0
        if allowance > 0:
            used = await Vote.count().where((Vote.challenge == challenge_id) & (Vote.voter == voter_id))
            if used >= allowance:
                raise NotAllowed(_("You have used all your votes. Remove one of them to vote for another entry."))
        await Vote.insert(Vote(challenge=challenge_id, entry=entry_id, voter=voter_id, ip=ip[:45],
                               subnet=anomalies.subnet_of(ip), device=device, key=key, created_at=now))


async def withdraw(ctx: ChallengeContext, user: object, *, entry_id: int, now: datetime) -> None:
    """Remove one's own valid vote while the window is open. A voided vote cannot be withdrawn."""
    window = window_of(ctx, now)
    if not window.open:
        raise NotAllowed(window.message())
    if user is None:
        raise NotAllowed(_("Only logged-in accounts with a confirmed e-mail address can vote."))
    challenge_id = ctx.challenge["id"]
    key = f"{entry_id}:{user.id}"  # type: ignore[attr-defined]
    async with judging_transaction(challenge_id):
        row = await Vote.select(Vote.id, Vote.status).where(
            (Vote.key == key) & (Vote.challenge == challenge_id)).first()
        if row is None:
            raise NotAllowed(_("You have not voted for this entry."))
        if row["status"] != "valid":
            raise NotAllowed(_("This vote was set aside by the organizers and cannot be removed."))
        await Vote.delete().where(Vote.id == row["id"])


# --- the organizers' view ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryTally:
    entry_id: int
    title_fr: str
    title_ar: str
    team: str
    raw: int
    retained: int

    @property
    def voided(self) -> int:
        return self.raw - self.retained


@dataclass(frozen=True)
class Review:
    """Everything the organizers' vote page shows."""

    window: Window
    tallies: list[EntryTally]  # most retained votes first, then raw, then entry id
    flags: list[anomalies.Flag]
    votes: dict[int, dict]  # vote id → row (voter name, account creation, entry, ip, device, status…)
    voided: list[dict]  # voided votes, latest first
    total_raw: int
    total_retained: int
    allowance: int

    def votes_of(self, flag: anomalies.Flag) -> list[dict]:
        return [self.votes[vote_id] for vote_id in flag.vote_ids]

    def valid_in(self, flag: anomalies.Flag) -> int:
        return sum(1 for vote_id in flag.vote_ids if self.votes[vote_id]["status"] == "valid")


VOTE_COLUMNS = (Vote.id, Vote.entry, Vote.voter, Vote.ip, Vote.subnet, Vote.device, Vote.status, Vote.void_reason,
                Vote.voided_at, Vote.created_at, Vote.voter.name.as_alias("voter_name"),
                Vote.voter.created_at.as_alias("voter_created_at"), Vote.voided_by.name.as_alias("voided_by_name"),
                Vote.entry.team.name.as_alias("team"), Vote.entry.reuse.title_fr.as_alias("title_fr"),
                Vote.entry.reuse.title_ar.as_alias("title_ar"))


def records(rows: list[dict]) -> list[anomalies.VoteRecord]:
    return [anomalies.VoteRecord(id=row["id"], entry=row["entry"], voter=row["voter"], ip=row["ip"],
                                 subnet=row["subnet"], device=row["device"], created_at=row["created_at"],
                                 voter_created_at=row["voter_created_at"]) for row in rows]


async def _vote_rows(challenge_id: int) -> list[dict]:
    return await Vote.select(*VOTE_COLUMNS).where(Vote.challenge == challenge_id).order_by(Vote.id)


async def review(ctx: ChallengeContext) -> Review:
    challenge_id = ctx.challenge["id"]
    window = window_of(ctx)
    rows = await _vote_rows(challenge_id)
    entries = await Entry.select(Entry.id, Entry.team.name.as_alias("team"),
                                 Entry.reuse.title_fr.as_alias("title_fr"),
                                 Entry.reuse.title_ar.as_alias("title_ar")).where(
        (Entry.challenge == challenge_id) & ELIGIBLE).order_by(Entry.id)
    counts: dict[int, list[int]] = {}
    for row in rows:
        pair = counts.setdefault(row["entry"], [0, 0])
        pair[0] += 1
        pair[1] += row["status"] == "valid"
    known = {entry["id"]: entry for entry in entries}
    for row in rows:  # an entry screened out after votes came in keeps its line
        known.setdefault(row["entry"], {"id": row["entry"], "team": row["team"], "title_fr": row["title_fr"],
                                        "title_ar": row["title_ar"]})
    tallies = [EntryTally(entry_id=entry["id"], title_fr=entry["title_fr"] or "", title_ar=entry["title_ar"] or "",
                          team=entry["team"] or "", raw=counts.get(entry["id"], [0, 0])[0],
                          retained=counts.get(entry["id"], [0, 0])[1]) for entry in known.values()]
    tallies.sort(key=lambda tally: (-tally.retained, -tally.raw, tally.entry_id))
    flags = anomalies.all_flags(records(rows), opens_at=window.opens_at)
    voided = sorted((row for row in rows if row["status"] == "voided"),
                    key=lambda row: (row["voided_at"] or row["created_at"], row["id"]), reverse=True)
    settings = await settings_of(challenge_id)
    return Review(window=window, tallies=tallies, flags=flags, votes={row["id"]: row for row in rows}, voided=voided,
                  total_raw=len(rows), total_retained=sum(1 for row in rows if row["status"] == "valid"),
                  allowance=settings["votes_per_account"] or 0)


def clean_reason(reason: str) -> str:
    text = " ".join((reason or "").split())
    if not text:
        raise InvalidInput({"reason": _("Give the reason for voiding: it is kept with the vote.")})
    if len(text) > REASON_MAX:
        raise InvalidInput({"reason": _("At most %(count)s characters.", count=REASON_MAX)})
    return text


async def void(ctx: ChallengeContext, actor: dict, *, vote_ids: list[int], reason: str, flag: str = "",
               now: datetime) -> int:
    """Void the valid votes among `vote_ids` (of this challenge) with a reason; each is audited as vote.voided
    (payload: the vote, its entry and the flag that led to it — no personal data). Returns how many changed."""
    if ctx.phase == "finished":
        clean_reason(reason)
        raise NotAllowed(_("The results are published: votes can no longer be voided."))
    return await void_votes(ctx.challenge["id"], actor, vote_ids=vote_ids, reason=reason, flag=flag, now=now)


async def void_votes(challenge_id: int, actor: dict | None, *, vote_ids: list[int], reason: str, flag: str = "",
                     now: datetime) -> int:
    """void() without the page's checks of the phase (the demo loader uses it too)."""
    text = clean_reason(reason)
    changed = 0
    async with judging_transaction(challenge_id):
        rows = await Vote.select(Vote.id, Vote.entry).where(
            (Vote.challenge == challenge_id) & Vote.id.is_in(vote_ids or [0]) & (Vote.status == "valid")
        ).order_by(Vote.id)
        for row in rows:
            await Vote.update({Vote.status: "voided", Vote.void_reason: text, Vote.voided_by: actor["id"] if actor else None,
                               Vote.voided_at: now}).where(Vote.id == row["id"])
            await audit.append(challenge_id, action="vote.voided", actor=actor, subject=f"vote:{row['id']}",
                               payload={"vote": row["id"], "entry": row["entry"], "flag": flag}, now=now)
            changed += 1
    return changed


async def void_group(ctx: ChallengeContext, actor: dict, *, group: str, reason: str, now: datetime) -> int:
    """Void every valid vote of a flagged group ("kind|key|entry"), the flags computed afresh."""
    clean_reason(reason)
    review_now = await review(ctx)
    flag = anomalies.find_group(review_now.flags, group)
    if flag is None:
        raise NotFound()
    return await void(ctx, actor, vote_ids=list(flag.vote_ids), reason=reason, flag=flag.kind, now=now)


async def void_one(ctx: ChallengeContext, actor: dict, *, vote_id: str, reason: str, now: datetime) -> int:
    """Void one vote by its number (as shown on the page)."""
    text = (vote_id or "").strip().lstrip("#")
    errors = {}
    if not text.isdigit():
        errors["vote"] = _("Enter the number of a vote, as shown in the lists.")
    try:
        clean_reason(reason)
    except InvalidInput as exc:
        errors.update(exc.errors)
    if errors:
        raise InvalidInput(errors)
    row = await Vote.select(Vote.id, Vote.status).where(
        (Vote.id == int(text)) & (Vote.challenge == ctx.challenge["id"])).first()
    if row is None:
        raise InvalidInput({"vote": _("No vote of this challenge has this number.")})
    if row["status"] != "valid":
        raise InvalidInput({"vote": _("This vote is already void.")})
    return await void(ctx, actor, vote_ids=[row["id"]], reason=reason, now=now)


# --- the setting: one vote per entry, or N in total -------------------------------------------------------------

ALLOWANCE_MAX = 50


async def set_allowance(ctx: ChallengeContext, actor: dict, *, mode: str, value: str, now: datetime) -> int:
    """Set JudgingSettings.votes_per_account: mode "per_entry" (0, one vote per entry) or "total" (N votes in
    total, 1 ≤ N ≤ ALLOWANCE_MAX). Refused once a vote has been cast: the rule stays the same for every voter.
    Audited as settings.changed."""
    if mode == "per_entry":
        allowance = 0
    else:
        text = (value or "").strip()
        if not text.isdigit() or not 1 <= int(text) <= ALLOWANCE_MAX:
            raise InvalidInput({"votes_per_account": _("Enter a whole number from 1 to %(max)s.", max=ALLOWANCE_MAX)})
        allowance = int(text)
    challenge_id = ctx.challenge["id"]
    await settings_of(challenge_id)
    async with judging_transaction(challenge_id):
        if await Vote.exists().where(Vote.challenge == challenge_id):
            raise InvalidInput({"votes_per_account": _(
                "Votes have already been cast: the rule can no longer change, so that it is the same for everyone.")})
        await JudgingSettings.update({JudgingSettings.votes_per_account: allowance,
                                      JudgingSettings.updated_at: now}).where(JudgingSettings.challenge == challenge_id)
        await audit.append(challenge_id, action="settings.changed", actor=actor, subject="vote",
                           payload={"votes_per_account": allowance}, now=now)
    return allowance
