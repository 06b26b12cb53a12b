"""Who may do what with a reuse, and which status changes exist. One place for the whole matrix."""

from __future__ import annotations

from typing import Any

# (from status, action) -> to status. Actions marked * need a moderator.
TRANSITIONS: dict[tuple[str, str], str] = {
    ("draft", "submit"): "submitted",
    ("changes_requested", "submit"): "submitted",
    ("submitted", "publish"): "published",  # *
    ("submitted", "request_changes"): "changes_requested",  # *
    ("submitted", "reject"): "rejected",  # *
    ("published", "request_changes"): "changes_requested",  # *
    ("published", "archive"): "archived",
    ("archived", "unarchive"): "published",
    ("rejected", "reopen"): "submitted",  # *
}
MODERATOR_ACTIONS = {"publish", "request_changes", "reject", "reopen"}
AUTHOR_ACTIONS = {"submit", "archive", "unarchive"}
EDITABLE_BY_AUTHOR = {"draft", "submitted", "changes_requested", "published"}
DELETABLE_BY_AUTHOR = {"draft", "changes_requested", "rejected", "submitted"}


def is_moderator(user: Any) -> bool:
    return user is not None and user.has_role("moderator")


def is_author(user: Any, reuse: dict, startup_member_ids: frozenset[int] = frozenset()) -> bool:
    """The owner, or a member of the reuse's startup."""
    if user is None:
        return False
    return reuse.get("owner") == user.id or (reuse.get("startup") is not None and user.id in startup_member_ids)


def can_view(user: Any, reuse: dict, startup_member_ids: frozenset[int] = frozenset()) -> bool:
    if reuse.get("deleted_at") is not None:
        return False
    if reuse["status"] in ("published", "archived"):
        return True
    return is_author(user, reuse, startup_member_ids) or is_moderator(user)


def can_edit(user: Any, reuse: dict, startup_member_ids: frozenset[int] = frozenset()) -> bool:
    if reuse.get("deleted_at") is not None or user is None:
        return False
    if is_moderator(user):
        return True
    return is_author(user, reuse, startup_member_ids) and reuse["status"] in EDITABLE_BY_AUTHOR


def can_act(user: Any, reuse: dict, action: str, startup_member_ids: frozenset[int] = frozenset()) -> bool:
    """May `user` apply `action` to `reuse` in its current status?"""
    if user is None or reuse.get("deleted_at") is not None:
        return False
    if action == "delete":
        return is_moderator(user) or (is_author(user, reuse, startup_member_ids)
                                      and reuse["status"] in DELETABLE_BY_AUTHOR)
    if action == "feature":
        return is_moderator(user) and reuse["status"] == "published"
    if (reuse["status"], action) not in TRANSITIONS:
        return False
    if action in MODERATOR_ACTIONS:
        return is_moderator(user)
    return is_author(user, reuse, startup_member_ids) or (is_moderator(user) and action in ("archive", "unarchive"))


def available_actions(user: Any, reuse: dict, startup_member_ids: frozenset[int] = frozenset()) -> list[str]:
    candidates = ["submit", "publish", "request_changes", "reject", "reopen", "archive", "unarchive", "feature", "delete"]
    return [action for action in candidates if can_act(user, reuse, action, startup_member_ids)]


def editing_needs_review(*, status: str, url_changed: bool, datasets_changed: bool) -> bool:
    """A published reuse whose link or datasets change goes back to the moderators; text edits stay online."""
    return status == "published" and (url_changed or datasets_changed)
