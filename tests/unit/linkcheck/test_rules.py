"""When a link gets flagged: consecutive failures, reset on success, one notification at the threshold."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from showcase.linkcheck import LinkResult, newly_flagged, next_failure_count, should_flag

NOW = datetime(2026, 5, 1, tzinfo=UTC)
OK = LinkResult(True, 200, "https://public.example/", "ok", NOW)
RESTRICTED = LinkResult(True, 403, "https://public.example/", "restricted", NOW)
BROKEN = LinkResult(False, 404, "https://public.example/", "http_404", NOW)
DOWN = LinkResult(False, None, "https://public.example/", "timeout", NOW)


@pytest.mark.parametrize(("previous", "result", "expected"), [
    (0, OK, 0), (5, OK, 0), (2, RESTRICTED, 0), (0, BROKEN, 1), (2, BROKEN, 3), (3, DOWN, 4),
])
def test_next_failure_count_resets_on_ok_and_counts_failures(previous: int, result: LinkResult,
                                                             expected: int) -> None:
    assert next_failure_count(previous, result) == expected


def test_next_failure_count_refuses_a_negative_count() -> None:
    with pytest.raises(ValueError):
        next_failure_count(-1, OK)


@pytest.mark.parametrize(("failures", "threshold", "expected"), [
    (0, 3, False), (2, 3, False), (3, 3, True), (9, 3, True), (1, 1, True), (0, 1, False),
])
def test_should_flag_from_the_threshold_on(failures: int, threshold: int, expected: bool) -> None:
    assert should_flag(failures, threshold) is expected


def test_should_flag_default_threshold_is_three() -> None:
    assert [should_flag(n) for n in range(5)] == [False, False, False, True, True]


def test_should_flag_refuses_a_threshold_below_one() -> None:
    with pytest.raises(ValueError):
        should_flag(3, 0)


def test_newly_flagged_only_on_the_check_that_crosses_the_threshold() -> None:
    history = [BROKEN, DOWN, BROKEN, BROKEN, OK, BROKEN, BROKEN, BROKEN]
    count, notifications = 0, []
    for result in history:
        previous, count = count, next_failure_count(count, result)
        notifications.append(newly_flagged(previous, count))
    assert notifications == [False, False, True, False, False, False, False, True]
