"""Personal API tokens: created on the account page, shown once, revocable; checked by the API."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from showcase.accounts.queries import SessionUser, session_user_from_row
from showcase.accounts.tables import ApiToken, User
from showcase.exceptions import InvalidInput
from showcase.i18n import gettext as _

TOKEN_PREFIX = "shc_"
MAX_TOKENS = 10


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


async def create_token(*, user_id: int, name: str, now: datetime) -> str:
    """A new token; the raw value is returned once and never stored."""
    name = " ".join((name or "").split())[:80]
    if not name:
        raise InvalidInput({"token_name": _("Name the token (example: “my script”).")})
    active = await ApiToken.count().where((ApiToken.user == user_id) & ApiToken.revoked_at.is_null())
    if active >= MAX_TOKENS:
        raise InvalidInput({"token_name": _("You have %(count)s tokens already: revoke one first.", count=MAX_TOKENS)})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    await ApiToken.insert(ApiToken(user=user_id, name=name, token_hash=_hash(raw), prefix=raw[:12], created_at=now))
    return raw


async def revoke_token(*, user_id: int, token_id: int, now: datetime) -> None:
    await ApiToken.update({ApiToken.revoked_at: now}).where(
        (ApiToken.id == token_id) & (ApiToken.user == user_id) & ApiToken.revoked_at.is_null())


async def list_tokens(user_id: int) -> list[dict]:
    return await ApiToken.select(ApiToken.id, ApiToken.name, ApiToken.prefix, ApiToken.created_at,
                                 ApiToken.last_used_at).where(
        (ApiToken.user == user_id) & ApiToken.revoked_at.is_null()).order_by(ApiToken.id)


async def user_for_token(raw: str, *, now: datetime) -> SessionUser | None:
    """The active account behind a token, or None."""
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    row = await ApiToken.select(ApiToken.id, ApiToken.user).where(
        (ApiToken.token_hash == _hash(raw)) & ApiToken.revoked_at.is_null()).first()
    if row is None:
        return None
    user = await User.select(User.id, User.email, User.name, User.locale, User.email_verified_at, User.is_moderator,
                             User.is_organizer, User.is_admin, User.active).where(User.id == row["user"]).first()
    if user is None or not user["active"]:
        return None
    await ApiToken.update({ApiToken.last_used_at: now}).where(ApiToken.id == row["id"])
    return session_user_from_row(user)
