"""Reuses in a real browser: submission with a picture and two datasets, moderation, the Arabic gallery search.

The key journey (three people, three browser contexts): a startup member presents a reuse in French with a
cover picture and two datasets (one pasted as a data.gov.ma address, one found with the picker WITHOUT
JavaScript), a moderator asks for changes, the author reads the message (page, form, e-mail), fixes and
resubmits, the moderator publishes, and an anonymous Arabic-speaking visitor finds it in the gallery by
typing an Arabic word with harakat, and another with a different alef form.

The moderator is an admin made with `showcase createadmin` in the live server's environment (an admin
holds every role), a new one per test, so tests do not depend on each other.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    create_startup,
    error_text,
    html_attributes,
    link_in,
    logged_in_moderator,
    png_file,
    shot,
    signed_up_and_logged_in,
    submit_form,
    tr,
    unique_email,
    wait_for_mail,
)

pytestmark = pytest.mark.browser

PASTED_DATASET = "https://data.gov.ma/data/ar/dataset/hopitaux-publics-et-capacite-litiere-par-region"
PASTED_NAME = "hopitaux-publics-et-capacite-litiere-par-region"
PICKED_TITLE = "barrages"  # found by the picker: "Situation des principaux barrages : réserves et taux de remplissage"


def broken_images(page) -> list[str]:  # noqa: ANN001
    return page.evaluate(
        "Array.from(document.images).filter(img => img.complete && img.naturalWidth === 0).map(img => img.src)")


def reuse_slug(page) -> str:  # noqa: ANN001
    found = re.search(r"/reuses/([a-z0-9-]+)$", page.url.split("?")[0])
    assert found and found.group(1) != "new", f"not on a reuse page ({page.url}): {error_text(page)}"
    return found.group(1)


def test_member_submits_a_reuse_moderator_requests_changes_then_publishes_and_arabic_search_finds_it(
        new_context, live_server, tmp_path: Path) -> None:  # noqa: ANN001
    n = time.time_ns() % 1_000_000
    member_page = new_context().new_page()
    moderator_page = new_context().new_page()
    visitor_page = new_context(locale="ar-MA").new_page()

    member_name, member_email = "Amina Berrada", unique_email("amina-reuse")
    startup_name = f"Carto Santé {n}"
    title_fr = f"Carte des hôpitaux publics {n}"
    # "خريطة" (map) is searched with harakat, "الإقليمية" (regional, with a hamza under the alef) without it.
    title_ar = f"خريطة المستشفيات العمومية الإقليمية {n}"
    reuse_url = f"https://carte-hopitaux-{n}.example.ma/"
    moderator_message = "Merci ! Pouvez-vous préciser dans le résumé la source des capacités litières ?"

    # --- the member: a confirmed account and a startup ----------------------------------------------------
    signed_up_and_logged_in(member_page, live_server, name=member_name, email=member_email)
    create_startup(member_page, name=startup_name)

    # --- the form, in French --------------------------------------------------------------------------------
    member_page.goto("/reuses/new")
    assert html_attributes(member_page) == ("fr", "ltr")
    expect(member_page.get_by_role("heading", level=1)).to_have_text(tr("fr", "Present a reuse"))
    member_page.locator("#f-type").select_option("visualisation")
    member_page.locator("#f-url").fill(reuse_url)
    member_page.locator("#f-title_fr").fill(title_fr)
    member_page.locator("#f-title_ar").fill(title_ar)
    # dir="auto" on the field: Arabic text runs right to left as it is typed.
    assert member_page.locator("#f-title_ar").evaluate("el => getComputedStyle(el).direction") == "rtl"
    member_page.locator("#f-summary_fr").fill("Les lits d’hôpitaux publics par région, sur une carte.")
    member_page.locator("#f-summary_ar").fill("أسرة المستشفيات العمومية حسب الجهة على خريطة.")
    member_page.locator("#f-description_fr").fill(
        "Une **carte interactive** des hôpitaux publics.\n\n- capacité litière par région\n- niveau des barrages")
    member_page.locator("#f-description_ar").fill("خريطة تفاعلية للمستشفيات العمومية وسعتها من الأسرة.")
    member_page.locator("#f-cover").set_input_files(str(png_file(tmp_path)))
    member_page.locator("#f-cover_alt").fill("Carte du Maroc avec les hôpitaux publics")
    startup_select = member_page.locator("#f-startup")
    startup_id = startup_select.locator("option", has_text=startup_name).get_attribute("value")
    startup_select.select_option(startup_id)
    # The first dataset: a portal address pasted as is (the Arabic version of the dataset page).
    member_page.locator("#f-datasets").fill(PASTED_DATASET)

    # The second: the picker without JavaScript — "Search" goes through the server and comes back to the form.
    member_page.locator("#f-dataset_q").fill("barrages")
    shot(member_page, "reuse-01-form-filled-fr")
    submit_form(member_page, "button[name=action][value=search_datasets]")
    assert member_page.url.endswith("/reuses/new"), member_page.url
    results = member_page.get_by_role("region", name=tr("fr", "Search results"))
    found = results.locator("label.check", has_text=PICKED_TITLE)
    expect(found.first).to_be_visible()
    picked_name = found.first.locator("input[name=add_dataset]").get_attribute("value")
    assert picked_name, "the picker's checkbox has no dataset name"
    # Everything typed so far survived the round trip, the picture too (stored once, kept as its key).
    expect(member_page.locator("#f-title_ar")).to_have_value(title_ar)
    expect(member_page.locator("#f-datasets")).to_have_value(PASTED_DATASET)
    expect(member_page.locator("#f-startup")).to_have_value(startup_id)
    expect(member_page.locator("input[name=cover_key]")).to_have_value(re.compile(r"^[0-9a-f]{64}$"))
    expect(member_page.locator(".current-cover img")).to_have_count(1)
    shot(member_page, "reuse-02-picker-results-fr")
    results.locator(f"input[name=add_dataset][value='{picked_name}']").check()
    submit_form(member_page, "button[name=action][value=add_datasets]")
    expect(member_page.locator("#f-datasets")).to_have_value(f"{PASTED_DATASET}\n{picked_name}")
    expect(member_page.locator("input[name=cover_key]")).to_have_value(re.compile(r"^[0-9a-f]{64}$"))
    assert broken_images(member_page) == []
    shot(member_page, "reuse-03-two-datasets-fr")

    submit_form(member_page, "button[name=action][value=submit]")
    slug = reuse_slug(member_page)
    expect(member_page.locator(".flash-success")).to_have_text(
        tr("fr", "Thank you! A moderator will review your reuse shortly."))
    expect(member_page.get_by_role("heading", level=1)).to_have_text(title_fr)
    expect(member_page.locator(".reuse-page .notice[role=status]")).to_contain_text(tr("fr", "Awaiting review"))
    dataset_links = member_page.locator(".dataset-grid .dataset-card-title a")
    expect(dataset_links).to_have_count(2)
    expect(member_page.locator(f".dataset-grid a[href='/datasets/{PASTED_NAME}']")).to_have_count(1)
    expect(member_page.locator(f".dataset-grid a[href='/datasets/{picked_name}']")).to_have_count(1)
    expect(member_page.locator(".reuse-cover img")).to_have_count(1)
    expect(member_page.locator(".reuse-cover img")).to_have_attribute("alt", "Carte du Maroc avec les hôpitaux publics")
    assert broken_images(member_page) == []
    expect(member_page.locator(".reuse-aside .facts")).to_contain_text(startup_name)
    shot(member_page, "reuse-04-submitted-fr")

    # Not in the gallery yet.
    response = visitor_page.goto(f"/reuses/{slug}?lang=ar")
    assert response is not None and response.status == 404

    # --- the moderator asks for changes --------------------------------------------------------------------
    logged_in_moderator(moderator_page, live_server)
    moderator_page.goto("/manage/reuses")
    expect(moderator_page.get_by_role("heading", level=1)).to_have_text(tr("fr", "Moderation of reuses"))
    queue_card = moderator_page.locator(".reuse-card", has=moderator_page.locator(f"a[href='/reuses/{slug}']"))
    expect(queue_card).to_have_count(1)
    expect(queue_card.locator(".reuse-card-meta")).to_contain_text(startup_name)
    shot(moderator_page, "reuse-05-moderation-queue-fr")
    submit_form(moderator_page, f".reuse-card-title a[href='/reuses/{slug}']")
    actions = moderator_page.locator(f"form[action='/reuses/{slug}/action']")
    expect(actions.locator("button[value=publish]")).to_have_text(tr("fr", "Publish"))
    # Asking for changes without a message is refused: the author must know what to change.
    submit_form(moderator_page, f"form[action='/reuses/{slug}/action'] button[value=request_changes]")
    expect(moderator_page.locator(".flash-error")).to_have_text(
        tr("fr", "Tell the author what to change or why the reuse is refused."))
    moderator_page.locator("#f-message").fill(moderator_message)
    shot(moderator_page, "reuse-06-moderator-message-fr")
    submit_form(moderator_page, f"form[action='/reuses/{slug}/action'] button[value=request_changes]")
    expect(moderator_page.locator(".flash-success")).to_contain_text(tr("fr", "Changes requested"))

    # --- the author reads the message on the page, in the e-mail and on the form, and fixes the summary ---
    member_page.goto(f"/reuses/{slug}")
    notice = member_page.locator(".reuse-page .notice-warning[role=status]")
    expect(notice).to_contain_text(tr("fr", "Changes requested"))
    expect(notice).to_contain_text(tr("fr", "Message from the moderators:"))
    expect(notice).to_contain_text(moderator_message)
    shot(member_page, "reuse-07-changes-requested-fr")

    mail = wait_for_mail(live_server, member_email, template="reuse_changes_requested")
    assert moderator_message in mail["body_text"], mail["body_text"]
    assert title_fr in mail["subject"] + mail["body_text"], (mail["subject"], mail["body_text"])
    edit_link = link_in(live_server, mail["body_text"], f"/reuses/{slug}/edit")
    member_page.goto(edit_link)
    expect(member_page.get_by_role("heading", level=1)).to_have_text(tr("fr", "Edit the reuse"))
    expect(member_page.locator(".reuse-form-page .notice-warning")).to_contain_text(moderator_message)
    expect(member_page.locator("#f-datasets")).to_have_value(re.compile(picked_name))
    new_summary = "Les lits des hôpitaux publics par région (source : ministère de la Santé, data.gov.ma)."
    member_page.locator("#f-summary_fr").fill(new_summary)
    shot(member_page, "reuse-08-edit-form-fr")
    submit_form(member_page, "button[name=action][value=submit]")
    assert reuse_slug(member_page) == slug
    expect(member_page.locator(".flash-success")).to_have_count(1)
    expect(member_page.locator(".reuse-header .lead")).to_have_text(new_summary)
    expect(member_page.locator(".reuse-page .notice[role=status]")).to_contain_text(tr("fr", "Awaiting review"))

    # --- the moderator publishes -----------------------------------------------------------------------------
    moderator_page.goto("/manage/reuses")
    expect(moderator_page.locator(f".reuse-card-title a[href='/reuses/{slug}']")).to_have_count(1)
    submit_form(moderator_page, f".reuse-card-title a[href='/reuses/{slug}']")
    expect(moderator_page.locator(".reuse-header .lead")).to_have_text(new_summary)
    expect(moderator_page.locator(".history")).to_contain_text(moderator_message)
    submit_form(moderator_page, f"form[action='/reuses/{slug}/action'] button[value=publish]")
    expect(moderator_page.locator(".flash-success")).to_contain_text(tr("fr", "Published"))
    expect(moderator_page.locator(".reuse-page > .notice")).to_have_count(0)
    shot(moderator_page, "reuse-09-published-fr")
    published_mail = wait_for_mail(live_server, member_email, template="reuse_published")
    assert f"/reuses/{slug}" in published_mail["body_text"]

    # --- an anonymous visitor, in Arabic --------------------------------------------------------------------
    visitor_page.goto(f"/reuses/{slug}?lang=ar")
    assert html_attributes(visitor_page) == ("ar", "rtl")
    expect(visitor_page.get_by_role("heading", level=1)).to_have_text(title_ar)
    expect(visitor_page.locator(".reuse-description")).to_have_attribute("lang", "ar")
    expect(visitor_page.locator(".dataset-grid .dataset-card")).to_have_count(2)
    assert broken_images(visitor_page) == []
    shot(visitor_page, "reuse-10-reuse-page-ar")

    search_box = visitor_page.locator("form[action='/reuses'] input[name=q]")
    for typed in ("خَرِيطَة", "الاقليمية", "أقليمية"):  # harakat; alef without hamza; another alef form
        visitor_page.goto("/reuses?lang=ar")
        assert html_attributes(visitor_page) == ("ar", "rtl")
        expect(visitor_page.locator(f"label[for='{search_box.get_attribute('id')}']")).to_have_text(
            tr("ar", "Search the reuses"))
        search_box.fill(typed)
        with visitor_page.expect_navigation():
            search_box.press("Enter")
        assert "q=" in visitor_page.url, visitor_page.url
        card = visitor_page.locator(".reuse-card", has=visitor_page.locator(f"a[href='/reuses/{slug}']"))
        expect(card, f"the search for {typed!r} did not find the reuse").to_have_count(1)
        expect(card.locator(".reuse-card-title")).to_have_text(title_ar)
        expect(search_box).to_have_value(typed)
    shot(visitor_page, "reuse-11-gallery-search-ar")

    # A word it does not contain does not bring it up.
    visitor_page.goto("/reuses?lang=ar&q=" + "مدارس")
    expect(visitor_page.locator(f".reuse-card a[href='/reuses/{slug}']")).to_have_count(0)


def test_picker_autocompletes_with_javascript_and_the_keyboard_adds_the_dataset(page, live_server) -> None:  # noqa: ANN001
    signed_up_and_logged_in(page, live_server, name="Youssef Tazi", email=unique_email("youssef-picker"))
    api = page.request.get("/api/v1/portal/datasets?q=barr")
    assert api.ok, api.status
    expected = api.json()["results"]
    assert expected, "the portal API suggests nothing for “barr”"

    page.goto("/reuses/new")
    picker_input = page.locator("#f-dataset_q")
    expect(picker_input).to_have_attribute("role", "combobox")  # picker.js ran
    expect(picker_input).to_have_attribute("aria-expanded", "false")
    with page.expect_response(lambda response: "/api/v1/portal/datasets?q=barr" in response.url):
        picker_input.press_sequentially("barr", delay=40)
    options = page.locator("#picker-suggestions").get_by_role("option")
    expect(options).to_have_count(len(expected))
    expect(page.locator("#picker-suggestions")).to_be_visible()
    expect(picker_input).to_have_attribute("aria-expanded", "true")
    first = expected[0]
    expect(options.first).to_contain_text(first["title_fr"] or first["title_ar"] or first["name"])
    shot(page, "reuse-12-picker-suggestions-fr")

    picker_input.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(picker_input).to_have_attribute("aria-activedescendant", "picker-option-0")
    picker_input.press("Enter")
    # Enter chose the suggestion: it did not submit the form.
    assert page.url.endswith("/reuses/new"), page.url
    expect(page.locator("#f-datasets")).to_have_value(first["name"])
    expect(picker_input).to_have_value("")
    expect(page.locator("#picker-suggestions")).to_be_hidden()
    expect(picker_input).to_be_focused()
    shot(page, "reuse-13-picker-added-fr")

    # A second dataset (another search) goes on its own line; picking the first one again does not repeat it.
    second = page.request.get("/api/v1/portal/datasets?q=hopitaux").json()["results"]
    assert second, "the portal API suggests nothing for “hopitaux”"
    picker_input.press_sequentially("hopitaux", delay=30)
    expect(options).to_have_count(len(second))
    picker_input.press("ArrowDown")
    picker_input.press("Enter")
    expect(page.locator("#f-datasets")).to_have_value(f"{first['name']}\n{second[0]['name']}")
    picker_input.press_sequentially("barr", delay=40)
    expect(options).to_have_count(len(expected))
    picker_input.press("ArrowDown")
    picker_input.press("Enter")
    expect(page.locator("#f-datasets")).to_have_value(f"{first['name']}\n{second[0]['name']}")
    # Escape closes the suggestions without choosing.
    picker_input.press_sequentially("barr", delay=40)
    expect(options).to_have_count(len(expected))
    picker_input.press("Escape")
    expect(page.locator("#picker-suggestions")).to_be_hidden()
    expect(picker_input).to_have_attribute("aria-expanded", "false")


def test_a_long_unbroken_title_wraps_inside_its_column(page, live_server) -> None:  # noqa: ANN001
    """A title made of one long "word" (an address, a file name) stays in its column, beside the cover."""
    n = time.time_ns() % 1_000_000
    signed_up_and_logged_in(page, live_server, name="Salma Idrissi", email=unique_email("salma-long-title"))
    title = f"Tableau_de_bord_{n}_des_indicateurs_regionaux_de_la_sante_publique_au_Maroc_2015-2025"
    page.goto("/reuses/new")
    page.locator("#f-url").fill(f"https://long-title-{n}.example.ma/")
    page.locator("#f-title_fr").fill(title)
    page.locator("#f-description_fr").fill("Un tableau de bord.")
    page.locator("#f-datasets").fill(PASTED_NAME)
    submit_form(page, "button[name=action][value=submit]")
    reuse_slug(page)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(title)
    overflow = heading.evaluate("h1 => ({scroll: h1.scrollWidth, client: h1.clientWidth})")
    shot(page, "reuse-14-long-title-fr")
    # The reuse page's <h1> wraps anywhere (static/css/reuses.css, `.reuse-header h1`), like cards and the
    # startup header: without it the title overflowed its grid column and ran under the cover picture.
    assert overflow["scroll"] <= overflow["client"], f"the title overflows its column: {overflow}"
