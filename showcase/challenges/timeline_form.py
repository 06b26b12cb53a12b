"""The timeline form, checked without touching the database: local wall-clock strings + a zone → UTC instants.

Organizers type dates in the challenge's time zone (datetime-local inputs); we store UTC instants. Each local
time is converted with zoneinfo (phases.to_utc), never with a fixed offset: Africa/Casablanca runs at UTC+1 most
of the year and UTC+0 around Ramadan. A local time skipped by a clock change is refused; a time that happens
twice is accepted (the first occurrence) with a warning; a closing time at 00:00 or 12:00 gets a warning too
(people misread which day "midnight" belongs to). Warnings block saving until the organizer ticks
"keep this time" (`keep_<field>` in the values).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from showcase.challenges import phases
from showcase.i18n import gettext as _
from showcase.i18n import lazy_gettext as _l

DEFAULT_ZONE = "Africa/Casablanca"

# In the order of the timeline; each is a column of Challenge.
FIELDS = ("registration_opens_at", "submissions_open_at", "submissions_close_at", "judging_opens_at",
          "judging_closes_at", "voting_opens_at", "voting_closes_at", "results_at")
REQUIRED = ("submissions_open_at", "submissions_close_at")
LABELS = {
    "registration_opens_at": _l("Registration opens"),
    "submissions_open_at": _l("Submissions open"),
    "submissions_close_at": _l("Submission deadline"),
    "judging_opens_at": _l("Judging opens"),
    "judging_closes_at": _l("Judging closes"),
    "voting_opens_at": _l("Public vote opens"),
    "voting_closes_at": _l("Public vote closes"),
    "results_at": _l("Results"),
}
# Closing times that people read as "the day of": 00:00 and 12:00 are ambiguous there.
DEADLINES = ("submissions_close_at", "judging_closes_at", "voting_closes_at")
# The main chain, in order, and whether each step must be strictly later than the one before it.
CHAIN = (("registration_opens_at", False), ("submissions_open_at", False), ("submissions_close_at", True),
         ("judging_opens_at", False), ("judging_closes_at", True), ("results_at", False))

_LOCAL = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$")


@dataclass
class TimelineResult:
    zone: str
    instants: dict[str, datetime | None] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    warnings: dict[str, str] = field(default_factory=dict)  # field → why the time looks wrong
    confirmed: frozenset[str] = frozenset()  # fields whose warning the organizer chose to keep

    @property
    def unconfirmed(self) -> dict[str, str]:
        return {name: text for name, text in self.warnings.items() if name not in self.confirmed}

    @property
    def ready(self) -> bool:
        """Nothing wrong and every warning confirmed: the timeline can be saved."""
        return not self.errors and not self.unconfirmed


def parse_local(raw: str) -> datetime | None:
    """"2026-11-22T17:00" (what datetime-local sends; a space and seconds are accepted) → naive datetime."""
    found = _LOCAL.match((raw or "").strip())
    if not found:
        return None
    year, month, day, hour, minute, second = (int(part or 0) for part in found.groups())
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def local_instant(raw: str, zone_name: str) -> tuple[datetime | None, str]:
    """One local time typed in `zone_name` → (the UTC instant, "") or (None, the message for the person)."""
    local = parse_local(raw)
    if local is None:
        return None, _("Enter a date and a time (example: 2026-11-22 17:00).")
    if phases.is_nonexistent(local, zone_name):
        return None, _("This time does not exist in %(zone)s: the clocks jump forward that night. Choose another "
                       "time.", zone=zone_name)
    return phases.to_utc(local, zone_name), ""


def is_ambiguous(local: datetime, zone_name: str) -> bool:
    """A wall-clock time that happens twice (clocks turned back): both folds give different instants."""
    tz = phases.zone(zone_name)
    return local.replace(tzinfo=tz, fold=0).utcoffset() != local.replace(tzinfo=tz, fold=1).utcoffset()


def clean_zone(raw: str) -> tuple[str, str]:
    """(the zone name, "") or (the default zone, a message) when it is not an IANA time zone name."""
    name = (raw or "").strip() or DEFAULT_ZONE
    if len(name) > 60 or not phases.is_valid_zone(name):
        return DEFAULT_ZONE, _("Enter a time zone name such as Africa/Casablanca or Europe/Paris.")
    return name, ""


def parse_timeline(values: dict[str, str]) -> TimelineResult:
    """Check the whole form at once; every problem is reported, beside its field."""
    zone_name, zone_error = clean_zone(values.get("time_zone", ""))
    result = TimelineResult(zone=zone_name)
    if zone_error:
        result.errors["time_zone"] = zone_error
    for name in FIELDS:
        raw = (values.get(name) or "").strip()
        result.instants[name] = None
        if not raw:
            if name in REQUIRED:
                result.errors[name] = _("Enter this date: %(what)s.", what=LABELS[name])
            continue
        instant, message = local_instant(raw, zone_name)
        if message:
            result.errors[name] = message
            continue
        result.instants[name] = instant
        local = parse_local(raw)
        if is_ambiguous(local, zone_name):
            result.warnings[name] = _("This time happens twice in %(zone)s (the clocks go back that night). We "
                                      "take the first one, at %(offset)s.", zone=zone_name,
                                      offset=phases.utc_offset_label(instant, zone_name))
        elif name in DEADLINES and (local.hour, local.minute) in ((0, 0), (12, 0)):
            result.warnings[name] = _("A deadline at midnight or noon is often misread (which day? morning or "
                                      "evening?). Prefer 17:00 or 23:59, or keep this time.")
    _check_order(result, given={name for name in FIELDS if (values.get(name) or "").strip()})
    result.confirmed = frozenset(name for name in result.warnings if values.get(f"keep_{name}"))
    return result


def _check_order(result: TimelineResult, *, given: set[str]) -> None:
    at = result.instants
    if at.get("judging_closes_at") and not at.get("judging_opens_at") and "judging_opens_at" not in result.errors:
        result.errors["judging_opens_at"] = _("Enter when judging opens, since you entered when it closes.")
    previous: tuple[str, datetime] | None = None
    strict_since_previous = False
    for name, strict in CHAIN:
        strict_since_previous = strict_since_previous or strict
        moment = at.get(name)
        if moment is None:
            continue
        if previous is not None and name not in result.errors:
            before_name, before = previous
            if strict_since_previous and moment <= before:
                result.errors[name] = _("Must be after: %(what)s.", what=LABELS[before_name])
            elif moment < before:
                result.errors[name] = _("Must not be before: %(what)s.", what=LABELS[before_name])
        previous, strict_since_previous = (name, moment), False
    opens, closes = at.get("voting_opens_at"), at.get("voting_closes_at")
    if ("voting_opens_at" in given) != ("voting_closes_at" in given):
        missing = "voting_closes_at" if "voting_opens_at" in given else "voting_opens_at"
        result.errors[missing] = _("Enter both dates of the public vote, or neither.")
        return
    deadline = at.get("submissions_close_at")
    if opens and deadline and opens < deadline and "voting_opens_at" not in result.errors:
        result.errors["voting_opens_at"] = _("Must not be before: %(what)s.", what=LABELS["submissions_close_at"])
    if opens and closes and closes <= opens and "voting_closes_at" not in result.errors:
        result.errors["voting_closes_at"] = _("Must be after: %(what)s.", what=LABELS["voting_opens_at"])


def local_input(instant: datetime | None, zone_name: str) -> str:
    """A UTC instant as a datetime-local input shows it: "YYYY-MM-DDTHH:MM" in the challenge's zone."""
    return phases.to_local(instant, zone_name).strftime("%Y-%m-%dT%H:%M") if instant else ""


def local_inputs(row: dict, zone_name: str) -> dict[str, str]:
    """The stored timeline as the form shows it."""
    return {"time_zone": zone_name, **{name: local_input(row.get(name), zone_name) for name in FIELDS}}
