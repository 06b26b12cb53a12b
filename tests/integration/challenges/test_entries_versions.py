"""Submissions as versions: the canonical snapshot and its SHA-256, receipts to every member in their language,
updates, the versions page, and withdrawal."""

from __future__ import annotations

import hashlib
import json

import pytest

from showcase.challenges.display import challenge_time
from showcase.challenges.tables import Entry, EntryVersion, TeamMember
from showcase.i18n import use_locale
from showcase.mail.tables import OutboxMessage
from showcase.reuses.tables import Reuse
from tests.conftest import soup
from tests.integration.challenges.entries_support import browser, entry_fields, real_pdf, setup_team
from tests.support import create_user, log_in, submit

pytestmark = pytest.mark.anyio


async def receipts() -> list[dict]:
    return await OutboxMessage.select().where(OutboxMessage.template == "challenge_entry_receipt").order_by(
        OutboxMessage.id)


async def test_a_submission_stores_a_version_whose_sha256_is_of_its_canonical_snapshot(client):
    setup = await setup_team(client)
    pdf = real_pdf()
    response = await submit(client, setup.url, entry_fields(setup), files={
        f"q_{setup.questions['pdf']}_file": ("Dossier final.pdf", pdf, "application/pdf")})
    assert response.status_code == 303, response.text[:3000]
    entry = await Entry.select().where(Entry.team == setup.team).first()
    version = await EntryVersion.select().where(EntryVersion.entry == entry["id"]).first()
    assert (entry["status"], entry["version"], version["version"]) == ("submitted", 1, 1)
    assert version["sha256"] == entry["sha256"] == hashlib.sha256(version["snapshot"].encode()).hexdigest()
    assert entry["submitted_at"] == entry["first_submitted_at"] == version["submitted_at"]
    assert version["submitted_by"] == setup.captain
    snapshot = json.loads(version["snapshot"])
    # canonical: sorted keys, no spaces, UTF-8 kept
    assert version["snapshot"] == json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    reuse = await Reuse.select().where(Reuse.id == setup.reuse).first()
    assert snapshot == {
        "challenge": "hack-mobilite",
        "team": {"id": setup.team, "name": "Les Cartographes"},
        "members": ["Amina El Idrissi", "يوسف بنعلي"],
        "reuse": {"id": setup.reuse, "slug": reuse["slug"], "title": {"fr": "Routes du Maroc", "ar": "طرق المغرب"},
                  "url": "https://routes.example.ma/",
                  "datasets": ["reseau-routier-classe", "population-legale-regions-provinces-rgph-2024"]},
        "tracks": [{"id": setup.tracks[0], "name": {"fr": "Piste 1", "ar": "المسار 1"}}],
        "answers": [
            {"question": setup.questions["short_text"], "kind": "short_text",
             "label": {"fr": "Votre ville ?", "ar": "مدينتك؟"}, "value": "Rabat", "file": None},
            {"question": setup.questions["pdf"], "kind": "pdf", "label": {"fr": "Présentation (PDF)", "ar": "عرض (PDF)"},
             "value": "", "file": {"sha256": hashlib.sha256(pdf).hexdigest(), "name": "Dossier final.pdf"}},
        ],
        "version": 1,
        "submitted_at": version["submitted_at"].strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
    }
    page = await client.get(setup.url)
    assert f"Version 1 of your entry was received on" in page.text
    assert f"SHA-256: {entry['sha256']}" in page.text
    assert [b.get_text(strip=True) for b in soup(page.text).select(".entry-actions button")] == ["Update my submission"]


async def test_every_member_gets_a_receipt_in_their_own_language_with_the_stored_sha256(client):
    setup = await setup_team(client)
    outsider = await create_user("karim@example.ma", name="Karim", locale="fr")
    await TeamMember(team=setup.team, challenge=setup.challenge["id"], user=outsider, status="pending",
                     key=f"{setup.challenge['id']}:{outsider}").save()  # asked to join, not approved: no receipt
    response = await submit(client, setup.url, entry_fields(setup))
    assert response.status_code == 303
    version = await EntryVersion.select().first()
    mails = await receipts()
    assert [(m["to_address"], m["locale"]) for m in mails] == [("amina@example.ma", "fr"), ("youssef@example.ma", "ar")]
    for mail in mails:
        assert version["sha256"] in mail["body_text"]
        assert hashlib.sha256(version["snapshot"].encode()).hexdigest() in mail["body_text"]
        with use_locale(mail["locale"]):
            shown = challenge_time(version["submitted_at"], "Africa/Casablanca")
        assert shown["local"] in mail["body_text"] and f"{shown['utc']} UTC" in mail["body_text"]
        assert "/challenges/hack-mobilite/submit/versions" in mail["body_text"]
    french, arabic = mails
    assert "Version 1" in french["subject"] or "version 1" in french["subject"]
    with use_locale("fr"):
        french_time = challenge_time(version["submitted_at"], "Africa/Casablanca")["local"]
    with use_locale("ar"):
        arabic_time = challenge_time(version["submitted_at"], "Africa/Casablanca")["local"]
    assert french_time != arabic_time and arabic_time not in french["body_text"]
    assert "Hackathon mobilité" in french["body_text"] and "هاكاثون التنقل" in arabic["body_text"]


