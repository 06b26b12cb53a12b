"""A challenge in a real browser, from its creation to the screening of an entry.

Three people in three browser contexts: an organizer (French) creates a challenge with a required PDF question
and two prize tracks, sets its timeline and publishes it; a participant (French) registers, forms a team and
invites a second participant by e-mail, who accepts in Arabic; the participant creates the team's reuse in place
from the entry form, submits the entry with its PDF, then updates it before the deadline; the organizer closes
submissions; the participant's next update is refused with the deadline message (the stored entry unchanged);
the organizer screens the entry eligible and downloads the PDF.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    error_text,
    html_attributes,
    link_in,
    logged_in_moderator,
    shot,
    signed_up_and_logged_in,
    submit_form,
    tr,
    unique_email,
    wait_for_mail,
)

pytestmark = pytest.mark.browser

CASABLANCA = ZoneInfo("Africa/Casablanca")
ELIGIBLE = "reseau-routier-classe"
# A minimal but well-formed PDF document (the server checks the %PDF- header and the %%EOF trailer).
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def local_input(days: int, hour: int) -> str:
    """A datetime-local value `days` from today at `hour`:30 in Casablanca (never 00:00 or 12:00)."""
    day = datetime.now(UTC).astimezone(CASABLANCA).date() + timedelta(days=days)
    return f"{day.isoformat()}T{hour:02d}:30"


def challenge_slug(page) -> str:  # noqa: ANN001
    found = re.search(r"/manage/challenges/([a-z0-9-]+)", page.url)
    assert found and found.group(1) != "new", f"not on a challenge's back office ({page.url}): {error_text(page)}"
    return found.group(1)


def flash(page) -> str:  # noqa: ANN001
    return " ".join(page.locator(".flash").all_inner_texts())


def test_organizer_publishes_team_submits_with_a_pdf_edits_then_is_refused_after_the_deadline_and_is_screened(
        new_context, live_server, tmp_path: Path) -> None:  # noqa: ANN001
    n = time.time_ns() % 1_000_000
    organizer = new_context().new_page()
    captain = new_context().new_page()
    teammate = new_context(locale="ar-MA").new_page()
    title = f"Hackathon Routes {n}"

    # --- the organizer creates the challenge ---------------------------------------------------------------
    logged_in_moderator(organizer, live_server, name="Karim Organisateur")  # an admin holds the organizer role
    organizer.goto("/manage/challenges/new")
    assert html_attributes(organizer) == ("fr", "ltr")
    organizer.locator("#f-title_fr").fill(title)
    organizer.locator("#f-summary_fr").fill("Des services utiles à partir du réseau routier classé.")
    organizer.locator("#f-organizer_name").fill("Agence du numérique")
    submit_form(organizer, "form[action='/manage/challenges/new'] [type=submit]")
    slug = challenge_slug(organizer)
    base = f"/manage/challenges/{slug}"

    organizer.goto(f"{base}/edit")
    organizer.locator("#f-description_fr").fill("Construisez des **services de mobilité**.")
    organizer.locator("#f-rules_fr").fill("Une équipe, une participation.")
    organizer.locator("#f-eligibility_fr").fill("J’ai 18 ans ou plus.")
    organizer.locator("#f-datasets").fill(ELIGIBLE)
    organizer.locator("#f-max_team_size").fill("3")
    submit_form(organizer, f"form[action='{base}/edit'] button.button-primary[name=action][value=save]")
    assert "field-invalid" not in organizer.content(), error_text(organizer)

    organizer.goto(f"{base}/timeline")
    for name, (days, hour) in {"submissions_open_at": (-1, 9), "submissions_close_at": (3, 17),
                               "judging_opens_at": (5, 9), "judging_closes_at": (12, 18),
                               "results_at": (14, 18)}.items():
        organizer.locator(f"#f-{name}").fill(local_input(days, hour))
    submit_form(organizer, f"form[action='{base}/timeline'] [type=submit]")
    assert "field-invalid" not in organizer.content(), error_text(organizer)
    expect(organizer.locator(".manage-saved-timeline")).to_contain_text("UTC")
    shot(organizer, "challenge-01-timeline-fr")

    organizer.goto(f"{base}/questions")
    organizer.locator("#f-kind").select_option("pdf")
    organizer.locator("#f-label_fr").fill("Présentation du projet (PDF)")
    organizer.locator("#f-label_ar").fill("عرض المشروع (PDF)")
    organizer.locator("input[name=required]").check()
    submit_form(organizer, f"form[action='{base}/questions'] button.button-primary[name=action][value=save]")
    expect(organizer.locator("main")).to_contain_text("Présentation du projet (PDF)")

    for track_name, amount in (("Mobilité urbaine", "20 000"), ("Sécurité routière", "10000")):
        organizer.goto(f"{base}/tracks")
        organizer.locator("#f-name_fr").fill(track_name)
        organizer.locator("#f-amount_mad").fill(amount)
        organizer.locator("#f-winners").fill("1")
        submit_form(organizer, f"form[action='{base}/tracks'] button.button-primary[name=action][value=save]")
        expect(organizer.locator("main")).to_contain_text(track_name)
    shot(organizer, "challenge-02-tracks-fr")

    organizer.goto(base)
    submit_form(organizer, f"form[action='{base}/publish'] [type=submit]")
    assert organizer.locator(f"form[action='{base}/publish']").count() == 0, error_text(organizer)

    # --- the captain registers, forms a team and invites a teammate -----------------------------------------
    captain_email, teammate_email = unique_email("captain"), unique_email("teammate")
    signed_up_and_logged_in(captain, live_server, name="Amina Capitaine", email=captain_email)
    captain.goto(f"/challenges/{slug}")
    expect(captain.get_by_role("heading", level=1)).to_have_text(title)
    expect(captain.locator(".challenge-timeline")).to_contain_text("UTC")
    submit_form(captain, "[data-action=register]")
    captain.locator("#f-accept_rules").check()
    captain.locator("#f-accept_eligibility").check()
    submit_form(captain, f"form[action='/challenges/{slug}/register'] [type=submit]")
    assert captain.url.split("?")[0].endswith(f"/challenges/{slug}/team"), error_text(captain)
    captain.locator("#f-name").fill("Les Cartographes")
    submit_form(captain, f"form[action='/challenges/{slug}/team'] [type=submit]")
    expect(captain.get_by_role("heading", level=1)).to_have_text("Les Cartographes")
    captain.locator("#f-email").fill(teammate_email)
    submit_form(captain, f"form[action='/challenges/{slug}/team/invitations'] [type=submit]")
    assert teammate_email in captain.content(), error_text(captain)
    shot(captain, "challenge-03-team-space-fr")

    # --- the teammate signs up in Arabic and accepts the invitation -------------------------------------------
    signed_up_and_logged_in(teammate, live_server, name="يوسف الزميل", email=teammate_email)
    invitation = wait_for_mail(live_server, teammate_email, "challenge_team_invitation")
    teammate.goto(link_in(live_server, invitation["body_text"], "/challenges/invitations/"))
    assert html_attributes(teammate) == ("ar", "rtl")
    teammate.locator("#f-accept_rules").check()
    teammate.locator("#f-accept_eligibility").check()
    shot(teammate, "challenge-04-invitation-ar")
    submit_form(teammate, "form[action$='/accept'] [type=submit]")
    assert teammate.url.split("?")[0].endswith(f"/challenges/{slug}/team"), error_text(teammate)
    expect(teammate.locator("main")).to_contain_text("Amina Capitaine")
    shot(teammate, "challenge-05-team-space-ar")

    # --- the captain creates the team's reuse from the entry form, then submits with the PDF ----------------
    captain.goto(f"/challenges/{slug}/submit")
    submit_form(captain, f"a[href='/reuses/new?challenge={slug}']")
    captain.locator("#f-type").select_option("application")
    captain.locator("#f-url").fill(f"https://routes-{n}.example.ma/")
    captain.locator("#f-title_fr").fill(f"Itinéraires sûrs {n}")
    captain.locator("#f-summary_fr").fill("Le réseau routier classé pour préparer ses trajets.")
    captain.locator("#f-description_fr").fill("Une carte des routes classées.")
    captain.locator("#f-datasets").fill(ELIGIBLE)
    submit_form(captain, "button[name=action][value=submit]")
    assert f"/challenges/{slug}/submit" in captain.url, error_text(captain)
    reuse_choice = captain.locator("#f-reuse option:checked")
    expect(reuse_choice).to_contain_text(f"Itinéraires sûrs {n}")

    tracks = captain.locator("input[name=tracks]")
    expect(tracks).to_have_count(2)
    tracks.nth(0).check()
    tracks.nth(1).check()
    pdf_path = tmp_path / "presentation.pdf"
    pdf_path.write_bytes(PDF)
    captain.locator("input[type=file][name$='_file']").set_input_files(str(pdf_path))
    submit_form(captain, "button[name=action][value=submit]")
    expect(captain.locator(".flash-success")).to_contain_text("SHA-256")
    receipt = wait_for_mail(live_server, teammate_email, "challenge_entry_receipt")
    first_sha = re.search(r"\b[0-9a-f]{64}\b", receipt["body_text"]).group(0)
    assert first_sha in flash(captain)
    assert re.search("[\u0600-\u06ff]", receipt["subject"]), receipt["subject"]  # in the teammate's Arabic
    shot(captain, "challenge-06-submitted-fr")

    # --- an edit before the deadline is a new version ---------------------------------------------------------
    captain.goto(f"/challenges/{slug}/submit")
    expect(captain.locator("main")).to_contain_text("presentation.pdf")
    captain.locator("input[name=tracks]").nth(1).uncheck()
    submit_form(captain, "button[name=action][value=submit]")
    expect(captain.locator(".flash-success")).to_contain_text("2")
    second_sha = re.search(r"\b[0-9a-f]{64}\b", flash(captain)).group(0)
    assert second_sha != first_sha

    # --- the organizer closes submissions while the captain has the form open --------------------------------
    captain.goto(f"/challenges/{slug}/submit")
    captain.locator("input[name=tracks]").nth(1).check()
    organizer.goto(base)
    organizer.locator("input[name=confirm_close]").check()
    submit_form(organizer, f"form[action='{base}/override'] button[name=action][value=close]")
    submit_form(captain, "button[name=action][value=submit]")
    late = captain.locator(".late-notice")
    expect(late).to_be_visible()
    expect(late).to_contain_text(tr("fr", "The deadline has passed: this was not saved."))
    expect(captain.locator("input[name=tracks]").nth(1)).to_be_checked()  # what was typed is shown back
    shot(captain, "challenge-07-refused-after-deadline-fr")
    captain.goto(f"/challenges/{slug}/submit/versions")
    expect(captain.locator("main")).to_contain_text(second_sha)
    expect(captain.locator("main")).not_to_contain_text("Version 3")

    # --- the organizer screens the entry and reads its PDF ----------------------------------------------------
    organizer.goto(f"{base}/entries")
    expect(organizer.locator("main")).to_contain_text("Les Cartographes")
    shot(organizer, "challenge-08-screening-queue-fr")
    submit_form(organizer, f"a.button[href^='{base}/entries/']")
    pdf_link = organizer.locator("a[href*='/files/']").first.get_attribute("href")
    download = organizer.request.get(pdf_link)
    assert download.status == 200 and download.headers["content-type"] == "application/pdf"
    assert download.body() == PDF
    submit_form(organizer, "form.decision-eligible [type=submit]")
    expect(organizer.locator(".flash-success")).to_be_visible()
    organizer.goto(f"{base}/entries?screening=eligible")
    expect(organizer.locator("main")).to_contain_text("Les Cartographes")
    shot(organizer, "challenge-09-screened-fr")
