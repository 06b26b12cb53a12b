"""Announcements: the audience each choice reaches, a preview with the count, one e-mail per person in their
language, a record with the count, no double send, and the public "Updates"."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from showcase import i18n
from showcase.accounts.tables import User
from showcase.challenges.announcements import public_announcements, send
from showcase.challenges.tables import Announcement, ChallengeEvent, TeamMember
from tests.conftest import soup
from tests.integration.challenges.helpers import make_team, register
from tests.integration.challenges.screening_rows import EMAILS, add_entry, cast
from tests.support import create_user, log_in, now, outbox, submit

pytestmark = pytest.mark.anyio

BASE = "/manage/challenges/hack-mobilite"
PAGE = f"{BASE}/announcements"
SUBJECT = "Atelier données ce jeudi"
BODY = "Bonjour à toutes et à tous,\n\nUn **atelier** sur les données routières aura lieu jeudi à 18 h."


async def audiences() -> dict:
    """Team A (captain fr, member ar) has a submitted entry; team B (captain fr, one person waiting for
    approval) has a draft; one participant (en) has no team; one registered account is deactivated."""
    people = await cast("submissions")
    challenge_id = people.challenge["id"]
    await add_entry(challenge_id, people.team)
    captain_b = await create_user("brahim@example.ma", name="Brahim", locale="fr")
    waiting = await create_user("hind@example.ma", name="Hind", locale="ar")
    team_b = await make_team(challenge_id, captain_b, name="Team B")
    await register(challenge_id, waiting)
    await TeamMember(team=team_b, challenge=challenge_id, user=waiting, key=f"{challenge_id}:{waiting}",
                     status="pending").save()
    await add_entry(challenge_id, team_b, title="Brouillon", status="draft")
    gone = await create_user("parti@example.ma", name="Parti")
    await register(challenge_id, gone)
    await User.update({User.active: False}).where(User.id == gone)
    return {"people": people, "registered": sorted([EMAILS["captain"], EMAILS["member"], EMAILS["participant"],
                                                   "brahim@example.ma", "hind@example.ma"]),
            "teams": sorted([EMAILS["captain"], EMAILS["member"], "brahim@example.ma"]),
            "submitted": sorted([EMAILS["captain"], EMAILS["member"]])}


async def announcement_mails() -> list[dict]:
    return [mail for mail in await outbox() if mail["template"] == "challenge_announcement"]


def preview_count(html: str) -> str:
    page = soup(html)
    return page.select_one(".announcement-preview dd strong").get_text(strip=True)


async def test_the_preview_shows_how_many_people_each_audience_reaches(client):
    await audiences()
    await log_in(client, EMAILS["organizer"])
    form = soup((await client.get(PAGE)).text)
    assert [o.get_text(strip=True) for o in form.select("#f-audience option")] == [
        "Everyone registered (5)", "Members of a team (3)", "Teams with a submitted entry (2)"]

    counts = {}
    for audience in ("registered", "teams", "submitted"):
        response = await submit(client, PAGE, {"audience": audience, "subject": SUBJECT, "body": BODY,
                                               "action": "preview"})
        assert response.status_code == 200
        counts[audience] = preview_count(response.text)

    assert counts == {"registered": "5 people", "teams": "3 people", "submitted": "2 people"}
    assert "<strong>atelier</strong>" in response.text  # the Markdown, rendered
    assert await announcement_mails() == []
    assert await Announcement.count() == 0


async def test_sending_queues_one_mail_per_person_in_their_language(client):
    cast_rows = await audiences()
    await log_in(client, EMAILS["organizer"])

    response = await submit(client, PAGE, {"audience": "submitted", "subject": SUBJECT, "body": BODY,
                                           "action": "send"})

    assert response.status_code == 302
    mails = await announcement_mails()
    assert sorted(m["to_address"] for m in mails) == cast_rows["submitted"]
    by_address = {m["to_address"]: m for m in mails}
    assert by_address[EMAILS["captain"]]["locale"] == "fr"
    assert by_address[EMAILS["member"]]["locale"] == "ar"
    for address, title in ((EMAILS["captain"], "Hackathon mobilité"), (EMAILS["member"], "هاكاثون التنقل")):
        mail = by_address[address]
        with i18n.use_locale(mail["locale"]):
            expected = i18n.gettext("%(challenge)s: %(subject)s", challenge=title, subject=SUBJECT)
            assert mail["subject"] == " ".join(expected.split())  # subject lines are one line of plain spaces
        assert BODY in mail["body_text"]  # the organizer's text as written
        assert "http://testserver.local/challenges/hack-mobilite" in mail["body_text"]
    row = await Announcement.select(Announcement.audience, Announcement.subject, Announcement.body,
                                    Announcement.recipients, Announcement.author).first()
    assert row == {"audience": "submitted", "subject": SUBJECT, "body": BODY, "recipients": 2,
                   "author": cast_rows["people"].organizer}
    assert await ChallengeEvent.count().where(ChallengeEvent.action == "announce") == 1
    page = soup((await client.get(response.headers["location"])).text)
    assert page.select_one(".flash-success").get_text(strip=True) == "Announcement sent to 2 people."
    past = page.select_one(".announcement-list li").get_text(" ", strip=True)
    assert SUBJECT in past and "2 recipients" in past and "Teams with a submitted entry" in past


async def test_everyone_registered_means_active_accounts_each_once(client):
    cast_rows = await audiences()
    await log_in(client, EMAILS["co_organizer"])

    await submit(client, PAGE, {"audience": "registered", "subject": SUBJECT, "body": BODY, "action": "send"})

    mails = await announcement_mails()
    assert sorted(m["to_address"] for m in mails) == cast_rows["registered"]
    assert {m["to_address"]: m["locale"] for m in mails}[EMAILS["participant"]] == "en"


async def test_a_double_post_of_the_same_form_sends_once(client):
    await audiences()
    await log_in(client, EMAILS["organizer"])
    page = await client.get(PAGE)
    token = soup(page.text).select_one('input[name="_csrf_token"]')["value"]
    form = {"audience": "teams", "subject": SUBJECT, "body": BODY, "action": "send", "_csrf_token": token}

    first = await client.post(PAGE, data=form, follow_redirects=False)
    second = await client.post(PAGE, data=form, follow_redirects=False)
    other_audience = await client.post(PAGE, data={**form, "audience": "registered"}, follow_redirects=False)

    assert first.status_code == second.status_code == other_audience.status_code == 302
    assert len(await announcement_mails()) == 3
    assert await Announcement.count() == 1
    shown = soup((await client.get(PAGE)).text).select_one(".flash-warning").get_text(strip=True)
    assert shown == "This announcement was already sent to 3 people a few minutes ago; it was not sent again."


async def test_the_same_text_may_go_out_again_after_ten_minutes(client):
    await audiences()
    await log_in(client, EMAILS["organizer"])
    await submit(client, PAGE, {"audience": "submitted", "subject": SUBJECT, "body": BODY, "action": "send"})
    await Announcement.update({Announcement.created_at: Announcement.created_at - timedelta(minutes=11)}).where(
        Announcement.id > 0)

    await submit(client, PAGE, {"audience": "submitted", "subject": SUBJECT, "body": BODY, "action": "send"})

    assert await Announcement.count() == 2
    assert len(await announcement_mails()) == 4


async def test_a_subject_and_a_message_are_required(client):
    await audiences()
    await log_in(client, EMAILS["organizer"])

    response = await submit(client, PAGE, {"audience": "registered", "subject": "  ", "body": BODY, "action": "send"})
    no_body = await submit(client, PAGE, {"audience": "nobody", "subject": SUBJECT, "body": "", "action": "preview"})

    assert response.status_code == no_body.status_code == 400
    page = soup(response.text)
    assert page.select_one("#f-subject-error").get_text(strip=True) == "Write a subject."
    assert page.select_one("#f-body").get_text() == BODY
    other = soup(no_body.text)
    assert other.select_one("#f-body-error").get_text(strip=True) == "Write the message."
    assert other.select_one("#f-audience-error").get_text(strip=True) == "Choose who receives the announcement."
    assert other.select_one("#f-subject")["value"] == SUBJECT
    assert await announcement_mails() == []


async def test_public_updates_list_what_everyone_registered_received(client):
    cast_rows = await audiences()
    await log_in(client, EMAILS["organizer"])
    await submit(client, PAGE, {"audience": "registered", "subject": "Bienvenue", "body": "Lisez le **règlement**.",
                                "action": "send"})
    await submit(client, PAGE, {"audience": "submitted", "subject": "Pour les équipes", "body": "Privé.",
                                "action": "send"})

    updates = await public_announcements(cast_rows["people"].challenge["id"])

    assert [(u["subject"], u["body"], str(u["body_html"])) for u in updates] == [
        ("Bienvenue", "Lisez le **règlement**.", "<p>Lisez le <strong>règlement</strong>.</p>\n")]
    assert updates[0]["created_at"] is not None


async def test_two_sends_at_the_same_moment_go_out_once():
    cast_rows = await audiences()
    challenge = cast_rows["people"].challenge
    form = {"audience": "submitted", "subject": SUBJECT, "body": BODY}

    results = await asyncio.gather(*[send(challenge=challenge, author_id=cast_rows["people"].organizer, values=form,
                                          now=now()) for _ in range(2)])

    assert sorted(result.duplicate for result in results) == [False, True]
    assert await Announcement.count() == 1
    assert len(await announcement_mails()) == 2
