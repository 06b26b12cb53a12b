"""What the page /challenges/<slug> shows: its reads, its timeline, the FAQ cut into questions, the call to action
for this person in this phase (decided by rules.allowed, never re-implemented here), and its schema.org Event.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from showcase.challenges import constants, phases, rules
from showcase.challenges.access import ChallengeContext
from showcase.challenges.tables import ChallengeDataset, ChallengeTheme, Entry, Registration, Team, Track
from showcase.i18n import gettext as _
from showcase.markdown import render_markdown
from showcase.media.pictures import picture_urls
from showcase.portal.queries import CARD_COLUMNS, DatasetCard, Named, _card, pick
from showcase.portal.tables import Dataset

# The phases that come after the submission deadline.
AFTER_DEADLINE = phases.PHASES[phases.PHASES.index("submissions") + 1:]


# --- reads ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PrizeTrack:
    id: int
    name_fr: str
    name_ar: str
    description_fr: str
    description_ar: str
    amount_mad: int
    winners: int

    def name(self, locale: str) -> str:
        return pick(locale, self.name_fr, self.name_ar)

    def description(self, locale: str) -> Markup:
        return render_markdown(pick(locale, self.description_fr, self.description_ar))


async def prize_tracks(challenge_id: int) -> list[PrizeTrack]:
    rows = await Track.select(Track.id, Track.name_fr, Track.name_ar, Track.description_fr, Track.description_ar,
                              Track.amount_mad, Track.winners).where(Track.challenge == challenge_id).order_by(
        Track.position).order_by(Track.id)
    return [PrizeTrack(**row) for row in rows]


async def eligible_datasets(challenge_id: int) -> list[DatasetCard]:
    """The eligible datasets as the portal snapshot knows them, in the organizer's order."""
    links = await ChallengeDataset.select(ChallengeDataset.dataset, ChallengeDataset.position).where(
        ChallengeDataset.challenge == challenge_id)
    order = {link["dataset"]: (link["position"], link["dataset"]) for link in links}
    if not order:
        return []
    rows = await Dataset.select(*CARD_COLUMNS).where(Dataset.id.is_in(list(order)))
    return [_card(row) for row in sorted(rows, key=lambda row: order[row["id"]])]


async def cited_eligible_datasets(challenge_id: int, reuse_id: int | None) -> list[DatasetCard]:
    """The datasets an entry's reuse cites among the challenge's eligible ones."""
    if reuse_id is None:
        return []
    from showcase.reuses.tables import ReuseDataset

    rows = await Dataset.select(*CARD_COLUMNS).where(
        Dataset.id.is_in(ReuseDataset.select(ReuseDataset.dataset).where(ReuseDataset.reuse == reuse_id))
        & Dataset.id.is_in(ChallengeDataset.select(ChallengeDataset.dataset).where(
            ChallengeDataset.challenge == challenge_id)))
    return [_card(row) for row in sorted(rows, key=lambda row: row["id"])]


async def themes(challenge_id: int) -> list[Named]:
    rows = await ChallengeTheme.select(ChallengeTheme.theme.name, ChallengeTheme.theme.title_fr,
                                       ChallengeTheme.theme.title_ar).where(
        ChallengeTheme.challenge == challenge_id).order_by(ChallengeTheme.theme.name)
    return [Named(row["theme.name"], row["theme.title_fr"], row["theme.title_ar"]) for row in rows]


@dataclass(frozen=True, slots=True)
class Counts:
    registrations: int
    teams: int
    submitted_entries: int


async def counts(challenge_id: int) -> Counts:
    return Counts(
        registrations=await Registration.count().where(Registration.challenge == challenge_id),
        teams=await Team.count().where(Team.challenge == challenge_id),
        submitted_entries=await Entry.count().where((Entry.challenge == challenge_id) & (Entry.status == "submitted")),
    )


@dataclass(frozen=True, slots=True)
class Update:
    subject: str
    body: Markup
    created_at: datetime | None


