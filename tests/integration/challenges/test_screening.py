"""Screening entries through the back office: decisions, their e-mails and log, refusals, the undecided count,
marking several entries eligible at once."""

from __future__ import annotations

import asyncio
import json

import pytest

from showcase import i18n
from showcase.accounts.tables import User
from showcase.challenges import queries, screening
from showcase.challenges.tables import ChallengeEvent, Entry
from tests.conftest import soup
from tests.integration.challenges.helpers import make_team
from tests.integration.challenges.screening_rows import EMAILS, add_entry, cast
from tests.support import create_user, log_in, now, outbox, submit

pytestmark = pytest.mark.anyio

BASE = "/manage/challenges/hack-mobilite"
TEAM_LINK = "http://testserver.local/challenges/hack-mobilite/team"


async def decide(client, entry_id: int, **data: str):  # noqa: ANN001, ANN201
    return await submit(client, f"{BASE}/entries/{entry_id}", data, action=f"{BASE}/entries/{entry_id}/screen")


async def entry_row(entry_id: int) -> dict:
    return await Entry.select(Entry.status, Entry.screening, Entry.screening_reason, Entry.screened_by).where(
        Entry.id == entry_id).first()


async def screen_events() -> list[dict]:
    rows = await ChallengeEvent.select(ChallengeEvent.actor, ChallengeEvent.detail).where(
        ChallengeEvent.action == "screen").order_by(ChallengeEvent.id)
    return [{"actor": row["actor"], **json.loads(row["detail"])} for row in rows]


async def challenge_mails() -> list[dict]:
    """The outbox without the sign-up verification e-mails of the test accounts."""
    return [mail for mail in await outbox() if mail["template"].startswith("challenge_")]


def expected_subject(locale: str, message: str, title: str) -> str:
    """The subject as the recipient's language renders it (English until the catalogue has it, then theirs)."""
    with i18n.use_locale(locale):
        return i18n.gettext(message, challenge=title)


async def current_user(user_id: int) -> User:
    return await User.objects().where(User.id == user_id).first()


async def more_teams(challenge_id: int, count: int) -> list[int]:
    teams = []
    for number in range(count):
        captain = await create_user(f"equipe{number}@example.ma", name=f"Capitaine {number}")
        teams.append(await make_team(challenge_id, captain, name=f"Équipe {number}"))
    return teams


async def test_ineligible_mails_every_member_in_their_language_and_is_logged(client):
    people = await cast("screening")
    entry_id = await add_entry(people.challenge["id"], people.team)
    await log_in(client, EMAILS["organizer"])
    reason = "Le jeu de données cité n'est pas dans la liste éligible."

    response = await decide(client, entry_id, decision="ineligible", reason=reason)

    assert response.status_code == 302
    assert response.headers["location"] == f"{BASE}/entries/{entry_id}"
    assert await entry_row(entry_id) == {"status": "submitted", "screening": "ineligible",
                                         "screening_reason": reason, "screened_by": people.organizer}
    mails = await challenge_mails()
    assert [(m["to_address"], m["locale"], m["template"]) for m in mails] == [
        (EMAILS["captain"], "fr", "challenge_screening_ineligible"),
        (EMAILS["member"], "ar", "challenge_screening_ineligible"),
    ]
    subject = "Your entry to %(challenge)s was found ineligible"
    assert mails[0]["subject"] == expected_subject("fr", subject, "Hackathon mobilité")
    assert mails[1]["subject"] == expected_subject("ar", subject, "هاكاثون التنقل")
    for mail in mails:
        assert reason in mail["body_text"]
        assert TEAM_LINK in mail["body_text"]
        assert "Les Cartographes" in mail["body_text"]
    assert "Yasmine Capitaine" in mails[0]["body_text"]
    assert "يوسف العضو" in mails[1]["body_text"]
    assert await screen_events() == [{"actor": people.organizer, "entry": entry_id, "decision": "ineligible",
                                      "reason": reason}]
    page = await client.get(response.headers["location"])
    assert "Decision recorded: Ineligible. 2 team members were e-mailed." in page.text
    history = soup(page.text).select_one(".decision-history").get_text(" ", strip=True)
    assert "Ineligible" in history and reason in history and "Nadia Organisatrice" in history


async def test_needs_information_mails_the_team_and_keeps_the_entry_undecided(client):
    people = await cast("screening")
    entry_id = await add_entry(people.challenge["id"], people.team)
    await log_in(client, EMAILS["co_organizer"])
    message = "Ajoutez le lien vers le code source."

    response = await decide(client, entry_id, decision="needs_info", message=message)

    assert response.status_code == 302
    assert (await entry_row(entry_id))["screening"] == "needs_info"
    mails = await challenge_mails()
    assert [(m["to_address"], m["locale"]) for m in mails] == [(EMAILS["captain"], "fr"), (EMAILS["member"], "ar")]
    subject = "Information needed for your entry to %(challenge)s"
    assert [m["subject"] for m in mails] == [expected_subject("fr", subject, "Hackathon mobilité"),
                                            expected_subject("ar", subject, "هاكاثون التنقل")]
    assert all(message in m["body_text"] and TEAM_LINK in m["body_text"] for m in mails)
    assert await queries.screening_complete(people.challenge["id"]) is False
    assert await screen_events() == [{"actor": people.co_organizer, "entry": entry_id, "decision": "needs_info",
                                      "reason": message}]


