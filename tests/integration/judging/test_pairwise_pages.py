"""The judges' compare page and the organizers' view of a pairwise round, over HTTP."""

from datetime import UTC, datetime

import pytest

from showcase.challenges.tables import Challenge
from showcase.judging import pairwise
from showcase.judging.tables import Conflict, JudgingSettings, PairwiseDecision
from tests.conftest import soup
from tests.integration.challenges.helpers import timeline_for
from tests.integration.judging.pairwise_support import jury_in_pairwise, pairwise_round
from tests.integration.judging.support import (
    JUDGE_NAMES,
    ORGANIZER,
    TEAM_NAMES,
    judge_email,
    jury_with_entries,
)
from tests.support import log_in, now, submit

pytestmark = pytest.mark.anyio

COMPARE = "/judging/hack-mobilite/compare"
ROUNDS = "/manage/challenges/hack-mobilite/judging/rounds"


async def _press(client, action: str, **fields) -> object:  # noqa: ANN001
    return await submit(client, COMPARE, {"action": action, **{k: str(v) for k, v in fields.items()}})


def _cards(html: str) -> dict[str, str]:
    page = soup(html)
    return {card["class"][-1].removeprefix("pairwise-"): card.select_one("h2").get_text(strip=True)
            for card in page.select(".pairwise-card")}


def _hidden(html: str, name: str) -> str:
    return soup(html).select_one(f"form.pairwise-form input[name={name}], form.pairwise-actions input[name={name}]")[
        "value"]


async def test_a_judge_looks_then_compares_then_undoes(client):
    jury, round_row = await jury_in_pairwise(judges=2, entries=4)
    await log_in(client, judge_email(0))
    first = await client.get(COMPARE, headers={"Accept-Language": "en"})
    assert first.status_code == 200
    assert list(_cards(first.text)) == ["first"]
    assert "0 decisions made" in soup(first.text).select_one(".pairwise-progress").get_text(" ", strip=True)
    shown = int(_hidden(first.text, "current"))
    assert (await _press(client, "continue", current=shown)).status_code in (302, 303)

    pair = await client.get(COMPARE)
    cards = _cards(pair.text)
    assert set(cards) == {"current", "previous"}
    previous, current = int(_hidden(pair.text, "previous")), int(_hidden(pair.text, "current"))
    assert previous == shown and current != shown
    titles = {entry: f"Projet {TEAM_NAMES[jury.entries.index(entry)]}" for entry in jury.entries}
    assert cards == {"current": titles[current], "previous": titles[previous]}
    buttons = [button.get_text(" ", strip=True) for button in soup(pair.text).select("button.pairwise-choice")]
    assert buttons == [f"{titles[previous]} is better", f"{titles[current]} is better"]
    assert TEAM_NAMES[jury.entries.index(current)] in pair.text  # names shown: not anonymised

    response = await _press(client, "previous", previous=previous, current=current)
    assert response.status_code in (302, 303)
    log = await PairwiseDecision.select().where(PairwiseDecision.round == round_row["id"])
    assert [(row["winner"], row["loser"], row["kind"]) for row in log] == [(previous, current, "decision")]
    after = await client.get(COMPARE)
    assert "1 decision made" in soup(after.text).select_one(".pairwise-progress").get_text(" ", strip=True)
    assert int(_hidden(after.text, "previous")) == current

    undone = await _press(client, "undo")
    assert undone.status_code in (302, 303)
    again = await client.get(COMPARE)
    assert (int(_hidden(again.text, "previous")), int(_hidden(again.text, "current"))) == (previous, current)
    assert "Your last decision was undone" in again.text
    assert (await pairwise.stored(round_row["id"])).items == dict.fromkeys(jury.entries, pairwise.ItemState())


async def test_a_stale_form_changes_nothing(client):
    jury, round_row = await jury_in_pairwise(judges=1, entries=3)
    await log_in(client, judge_email(0))
    first = await client.get(COMPARE)
    shown = int(_hidden(first.text, "current"))
    await _press(client, "continue", current=shown)
    pair = await client.get(COMPARE)
    previous, current = int(_hidden(pair.text, "previous")), int(_hidden(pair.text, "current"))
    await _press(client, "current", previous=previous, current=current)
    replayed = await _press(client, "current", previous=previous, current=current)  # the same form, sent twice
    assert replayed.status_code in (302, 303)
    assert await PairwiseDecision.count().where(PairwiseDecision.round == round_row["id"]) == 1
    assert "Your screen was out of date" in (await client.get(COMPARE)).text
    nonsense = await _press(client, "maybe")
    assert nonsense.status_code == 400 and "Choose one of the buttons below." in nonsense.text