async def updates(challenge_id: int) -> list[Update]:
    """The organizers' announcements the public may read, newest first."""
    try:
        from showcase.challenges.announcements import public_announcements
    except ImportError:  # the announcements module is not there yet: read the table itself
        from showcase.challenges.tables import Announcement

        rows: list[Any] = await Announcement.select(Announcement.subject, Announcement.body,
                                                    Announcement.created_at).where(
            (Announcement.challenge == challenge_id) & (Announcement.audience == "registered")  # sent to all
        ).order_by(Announcement.created_at, ascending=False).limit(20)
    else:
        rows = list(await public_announcements(challenge_id))

    def field(row: Any, name: str) -> Any:
        return row.get(name) if isinstance(row, dict) else getattr(row, name, None)

    return [Update(subject=field(row, "subject") or "", body=render_markdown(field(row, "body") or ""),
                   created_at=field(row, "created_at")) for row in rows]


# --- the timeline -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Milestone:
    key: str  # a key of constants.MILESTONE_LABELS
    moment: datetime
    starts: str | None  # the phase this milestone opens (None for the public vote, which runs beside judging)
    current: bool  # it opened the phase the challenge is in now
    past: bool
    changed: bool = False  # moved by the organizers (a deadline extended, judging or results brought forward)

    @property
    def label(self) -> str:
        return str(constants.MILESTONE_LABELS[self.key])


def _moved(override: datetime | None, planned: datetime | None) -> bool:
    """An override that differs from the planned date by more than a minute (a real change, not a click on time)."""
    return override is not None and (planned is None or abs((override - planned).total_seconds()) > 60)


def timeline(challenge: dict, state: phases.State, current: str, now: datetime) -> list[Milestone]:
    """The dates of the challenge in time order, the one that opened the current phase marked."""
    plan, overrides = state.timeline, state.overrides
    voting = phases.voting_open(state, now)
    items: list[tuple[str, datetime | None, str | None, bool]] = [
        ("registration_opens", plan.registration_opens_at or challenge.get("published_at"), "registration", False),
        ("submissions_open", plan.submissions_open_at, "submissions", False),
        ("submissions_close", phases.deadline(state), "screening",
         _moved(overrides.deadline_override_at, plan.submissions_close_at)),
        ("judging_opens", overrides.judging_opened_at or plan.judging_opens_at, "judging",
         _moved(overrides.judging_opened_at, plan.judging_opens_at)),
        ("judging_closes", plan.judging_closes_at, "deliberation", False),
        ("voting_opens", plan.voting_opens_at, None, False),
        ("voting_closes", plan.voting_closes_at, None, False),
        ("results", overrides.results_published_at or plan.results_at, "finished", False),
    ]
    milestones = [Milestone(key=key, moment=moment, starts=starts,
                            current=(starts == current) or (key == "voting_opens" and voting),
                            past=moment <= now, changed=changed)
                  for key, moment, starts, changed in items if moment is not None]
    return sorted(milestones, key=lambda milestone: milestone.moment)


def deadline_rule(state: phases.State, zone_name: str, now: datetime) -> str | None:
    """The exclusive deadline in words, with local time, zone, offset and UTC (in the past tense once passed)."""
    from showcase.challenges.display import challenge_time

    close = phases.deadline(state)
    shown = challenge_time(close, zone_name)
    if close is None or shown is None:
        return None
    words = {"local": shown["local"], "zone": zone_name, "offset": shown["offset"], "utc": shown["utc"]}
    if now < close:
        return _("Entries are accepted until %(local)s (%(zone)s, %(offset)s) = %(utc)s UTC; from that second on, "
                 "they are refused.", **words)
    return _("Entries were accepted until %(local)s (%(zone)s, %(offset)s) = %(utc)s UTC; since that second, "
             "they are refused.", **words)


# --- the FAQ ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Faq:
    intro: Markup
    questions: tuple[tuple[str, Markup], ...]  # (question, answer) per "## question" heading
    plain: Markup  # the whole text, when it has no such heading


