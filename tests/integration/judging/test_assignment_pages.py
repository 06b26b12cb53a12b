"""The organizers' "Progress and assignment" page: empty states, generating, the numbers and the charts, manual
changes and dropouts through HTTP, the permission check and the query budget."""

import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from showcase.db import get_engine
from showcase.judging import access, assigning
from showcase.judging.tables import AuditEvent, Conflict, Judge, Review
from tests.conftest import soup
from tests.integration.challenges.helpers import make_challenge, make_team
from tests.integration.challenges.screening_rows import add_entry
from tests.integration.judging.support import (
    JUDGE_NAMES,
    ORGANIZER,
    TEAM_NAMES,
    captain_email,
    judge_email,
    jury_with_entries,
)
from tests.support import create_user, log_in, now, submit

pytestmark = pytest.mark.anyio

PAGE = "/manage/challenges/hack-mobilite/judging"
SVG = "{http://www.w3.org/2000/svg}"


def _svg(html: str, chart_id: str) -> ET.Element:
    node = soup(html).select_one(f"svg#{chart_id}")
    assert node is not None, chart_id
    return ET.fromstring(str(node).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
                         if "xmlns=" not in str(node) else str(node))


def _bars(root: ET.Element, css_class: str) -> list[tuple[str, str]]:
    return [(rect.get("x"), rect.get("width")) for rect in root.iter(f"{SVG}rect") if rect.get("class") == css_class]


def _texts(root: ET.Element, css_class: str) -> list[str]:
    return [text.text for text in root.iter(f"{SVG}text") if text.get("class") == css_class]


async def _review(cid: int, round_id: int, entry: int, judge: int, status: str = "submitted") -> None:
    await Review(round=round_id, challenge=cid, entry=entry, judge=judge, status=status,
                 key=f"{round_id}:{entry}:{judge}", submitted_at=now() if status == "submitted" else None).save()


async def test_empty_states_point_to_the_jury_and_screening(client):
    await create_user(ORGANIZER, name="Nadia Organisatrice", roles=("organizer",), locale="fr")
    from showcase.accounts.tables import User

    organizer = (await User.select(User.id).where(User.email == ORGANIZER).first())["id"]
    await make_challenge(slug="hack-mobilite", phase="judging", organizer_id=organizer)
    await log_in(client, ORGANIZER)
    page = await client.get(f"{PAGE}?lang=en")
    assert page.status_code == 200
    html = soup(page.text)
    notice = html.select_one(".notice").get_text(" ", strip=True)
    assert "No judge on the jury yet: invite judges first." in notice
    assert "No entry is eligible for judging yet: screen the submitted entries first." in notice
    assert [a["href"] for a in html.select(".notice a")] == ["/manage/challenges/hack-mobilite/jury",
                                                             "/manage/challenges/hack-mobilite/entries"]
    assert html.select_one("#progress-total").get_text(" ", strip=True) == "0 / 0 reviews submitted"
    assert html.select("form[action$='/judging/assignment']") == []
    assert html.select_one(".judging-nav a[aria-current=page]")["href"] == PAGE


