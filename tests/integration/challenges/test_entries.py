"""The entry form: drafts, each question kind's checks (values kept), PDF answers, the eligible-dataset rule,
tracks, creating a reuse in place, and the deadline (stated in words, enforced by the server's clock)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta

import pytest

from showcase.challenges import answers, entries
from showcase.challenges.constants import MAX_PDF_BYTES
from showcase.challenges.tables import Entry, EntryAnswer, EntryTrack, EntryVersion
from showcase.mail.tables import OutboxMessage
from showcase.portal.tables import Dataset
from showcase.reuses.tables import Reuse
from showcase.settings import get_settings
from tests.conftest import soup
from tests.integration.challenges.entries_support import (
    NOT_ELIGIBLE, entry_fields, png_bytes, present_reuse, real_pdf, set_deadline, setup_team,
)
from tests.integration.reuses.helpers import form as reuse_form
from tests.support import csrf_token, now, submit

pytestmark = pytest.mark.anyio


async def stored_entry(team_id: int) -> dict | None:
    return await Entry.select().where(Entry.team == team_id).first()


async def stored_answer_values(entry_id: int) -> dict[int, str]:
    return {row["question"]: row["value"] for row in await EntryAnswer.select().where(EntryAnswer.entry == entry_id)}


def field_value(html: str, name: str) -> str:
    element = soup(html).find(attrs={"name": name})
    return element.get_text() if element.name == "textarea" else element.get("value", "")


def error_beside(html: str, name: str) -> str:
    element = soup(html).find(id=f"f-{name}-error")
    assert element is not None, f"no message beside {name}"
    return element.get_text(" ", strip=True)


# ---------------------------------------------------------------- drafts


async def test_a_draft_may_be_incomplete_and_comes_back_in_the_form(client):
    setup = await setup_team(client)
    data = {"reuse": "", "action": "draft", f"q_{setup.questions['short_text']}": ""}
    response = await submit(client, setup.url, data)
    assert response.status_code == 303, response.text[:3000]
    assert response.headers["location"] == setup.url
    entry = await stored_entry(setup.team)
    assert (entry["status"], entry["version"], entry["reuse"], entry["sha256"]) == ("draft", 0, None, "")
    assert await EntryVersion.count() == 0
    assert await OutboxMessage.count().where(OutboxMessage.template == "challenge_entry_receipt") == 0

    response = await submit(client, setup.url, entry_fields(setup, action="draft"))
    assert response.status_code == 303
    page = await client.get(setup.url)
    assert "Your draft is saved." in page.text
    html = soup(page.text)
    assert html.select_one("#f-reuse option[selected]")["value"] == str(setup.reuse)
    assert html.find("input", attrs={"name": "tracks", "value": str(setup.tracks[0])}).has_attr("checked")
    assert field_value(page.text, f"q_{setup.questions['short_text']}") == "Rabat"
    assert [b.get_text(strip=True) for b in html.select(".entry-actions button")] == ["Save draft", "Submit"]


async def test_submitting_needs_a_reuse_a_track_and_the_required_answers(client):
    setup = await setup_team(client)
    response = await submit(client, setup.url, {"reuse": "", "action": "submit",
                                                f"q_{setup.questions['short_text']}": "  "})
    assert response.status_code == 400
    assert error_beside(response.text, "reuse") == "Choose the reuse you enter, or create one."
    assert error_beside(response.text, "tracks") == "Choose at least one track."
    assert error_beside(response.text, f"q_{setup.questions['short_text']}") == "This question must be answered."
    assert await stored_entry(setup.team) is None


async def test_only_the_teams_own_reuses_and_the_challenges_tracks_are_accepted(client):
    setup = await setup_team(client)
    stranger = Reuse(slug="autre", title_fr="Autre", url="https://autre.example.ma/", status="published")
    await stranger.save()
    response = await submit(client, setup.url, {**entry_fields(setup), "reuse": str(stranger.id),
                                                "tracks": ["999999"]})
    assert response.status_code == 400
    assert error_beside(response.text, "reuse") == "Choose one of your team’s reuses."
    assert error_beside(response.text, "tracks") == "Choose among the tracks shown."


# ---------------------------------------------------------------- question kinds


async def test_each_question_kind_is_checked_and_what_was_typed_is_kept(client):
    setup = await setup_team(client, every_kind=True)
    q = setup.questions
    typed = {
        "short_text": "x" * 301, "long_text": "y" * 10_001, "url": "javascript:alert(1)", "number": "douze",
        "single_choice": "Fusée", "multiple_choice": ["Web", "Minitel"],
    }
    response = await submit(client, setup.url, entry_fields(setup, action="draft", **typed))
    assert response.status_code == 400
    assert error_beside(response.text, f"q_{q['short_text']}") == "Use at most 300 characters (you wrote 301)."
    assert error_beside(response.text, f"q_{q['long_text']}") == "Use at most 10000 characters (you wrote 10001)."
    assert error_beside(response.text, f"q_{q['url']}") == (
        "Enter a web address starting with http:// or https:// (example: https://example.ma).")
    assert error_beside(response.text, f"q_{q['number']}") == (
        "Enter a number, with a comma or a dot for decimals (example: 12,5).")
    assert error_beside(response.text, f"q_{q['single_choice']}") == "Choose one of the options shown."
    assert error_beside(response.text, f"q_{q['multiple_choice']}") == "Choose among the options shown."
    assert field_value(response.text, f"q_{q['short_text']}") == "x" * 301
    assert field_value(response.text, f"q_{q['long_text']}") == "y" * 10_001
    assert field_value(response.text, f"q_{q['url']}") == "javascript:alert(1)"
    assert field_value(response.text, f"q_{q['number']}") == "douze"
    checked = [box["value"] for box in soup(response.text).select(f"input[name=q_{q['multiple_choice']}][checked]")]
    assert checked == ["Web"]
    assert await stored_entry(setup.team) is None


async def test_valid_answers_of_every_kind_are_stored_normalised(client):
    setup = await setup_team(client, every_kind=True)
    q = setup.questions
    response = await submit(client, setup.url, entry_fields(
        setup, action="draft", long_text="Ligne 1\r\nLigne 2", url="github.com/amina/routes", number="1 234,5",
        single_choice="Prototype", multiple_choice=["iOS", "Web"]))
    assert response.status_code == 303, response.text[:3000]
    entry = await stored_entry(setup.team)
    assert await stored_answer_values(entry["id"]) == {
        q["short_text"]: "Rabat", q["long_text"]: "Ligne 1\nLigne 2", q["url"]: "https://github.com/amina/routes",
        q["number"]: "1234.5", q["single_choice"]: "Prototype", q["multiple_choice"]: '["Web", "iOS"]',
    }
    page = await client.get(setup.url)
    assert field_value(page.text, f"q_{q['number']}") == "1234.5"
    assert soup(page.text).find("input", attrs={"name": f"q_{q['single_choice']}", "value": "Prototype"}).has_attr("checked")


# ---------------------------------------------------------------- PDF answers


async def test_a_real_pdf_is_stored_privately_by_its_sha256(client):
    setup = await setup_team(client)
    pdf = real_pdf()
    name = f"q_{setup.questions['pdf']}"
    response = await submit(client, setup.url, entry_fields(setup, action="draft"),
                            files={f"{name}_file": ("../../Notre présentation.pdf", pdf, "application/pdf")})
    assert response.status_code == 303, response.text[:3000]
    entry = await stored_entry(setup.team)
    row = await EntryAnswer.select().where((EntryAnswer.entry == entry["id"])
                                           & (EntryAnswer.question == setup.questions["pdf"])).first()
    key = hashlib.sha256(pdf).hexdigest()
    assert (row["file_key"], row["file_name"]) == (key, "Notre présentation.pdf")
    assert answers.pdf_path(key).read_bytes() == pdf
    media_root = get_settings().media_root.resolve()
    assert media_root not in answers.pdf_path(key).resolve().parents  # nothing under /media
    assert not list(media_root.rglob(f"{key}*"))


@pytest.mark.parametrize(("upload", "message"), [
    (("slides.pdf", png_bytes(), "application/pdf"),
     "This file is not a PDF document. Export your document as PDF and send it again."),
    (("huge.pdf", b"%PDF-1.4\n" + b"0" * (MAX_PDF_BYTES + 1 - 9 - 6) + b"%%EOF\n", "application/pdf"),
     "The file is larger than 10 MB. Compress it or shorten it, then send it again."),
    (("cut.pdf", real_pdf()[:-200], "application/pdf"),
     "This file is not a PDF document. Export your document as PDF and send it again."),
])
async def test_files_that_are_not_acceptable_pdfs_are_refused_with_a_message(client, upload, message):
    if upload[0] == "huge.pdf":
        assert len(upload[1]) == MAX_PDF_BYTES + 1
    setup = await setup_team(client)
    name = f"q_{setup.questions['pdf']}"
    response = await submit(client, setup.url, entry_fields(setup, action="draft"), files={f"{name}_file": upload})
    assert response.status_code == 400
    assert error_beside(response.text, name) == message
    assert field_value(response.text, f"q_{setup.questions['short_text']}") == "Rabat"
    assert await stored_entry(setup.team) is None
    assert not answers.pdf_path(hashlib.sha256(upload[1]).hexdigest()).exists()


async def test_an_uploaded_pdf_is_kept_when_the_form_comes_back_with_errors(client):
    setup = await setup_team(client)
    pdf = real_pdf("kept")
    name = f"q_{setup.questions['pdf']}"
    data = {**entry_fields(setup), f"q_{setup.questions['short_text']}": ""}
    response = await submit(client, setup.url, data, files={f"{name}_file": ("deck.pdf", pdf, "application/pdf")})
    assert response.status_code == 400
    assert field_value(response.text, f"{name}_key") == hashlib.sha256(pdf).hexdigest()
    assert "deck.pdf" in soup(response.text).select_one(".current-file").get_text()
    carried = {key: field_value(response.text, key) for key in (f"{name}_key", f"{name}_name", f"{name}_sig")}
    again = await client.post(setup.url, data={**entry_fields(setup), **carried, "_csrf_token": csrf_token(response.text)},
                             follow_redirects=False)
    assert again.status_code == 303, again.text[:3000]
    entry = await stored_entry(setup.team)
    row = await EntryAnswer.select().where(EntryAnswer.question == setup.questions["pdf"]).first()
    assert (row["entry"], row["file_key"], row["file_name"]) == (entry["id"], hashlib.sha256(pdf).hexdigest(), "deck.pdf")


async def test_a_hidden_file_key_without_its_signature_attaches_nothing(client):
    setup = await setup_team(client)
    name = f"q_{setup.questions['pdf']}"
    forged = {f"{name}_key": "a" * 64, f"{name}_name": "theirs.pdf", f"{name}_sig": "0" * 64}
    response = await submit(client, setup.url, {**entry_fields(setup, action="draft"), **forged})
    assert response.status_code == 303
    assert await EntryAnswer.count().where(EntryAnswer.question == setup.questions["pdf"]) == 0


# ---------------------------------------------------------------- eligible datasets


async def test_the_reuse_must_cite_an_eligible_dataset_and_the_message_lists_them(client):
    setup = await setup_team(client)
    other = await present_reuse(client, url="https://ecoles.example.ma/", datasets=NOT_ELIGIBLE, title="Écoles")
    titles = await Dataset.select(Dataset.title_fr).where(
        Dataset.name.is_in(["reseau-routier-classe", "population-legale-regions-provinces-rgph-2024"]))
    by_name = {row["title_fr"] for row in titles}
    response = await submit(client, setup.url, {**entry_fields(setup), "reuse": str(other)})
    assert response.status_code == 400
    message = error_beside(response.text, "reuse")
    listed = message.split(": ", 1)[1].split(". Edit")[0]
    assert {part.strip("“”") for part in listed.split("”, “")} == by_name
    assert message.startswith("The reuse must cite at least one of the challenge’s eligible datasets: “")
    # a draft may still name it: the rule applies when submitting
    draft = await submit(client, setup.url, {**entry_fields(setup, action="draft"), "reuse": str(other)})
    assert draft.status_code == 303


# ---------------------------------------------------------------- creating a reuse in place


async def test_a_reuse_created_from_the_entry_form_comes_back_chosen(client):
    setup = await setup_team(client)
    page = await client.get(setup.url)
    link = soup(page.text).select_one(".entry-new-reuse a")["href"]
    assert link == "/reuses/new?challenge=hack-mobilite"
    reuse_page = await client.get(link)
    assert soup(reuse_page.text).find("input", attrs={"name": "challenge"})["value"] == "hack-mobilite"
    response = await submit(client, link, reuse_form(url="https://nouvelle.example.ma/", title_fr="Nouvelle carte",
                                                     challenge="hack-mobilite"), action="/reuses/new")
    new_id = (await Reuse.select(Reuse.id).where(Reuse.title_fr == "Nouvelle carte").first())["id"]
    assert response.status_code == 302
    assert response.headers["location"] == f"/challenges/hack-mobilite/submit?reuse={new_id}"
    form_page = await client.get(response.headers["location"])
    assert soup(form_page.text).select_one("#f-reuse option[selected]")["value"] == str(new_id)
    # a slug that is not one cannot turn the form into an open redirect
    odd = await submit(client, "/reuses/new", reuse_form(url="https://autre.example.ma/", challenge="//evil.example"))
    assert odd.headers["location"].startswith("/reuses/")


# ---------------------------------------------------------------- the deadline


async def test_the_page_states_the_deadline_rule_in_words(client):
    deadline = datetime(2030, 11, 30, 16, 0, tzinfo=UTC)  # 17:00 in Casablanca (UTC+1 outside Ramadan)
    setup = await setup_team(client, submissions_close_at=deadline)
    page = await client.get(setup.url)
    rule = soup(page.text).select_one(".deadline-rule strong").get_text().strip()
    assert rule == ("Entries are accepted until Nov 30, 2030, 5:00:00\u202fPM (Africa/Casablanca, UTC+1) = "
                    "Nov 30, 2030, 4:00:00\u202fPM UTC; from that second on, they are refused.")


async def test_a_late_submit_is_refused_the_typing_is_shown_and_the_draft_is_untouched(client):
    setup = await setup_team(client)
    await submit(client, setup.url, entry_fields(setup, action="draft"))
    before = await stored_entry(setup.team)
    answers_before = await stored_answer_values(before["id"])
    page = await client.get(setup.url)
    await set_deadline(setup.challenge["id"], now() - timedelta(seconds=1))
    changed = {**entry_fields(setup), f"q_{setup.questions['short_text']}": "Tanger, finalement"}
    response = await client.post(setup.url, data={**changed, "_csrf_token": csrf_token(page.text)},
                                 follow_redirects=False)
    assert response.status_code == 409
    notice = soup(response.text).select_one(".late-notice").get_text(" ", strip=True)
    assert notice.startswith("The deadline has passed: this was not saved. The server received it at ")
    assert field_value(response.text, f"q_{setup.questions['short_text']}") == "Tanger, finalement"
    assert soup(response.text).select(".entry-actions button") == []
    after = await stored_entry(setup.team)
    assert after == before
    assert await stored_answer_values(before["id"]) == answers_before
    assert await EntryVersion.count() == 0
    # a draft save is refused the same way
    draft = await client.post(setup.url, data={**changed, "action": "draft", "_csrf_token": csrf_token(page.text)},
                                 follow_redirects=False)
    assert draft.status_code == 409
    assert await stored_answer_values(before["id"]) == answers_before


async def test_the_deadline_instant_itself_is_refused_and_the_instant_before_accepted(client):
    """Exactly at the deadline the server refuses; a microsecond before, it stores that very instant."""
    setup = await setup_team(client)
    deadline = now() + timedelta(days=1)
    await set_deadline(setup.challenge["id"], deadline)
    from showcase.accounts.queries import load_session_user  # the user object handlers see

    user = await load_session_user({"user_id": setup.captain, "epoch": 0})
    questions = await entries.questions_of(setup.challenge["id"])
    form = entries.EntryInput(reuse_id=setup.reuse, track_ids=(setup.tracks[0],),
                              answers={setup.questions["short_text"]: "Rabat"})
    with pytest.raises(entries.EntryClosed) as refused:
        await entries.submit_entry(challenge_id=setup.challenge["id"], team_id=setup.team, user=user, form=form,
                                   questions=questions, clock=lambda: deadline)
    assert (refused.value.deadline, refused.value.now) == (deadline, deadline)
    assert await stored_entry(setup.team) is None
    just_before = deadline - timedelta(microseconds=1)
    saved = await entries.submit_entry(challenge_id=setup.challenge["id"], team_id=setup.team, user=user, form=form,
                                       questions=questions, clock=lambda: just_before)
    version = await EntryVersion.select().where(EntryVersion.entry == saved.entry_id).first()
    assert version["submitted_at"] == just_before
    assert json.loads(version["snapshot"])["submitted_at"] == just_before.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


async def test_in_the_registration_phase_drafts_are_saved_but_not_submitted(client):
    setup = await setup_team(client, phase="registration")
    page = await client.get(setup.url)
    assert [b.get_text(strip=True) for b in soup(page.text).select(".entry-actions button")] == ["Save draft"]
    assert "submissions open on" in page.text
    assert (await submit(client, setup.url, entry_fields(setup, action="draft"))).status_code == 303
    response = await submit(client, setup.url, entry_fields(setup))
    assert response.status_code == 409
    assert "Entries cannot be submitted in this phase of the challenge." in response.text
    assert (await stored_entry(setup.team))["status"] == "draft"
    assert await EntryTrack.count() == 1