async def test_a_conflicted_judge_never_sees_the_entry_and_gets_404_for_it(client):
    jury, round_row = await jury_in_pairwise(judges=1, entries=3)
    banned = jury.entries[1]
    await Conflict(challenge=jury.challenge["id"], user=jury.judges[0], entry=banned, source="declared",
                   reason="Mon ancien employeur", key=f"{banned}:{jury.judges[0]}").save()
    await log_in(client, judge_email(0))
    seen = []
    while True:
        page = await client.get(COMPARE)
        assert "Projet Data Atlas" not in page.text and "Data Atlas" not in page.text
        cards = soup(page.text)
        if cards.select_one(".empty-state"):
            break
        if cards.select_one("form.pairwise-form"):
            previous, current = int(_hidden(page.text, "previous")), int(_hidden(page.text, "current"))
            seen.append(current)
            await _press(client, "current", previous=previous, current=current)
        else:
            current = int(_hidden(page.text, "current"))
            seen.append(current)
            await _press(client, "continue", current=current)
    assert sorted(seen) == sorted(set(jury.entries) - {banned})
    refused = await _press(client, "current", previous=seen[0], current=banned)
    assert refused.status_code == 404
    assert (await _press(client, "skip", current=banned)).status_code == 404


async def test_anonymised_judging_shows_no_team_name(client):
    jury, round_row = await jury_in_pairwise(judges=1, entries=3)
    await JudgingSettings.insert(JudgingSettings(challenge=jury.challenge["id"], anonymised=True))
    await log_in(client, judge_email(0))
    first = await client.get(COMPARE)
    await _press(client, "continue", current=int(_hidden(first.text, "current")))
    page = await client.get(COMPARE)
    assert len(_cards(page.text)) == 2
    for name in TEAM_NAMES[:3]:
        assert name not in page.text
    assert "Anonymised judging" in page.text
    assert "/reuses/" not in page.text  # the public reuse page names its authors


async def test_refusals_are_explained(client):
    jury = await jury_with_entries(judges=1, entries=3)
    await log_in(client, judge_email(0))
    rubric = await client.get(COMPARE)
    assert rubric.status_code == 200
    assert "The current round is scored with the rubric, not by comparisons." in rubric.text
    assert (await _press(client, "undo")).status_code == 403
    await pairwise_round(jury)
    await Challenge.update(timeline_for("deliberation", now())).where(Challenge.id == jury.challenge["id"])
    closed = await client.get(COMPARE)
    assert "Judging is closed: comparisons can no longer change." in closed.text
    assert not soup(closed.text).select("form.pairwise-form, form.pairwise-actions")


async def test_organizer_sees_the_ranking_and_the_judges_reliability(client):
    jury, round_row = await jury_in_pairwise(judges=2, entries=4)
    user = {"id": jury.judges[0], "name": JUDGE_NAMES[0]}
    look = await pairwise.screen(round_row["id"], user["id"])
    await pairwise.begin(round_row["id"], user=user, shown=look.current)
    pair = await pairwise.screen(round_row["id"], user["id"])
    await pairwise.decide(round_row["id"], user=user, better="current", previous=pair.previous, current=pair.current,
                          now=datetime.now(UTC))
    await log_in(client, ORGANIZER)
    page = await client.get(ROUNDS, headers={"Accept-Language": "en"})
    assert page.status_code == 200
    html = soup(page.text)
    rows = [[cell.get_text(" ", strip=True) for cell in row.select("td")] for row in html.select(
        ".pairwise-ranking tbody tr")]
    winner = TEAM_NAMES[jury.entries.index(pair.current)]
    assert rows[0][1].startswith(f"Projet {winner}") and rows[0][2:] == ["0.409", "± 0.912", "1"]
    assert rows[-1][2:] == ["-0.409", "± 0.912", "1"]
    judges = [[cell.get_text(strip=True) for cell in row.select("td")] for row in html.select(
        ".pairwise-judges tbody tr")]
    assert judges == [[JUDGE_NAMES[0], "0.909", "10.00", "1.00", "1", "0", "0"],
                      [JUDGE_NAMES[1], "0.909", "10.00", "1.00", "0", "0", "0"]]
    # A judge is not an organizer: the rounds page does not exist for them.
    await log_in(client, judge_email(1))
    assert (await client.get(ROUNDS)).status_code in (403, 404)
