"""The overview: figures, what is missing before publishing, publication, and the manual overrides (logged)."""

from datetime import UTC, datetime, timedelta

import pytest

from showcase.challenges import phases
from showcase.challenges.tables import Challenge, ChallengeDataset, ChallengeEvent, Entry
from tests.conftest import soup
from tests.integration.challenges.helpers import make_challenge, make_team, register
from tests.integration.challenges.manage_support import challenge_row, new_draft, organizer
from tests.support import create_user, now, submit

pytestmark = pytest.mark.anyio


def local_input(instant: datetime, zone: str = "Africa/Casablanca") -> str:
    return phases.to_local(instant, zone).strftime("%Y-%m-%dT%H:%M")


async def events(challenge_id: int) -> list[str]:
    rows = await ChallengeEvent.select(ChallengeEvent.action).where(ChallengeEvent.challenge == challenge_id).order_by(
        ChallengeEvent.id)
    return [row["action"] for row in rows]


async def add_entry(challenge_id: int, captain_id: int, *, name: str, status: str = "submitted",
                    screening: str = "pending") -> None:
    team_id = await make_team(challenge_id, captain_id, name=name)
    await Entry(challenge=challenge_id, team=team_id, status=status, screening=screening).save()


async def test_a_new_draft_lists_what_is_missing_and_cannot_be_published(client):
    await organizer(client)
    slug = await new_draft(client)
    page = soup((await client.get(f"/manage/challenges/{slug}")).text)
    assert [li.get_text(strip=True) for li in page.select(".manage-missing li")] == [
        "A summary", "An eligibility statement (what participants accept when they register)",
        "The date submissions open", "The submission deadline", "At least one eligible dataset"]
    refused = await submit(client, f"/manage/challenges/{slug}", {}, action=f"/manage/challenges/{slug}/publish")
    assert refused.status_code == 400
    assert soup(refused.text).select_one("#f-publish-error").get_text(strip=True) == (
        "Before publishing, add: A summary; An eligibility statement (what participants accept when they register); "
        "The date submissions open; The submission deadline; At least one eligible dataset.")
    assert (await challenge_row(slug))["status"] == "draft"


async def test_a_complete_draft_is_published_and_the_publication_logged(client):
    user_id = await organizer(client)
    challenge = await make_challenge(slug="pret", phase="draft", organizer_id=user_id)
    page = soup((await client.get("/manage/challenges/pret")).text)
    assert page.select(".manage-missing li") == []
    response = await submit(client, "/manage/challenges/pret", {}, action="/manage/challenges/pret/publish")
    assert (response.status_code, response.headers["location"]) == (302, "/manage/challenges/pret")
    row = await challenge_row("pret")
    assert row["status"] == "published"
    assert row["published_at"] is not None
    assert await events(challenge["id"]) == ["publish"]
    overview = soup((await client.get("/manage/challenges/pret")).text)
    assert overview.select_one(".phase-badge").get_text(strip=True) == "Submissions open"
    assert [li.select_one("strong").get_text(strip=True) for li in overview.select(".manage-event-list li")] == [
        "Published"]
    again = await submit(client, "/manage/challenges/pret", {}, action="/manage/challenges/pret/publish")
    assert again.status_code == 400
    assert [li.get_text(strip=True) for li in soup(again.text).select(".error-summary li")] == [
        "This challenge is already published."]


async def test_each_missing_item_is_named(client):
    user_id = await organizer(client)
    challenge = await make_challenge(slug="presque", phase="draft", organizer_id=user_id, datasets=(),
                                     title_fr="", eligibility_fr="", submissions_close_at=None)
    page = soup((await client.get("/manage/challenges/presque")).text)
    assert [li.get_text(strip=True) for li in page.select(".manage-missing li")] == [
        "An eligibility statement (what participants accept when they register)", "The submission deadline",
        "At least one eligible dataset"]
    assert await ChallengeDataset.count().where(ChallengeDataset.challenge == challenge["id"]) == 0


async def test_counts_of_registrations_teams_and_entries(client):
    user_id = await organizer(client)
    challenge = await make_challenge(slug="compte", phase="submissions", organizer_id=user_id)
    people = [await create_user(f"p{n}@example.ma", name=f"P{n}") for n in range(5)]
    await add_entry(challenge["id"], people[0], name="A", screening="eligible")
    await add_entry(challenge["id"], people[1], name="B", screening="needs_info")
    await add_entry(challenge["id"], people[2], name="C", status="draft")
    await register(challenge["id"], people[3])
    page = soup((await client.get("/manage/challenges/compte")).text)
    figures = {div.find("dt").get_text(strip=True): div.find("dd").get_text(strip=True)
               for div in page.select(".manage-counts .figure")}
    assert figures == {"Registrations": "4", "Teams": "3", "Submitted entries": "2"}
    tallies = [[(li.find("span").get_text(strip=True), li.find("strong").get_text(strip=True)) for li in ul.select("li")]
               for ul in page.select(".manage-tally")]
    assert tallies == [
        [("Draft", "1"), ("Submitted", "2"), ("Withdrawn", "0")],
        [("Not screened yet", "0"), ("Eligible", "1"), ("Ineligible", "0"), ("Needs information", "1")]]


