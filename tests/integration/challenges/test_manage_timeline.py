"""The timeline page: dates typed in the challenge's zone, checked, confirmed when suspicious, shown with UTC."""

from datetime import UTC, datetime

import pytest

from showcase.challenges.tables import ChallengeEvent
from tests.conftest import soup
from tests.integration.challenges.manage_support import challenge_row, new_draft, organizer
from tests.support import submit

pytestmark = pytest.mark.anyio


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


def timeline(**overrides):
    values = {"time_zone": "Africa/Casablanca", "registration_opens_at": "", "submissions_open_at": "2026-02-20T09:00",
              "submissions_close_at": "2026-03-25T17:00", "judging_opens_at": "2026-03-26T09:00",
              "judging_closes_at": "2026-04-05T18:00", "voting_opens_at": "", "voting_closes_at": "",
              "results_at": "2026-04-10T18:00"}
    values.update(overrides)
    return values


async def draft(client):
    await organizer(client)
    return await new_draft(client)


async def test_dates_are_stored_in_utc_and_shown_in_local_time_with_utc_beside(client):
    slug = await draft(client)
    url = f"/manage/challenges/{slug}/timeline"
    response = await submit(client, url, timeline())
    assert (response.status_code, response.headers["location"]) == (302, url)
    row = await challenge_row(slug)
    assert (row["registration_opens_at"], row["submissions_open_at"], row["submissions_close_at"],
            row["judging_opens_at"], row["results_at"]) == (
        None, utc(2026, 2, 20, 9), utc(2026, 3, 25, 16), utc(2026, 3, 26, 8), utc(2026, 4, 10, 17))
    page = soup((await client.get(url)).text)
    dates = {dt.get_text(strip=True): dd for dt, dd in
             ((div.find("dt"), div.find("dd")) for div in page.select(".manage-dates > div"))}
    ramadan, spring = dates["Submissions open"], dates["Submission deadline"]
    assert ramadan.select_one(".challenge-time")["datetime"] == "2026-02-20T09:00:00+00:00"
    assert ramadan.select_one(".time-offset").get_text(strip=True) == "(UTC+0)"
    assert spring.select_one(".time-offset").get_text(strip=True) == "(UTC+1)"
    assert " ".join(spring.select_one(".challenge-time bdi").get_text().split()) == "Mar 25, 2026, 5:00:00 PM"
    assert " ".join(spring.select_one(".time-utc").get_text().split()) == "UTC Mar 25, 2026, 4:00:00 PM"
    assert dates["Registration opens"].get_text(strip=True) == "On publication"
    assert page.find("input", id="f-submissions_close_at")["value"] == "2026-03-25T17:00"
    events = await ChallengeEvent.select(ChallengeEvent.action, ChallengeEvent.detail).where(
        ChallengeEvent.action == "timeline")
    assert events == [{"action": "timeline", "detail": '{"changed": ["submissions_open_at", "submissions_close_at", '
                       '"judging_opens_at", "judging_closes_at", "results_at"]}'}]


async def test_wrong_order_is_refused_with_the_typed_values_kept(client):
    slug = await draft(client)
    response = await submit(client, f"/manage/challenges/{slug}/timeline", timeline(
        submissions_close_at="2026-02-19T17:00", voting_opens_at="2026-03-27T10:00"))
    assert response.status_code == 400
    page = soup(response.text)
    assert [li.get_text(strip=True) for li in page.select(".error-summary li")] == [
        "Must be after: Submissions open.", "Enter both dates of the public vote, or neither."]
    assert page.find("input", id="f-submissions_close_at")["value"] == "2026-02-19T17:00"
    assert page.find("input", id="f-voting_opens_at")["value"] == "2026-03-27T10:00"
    assert (await challenge_row(slug))["submissions_close_at"] is None


async def test_a_time_skipped_by_the_clock_change_is_refused(client):
    slug = await draft(client)
    response = await submit(client, f"/manage/challenges/{slug}/timeline", timeline(
        submissions_close_at="2026-03-22T02:30", judging_opens_at="2026-03-26T09:00"))
    assert response.status_code == 400
    assert soup(response.text).select_one("#f-submissions_close_at-error").get_text(strip=True) == (
        "This time does not exist in Africa/Casablanca: the clocks jump forward that night. Choose another time.")


async def test_a_midnight_deadline_is_saved_only_once_confirmed(client):
    slug = await draft(client)
    url = f"/manage/challenges/{slug}/timeline"
    warned = await submit(client, url, timeline(submissions_close_at="2026-03-26T00:00"))
    assert warned.status_code == 200
    page = soup(warned.text)
    assert page.select_one("#f-submissions_close_at-warning").get_text(strip=True) == (
        "A deadline at midnight or noon is often misread (which day? morning or evening?). Prefer 17:00 or 23:59, "
        "or keep this time.")
    assert page.find("input", attrs={"name": "keep_submissions_close_at"}) is not None
    assert page.find("input", id="f-submissions_close_at")["value"] == "2026-03-26T00:00"
    assert (await challenge_row(slug))["submissions_close_at"] is None
    kept = await submit(client, url, timeline(submissions_close_at="2026-03-26T00:00", keep_submissions_close_at="1"))
    assert kept.status_code == 302
    assert (await challenge_row(slug))["submissions_close_at"] == utc(2026, 3, 25, 23)


async def test_another_zone_and_an_invalid_one(client):
    slug = await draft(client)
    url = f"/manage/challenges/{slug}/timeline"
    bad = await submit(client, url, timeline(time_zone="Casablanca"))
    assert bad.status_code == 400
    assert soup(bad.text).select_one("#f-time_zone-error").get_text(strip=True) == (
        "Enter a time zone name such as Africa/Casablanca or Europe/Paris.")
    assert soup(bad.text).find("input", id="f-time_zone")["value"] == "Casablanca"
    good = await submit(client, url, timeline(time_zone="Europe/Paris", submissions_close_at="2026-03-30T17:00",
                                              judging_opens_at="2026-03-31T09:00"))
    assert good.status_code == 302
    row = await challenge_row(slug)
    assert (row["time_zone"], row["submissions_close_at"]) == ("Europe/Paris", utc(2026, 3, 30, 15))  # CEST
