"""The phase of a challenge as a pure function of its timeline, the clock and the organizers' overrides."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from showcase.challenges import phases
from showcase.challenges.phases import Overrides, State, Timeline, next_milestone, phase

CASA = "Africa/Casablanca"
TICK = timedelta(microseconds=1)
DAY = timedelta(days=1)


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


REGISTRATION = utc(2026, 1, 5, 8)
OPEN = utc(2026, 1, 10, 8)
CLOSE = utc(2026, 3, 25, 16)  # 17:00 in Casablanca (UTC+1)
JUDGING = utc(2026, 3, 30, 8)
JUDGING_CLOSES = utc(2026, 4, 10, 17)
RESULTS = utc(2026, 4, 15, 17)
TIMELINE = Timeline(registration_opens_at=REGISTRATION, submissions_open_at=OPEN, submissions_close_at=CLOSE,
                    judging_opens_at=JUDGING, judging_closes_at=JUDGING_CLOSES, results_at=RESULTS)


def state(timeline=TIMELINE, *, published=True, screening_complete=True, **overrides):
    return State(published=published, timeline=timeline, overrides=Overrides(**overrides),
                 screening_complete=screening_complete)


@pytest.mark.parametrize(("now", "expected"), [
    (REGISTRATION - TICK, "upcoming"),
    (REGISTRATION, "registration"),
    (OPEN - TICK, "registration"),
    (OPEN, "submissions"),
    (CLOSE - TICK, "submissions"),
    (CLOSE, "screening"),  # the deadline is exclusive: at the instant itself, submissions are closed
    (JUDGING - TICK, "screening"),
    (JUDGING, "judging"),
    (JUDGING_CLOSES - TICK, "judging"),
    (JUDGING_CLOSES, "deliberation"),
    (RESULTS + 30 * DAY, "deliberation"),  # the planned results date alone does not finish the challenge
])
def test_every_boundary_of_the_planned_timeline(now, expected):
    assert phase(state(), now) == expected


def test_a_draft_stays_a_draft_whatever_the_clock():
    for now in (REGISTRATION - DAY, OPEN, CLOSE, JUDGING_CLOSES + DAY):
        assert phase(state(published=False), now) == "draft"


def test_without_a_registration_date_registration_opens_on_publication():
    timeline = replace(TIMELINE, registration_opens_at=None)
    assert phase(state(timeline), REGISTRATION - 30 * DAY) == "registration"
    assert phase(state(timeline), OPEN) == "submissions"


def test_without_any_date_a_published_challenge_takes_registrations():
    assert phase(state(Timeline()), CLOSE) == "registration"


def test_results_published_finish_the_challenge_from_that_instant():
    published_at = JUDGING_CLOSES + DAY
    assert phase(state(results_published_at=published_at), published_at - TICK) == "deliberation"
    assert phase(state(results_published_at=published_at), published_at) == "finished"


def test_an_extension_keeps_submissions_open_until_the_new_deadline():
    extended = CLOSE + 2 * DAY
    assert phases.deadline(state(deadline_override_at=extended)) == extended
    assert phase(state(deadline_override_at=extended), CLOSE) == "submissions"
    assert phase(state(deadline_override_at=extended), extended - TICK) == "submissions"
    assert phase(state(deadline_override_at=extended), extended) == "screening"


def test_an_early_close_ends_submissions_at_once():
    closed_at = CLOSE - 5 * DAY
    assert phase(state(deadline_override_at=closed_at), closed_at - TICK) == "submissions"
    assert phase(state(deadline_override_at=closed_at), closed_at) == "screening"


def test_reopening_after_the_deadline_opens_submissions_again():
    reopened_until = CLOSE + 3 * DAY
    now = CLOSE + DAY  # after the planned deadline, the organizer set a new one ahead
    assert phase(state(), now) == "screening"
    assert phase(state(deadline_override_at=reopened_until), now) == "submissions"


def test_judging_opened_by_hand_before_its_date():
    opened = CLOSE + DAY
    assert phase(state(judging_opened_at=opened), opened - TICK) == "screening"
    assert phase(state(judging_opened_at=opened), opened) == "judging"


def test_judging_waits_while_screening_is_incomplete():
    assert phase(state(screening_complete=False), JUDGING) == "screening"
    assert phase(state(screening_complete=False, judging_opened_at=CLOSE + DAY), CLOSE + 2 * DAY) == "screening"
    assert phase(state(screening_complete=False), JUDGING_CLOSES + DAY) == "screening"


def test_a_public_vote_keeps_judging_open_until_it_closes():
    timeline = replace(TIMELINE, voting_opens_at=CLOSE + DAY, voting_closes_at=JUDGING_CLOSES + 2 * DAY)
    assert phases.voting_open(state(timeline), CLOSE + DAY)
    assert not phases.voting_open(state(timeline, screening_complete=False), CLOSE + DAY)
    assert phase(state(timeline), JUDGING_CLOSES) == "judging"
    assert phase(state(timeline), JUDGING_CLOSES + 2 * DAY) == "deliberation"


@pytest.mark.parametrize(("now", "expected"), [
    (REGISTRATION - DAY, ("registration_opens", REGISTRATION)),
    (REGISTRATION, ("submissions_open", OPEN)),
    (OPEN, ("submissions_close", CLOSE)),
    (CLOSE, ("judging_opens", JUDGING)),
    (JUDGING, ("judging_closes", JUDGING_CLOSES)),
    (JUDGING_CLOSES, ("results", RESULTS)),
    (RESULTS, None),  # the results date has passed: nothing left to count down to
])
def test_next_milestone_follows_the_phase(now, expected):
    assert next_milestone(state(), now) == expected


def test_next_milestone_uses_the_deadline_in_force_and_stops_when_nothing_is_ahead():
    extended = CLOSE + 2 * DAY
    assert next_milestone(state(deadline_override_at=extended), CLOSE) == ("submissions_close", extended)
    assert next_milestone(state(published=False), OPEN) is None
    assert next_milestone(state(screening_complete=False), JUDGING + DAY) is None
    assert next_milestone(state(results_published_at=RESULTS), RESULTS) is None


# ---------------------------------------------------------------- Africa/Casablanca around Ramadan 2026


@pytest.mark.parametrize(("local", "instant", "label"), [
    (datetime(2026, 2, 14, 17, 0), utc(2026, 2, 14, 16), "UTC+1"),
    (datetime(2026, 2, 25, 17, 0), utc(2026, 2, 25, 17), "UTC+0"),  # Ramadan
    (datetime(2026, 3, 22, 1, 59), utc(2026, 3, 22, 1, 59), "UTC+0"),
    (datetime(2026, 3, 22, 3, 0), utc(2026, 3, 22, 2, 0), "UTC+1"),
    (datetime(2026, 3, 25, 17, 0), utc(2026, 3, 25, 16), "UTC+1"),
])
def test_to_utc_and_back_across_the_clock_changes(local, instant, label):
    assert phases.to_utc(local, CASA) == instant
    assert phases.to_local(instant, CASA).replace(tzinfo=None) == local
    assert phases.utc_offset_label(instant, CASA) == label


def test_skipped_and_repeated_local_times():
    assert phases.is_nonexistent(datetime(2026, 3, 22, 2, 30), CASA)  # 02:00 → 03:00
    assert not phases.is_nonexistent(datetime(2026, 3, 22, 1, 59), CASA)
    assert not phases.is_nonexistent(datetime(2026, 3, 22, 3, 0), CASA)
    # 15 February: 03:00 → 02:00, so 02:30 happens twice; it exists, and the first one (UTC+1) is taken.
    assert not phases.is_nonexistent(datetime(2026, 2, 15, 2, 30), CASA)
    assert phases.to_utc(datetime(2026, 2, 15, 2, 30), CASA) == utc(2026, 2, 15, 1, 30)
    assert phases.to_local(utc(2026, 2, 15, 2, 30), CASA).replace(tzinfo=None) == datetime(2026, 2, 15, 2, 30)


def test_a_ramadan_deadline_is_not_an_hour_early():
    """23:59 in Casablanca on 25 February 2026 is 23:59 UTC; a fixed UTC+1 would close at 22:59 UTC."""
    deadline = phases.to_utc(datetime(2026, 2, 25, 23, 59), CASA)
    during = state(replace(TIMELINE, submissions_close_at=deadline))
    assert deadline == utc(2026, 2, 25, 23, 59)
    assert phase(during, utc(2026, 2, 25, 23, 0)) == "submissions"
    assert phase(during, deadline - TICK) == "submissions"
    assert phase(during, deadline) == "screening"


def test_a_deadline_on_the_day_the_clocks_jump():
    deadline = phases.to_utc(datetime(2026, 3, 22, 17, 0), CASA)
    assert deadline == utc(2026, 3, 22, 16)
    on_the_day = state(replace(TIMELINE, submissions_close_at=deadline))
    assert phase(on_the_day, utc(2026, 3, 22, 15, 59, 59)) == "submissions"
    assert phase(on_the_day, utc(2026, 3, 22, 16)) == "screening"


def test_unknown_zones_fall_back_to_casablanca_and_are_reported_invalid():
    assert not phases.is_valid_zone("Mars/Olympus")
    assert phases.is_valid_zone("Europe/Paris")
    assert phases.to_utc(datetime(2026, 2, 25, 17), "Mars/Olympus") == utc(2026, 2, 25, 17)


@pytest.mark.parametrize(("current", "flags"), [
    ("draft", set()),
    ("upcoming", set()),
    ("registration", {"can_register", "can_form_teams", "can_edit_entry", "can_withdraw"}),
    ("submissions", {"can_register", "can_form_teams", "can_edit_entry", "can_submit", "can_withdraw", "can_screen"}),
    ("screening", {"can_withdraw", "can_screen", "entries_frozen"}),
    ("judging", {"entries_frozen"}),
    ("deliberation", {"entries_frozen"}),
    ("finished", {"entries_frozen"}),
])
def test_capabilities_of_each_phase(current, flags):
    capabilities = phases.capabilities(current)
    assert {name for name in capabilities.__dataclass_fields__ if getattr(capabilities, name)} == flags