async def test_generate_then_numbers_charts_and_coverage(client):
    jury = await jury_with_entries(judges=3, entries=4)
    cid = jury.challenge["id"]
    await log_in(client, ORGANIZER)
    first = await client.get(f"{PAGE}?lang=en")
    assert first.status_code == 200
    assert soup(first.text).select_one("#assign-title").get_text() == "Generate the assignment"
    bad = await submit(client, PAGE, {"k": "0", "seed": "abc"}, action=f"{PAGE}/assignment")
    assert bad.status_code == 400
    html = soup(bad.text)
    assert html.select_one("#f-k")["value"] == "0" and html.select_one("#f-seed")["value"] == "abc"
    assert [p.get_text() for p in html.select(".field-error")] == [
        "Enter a whole number of judges per entry between 1 and 20.", "Enter a whole number between 0 and 2147483647."]
    done = await submit(client, PAGE, {"k": "2", "seed": "7"}, action=f"{PAGE}/assignment")
    assert done.status_code == 302 and done.headers["location"] == PAGE
    round_row = await access.first_round(cid)
    pairs = {(row["judge"], row["entry"]) for row in await assigning.assignments_of(round_row["id"])}
    assert Counter(entry for _j, entry in pairs) == dict.fromkeys(jury.entries, 2)
    # two submitted reviews, one draft
    ordered = sorted(pairs)
    await _review(cid, round_row["id"], ordered[0][1], ordered[0][0])
    await _review(cid, round_row["id"], ordered[1][1], ordered[1][0])
    await _review(cid, round_row["id"], ordered[2][1], ordered[2][0], status="draft")
    page = await client.get(f"{PAGE}?lang=en")
    html = soup(page.text)
    assert html.select_one("#progress-total").get_text(" ", strip=True) == "2 / 8 reviews submitted"
    assert "1 review in progress (draft)." in page.text
    load = await assigning.judge_load(round_row["id"])
    chart = _svg(page.text, "chart-judges")
    assert chart.get("role") == "img"
    assert chart.find(f"{SVG}title").text == "Reviews submitted per judge"
    assert _texts(chart, "bar-label") == ["Hind Juge", "Omar Juge", "Samira Juge"]
    by_name = dict(zip(["Hind Juge", "Omar Juge", "Samira Juge"], jury.judges, strict=True))
    expected_values = [f"{load[by_name[n]][0]} of {load[by_name[n]][1]}" for n in ("Hind Juge", "Omar Juge", "Samira Juge")]
    assert _texts(chart, "bar-value") == expected_values
    biggest = max(total for _done, total in load.values())
    assert _bars(chart, "bar-track") == [
        ("0%", f"{round(load[by_name[n]][1] / biggest * 100, 2):g}%") for n in ("Hind Juge", "Omar Juge", "Samira Juge")]
    assert _bars(chart, "bar") == [
        ("0%", f"{round(load[by_name[n]][0] / biggest * 100, 2):g}%") for n in ("Hind Juge", "Omar Juge", "Samira Juge")]
    entries = _svg(page.text, "chart-entries")
    submitted_per_entry = Counter(entry for _j, entry in ordered[:2])
    assert _texts(entries, "bar-label") == ["Les Cartographes", "Data Atlas", "Oasis Lab", "Rif Analytics"]
    assert _texts(entries, "bar-value") == [f"{submitted_per_entry[e]} of 2" for e in jury.entries]
    assert _bars(entries, "bar-track") == [("0%", "100%")] * 4
    assert _bars(entries, "bar") == [("0%", f"{submitted_per_entry[e] * 50}%") for e in jury.entries]
    # the data tables behind <details>
    rows = [[cell.get_text(strip=True) for cell in row.select("th, td")]
            for row in html.select(".progress-chart details table tbody tr")]
    assert rows[:3] == [[n, str(load[by_name[n]][0]), str(sum(1 for p in ordered[2:3] if p[0] == by_name[n])),
                         str(load[by_name[n]][1])] for n in ("Hind Juge", "Omar Juge", "Samira Juge")]
    assert rows[3:] == [[name, str(submitted_per_entry[e]), "2", "2"] for name, e in
                        zip(["Les Cartographes", "Data Atlas", "Oasis Lab", "Rif Analytics"], jury.entries, strict=True)]
    coverage = html.select_one(".coverage-report")
    assert coverage.select_one("#coverage-below-k").get_text(" ", strip=True) == "Good Every entry has at least 2 judges."
    assert coverage.select_one("#coverage-loads").get_text(" ", strip=True) == \
        "Good Each judge reviews between 2 and 3 entries."
    assert coverage.select_one("#coverage-connected").get_text(" ", strip=True) == \
        "Good Judges and entries form one connected group."
    assert "bias correction cannot compare them" in coverage.get_text()
    # regenerating needs a confirmation, which says what is kept
    assert "keeps the 3 assignments whose review is started" in html.select_one("#f-confirm-help").get_text()
    refused = await submit(client, PAGE, {"k": "2", "seed": "8"}, action=f"{PAGE}/assignment")
    assert refused.status_code == 400
    assert soup(refused.text).select_one("#f-confirm-error").get_text() == \
        "Tick the box to confirm that the assignment is replaced."
    assert soup(refused.text).select_one("#f-seed")["value"] == "8"
    again = await submit(client, PAGE, {"k": "2", "seed": "8", "confirm": "yes"}, action=f"{PAGE}/assignment")
    assert again.status_code == 302
    after = {(row["judge"], row["entry"]) for row in await assigning.assignments_of(round_row["id"])}
    assert set(ordered[:3]) <= after


