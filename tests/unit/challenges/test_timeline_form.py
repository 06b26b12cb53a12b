"""The timeline form without a database: local strings + a zone → UTC instants, errors and warnings.

Africa/Casablanca is UTC+1 most of the year and UTC+0 around Ramadan. In 2026 (tzdata) the clocks go back
from 03:00 to 02:00 on 15 February and jump from 02:00 to 03:00 on 22 March.
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from showcase.challenges import timeline_form
from showcase.challenges.timeline_form import local_inputs, local_instant, parse_local, parse_timeline
from showcase.i18n import use_locale

CASA = "Africa/Casablanca"


@pytest.fixture(autouse=True)
def english():
    with use_locale("en"):
        yield


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


def offset_changes(zone: str, start: datetime, end: datetime) -> list[datetime]:
    """Every instant between start and end where the zone's UTC offset changes, to the minute."""
    tz, changes = ZoneInfo(zone), []
    moment, previous = start, start.astimezone(tz).utcoffset()
    while moment < end:
        moment += timedelta(hours=1)
        offset = moment.astimezone(tz).utcoffset()
        if offset != previous:
            first = moment - timedelta(hours=1)
            while first.astimezone(tz).utcoffset() == previous:  # the exact minute, within that hour
                first += timedelta(minutes=1)
            changes.append(first)
            previous = offset
    return changes


def valid(**overrides):
    values = {"time_zone": CASA, "registration_opens_at": "2026-01-05T09:00",
              "submissions_open_at": "2026-01-10T09:00", "submissions_close_at": "2026-03-25T17:00",
              "judging_opens_at": "2026-03-26T09:00", "judging_closes_at": "2026-04-05T18:00",
              "results_at": "2026-04-10T18:00"}
    values.update(overrides)
    return values


def test_the_2026_ramadan_clock_changes_in_casablanca():
    assert offset_changes(CASA, utc(2026, 1, 1), utc(2026, 6, 1)) == [utc(2026, 2, 15, 2), utc(2026, 3, 22, 2)]
    assert ZoneInfo(CASA).utcoffset(datetime(2026, 2, 25, 12)) == timedelta(0)
    assert ZoneInfo(CASA).utcoffset(datetime(2026, 3, 25, 12)) == timedelta(hours=1)


@pytest.mark.parametrize(("local", "expected"), [
    ("2026-01-20T17:00", utc(2026, 1, 20, 16)),   # UTC+1
    ("2026-02-15T01:59", utc(2026, 2, 15, 0, 59)),  # just before the clocks go back: still UTC+1
    ("2026-02-15T03:00", utc(2026, 2, 15, 3)),    # after: UTC+0
    ("2026-02-25T17:00", utc(2026, 2, 25, 17)),   # during Ramadan: UTC+0
    ("2026-03-22T01:59", utc(2026, 3, 22, 1, 59)),  # just before the jump: UTC+0
    ("2026-03-22T03:00", utc(2026, 3, 22, 2)),    # just after: UTC+1
    ("2026-03-25T17:00", utc(2026, 3, 25, 16)),   # UTC+1 again
])
def test_local_times_around_the_changes_become_the_right_instants(local, expected):
    assert local_instant(local, CASA) == (expected, "")


def test_a_skipped_local_time_is_refused():
    instant, message = local_instant("2026-03-22T02:30", CASA)
    assert instant is None
    assert message == ("This time does not exist in Africa/Casablanca: the clocks jump forward that night. "
                       "Choose another time.")
    result = parse_timeline(valid(submissions_close_at="2026-03-22T02:30", judging_opens_at="2026-03-26T09:00"))
    assert result.errors == {"submissions_close_at": message}
    assert result.instants["submissions_close_at"] is None


def test_a_time_that_happens_twice_takes_the_first_and_warns():
    result = parse_timeline(valid(submissions_open_at="2026-02-15T02:30"))
    assert result.errors == {}
    assert result.instants["submissions_open_at"] == utc(2026, 2, 15, 1, 30)
    assert result.warnings == {"submissions_open_at": (
        "This time happens twice in Africa/Casablanca (the clocks go back that night). We take the first one, "
        "at UTC+1.")}
    assert not result.ready
    assert parse_timeline(valid(submissions_open_at="2026-02-15T02:30", keep_submissions_open_at="1")).ready


def test_a_valid_timeline_gives_utc_instants():
    result = parse_timeline(valid(voting_opens_at="2026-03-26T10:00", voting_closes_at="2026-04-02T17:00"))
    assert (result.errors, result.warnings, result.ready, result.zone) == ({}, {}, True, CASA)
    assert result.instants == {
        "registration_opens_at": utc(2026, 1, 5, 8), "submissions_open_at": utc(2026, 1, 10, 8),
        "submissions_close_at": utc(2026, 3, 25, 16), "judging_opens_at": utc(2026, 3, 26, 8),
        "judging_closes_at": utc(2026, 4, 5, 17), "voting_opens_at": utc(2026, 3, 26, 9),
        "voting_closes_at": utc(2026, 4, 2, 16), "results_at": utc(2026, 4, 10, 17)}


def test_optional_dates_may_stay_empty_but_the_submission_window_is_required():
    result = parse_timeline({"time_zone": CASA, "submissions_open_at": "2026-01-10T09:00",
                             "submissions_close_at": "2026-03-25T17:00"})
    assert result.ready
    assert [name for name, value in result.instants.items() if value] == ["submissions_open_at",
                                                                           "submissions_close_at"]
    missing = parse_timeline({"time_zone": CASA})
    assert missing.errors == {"submissions_open_at": "Enter this date: Submissions open.",
                              "submissions_close_at": "Enter this date: Submission deadline."}


