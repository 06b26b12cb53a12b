"""Who may do what with a startup. `role` is the person's role in that startup ("owner", "member" or None).

Used by handlers, domain functions and templates alike, so the authorisation matrix lives here only.
"""

from __future__ import annotations

from typing import Any

OWNER = "owner"
MEMBER = "member"


def _is_admin(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_admin", False))


def can_create_startup(user: Any) -> bool:
    """Logged in with a confirmed e-mail address."""
    return user is not None and bool(getattr(user, "email_verified", False))


def is_member(role: str | None) -> bool:
    return role in (OWNER, MEMBER)


def can_edit_startup(user: Any, role: str | None) -> bool:
    """Owners edit the profile; site admins may fix it too. Members see it but cannot change it."""
    return user is not None and (role == OWNER or _is_admin(user))


def can_manage_members(user: Any, role: str | None) -> bool:
    """Invite, revoke invitations, remove members, transfer ownership: owners only."""
    return user is not None and role == OWNER


def can_view_members(user: Any, role: str | None) -> bool:
    """The team page (members and, for owners, pending invitations)."""
    return user is not None and (is_member(role) or _is_admin(user))


def can_leave(user: Any, role: str | None) -> bool:
    return user is not None and is_member(role)


def can_remove_member(user: Any, role: str | None, *, target_user_id: int, target_role: str) -> bool:
    """Owners remove other members; to remove oneself there is "leave"."""
    return can_manage_members(user, role) and target_user_id != user.id and target_role != OWNER


def can_receive_ownership(target_role: str | None) -> bool:
    return target_role == MEMBER