async def test_eligible_is_logged_without_mail_and_a_repeated_form_changes_nothing(client):
    people = await cast("screening")
    entry_id = await add_entry(people.challenge["id"], people.team)
    await log_in(client, EMAILS["admin"])

    first = await decide(client, entry_id, decision="eligible")
    second = await decide(client, entry_id, decision="eligible")

    assert first.status_code == second.status_code == 302
    assert (await entry_row(entry_id))["screening"] == "eligible"
    assert await challenge_mails() == []
    assert await screen_events() == [{"actor": people.admin, "entry": entry_id, "decision": "eligible", "reason": ""}]
    page = await client.get(second.headers["location"])
    assert "This decision was already recorded: nothing changed." in page.text


async def test_an_ineligible_decision_needs_a_reason_and_a_request_needs_a_message(client):
    people = await cast("screening")
    entry_id = await add_entry(people.challenge["id"], people.team)
    await log_in(client, EMAILS["organizer"])

    no_reason = await decide(client, entry_id, decision="ineligible", reason="   ")
    no_message = await decide(client, entry_id, decision="needs_info", message="")
    too_long = await decide(client, entry_id, decision="ineligible", reason="x" * 2001)

    assert no_reason.status_code == no_message.status_code == too_long.status_code == 400
    assert soup(no_reason.text).select_one("#f-reason-error").get_text(strip=True) == (
        "Give the reason: the team will read it.")
    assert soup(no_message.text).select_one("#f-message-error").get_text(strip=True) == (
        "Write what the team must add or clarify: they will read it.")
    long_page = soup(too_long.text)
    assert long_page.select_one("#f-reason-error").get_text(strip=True) == (
        "Keep it under 2000 characters (now 2001).")
    assert long_page.select_one("#f-reason").get_text() == "x" * 2001  # what was typed is shown back
    assert await entry_row(entry_id) == {"status": "submitted", "screening": "pending", "screening_reason": "",
                                         "screened_by": None}
    assert await challenge_mails() == []
    assert await screen_events() == []


async def test_a_draft_entry_cannot_be_screened(client):
    people = await cast("submissions")
    entry_id = await add_entry(people.challenge["id"], people.team, status="draft")
    await log_in(client, EMAILS["organizer"])

    page = await client.get(f"{BASE}/entries/{entry_id}")
    refused = await decide(client, entry_id, decision="eligible")

    assert page.status_code == 200
    assert soup(page.text).select(f'form[action="{BASE}/entries/{entry_id}/screen"]') == []
    assert "This entry is still a draft: only submitted entries can be screened." in page.text
    assert refused.status_code == 409
    assert "This entry is still a draft: only submitted entries can be screened." in soup(
        refused.text).select_one('[role="alert"]').get_text()
    assert (await entry_row(entry_id))["screening"] == "pending"
    assert await screen_events() == []


async def test_entries_are_frozen_once_judging_opens(client):
    people = await cast("judging")
    entry_id = await add_entry(people.challenge["id"], people.team, screening="eligible")
    await log_in(client, EMAILS["organizer"])

    refused = await decide(client, entry_id, decision="ineligible", reason="Trop tard.")
    queue = await client.get(f"{BASE}/entries?screening=eligible")

    assert refused.status_code == 409
    assert "Entries are frozen since judging opened: screening decisions can no longer change." in refused.text
    assert (await entry_row(entry_id))["screening"] == "eligible"
    assert await challenge_mails() == []
    assert soup(queue.text).select("form.bulk-form") == []
    assert "Entries are frozen since judging opened" in queue.text


async def test_screening_is_open_during_submissions(client):
    people = await cast("submissions")
    entry_id = await add_entry(people.challenge["id"], people.team)
    await log_in(client, EMAILS["organizer"])

    response = await decide(client, entry_id, decision="eligible")

    assert response.status_code == 302
    assert (await entry_row(entry_id))["screening"] == "eligible"


async def test_the_queue_counts_undecided_entries_until_each_is_decided(client):
    people = await cast("screening")
    challenge_id = people.challenge["id"]
    teams = await more_teams(challenge_id, 4)
    pending = await add_entry(challenge_id, people.team, title="Routes")
    asked = await add_entry(challenge_id, teams[0], title="Écoles", screening="needs_info")
    await add_entry(challenge_id, teams[1], title="Santé", screening="eligible")
    await add_entry(challenge_id, teams[2], title="Brouillon", status="draft")
    await add_entry(challenge_id, teams[3], title="Retirée", status="withdrawn")
    await log_in(client, EMAILS["organizer"])

    page = soup((await client.get(f"{BASE}/entries")).text)

    assert page.select_one(".undecided-line").get_text(" ", strip=True) == (
        "2 entries still undecided — judging cannot open until each one is decided")
    tabs = {a.get_text(" ", strip=True) for a in page.select(".screening-filters a")}
    assert tabs == {"To screen 1", "Needs information 1", "Eligible 1", "Ineligible 0", "Drafts 1", "Withdrawn 1"}
    assert [h.get_text(strip=True) for h in page.select(".entry-card h3")] == ["Les Cartographes"]

    await decide(client, pending, decision="eligible")
    await decide(client, asked, decision="ineligible", reason="Hors sujet.")

    page = soup((await client.get(f"{BASE}/entries")).text)
    assert page.select_one(".undecided-line").get_text(" ", strip=True) == (
        "Every submitted entry is decided: judging can open.")
    assert await queries.screening_complete(challenge_id) is True


