"""Rubric criteria and reviews through the domain functions: validation messages, totals, the audit trail."""

import pytest

from showcase.exceptions import InvalidInput, NotAllowed
from showcase.judging import audit, criteria
from showcase.judging.tables import Review, ReviewScore
from tests.integration.judging.scoring_support import assign, review, rubric
from tests.integration.judging.support import jury_with_entries
from tests.support import now

pytestmark = pytest.mark.anyio

GOOD = {"name_fr": "Impact", "name_ar": "الأثر", "description_fr": "", "description_ar": "", "weight": "2",
        "scale_min": "0", "scale_max": "10"}


async def test_weighted_total_leaves_independent_criteria_out():
    jury = await jury_with_entries()
    c1, c2, c3 = await rubric(jury.challenge["id"])
    round_id = await assign(jury.challenge["id"], [(jury.entries[0], jury.judges[0])])
    stored = await review(jury.challenge["id"], round_id, jury.entries[0], jury.judges[0], {c1: 8, c2: 6, c3: 9})
    assert (stored["status"], stored["total"]) == ("submitted", 22.0)
    row = await Review.select(Review.status, Review.total).first()
    assert row == {"status": "submitted", "total": 22.0}
    assert sorted((r["criterion"], r["score"]) for r in await ReviewScore.select()) == [(c1, 8.0), (c2, 6.0), (c3, 9.0)]


async def test_draft_may_be_partial_submit_needs_counting_criteria():
    jury = await jury_with_entries()
    c1, c2, c3 = await rubric(jury.challenge["id"])
    round_id = await assign(jury.challenge["id"], [(jury.entries[0], jury.judges[0])])
    draft = await review(jury.challenge["id"], round_id, jury.entries[0], jury.judges[0], {c1: 8}, submit=False)
    assert (draft["status"], draft["total"]) == ("draft", None)
    with pytest.raises(InvalidInput) as caught:
        await review(jury.challenge["id"], round_id, jury.entries[0], jury.judges[0], {c1: 8, c3: None})
    assert caught.value.errors == {f"score-{c2}": "Score this criterion before submitting."}
    with pytest.raises(InvalidInput) as caught:
        await review(jury.challenge["id"], round_id, jury.entries[0], jury.judges[0], {c1: 11, c2: -1}, submit=False)
    assert caught.value.errors == {f"score-{c1}": "Give a score between 0 and 10.",
                                   f"score-{c2}": "Give a score between 0 and 10."}
    events = [(e["sequence"], e["action"], e["subject"]) for e in await audit.events_of(jury.challenge["id"])]
    assert events == [(1, "review.saved", f"entry:{jury.entries[0]}")]


async def test_closed_judging_refuses_web_but_import_allowed_in_deliberation():
    jury = await jury_with_entries(phase="deliberation")
    (c1,) = await rubric(jury.challenge["id"], ((1.0, 1, 5),))
    round_id = await assign(jury.challenge["id"], [(jury.entries[0], jury.judges[0])])
    with pytest.raises(NotAllowed) as caught:
        await review(jury.challenge["id"], round_id, jury.entries[0], jury.judges[0], {c1: 3})
    assert str(caught.value) == "Judging is closed: scores can no longer be entered or changed."
    stored = await review(jury.challenge["id"], round_id, jury.entries[0], jury.judges[0], {c1: 3}, source="import",
                          actor={"id": jury.organizer, "name": "Nadia Organisatrice"})
    assert stored["total"] == 3.0
    events = await audit.events_of(jury.challenge["id"])
    assert [(e["action"], e["actor_id"]) for e in events] == [("review.imported", jury.organizer)]


def test_criterion_form_messages():
    assert criteria.clean(GOOD)["weight"] == 2.0
    with pytest.raises(InvalidInput) as caught:
        criteria.clean({**GOOD, "name_ar": " ", "weight": "-1", "scale_min": "5", "scale_max": "5"})
    assert caught.value.errors == {
        "name_ar": "Give the criterion a name.",
        "weight": "The weight cannot be negative (0 makes the criterion independent).",
        "scale_max": "The highest score must be greater than the lowest score."}
    with pytest.raises(InvalidInput) as caught:
        criteria.clean({**GOOD, "weight": "abc", "scale_min": "1.5", "scale_max": ""})
    assert caught.value.errors == {
        "weight": "Enter the weight as a number, like 1 or 0.5 (0 makes the criterion independent).",
        "scale_min": "Enter the lowest score as a whole number, like 0 or 1.",
        "scale_max": "Enter the highest score as a whole number, like 5 or 10."}


