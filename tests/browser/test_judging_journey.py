"""Judging in a real browser, from the jury's invitations to the winner's badge on the reuse page.

The challenge (in judging, four eligible entries, one prize track) is written into the live server's database
by tests/browser/judging_seed.py; everything else goes through the pages. The organizer adds a criterion and
invites three judges by e-mail; they accept (the second in Arabic); the organizer assigns k=2; a lenient judge
(+2), a harsh one (−2) and a neutral one score their entries as quality + leniency; judging closes (the seed
moves the clock, as time would); the organizer reads raw and corrected rankings — the additive model gives
back each entry's quality exactly, the raw means do not — with α, awards the track to the best corrected entry,
publishes, and the winner's badge shows on its reuse page.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.browser import server as live
from tests.browser.helpers import error_text, link_in, log_in, shot, wait_for_mail

pytestmark = pytest.mark.browser

QUALITY = {"Les Cartographes": 5, "Data Atlas": 8, "Oasis Lab": 6, "Rif Analytics": 7}  # 1 criterion, 0–10
LENIENCE = {"juge.genereux@univ-rabat.ma": 2, "juge.severe@univ-fes.ma": -2, "juge.neutre@univ-agadir.ma": 0}


def seed(server: live.LiveServer, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "tests.browser.judging_seed", *args], cwd=live.ROOT,
                          env=live.server_env(server.port), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def flash(page) -> str:  # noqa: ANN001
    return " ".join(page.locator(".flash").all_inner_texts())


def team_of(label: str) -> str:
    return next(team for team in QUALITY if team in label)


def test_jury_scores_with_harsh_and_lenient_judges_and_the_corrected_winner_gets_the_badge(new_context, live_server):
    cast = seed(live_server, "seed")
    slug, base = cast["slug"], f"/manage/challenges/{cast['slug']}"
    organizer = new_context().new_page()
    log_in(organizer, email=cast["organizer"])

    # A rubric of one criterion, 0–10.
    organizer.goto(f"{base}/judging/criteria")
    organizer.locator("#f-name_fr").fill("Impact")
    organizer.locator("#f-name_ar").fill("الأثر")
    with organizer.expect_navigation():
        organizer.locator("#criterion-form [type=submit]").click()
    assert "Impact" in organizer.locator(".criteria-list").inner_text(), error_text(organizer)

    # Three judges invited by e-mail; each accepts from the link (the second one reads Arabic).
    for email in cast["judges"]:
        organizer.goto(f"{base}/jury")
        organizer.locator("#f-email").fill(email)
        with organizer.expect_navigation():
            organizer.locator(f"form[action='{base}/jury/invitations'] [type=submit]").click()
    judges = {}
    for number, email in enumerate(cast["judges"]):
        link = link_in(live_server, wait_for_mail(live_server, email, "judge_invitation")["body_text"],
                       "/judging/invitations/")
        page = new_context(locale="ar-MA" if number == 1 else "fr-FR").new_page()
        log_in(page, email=email)
        page.goto(link + ("?lang=ar" if number == 1 else ""))
        if number == 1:
            assert page.locator("html").get_attribute("dir") == "rtl"
        with page.expect_navigation():
            page.locator("form[action$='/accept'] [type=submit]").click()
        judges[email] = page
    organizer.goto(f"{base}/jury")
    assert organizer.locator("#judges-title ~ .table-wrap tbody tr").count() == 3

    # Balanced assignment with k=2: 8 reviews over 3 judges.
    organizer.goto(f"{base}/judging")
    organizer.locator("#f-k").fill("2")
    with organizer.expect_navigation():
        organizer.locator(".assignment-form [type=submit]").click()
    shot(organizer, "judging-progress-fr")

    # Each judge scores every entry on their page: quality + leniency, then submits.
    scored: dict[str, list[int]] = {team: [] for team in QUALITY}
    for email, page in judges.items():
        page.goto(f"/judging/{slug}")
        links = page.locator(f"td a[href^='/judging/{slug}/entries/']")
        targets = [(links.nth(n).inner_text(), links.nth(n).get_attribute("href")) for n in range(links.count())]
        assert len(targets) in (2, 3), error_text(page)
        for label, href in targets:
            mark = QUALITY[team_of(label)] + LENIENCE[email]
            page.goto(href)
            page.locator(f".rubric-form input[type=radio][value='{mark}']").check()
            with page.expect_navigation():
                page.locator(".rubric-form button[value=submit]").first.click()
            scored[team_of(label)].append(mark)
        if email.startswith("juge.severe"):
            shot(page, "judging-entry-list-ar")
    assert sorted(len(marks) for marks in scored.values()) == [2, 2, 2, 2]

    seed(live_server, "close-judging", slug)
    organizer.goto(f"{base}/judging/results")
    shot(organizer, "judging-results-fr")
    rows = organizer.locator(".results-table tbody tr[data-entry]")
    table = {}
    for n in range(rows.count()):
        row = rows.nth(n)
        entry_id = int(row.get_attribute("data-entry"))
        team = next(name for name, entry in cast["entries"].items() if entry["id"] == entry_id)
        raw = float(row.locator("[data-raw]").inner_text().split()[0].replace(",", "."))
        corrected = float(row.locator("[data-corrected]").inner_text().replace(",", "."))
        table[team] = (int(row.locator("[data-rank]").inner_text()), raw, corrected)
    # The additive model removes each judge's leniency: the corrected score is the entry's quality.
    assert {team: values[2] for team, values in table.items()} == {team: float(q) for team, q in QUALITY.items()}
    assert {team: values[1] for team, values in table.items()} == {
        team: round(sum(marks) / 2, 2) for team, marks in scored.items()}
    assert [team for team, _values in sorted(table.items(), key=lambda item: item[1][0])] == [
        "Data Atlas", "Rif Analytics", "Oasis Lab", "Les Cartographes"]
    assert organizer.locator("[data-method]").get_attribute("data-method") == "additive"
    assert organizer.locator("[data-alpha]").get_attribute("data-alpha") != ""

    # The track prize to the best corrected entry, then publication.
    winner = cast["entries"]["Data Atlas"]
    organizer.locator("#a-kind").select_option("track")
    organizer.locator("#a-track").select_option(index=1)
    organizer.locator("#a-entry").select_option(str(winner["id"]))
    organizer.locator("#a-citation").fill("Le meilleur impact, une fois les notes corrigées.")
    with organizer.expect_navigation():
        organizer.locator(".results-award-form [type=submit]").click()
    assert organizer.locator(".results-awards tbody tr").count() == 1, error_text(organizer)
    with organizer.expect_navigation():
        organizer.locator(f"form[action='{base}/judging/results/publish'] [type=submit]").click()
    assert organizer.locator(".results-sha").inner_text().strip() != "", error_text(organizer)

    visitor = new_context().new_page()
    visitor.goto(f"/challenges/{slug}/results")
    assert "Projet Data Atlas" in visitor.locator("main").inner_text()
    visitor.goto(f"/reuses/{winner['reuse']}")
    badge = visitor.locator(".winner-badge, [data-winner-badge]").first
    assert badge.is_visible(), error_text(visitor)
    assert badge.locator("xpath=ancestor-or-self::a").first.get_attribute("href").endswith(f"/challenges/{slug}/results")
    shot(visitor, "winner-badge-fr")
    loser = cast["entries"]["Les Cartographes"]
    visitor.goto(f"/reuses/{loser['reuse']}")
    assert visitor.locator(".winner-badge, [data-winner-badge]").count() == 0