@pytest.mark.parametrize("raw", ["demain", "2026-02-30T10:00", "2026-13-01T10:00", "2026-01-10", "10/01/2026 09:00"])
def test_what_is_not_a_date_and_time_is_refused(raw):
    result = parse_timeline(valid(results_at=raw))
    assert result.errors == {"results_at": "Enter a date and a time (example: 2026-11-22 17:00)."}


def test_parse_local_accepts_what_browsers_send():
    assert parse_local("2026-11-22T17:00") == datetime(2026, 11, 22, 17, 0)
    assert parse_local("2026-11-22T17:00:30") == datetime(2026, 11, 22, 17, 0, 30)
    assert parse_local(" 2026-11-22 17:00 ") == datetime(2026, 11, 22, 17, 0)
    assert parse_local("") is None


@pytest.mark.parametrize(("overrides", "errors"), [
    ({"registration_opens_at": "2026-01-10T09:01"}, {"submissions_open_at": "Must not be before: Registration opens."}),
    ({"registration_opens_at": "2026-01-10T09:00"}, {}),  # registration may open with submissions
    ({"submissions_close_at": "2026-01-10T09:00"}, {"submissions_close_at": "Must be after: Submissions open."}),
    ({"judging_opens_at": "2026-03-25T16:59"}, {"judging_opens_at": "Must not be before: Submission deadline."}),
    ({"judging_opens_at": "2026-03-25T17:00"}, {}),  # judging may open at the deadline
    ({"judging_closes_at": "2026-03-26T09:00"}, {"judging_closes_at": "Must be after: Judging opens."}),
    ({"results_at": "2026-04-05T17:59"}, {"results_at": "Must not be before: Judging closes."}),
    ({"results_at": "2026-04-05T18:00"}, {}),
    # A missing step in the middle: the next date is compared with the one before it, strictly if a step was.
    ({"judging_opens_at": "", "judging_closes_at": "", "results_at": "2026-03-25T17:00"},
     {"results_at": "Must be after: Submission deadline."}),
    ({"judging_opens_at": ""}, {"judging_opens_at": "Enter when judging opens, since you entered when it closes."}),
])
def test_the_dates_follow_each_other(overrides, errors):
    assert parse_timeline(valid(**overrides)).errors == errors


@pytest.mark.parametrize(("opens", "closes", "errors"), [
    ("2026-03-25T17:00", "2026-04-01T17:00", {}),  # the vote may open at the deadline
    ("2026-03-25T16:59", "2026-04-01T17:00", {"voting_opens_at": "Must not be before: Submission deadline."}),
    ("2026-04-01T17:00", "2026-04-01T17:00", {"voting_closes_at": "Must be after: Public vote opens."}),
    ("2026-04-01T17:00", "", {"voting_closes_at": "Enter both dates of the public vote, or neither."}),
    ("", "2026-04-01T17:00", {"voting_opens_at": "Enter both dates of the public vote, or neither."}),
])
def test_the_public_vote_is_both_dates_or_neither_after_the_deadline(opens, closes, errors):
    assert parse_timeline(valid(voting_opens_at=opens, voting_closes_at=closes)).errors == errors


@pytest.mark.parametrize("deadline", ["2026-03-25T00:00", "2026-03-25T12:00"])
def test_a_deadline_at_midnight_or_noon_must_be_confirmed(deadline):
    result = parse_timeline(valid(submissions_close_at=deadline))
    assert result.errors == {}
    assert result.warnings == {"submissions_close_at": (
        "A deadline at midnight or noon is often misread (which day? morning or evening?). Prefer 17:00 or 23:59, "
        "or keep this time.")}
    assert not result.ready
    kept = parse_timeline(valid(submissions_close_at=deadline, keep_submissions_close_at="1"))
    assert (kept.ready, kept.confirmed) == (True, frozenset({"submissions_close_at"}))


def test_only_closing_times_get_the_midnight_warning():
    result = parse_timeline(valid(submissions_open_at="2026-01-10T00:00", judging_closes_at="2026-04-06T12:00",
                                  voting_opens_at="2026-03-26T00:00", voting_closes_at="2026-04-02T00:00"))
    assert sorted(result.warnings) == ["judging_closes_at", "voting_closes_at"]
    assert not parse_timeline(valid(submissions_close_at="2026-03-25T12:01")).warnings


def test_the_time_zone_must_be_an_iana_name():
    result = parse_timeline(valid(time_zone="Mars/Olympus"))
    assert result.errors == {"time_zone": "Enter a time zone name such as Africa/Casablanca or Europe/Paris."}
    assert parse_timeline(valid(time_zone="")).zone == CASA
    paris = parse_timeline(valid(time_zone="Europe/Paris"))
    assert paris.instants["submissions_close_at"] == utc(2026, 3, 25, 16)  # CET, UTC+1 before 29 March
    assert parse_timeline(valid(time_zone="../../etc/passwd")).errors["time_zone"]


def test_local_inputs_show_stored_instants_in_the_zone():
    row = {"submissions_open_at": utc(2026, 2, 25, 8), "submissions_close_at": utc(2026, 3, 25, 16)}
    shown = local_inputs(row, CASA)
    assert (shown["time_zone"], shown["submissions_open_at"], shown["submissions_close_at"], shown["results_at"]) == (
        CASA, "2026-02-25T08:00", "2026-03-25T17:00", "")
    assert parse_timeline({**shown, "judging_opens_at": ""}).instants["submissions_close_at"] == utc(2026, 3, 25, 16)
    assert timeline_form.FIELDS == ("registration_opens_at", "submissions_open_at", "submissions_close_at",
                                    "judging_opens_at", "judging_closes_at", "voting_opens_at", "voting_closes_at",
                                    "results_at")