async def test_scored_criterion_is_locked():
    jury = await jury_with_entries()
    c1, c2, c3 = await rubric(jury.challenge["id"])
    round_id = await assign(jury.challenge["id"], [(jury.entries[0], jury.judges[0])])
    await review(jury.challenge["id"], round_id, jury.entries[0], jury.judges[0], {c1: 8}, submit=False)
    actor = {"id": jury.organizer, "name": "Nadia"}
    with pytest.raises(InvalidInput) as caught:
        await criteria.delete(jury.challenge["id"], c1, actor=actor, now=now())
    assert list(caught.value.errors) == ["criterion"]
    with pytest.raises(InvalidInput):
        await criteria.update(jury.challenge["id"], c1, {**GOOD, "scale_max": "20"}, actor=actor, now=now())
    await criteria.update(jury.challenge["id"], c1, {**GOOD, "weight": "3"}, actor=actor, now=now())
    await criteria.delete(jury.challenge["id"], c3, actor=actor, now=now())
    created = await criteria.create(jury.challenge["id"], GOOD, actor=actor, now=now())
    await criteria.move(jury.challenge["id"], created["id"], offset=-1, actor=actor, now=now())
    assert [row["id"] for row in await criteria.criteria_of(jury.challenge["id"])] == [c1, created["id"], c2]
    assert [e["action"] for e in await audit.events_of(jury.challenge["id"])] == [
        "review.saved", "criterion.updated", "criterion.deleted", "criterion.created", "criterion.reordered"]


async def test_conflicted_judge_and_outsider_are_refused():
    from showcase.judging.tables import Conflict

    jury = await jury_with_entries()
    (c1,) = await rubric(jury.challenge["id"], ((1.0, 0, 5),))
    round_id = await assign(jury.challenge["id"], [(jury.entries[0], jury.judges[0])])
    await Conflict(challenge=jury.challenge["id"], user=jury.judges[0], entry=jury.entries[0], source="declared",
                   key=f"{jury.entries[0]}:{jury.judges[0]}").save()
    with pytest.raises(NotAllowed) as caught:
        await review(jury.challenge["id"], round_id, jury.entries[0], jury.judges[0], {c1: 3})
    assert str(caught.value) == "This judge has a conflict of interest with this entry and cannot review it."
    with pytest.raises(NotAllowed) as caught:
        await review(jury.challenge["id"], round_id, jury.entries[0], jury.captains[1], {c1: 3})
    assert str(caught.value) == "This person is not on the jury of this challenge."
    assert await Review.count() == 0
    assert await audit.events_of(jury.challenge["id"]) == []


async def test_before_judging_refused_and_import_refused_after_results():
    jury = await jury_with_entries(phase="screening")
    (c1,) = await rubric(jury.challenge["id"], ((1.0, 0, 5),))
    round_id = await assign(jury.challenge["id"], [(jury.entries[0], jury.judges[0])])
    with pytest.raises(NotAllowed) as caught:
        await review(jury.challenge["id"], round_id, jury.entries[0], jury.judges[0], {c1: 3})
    assert str(caught.value) == ("Judging has not started yet: scores can be entered once the challenge is in "
                                 "judging.")
    with pytest.raises(NotAllowed) as caught:
        await review(jury.challenge["id"], round_id, jury.entries[0], jury.judges[0], {c1: 3}, source="import")
    assert str(caught.value) == "Scores can be imported only while judging is open or during deliberation."


async def test_empty_rubric_cannot_be_submitted():
    jury = await jury_with_entries()
    round_id = await assign(jury.challenge["id"], [(jury.entries[0], jury.judges[0])])
    with pytest.raises(InvalidInput) as caught:
        await review(jury.challenge["id"], round_id, jury.entries[0], jury.judges[0], {})
    assert caught.value.errors == {
        "rubric": "The rubric has no criteria yet: the organizers must add them before scoring."}


async def test_rubric_changes_recompute_stored_totals():
    jury = await jury_with_entries()
    c1, c2, c3 = await rubric(jury.challenge["id"])
    round_id = await assign(jury.challenge["id"], [(jury.entries[0], jury.judges[0])])
    await review(jury.challenge["id"], round_id, jury.entries[0], jury.judges[0], {c1: 8, c2: 6, c3: 9})
    actor = {"id": jury.organizer, "name": "Nadia"}
    await criteria.update(jury.challenge["id"], c3, {**GOOD, "weight": "1"}, actor=actor, now=now())
    assert (await Review.select(Review.total).first())["total"] == 31.0  # 2·8 + 1·6 + 1·9
    added = await criteria.create(jury.challenge["id"], GOOD, actor=actor, now=now())
    assert (await Review.select(Review.total).first())["total"] is None  # waits for the new criterion's score
    await criteria.delete(jury.challenge["id"], added["id"], actor=actor, now=now())
    assert (await Review.select(Review.total).first())["total"] == 31.0