_QUESTION = re.compile(r"^##[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def faq(source: str) -> Faq:
    parts = _QUESTION.split(source or "")
    if len(parts) < 3:
        return Faq(intro=Markup(""), questions=(), plain=render_markdown(source))
    questions = tuple((parts[i].strip(), render_markdown(parts[i + 1].strip())) for i in range(1, len(parts), 2))
    return Faq(intro=render_markdown(parts[0].strip()), questions=questions, plain=Markup(""))


# --- the call to action -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Action:
    kind: str  # login, register, team, team_space, submit, update, manage, entries
    label: str
    url: str
    primary: bool


@dataclass(frozen=True, slots=True)
class CallToAction:
    actions: tuple[Action, ...]
    closed: bool  # the deadline has passed: "Submissions are closed"


def call_to_action(context: ChallengeContext, team: rules.Target | None = None) -> CallToAction:
    """What this person can do next in this phase. `team` is the Target of the person's own team (its entry's
    status), from queries.team_target, when they have one."""
    slug = context.challenge["slug"]
    base = f"/challenges/{slug}"
    actor = context.actor
    found: list[tuple[str, str, str]] = []
    if context.can("edit_challenge"):  # organizers, co-organizers and admins run it and do not compete
        found.append(("manage", _("Manage"), f"/manage/challenges/{slug}"))
    elif actor.user_id is None:
        if phases.capabilities(context.phase).can_register:
            login = f"/account/login?next={quote(base + '/register', safe='/')}"
            found.append(("login", _("Log in to register"), login))
    else:
        if context.can("register"):
            found.append(("register", _("Register"), f"{base}/register"))
        if context.can("create_team") or context.can("join_team"):
            found.append(("team", _("Create or join a team"), f"{base}/team"))
        if team is not None and team.team_id is not None and rules.allowed(actor, "submit_entry", team):
            submitted = team.entry_status == "submitted"
            found.append(("update" if submitted else "submit",
                          _("Update your entry") if submitted else _("Submit your entry"), f"{base}/submit"))
        own = actor.team_id or actor.pending_team_id
        if own is not None and context.can("view_team_space", team_id=own):
            found.append(("team_space", _("Your team space"), f"{base}/team"))
    closed = context.phase in AFTER_DEADLINE
    if closed and context.challenge["entries_public"]:
        found.append(("entries", _("See the entries"), f"{base}/entries"))
    return CallToAction(actions=tuple(Action(kind, label, url, primary=index == 0)
                                      for index, (kind, label, url) in enumerate(found)), closed=closed)


# --- schema.org -------------------------------------------------------------------------------------------------


def json_ld(challenge: dict, base_url: str, state: phases.State) -> str:
    """A schema.org Event for search engines, escaped so that no text can end or bend the script element."""
    plan = state.timeline
    start = plan.registration_opens_at or challenge.get("published_at") or plan.submissions_open_at
    end = state.overrides.results_published_at or plan.results_at or phases.deadline(state)
    page = f"{base_url}/challenges/{challenge['slug']}"
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": challenge["title_fr"] or challenge["title_ar"],
        "alternateName": challenge["title_ar"] if challenge["title_fr"] and challenge["title_ar"] else None,
        "description": challenge["summary_fr"] or challenge["summary_ar"] or None,
        "url": page,
        "startDate": start.isoformat() if start else None,
        "endDate": end.isoformat() if end else None,
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
        "location": {"@type": "VirtualLocation", "url": page},
        "organizer": {"@type": "Organization", "name": challenge["organizer_name"]}
        if challenge["organizer_name"] else None,
        "image": f"{base_url}{picture_urls(challenge['cover']).og_image}" if challenge["cover"] else None,
        "inLanguage": [lang for lang in ("fr", "ar") if challenge[f"title_{lang}"]],
    }
    text = json.dumps({key: value for key, value in data.items() if value is not None}, ensure_ascii=False)
    # Inside <script>, "</script" ends the block and "<!--" changes how it ends: no "<" may reach it raw.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
