"""What templates need to show a challenge's times: local time with its offset, UTC beside it, a countdown."""

from __future__ import annotations

from datetime import datetime

from showcase.challenges import constants, phases
from showcase.i18n import format_datetime, format_relative


def challenge_time(instant: datetime | None, zone_name: str, format: str = "medium") -> dict | None:
    """{"local": "22 nov. 2026, 17:00:00", "offset": "UTC+1", "utc": "22 nov. 2026, 16:00:00", "iso": …}."""
    if instant is None:
        return None
    return {
        "local": format_datetime(instant, format=format, tzinfo=zone_name),
        "offset": phases.utc_offset_label(instant, zone_name),
        "utc": format_datetime(instant, format=format, tzinfo="UTC"),
        "iso": instant.isoformat(),
        "zone": zone_name,
    }


def countdown(state: phases.State, now: datetime) -> dict | None:
    """The next milestone, its label and how far it is ("in 3 days"), or None when nothing is ahead."""
    upcoming = phases.next_milestone(state, now)
    if upcoming is None:
        return None
    name, moment = upcoming
    return {"name": name, "label": str(constants.MILESTONE_LABELS[name]), "moment": moment,
            "iso": moment.isoformat(), "relative": format_relative(moment, now)}


def phase_label(phase: str) -> str:
    return str(constants.PHASE_LABELS.get(phase, phase))