async def test_the_queue_shows_each_entry_with_its_reuse_tracks_version_and_answers(client):
    people = await cast("screening")
    entry_id = await add_entry(people.challenge["id"], people.team, title="Routes du Maroc", city="Fès",
                               track_positions=(0, 1), versions=2)
    await log_in(client, EMAILS["organizer"])

    card = soup((await client.get(f"{BASE}/entries")).text).select_one(".entry-card")

    facts = card.select_one(".entry-facts").get_text(" ", strip=True)
    assert "Routes du Maroc" in facts and "Piste 1" in facts and "Piste 2" in facts and "version 2" in facts
    entry = await Entry.select(Entry.sha256, Entry.submitted_at).where(Entry.id == entry_id).first()
    assert card.select_one("code.sha").get_text() == entry["sha256"]
    assert card.select_one("time")["datetime"] == entry["submitted_at"].isoformat()
    assert "UTC" in card.select_one(".time-utc").get_text()
    answers = {dt.get_text(strip=True): dd.get_text(" ", strip=True) for dt, dd in
               zip(card.select(".answer dt"), card.select(".answer dd"))}
    assert answers == {"Votre ville ?": "Fès", "Présentation (PDF)": "presentation.pdf (PDF)"}
    pdf_question = card.select_one("a.file-link")["href"]
    assert pdf_question.startswith(f"/challenges/hack-mobilite/entries/{entry_id}/files/")
    assert card.select_one(f'a[href="{BASE}/entries/{entry_id}"]') is not None


async def test_several_pending_entries_are_marked_eligible_at_once(client):
    people = await cast("screening")
    challenge_id = people.challenge["id"]
    teams = await more_teams(challenge_id, 3)
    first = await add_entry(challenge_id, people.team, title="Un")
    second = await add_entry(challenge_id, teams[0], title="Deux")
    left = await add_entry(challenge_id, teams[1], title="Trois")
    asked = await add_entry(challenge_id, teams[2], title="Quatre", screening="needs_info")
    await log_in(client, EMAILS["organizer"])
    queue = await client.get(f"{BASE}/entries")
    assert {box["value"] for box in soup(queue.text).select('input[name="entry_ids"]')} == {
        str(first), str(second), str(left)}

    response = await submit(client, f"{BASE}/entries", {"entry_ids": [str(first), str(second), str(asked)]},
                            action=f"{BASE}/entries/bulk")

    assert response.status_code == 302
    assert response.headers["location"] == f"{BASE}/entries?screening=pending"
    states = {row["id"]: row["screening"] for row in await Entry.select(Entry.id, Entry.screening)}
    assert states == {first: "eligible", second: "eligible", left: "pending", asked: "needs_info"}
    assert [(e["entry"], e["decision"]) for e in await screen_events()] == [(first, "eligible"), (second, "eligible")]
    assert await challenge_mails() == []
    page = await client.get(response.headers["location"])
    assert "2 entries marked eligible." in page.text
    assert "1 entry still undecided" not in page.text
    assert soup(page.text).select_one(".undecided-line").get_text(" ", strip=True).startswith("2 entries still")


async def test_bulk_marking_is_refused_once_entries_are_frozen(client):
    people = await cast("judging")
    entry_id = await add_entry(people.challenge["id"], people.team, screening="eligible")
    await log_in(client, EMAILS["organizer"])

    response = await submit(client, f"{BASE}/entries?screening=eligible", {"entry_ids": [str(entry_id)]},
                            action=f"{BASE}/entries/bulk")

    assert response.status_code == 302
    page = await client.get(response.headers["location"])
    assert "Entries are frozen since judging opened" in page.text
    assert await screen_events() == []


async def test_the_same_decision_posted_twice_at_once_mails_the_team_once():
    people = await cast("screening")
    entry_id = await add_entry(people.challenge["id"], people.team)
    actor = await queries.actor_for(await current_user(people.organizer), people.challenge["id"])
    values = {"decision": "ineligible", "reason": "Hors sujet."}

    outcomes = await asyncio.gather(*[screening.decide(challenge=people.challenge, actor=actor, phase="screening",
                                                       entry_id=entry_id, values=values, now=now())
                                      for _ in range(2)])

    assert sorted(outcome.changed for outcome in outcomes) == [False, True]
    assert len(await challenge_mails()) == 2  # captain and member, once each
    assert len(await screen_events()) == 1