async def test_extending_the_deadline(client):
    user_id = await organizer(client)
    challenge = await make_challenge(slug="prolonge", phase="submissions", organizer_id=user_id)
    new_deadline = (challenge["submissions_close_at"] + timedelta(days=2)).replace(second=0, microsecond=0)
    url = "/manage/challenges/prolonge"
    response = await submit(client, url, {"action": "extend", "deadline": local_input(new_deadline)},
                            action=f"{url}/override")
    assert response.status_code == 302
    assert (await challenge_row("prolonge"))["deadline_override_at"] == new_deadline
    past = await submit(client, url, {"action": "extend", "deadline": local_input(now() - timedelta(hours=1))},
                        action=f"{url}/override")
    assert past.status_code == 400
    assert soup(past.text).select_one("#f-deadline-error").get_text(strip=True) == "Choose a time later than now."
    beyond = await submit(client, url, {"action": "extend", "deadline": local_input(
        challenge["judging_opens_at"] + timedelta(days=1))}, action=f"{url}/override")
    assert beyond.status_code == 400
    assert soup(beyond.text).select_one("#f-deadline-error").get_text(strip=True) == (
        "The deadline must not be after the opening of judging. Move judging in the timeline first.")
    garbage = await submit(client, url, {"action": "extend", "deadline": "bientôt"}, action=f"{url}/override")
    assert garbage.status_code == 400
    assert soup(garbage.text).find("input", id="f-deadline")["value"] == "bientôt"
    assert await events(challenge["id"]) == ["deadline_extended"]
    detail = (await ChallengeEvent.select(ChallengeEvent.detail).first())["detail"]
    assert detail == ('{"before": "' + challenge["submissions_close_at"].isoformat() + '", "after": "'
                      + new_deadline.isoformat() + '"}')
    overview = soup((await client.get(url)).text)
    assert overview.select_one(".manage-event-list strong").get_text(strip=True) == "Deadline moved"
    assert overview.select_one(".manage-status .badge-warning").get_text(strip=True) == "Moved by hand"


async def test_closing_now_needs_a_confirmation_then_ends_submissions(client):
    user_id = await organizer(client)
    challenge = await make_challenge(slug="ferme", phase="submissions", organizer_id=user_id)
    url = "/manage/challenges/ferme"
    unconfirmed = await submit(client, url, {"action": "close"}, action=f"{url}/override")
    assert unconfirmed.status_code == 400
    assert soup(unconfirmed.text).select_one("#f-confirm_close-error").get_text(strip=True) == (
        "Tick the box to confirm: teams can no longer submit.")
    before = now()
    closed = await submit(client, url, {"action": "close", "confirm_close": "1"}, action=f"{url}/override")
    assert closed.status_code == 302
    row = await challenge_row("ferme")
    assert before <= row["deadline_override_at"] <= now()
    assert phases.phase(phases.State.from_row(row), now()) == "screening"
    again = await submit(client, url, {"action": "close", "confirm_close": "1"}, action=f"{url}/override")
    assert soup(again.text).select_one("#f-override-error").get_text(strip=True) == "Submissions are already closed."
    assert await events(challenge["id"]) == ["submissions_closed"]


async def test_reopening_after_the_deadline_until_a_new_instant(client):
    user_id = await organizer(client)
    challenge = await make_challenge(slug="rouvre", phase="screening", organizer_id=user_id)
    url = "/manage/challenges/rouvre"
    until = (now() + timedelta(days=1)).replace(second=0, microsecond=0)
    response = await submit(client, url, {"action": "reopen", "reopen": local_input(until)}, action=f"{url}/override")
    assert response.status_code == 302
    row = await challenge_row("rouvre")
    assert row["deadline_override_at"] == until
    assert phases.phase(phases.State.from_row(row), now()) == "submissions"
    assert await events(challenge["id"]) == ["submissions_reopened"]
    still_open = await submit(client, url, {"action": "reopen", "reopen": local_input(until)}, action=f"{url}/override")
    assert [li.get_text(strip=True) for li in soup(still_open.text).select(".error-summary li")] == [
        "Submissions are still open: extend the deadline instead."]


