"""/stats in a real browser, in French and in Arabic (right to left): every figure is a chart with its name for
screen readers or says that there is nothing to count; a data table opens from its disclosure; the print view
drops the navigation and the filters. Screenshots are kept under test-artifacts/ to be looked at."""

from __future__ import annotations

import pytest

from tests.browser.helpers import html_attributes, shot
from tests.browser.test_judging_journey import seed

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("lang", "direction"), [("fr", "ltr"), ("ar", "rtl")])
def test_statistics_read_in_each_language_and_print(page, live_server, lang, direction):
    seed(live_server, "reuses")
    page.goto(f"/stats?lang={lang}")
    assert html_attributes(page) == (lang, direction)
    figures = page.locator("section.stats-figure")
    assert figures.count() >= 6
    assert page.locator("svg[role=img]").count() >= 4  # per month, by type, by producer, most reused datasets
    for index in range(figures.count()):
        figure = figures.nth(index)
        charts = figure.locator("svg[role=img]")
        if charts.count():
            chart = charts.first
            labelled = chart.get_attribute("aria-labelledby").split()
            assert all(page.locator(f"[id='{name}']").count() == 1 for name in labelled)
            assert chart.locator("xpath=./*[local-name()='title']").count() == 1  # its own name, not a bar's tooltip
            assert chart.locator("xpath=./*[local-name()='desc']").count() == 1
        else:
            assert figure.locator(".empty-state").is_visible()
    disclosure = page.locator("details.stats-data").first
    if disclosure.count():
        disclosure.locator("summary").click()
        assert disclosure.locator("table").is_visible()
    shot(page, f"stats-{lang}")
    page.emulate_media(media="print")
    assert not page.locator("form").first.is_visible()
    assert not page.locator("header nav").first.is_visible()
    shot(page, f"stats-{lang}-print")