async def test_each_update_is_a_new_version_with_its_own_receipts(client):
    setup = await setup_team(client)
    assert (await submit(client, setup.url, entry_fields(setup))).status_code == 303
    first = await Entry.select().where(Entry.team == setup.team).first()
    update = {**entry_fields(setup), f"q_{setup.questions['short_text']}": "Tanger", "tracks": [str(t) for t in setup.tracks]}
    assert (await submit(client, setup.url, update)).status_code == 303
    entry = await Entry.select().where(Entry.team == setup.team).first()
    versions = await EntryVersion.select().order_by(EntryVersion.version)
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[0]["sha256"] != versions[1]["sha256"] == entry["sha256"]
    assert entry["first_submitted_at"] == first["submitted_at"] < entry["submitted_at"] == versions[1]["submitted_at"]
    assert json.loads(versions[0]["snapshot"])["answers"][0]["value"] == "Rabat"
    assert json.loads(versions[1]["snapshot"])["answers"][0]["value"] == "Tanger"
    assert [m["to_address"] for m in await receipts()] == ["amina@example.ma", "youssef@example.ma"] * 2
    # a submitted entry is changed by submitting again, not by a draft behind the organizers' back
    draft = await submit(client, setup.url, {**update, "action": "draft"})
    assert draft.status_code == 409
    assert "Your entry is already submitted" in draft.text


async def test_the_versions_page_lists_every_version_and_its_snapshot_checks_out(client, app):
    setup = await setup_team(client)
    await submit(client, setup.url, entry_fields(setup))
    await submit(client, setup.url, {**entry_fields(setup), f"q_{setup.questions['short_text']}": "Fès"})
    stored = await EntryVersion.select().order_by(EntryVersion.version, ascending=False)
    page = await client.get(f"{setup.url}/versions")
    assert page.status_code == 200
    rows = soup(page.text).select(".versions-table tbody tr")
    assert [(r.select_one(".version-number").get_text(strip=True), r.select_one(".sha256").get_text(strip=True))
            for r in rows] == [("2", stored[0]["sha256"]), ("1", stored[1]["sha256"])]
    snapshot = await client.get(f"{setup.url}/versions/1/snapshot")
    assert snapshot.headers["content-type"].startswith("application/json")
    assert hashlib.sha256(snapshot.content).hexdigest() == stored[1]["sha256"]
    # the teammate sees the same; an organizer chooses the team
    organizer = await create_user("nadia@example.ma", name="Nadia", locale="fr")
    from showcase.challenges.tables import ChallengeRole

    await ChallengeRole(challenge=setup.challenge["id"], user=organizer, role="organizer",
                        key=f"{setup.challenge['id']}:{organizer}").save()
    async with await browser(app) as other:
        await log_in(other, "youssef@example.ma")
        assert len(soup((await other.get(f"{setup.url}/versions")).text).select(".versions-table tbody tr")) == 2
        await log_in(other, "nadia@example.ma")
        listing = await other.get(f"{setup.url}/versions")
        assert soup(listing.text).select_one(".entry-links a")["href"] == f"?team={setup.team}"
        chosen = await other.get(f"{setup.url}/versions?team={setup.team}")
        assert len(soup(chosen.text).select(".versions-table tbody tr")) == 2
        assert (await other.get(f"{setup.url}/versions/2/snapshot?team={setup.team}")).content == \
            stored[0]["snapshot"].encode()


async def test_the_captain_withdraws_after_confirming_and_the_entry_stays_withdrawn(client, app):
    setup = await setup_team(client)
    await submit(client, setup.url, entry_fields(setup))
    page = await client.get(f"{setup.url}/withdraw")
    assert page.status_code == 200
    unconfirmed = await submit(client, f"{setup.url}/withdraw", {})
    assert unconfirmed.status_code == 400
    assert soup(unconfirmed.text).select_one("#f-confirm-error").get_text(strip=True) == (
        "Tick the box to confirm that your team withdraws its entry.")
    assert (await Entry.select(Entry.status).first())["status"] == "submitted"
    response = await submit(client, f"{setup.url}/withdraw", {"confirm": "yes"})
    assert (response.status_code, response.headers["location"]) == (303, setup.url)
    entry = await Entry.select().first()
    assert entry["status"] == "withdrawn" and entry["withdrawn_at"] is not None
    assert await EntryVersion.count() == 1  # its versions are kept
    again = await submit(client, setup.url, entry_fields(setup))
    assert again.status_code == 409
    assert "Your team withdrew its entry: it cannot be changed or submitted again." in again.text
    form = await client.get(setup.url)
    assert soup(form.text).select_one("fieldset.entry-fields").has_attr("disabled")
    assert soup(form.text).select(".entry-actions button") == []
    assert (await Entry.select(Entry.status, Entry.version).first()) == {"status": "withdrawn", "version": 1}