async def test_judging_opens_by_hand_only_once_screening_is_complete(client):
    user_id = await organizer(client)
    challenge = await make_challenge(slug="jury", phase="screening", organizer_id=user_id)
    people = [await create_user(f"p{n}@example.ma", name=f"P{n}") for n in range(3)]
    await add_entry(challenge["id"], people[0], name="A", screening="pending")
    await add_entry(challenge["id"], people[1], name="B", screening="needs_info")
    await add_entry(challenge["id"], people[2], name="C", screening="eligible")
    url = "/manage/challenges/jury"
    page = soup((await client.get(url)).text)
    assert "2 entries are still undecided" in page.select_one(".manage-overrides").get_text()
    refused = await submit(client, url, {"action": "open_judging"}, action=f"{url}/override")
    assert refused.status_code == 400
    assert soup(refused.text).select_one("#f-override-error").get_text(strip=True) == (
        "Screening is not complete: 2 entries are still undecided (not screened yet or waiting for information). "
        "Decide on each of them first.")
    await Entry.update({Entry.screening: "ineligible"}).where(Entry.screening.is_in(["pending", "needs_info"]))
    opened = await submit(client, url, {"action": "open_judging"}, action=f"{url}/override")
    assert opened.status_code == 302
    row = await challenge_row("jury")
    assert row["judging_opened_at"] is not None
    assert phases.phase(phases.State.from_row(row), now()) == "judging"
    assert await events(challenge["id"]) == ["judging_opened"]


async def test_judging_cannot_open_before_the_deadline(client):
    user_id = await organizer(client)
    await make_challenge(slug="tot", phase="submissions", organizer_id=user_id)
    response = await submit(client, "/manage/challenges/tot", {"action": "open_judging"},
                            action="/manage/challenges/tot/override")
    assert response.status_code == 400
    assert soup(response.text).select_one("#f-override-error").get_text(strip=True) == (
        "Judging can open only after the submission deadline.")


async def test_the_entries_gallery_opens_after_the_deadline_and_closes(client):
    user_id = await organizer(client)
    early = await make_challenge(slug="tot", phase="submissions", organizer_id=user_id)
    refused = await submit(client, "/manage/challenges/tot", {"action": "open_gallery"},
                           action="/manage/challenges/tot/override")
    assert refused.status_code == 400
    assert (await challenge_row("tot"))["entries_public"] is False
    challenge = await make_challenge(slug="galerie", phase="judging", organizer_id=user_id)
    url = "/manage/challenges/galerie"
    assert (await submit(client, url, {"action": "open_gallery"}, action=f"{url}/override")).status_code == 302
    assert (await challenge_row("galerie"))["entries_public"] is True
    assert (await submit(client, url, {"action": "close_gallery"}, action=f"{url}/override")).status_code == 302
    assert (await challenge_row("galerie"))["entries_public"] is False
    assert await events(challenge["id"]) == ["gallery_opened", "gallery_closed"]
    assert await events(early["id"]) == []


async def test_overrides_wait_for_publication(client):
    user_id = await organizer(client)
    await make_challenge(slug="brouillon", phase="draft", organizer_id=user_id)
    response = await submit(client, "/manage/challenges/brouillon", {"action": "close", "confirm_close": "1"},
                            action="/manage/challenges/brouillon/override")
    assert response.status_code == 400
    assert [li.get_text(strip=True) for li in soup(response.text).select(".error-summary li")] == [
        "Publish the challenge first: the timeline applies as it is until then."]
    assert (await Challenge.select(Challenge.deadline_override_at).first())["deadline_override_at"] is None


async def test_the_countdown_shows_the_next_milestone(client):
    user_id = await organizer(client)
    challenge = await make_challenge(slug="compte-a-rebours", phase="submissions", organizer_id=user_id)
    box = soup((await client.get("/manage/challenges/compte-a-rebours")).text).select_one(".countdown")
    assert box.select_one(".countdown-label").get_text(strip=True) == "Submission deadline"
    assert box["data-countdown"] == challenge["submissions_close_at"].astimezone(UTC).isoformat()


async def test_the_log_leaves_screening_decisions_to_the_entries_page(client):
    user_id = await organizer(client)
    challenge = await make_challenge(slug="journal", phase="screening", organizer_id=user_id)
    await ChallengeEvent(challenge=challenge["id"], actor=user_id, action="screen",
                         detail='{"entry": 1, "decision": "eligible", "reason": ""}').save()
    await ChallengeEvent(challenge=challenge["id"], actor=user_id, action="announce",
                         detail='{"announcement": 1, "audience": "teams", "recipients": 12}').save()
    await ChallengeEvent(challenge=challenge["id"], actor=None, action="something_new", detail="plain words").save()
    page = soup((await client.get("/manage/challenges/journal")).text)
    shown = [" ".join(li.select_one(".manage-event-what").get_text(" ", strip=True).split())
             for li in page.select(".manage-event-list li")]
    assert shown == ["something_new plain words", "Announcement e-mailed — Nadia Organisatrice to 12 people"]
