"""The phase of a challenge: a pure function of its timeline, the clock and the organizers' overrides.

After pretalx's review phases and ../shared/JUDGING.md §3:

    draft → upcoming → registration → submissions → screening → judging → deliberation → finished

Instants are UTC-aware datetimes. The submission deadline is exclusive: an entry is accepted while the
server's clock reads strictly less than the deadline, and refused from the deadline itself onwards.
Local times are converted with zoneinfo only (Africa/Casablanca moves between UTC+1 and UTC+0 around
Ramadan; a fixed offset would be wrong for part of the year).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PHASES = ("draft", "upcoming", "registration", "submissions", "screening", "judging", "deliberation", "finished")

# The groups of /challenges
LISTING_GROUPS = {
    "upcoming": "upcoming",
    "registration": "open",
    "submissions": "open",
    "screening": "judging",
    "judging": "judging",
    "deliberation": "judging",
    "finished": "past",
}


@dataclass(frozen=True)
class Timeline:
    registration_opens_at: datetime | None = None  # None: registration opens on publication
    submissions_open_at: datetime | None = None
    submissions_close_at: datetime | None = None
    judging_opens_at: datetime | None = None
    judging_closes_at: datetime | None = None
    voting_opens_at: datetime | None = None
    voting_closes_at: datetime | None = None
    results_at: datetime | None = None


@dataclass(frozen=True)
class Overrides:
    deadline_override_at: datetime | None = None  # replaces submissions_close_at: extend, close early, reopen
    judging_opened_at: datetime | None = None  # judging opened by hand before its planned date
    results_published_at: datetime | None = None


@dataclass(frozen=True)
class State:
    published: bool
    timeline: Timeline
    overrides: Overrides = Overrides()
    screening_complete: bool = True  # no submitted entry is pending or needs information

    @classmethod
    def from_row(cls, row: dict[str, Any], *, screening_complete: bool = True) -> State:
        timeline = Timeline(**{name: row.get(name) for name in Timeline.__dataclass_fields__})
        overrides = Overrides(**{name: row.get(name) for name in Overrides.__dataclass_fields__})
        return cls(published=row.get("status") == "published", timeline=timeline, overrides=overrides,
                   screening_complete=screening_complete)


def deadline(state: State) -> datetime | None:
    """The submission deadline in force: the override when there is one."""
    return state.overrides.deadline_override_at or state.timeline.submissions_close_at


def _reached(moment: datetime | None, now: datetime) -> bool:
    return moment is not None and now >= moment


def phase(state: State, now: datetime) -> str:
    if not state.published:
        return "draft"
    timeline, overrides = state.timeline, state.overrides
    if _reached(overrides.results_published_at, now):
        return "finished"
    close = deadline(state)
    if not _reached(close, now):
        if _reached(timeline.submissions_open_at, now):
            return "submissions"
        if timeline.registration_opens_at is None or _reached(timeline.registration_opens_at, now):
            return "registration"
        return "upcoming"
    judging_started = _reached(timeline.judging_opens_at, now) or _reached(overrides.judging_opened_at, now)
    if not (judging_started and state.screening_complete):
        return "screening"
    if _reached(timeline.judging_closes_at, now) and not voting_open(state, now):
        return "deliberation"
    return "judging"


def voting_open(state: State, now: datetime) -> bool:
    """People's Choice runs in its own window, once nothing is left to screen."""
    timeline = state.timeline
    return (state.published and state.screening_complete and timeline.voting_opens_at is not None
            and _reached(timeline.voting_opens_at, now) and not _reached(timeline.voting_closes_at, now)
            and not _reached(state.overrides.results_published_at, now))


@dataclass(frozen=True)
class Capabilities:
    can_register: bool
    can_form_teams: bool  # create, join, invite, leave
    can_edit_entry: bool  # drafts, answers, tracks
    can_submit: bool
    can_withdraw: bool
    can_screen: bool
    entries_frozen: bool


def capabilities(current: str) -> Capabilities:
    before_deadline = current in ("registration", "submissions")
    return Capabilities(
        can_register=before_deadline,
        can_form_teams=before_deadline,
        can_edit_entry=before_deadline,
        can_submit=current == "submissions",
        can_withdraw=current in ("registration", "submissions", "screening"),
        can_screen=current in ("submissions", "screening"),
        entries_frozen=current not in ("draft", "upcoming", "registration", "submissions"),
    )


def next_milestone(state: State, now: datetime) -> tuple[str, datetime] | None:
    """What the countdown counts down to: the next date that changes what people can do."""
    current = phase(state, now)
    timeline = state.timeline
    candidates = {
        "upcoming": ("registration_opens", timeline.registration_opens_at),
        "registration": ("submissions_open", timeline.submissions_open_at),
        "submissions": ("submissions_close", deadline(state)),
        "screening": ("judging_opens", timeline.judging_opens_at),
        "judging": ("judging_closes", timeline.judging_closes_at),
        "deliberation": ("results", timeline.results_at),
    }
    name, moment = candidates.get(current, ("", None))
    if moment is None or moment <= now:
        return None
    return name, moment


# ---------------------------------------------------------------- time zones


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("Africa/Casablanca")


def is_valid_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def to_utc(local: datetime, zone_name: str) -> datetime:
    """A wall-clock time in the challenge's zone → the UTC instant. Ambiguous times take the first."""
    return local.replace(tzinfo=zone(zone_name), fold=0).astimezone(UTC)


def is_nonexistent(local: datetime, zone_name: str) -> bool:
    """A wall-clock time skipped by a clock change (it does not round-trip)."""
    tz = zone(zone_name)
    there = local.replace(tzinfo=tz, fold=0)
    return there.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != local.replace(tzinfo=None)


def to_local(instant: datetime, zone_name: str) -> datetime:
    return instant.astimezone(zone(zone_name))


def utc_offset_label(instant: datetime, zone_name: str) -> str:
    """"UTC+1" or "UTC+0": the offset in force at that instant."""
    offset = to_local(instant, zone_name).utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
