"""Reads about users: the session user, back-office lists."""

from __future__ import annotations

from dataclasses import dataclass

from showcase.accounts.tables import User
from showcase.db import contains_text

_SESSION_COLUMNS = (
    User.id, User.email, User.name, User.locale, User.email_verified_at, User.is_moderator,
    User.is_organizer, User.is_admin, User.active, User.session_epoch,
)


@dataclass(frozen=True, slots=True)
class SessionUser:
    """The logged-in person, as pages and rules see them."""

    id: int
    email: str
    name: str
    locale: str
    email_verified: bool
    is_moderator: bool
    is_organizer: bool
    is_admin: bool

    def has_role(self, role: str) -> bool:
        if self.is_admin:
            return True
        return {"moderator": self.is_moderator, "organizer": self.is_organizer, "member": True}.get(role, False)

    @property
    def roles(self) -> list[str]:
        flags = [("moderator", self.is_moderator), ("organizer", self.is_organizer), ("admin", self.is_admin)]
        return [name for name, held in flags if held]


def session_user_from_row(row: dict) -> SessionUser:
    return SessionUser(
        id=row["id"], email=row["email"], name=row["name"], locale=row["locale"],
        email_verified=row["email_verified_at"] is not None, is_moderator=row["is_moderator"],
        is_organizer=row["is_organizer"], is_admin=row["is_admin"],
    )


async def load_session_user(session: dict | None) -> SessionUser | None:
    """The user a session belongs to, or None when logged out, deactivated or logged out elsewhere."""
    if not session or not isinstance(session.get("user_id"), int):
        return None
    row = await User.select(*_SESSION_COLUMNS).where(User.id == session["user_id"]).first()
    if row is None or not row["active"] or row["session_epoch"] != session.get("epoch"):
        return None
    return session_user_from_row(row)


@dataclass(frozen=True, slots=True)
class UserListPage:
    rows: list[dict]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


async def list_users(*, search: str = "", role: str = "", page: int = 1, per_page: int = 50) -> UserListPage:
    """The back office's user table: one query for the rows, one for the count."""
    query = User.select(
        User.id, User.email, User.name, User.locale, User.email_verified_at, User.is_moderator,
        User.is_organizer, User.is_admin, User.active, User.created_at, User.last_login_at,
    )
    count = User.count()
    conditions = []
    if search:
        conditions.append(contains_text(User.email, search.strip()) | contains_text(User.name, search.strip()))
    if role in ("moderator", "organizer", "admin"):
        conditions.append(getattr(User, f"is_{role}") == True)  # noqa: E712 - Piccolo builds SQL from ==
    for condition in conditions:
        query = query.where(condition)
        count = count.where(condition)
    rows = await query.order_by(User.created_at, ascending=False).limit(per_page).offset((page - 1) * per_page)
    return UserListPage(rows=rows, total=await count, page=page, per_page=per_page)