async def test_right_to_left_chart_in_arabic(client):
    jury = await jury_with_entries(judges=3, entries=4)
    round_row = await access.first_round(jury.challenge["id"])
    await assigning.generate(jury.challenge["id"], round_row, k=2, seed=7, actor=None, now=now())
    await log_in(client, ORGANIZER)
    page = await client.get(f"{PAGE}?lang=ar")
    assert page.status_code == 200
    chart = _svg(page.text, "chart-entries")
    assert _bars(chart, "bar-track") == [("0%", "100%")] * 4
    assert _bars(chart, "bar") == [("100%", "0%")] * 4  # nothing submitted: empty bars anchored on the right
    label = next(t for t in chart.iter(f"{SVG}text") if t.get("class") == "bar-label")
    assert (chart.get("direction"), label.get("x"), label.get("text-anchor")) == ("rtl", "100%", "start")


async def test_manual_add_refuses_a_conflicted_judge_and_remove_needs_confirmation(client):
    jury = await jury_with_entries(judges=3, entries=4)
    cid = jury.challenge["id"]
    j1 = jury.judges[0]
    e1 = jury.entries[0]
    await Conflict(challenge=cid, user=j1, entry=e1, source="declared", reason="Ancien encadrant",
                   key=f"{e1}:{j1}").save()
    round_row = await access.first_round(cid)
    await assigning.generate(cid, round_row, k=1, seed=3, actor=None, now=now())
    await log_in(client, ORGANIZER)
    page = await client.get(f"{PAGE}?lang=en")
    options = [o.get_text() for o in soup(page.text).select(f"#f-judge-{e1} option")]
    assert "Hind Juge — conflict of interest" in options
    refused = await submit(client, f"{PAGE}?lang=en", {"entry": str(e1), "judge": str(j1)},
                           action=f"{PAGE}/assignment/add?lang=en")
    assert refused.status_code == 400
    html = soup(refused.text)
    assert html.select_one(f"#f-judge-{e1}-error").get_text() == \
        "Hind Juge has a conflict of interest with this entry: Ancien encadrant"
    assert html.select_one(f"#f-judge-{e1} option[selected]")["value"] == str(j1)
    holder = next(row["judge"] for row in await assigning.assignments_of(round_row["id"]) if row["entry"] == e1)
    other = next(j for j in jury.judges if j not in (j1, holder))
    added = await submit(client, PAGE, {"entry": str(e1), "judge": str(other)}, action=f"{PAGE}/assignment/add")
    assert (added.status_code, added.headers["location"]) == (302, f"{PAGE}#entry-{e1}")
    await _review(cid, round_row["id"], e1, other)
    unconfirmed = await submit(client, f"{PAGE}?lang=en", {"entry": str(e1), "judge": str(other)},
                               action=f"{PAGE}/assignment/remove?lang=en")
    assert unconfirmed.status_code == 400
    assert "has already submitted a review of this entry" in soup(unconfirmed.text).select_one(
        f"#f-confirm-{e1}-{other}-error").get_text()
    removed = await submit(client, PAGE, {"entry": str(e1), "judge": str(other), "confirm": "yes"},
                           action=f"{PAGE}/assignment/remove")
    assert removed.status_code == 302
    missing = await submit(client, PAGE, {"entry": str(e1), "judge": str(other), "confirm": "yes"},
                           action=f"{PAGE}/assignment/remove")
    assert missing.status_code == 404
    actions = [row["action"] for row in await AuditEvent.select(AuditEvent.action).where(
        AuditEvent.challenge == cid).order_by(AuditEvent.sequence)]
    assert actions == ["assignment.generated", "assignment.added", "assignment.removed"]


