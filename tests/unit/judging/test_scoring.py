"""Scoring's pure helpers: totals, score checks, redaction, visibility of other judges' scores, save and next."""

import math

import pytest

from showcase.judging.reviews import check_scores, parse_score, review_total
from showcase.judging.workspace import REDACTED, may_see_others, pick_next, redact

CRITERIA = [{"id": 1, "weight": 2.0, "scale_min": 0, "scale_max": 10},
            {"id": 2, "weight": 1.0, "scale_min": 0, "scale_max": 10},
            {"id": 3, "weight": 0.0, "scale_min": 0, "scale_max": 10}]


def test_weighted_total_2_1_0_on_8_6_9_is_22():
    assert review_total(CRITERIA, {1: 8, 2: 6, 3: 9}) == 22.0


def test_total_needs_every_counting_criterion_but_not_independent_ones():
    assert review_total(CRITERIA, {1: 8, 2: 6, 3: None}) == 22.0
    assert review_total(CRITERIA, {1: 8, 2: None, 3: 9}) is None


def test_check_scores_scale_and_required():
    assert check_scores(CRITERIA, {1: 8, 2: 6}, {}, submit=True) == {}
    assert check_scores(CRITERIA, {1: 8}, {}, submit=False) == {}
    assert check_scores(CRITERIA, {1: 8}, {}, submit=True) == {"score-2": "Score this criterion before submitting."}
    assert check_scores(CRITERIA, {1: 10.5, 2: -0.5, 3: 0}, {}, submit=True) == {
        "score-1": "Give a score between 0 and 10.", "score-2": "Give a score between 0 and 10."}
    assert check_scores(CRITERIA, {1: math.nan}, {}, submit=False) == {"score-1": "Give a score between 0 and 10."}
    assert check_scores(CRITERIA, {9: 1}, {}, submit=False) == {"score-9": "This criterion is not part of the rubric."}


@pytest.mark.parametrize(("raw", "value"), [("7", 7.0), (" 7,5 ", 7.5), ("", None), (None, None), ("−1", -1.0)])
def test_parse_score(raw, value):
    assert parse_score(raw) == value


@pytest.mark.parametrize("raw", ["abc", "inf", "nan", "1e999"])
def test_parse_score_refuses(raw):
    with pytest.raises(ValueError):
        parse_score(raw)


def test_redact_names_case_insensitively_longest_first():
    text = "Projet Les Cartographes par Amina El Idrissi (cartographes.ma), startup DataCarto"
    names = ["Les Cartographes", "Cartographes", "Amina El Idrissi", "DataCarto", "Al"]
    assert redact(text, names) == f"Projet {REDACTED} par {REDACTED} ({REDACTED}.ma), startup {REDACTED}"
    assert redact("", names) == ""
    assert redact("Al Hoceima", ["Al"]) == "Al Hoceima"  # names under 3 characters are left alone


@pytest.mark.parametrize(("setting", "own", "organizes", "seen"), [
    ("never", None, False, False), ("never", "submitted", False, False), ("never", None, True, True),
    ("after_own", None, False, False), ("after_own", "draft", False, False), ("after_own", "submitted", False, True),
    ("always", None, False, True), ("always", "draft", False, True), ("after_own", None, True, True),
])
def test_visibility_matrix(setting, own, organizes, seen):
    assert may_see_others(setting, own_status=own, organizes=organizes) is seen


def test_pick_next_fewest_submitted_reviews_not_mine_submitted():
    rows = [{"entry_id": 10, "status": "submitted", "submitted_reviews": 0},
            {"entry_id": 11, "status": "draft", "submitted_reviews": 2},
            {"entry_id": 12, "status": "not_started", "submitted_reviews": 1},
            {"entry_id": 13, "status": "not_started", "submitted_reviews": 1}]
    assert pick_next(rows) == 12
    assert pick_next(rows, after=12) == 13
    assert pick_next(rows[:1]) is None
