"""The permission matrix of the workflow, every transition and every forbidden one."""

from dataclasses import dataclass

import pytest

from showcase.reuses import rules


@dataclass(frozen=True)
class Person:
    id: int
    roles: tuple[str, ...] = ()

    def has_role(self, role):
        return "admin" in self.roles or role in self.roles


OWNER, COMEMBER, STRANGER = Person(1), Person(2), Person(3)
MODERATOR, ADMIN = Person(4, ("moderator",)), Person(5, ("admin",))
STATUSES = ["draft", "submitted", "changes_requested", "rejected", "published", "archived"]
ACTIONS = ["submit", "publish", "request_changes", "reject", "reopen", "archive", "unarchive", "feature", "delete"]
MEMBERS = frozenset({1, 2})

# status -> the actions the owner (and the startup co-member) may take, and those a moderator may take.
AUTHOR_CAN = {
    "draft": {"submit", "delete"}, "submitted": {"delete"}, "changes_requested": {"submit", "delete"},
    "rejected": {"delete"}, "published": {"archive"}, "archived": {"unarchive"},
}
MODERATOR_CAN = {
    "draft": {"delete"}, "submitted": {"publish", "request_changes", "reject", "delete"},
    "changes_requested": {"delete"}, "rejected": {"reopen", "delete"},
    "published": {"request_changes", "archive", "feature", "delete"}, "archived": {"unarchive", "delete"},
}


def reuse(status, *, startup=7):
    return {"owner": 1, "startup": startup, "status": status, "deleted_at": None}


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("person", [OWNER, COMEMBER, STRANGER, MODERATOR, ADMIN, None], ids=[
    "owner", "co-member", "another-member", "moderator", "admin", "anonymous"])
def test_matrix(person, status):
    allowed = {action for action in ACTIONS if rules.can_act(person, reuse(status), action, MEMBERS)}
    expected = set()
    if person in (OWNER, COMEMBER):
        expected = AUTHOR_CAN[status]
    elif person in (MODERATOR, ADMIN):
        expected = MODERATOR_CAN[status]
    assert allowed == expected


def test_co_member_counts_only_when_the_reuse_belongs_to_the_startup():
    assert rules.can_act(COMEMBER, reuse("draft", startup=None), "submit", MEMBERS) is False
    assert rules.can_edit(COMEMBER, reuse("draft", startup=None), MEMBERS) is False


@pytest.mark.parametrize(("status", "visible_to_stranger"), [
    ("draft", False), ("submitted", False), ("changes_requested", False), ("rejected", False),
    ("published", True), ("archived", True)])
def test_visibility(status, visible_to_stranger):
    assert rules.can_view(None, reuse(status)) is visible_to_stranger
    assert rules.can_view(OWNER, reuse(status)) is True
    assert rules.can_view(MODERATOR, reuse(status)) is True


def test_deleted_reuse_is_visible_to_nobody():
    gone = {**reuse("published"), "deleted_at": "2026-01-01"}
    assert [rules.can_view(p, gone) for p in (None, OWNER, MODERATOR)] == [False, False, False]


@pytest.mark.parametrize(("url", "datasets", "expected"), [(False, False, False), (True, False, True),
                                                           (False, True, True)])
def test_published_edits_that_need_review(url, datasets, expected):
    assert rules.editing_needs_review(status="published", url_changed=url, datasets_changed=datasets) is expected
    assert rules.editing_needs_review(status="draft", url_changed=url, datasets_changed=datasets) is False


@pytest.mark.parametrize(("status", "owner_may_edit"), [
    ("draft", True), ("submitted", True), ("changes_requested", True), ("rejected", False), ("published", True),
    ("archived", False)])
def test_who_may_edit(status, owner_may_edit):
    assert rules.can_edit(OWNER, reuse(status), MEMBERS) is owner_may_edit
    assert rules.can_edit(COMEMBER, reuse(status), MEMBERS) is owner_may_edit
    assert rules.can_edit(STRANGER, reuse(status), MEMBERS) is False
    assert rules.can_edit(MODERATOR, reuse(status), MEMBERS) is True
    assert rules.can_edit(None, reuse(status), MEMBERS) is False