async def test_a_judge_drops_out(client):
    jury = await jury_with_entries(judges=3, entries=4)
    cid = jury.challenge["id"]
    round_row = await access.first_round(cid)
    await assigning.generate(cid, round_row, k=2, seed=7, actor=None, now=now())
    j1 = jury.judges[0]
    mine = sorted(row["entry"] for row in await assigning.assignments_of(round_row["id"]) if row["judge"] == j1)
    await _review(cid, round_row["id"], mine[0], j1)
    await log_in(client, ORGANIZER)
    response = await submit(client, f"{PAGE}?lang=en", {}, action=f"{PAGE}/judges/{j1}/drop-out?lang=en")
    assert response.status_code == 302
    page = await client.get(f"{PAGE}?lang=en")
    moved = len(mine) - 1
    flash = f"{moved} {'entry' if moved == 1 else 'entries'} handed to other judges. 1 completed review kept."
    assert soup(page.text).select_one(".flash-success").get_text() == flash
    assert (await assigning.judge_load(round_row["id"]))[j1] == (1, 1)
    row = next(r for r in soup(page.text).select(".judges-table tbody tr") if "Hind Juge" in r.get_text())
    assert "Dropped out" in row.get_text()
    unknown = await submit(client, PAGE, {}, action=f"{PAGE}/judges/999999/drop-out")
    assert unknown.status_code == 404


async def test_only_organizers_see_the_page(client):
    await jury_with_entries(judges=1, entries=1)
    await log_in(client, "juge1@univ1.ma")
    assert (await client.get(PAGE)).status_code in (403, 404)


class QueryCounter:
    count = 0


@pytest.fixture
def count_queries(monkeypatch):
    counter = QueryCounter()
    engine_class = type(get_engine())
    original = engine_class.run_querystring

    async def counting(self, querystring, in_pool=False):  # noqa: ANN001, ANN202
        counter.count += 1
        return await original(self, querystring, in_pool=in_pool)

    monkeypatch.setattr(engine_class, "run_querystring", counting)
    return counter


async def _page_queries(client, counter) -> int:  # noqa: ANN001
    counter.count = 0
    assert (await client.get(PAGE)).status_code == 200
    return counter.count


async def test_queries_do_not_grow_with_judges_and_entries(client, count_queries):
    jury = await jury_with_entries(judges=2, entries=2)
    cid = jury.challenge["id"]
    round_row = await access.first_round(cid)
    await assigning.generate(cid, round_row, k=2, seed=1, actor=None, now=now())
    await log_in(client, ORGANIZER)
    await client.get(PAGE)
    small = await _page_queries(client, count_queries)
    for number in range(2, 6):
        user = await create_user(judge_email(number), name=JUDGE_NAMES[number])
        await Judge(challenge=cid, user=user, key=f"{cid}:{user}:0").save()
    for number in range(2, 8):
        captain = await create_user(captain_email(number), name=f"Capitaine {TEAM_NAMES[number]}")
        team = await make_team(cid, captain, name=TEAM_NAMES[number])
        await add_entry(cid, team, title=f"Projet {TEAM_NAMES[number]}", screening="eligible",
                        track_positions=(number % 2,))
    await assigning.generate(cid, round_row, k=3, seed=1, actor=None, now=now())
    entry = (await assigning.assignments_of(round_row["id"]))[0]
    await _review(cid, round_row["id"], entry["entry"], entry["judge"])
    large = await _page_queries(client, count_queries)
    assert small == large, (small, large)
