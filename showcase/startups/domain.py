"""Startup rules: profiles (with logo and stable slugs), invitations, membership and ownership.

Keyword-only functions that change state, inside a transaction where several rows move together.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from showcase.accounts.domain import normalize_email
from showcase.accounts.tables import User
from showcase.db import get_engine
from showcase.exceptions import InvalidInput, NotAllowed, NotFound, TokenInvalid
from showcase.i18n import gettext as _
from showcase.mail.domain import queue_mail
from showcase.media.images import ImageRejected, PreparedImage, prepare_logo_async, rejection_message, save_prepared
from showcase.settings import get_settings
from showcase.startups import rules
from showcase.startups.fields import clean_profile, search_key
from showcase.startups.queries import member_role
from showcase.startups.tables import Startup, StartupInvitation, StartupMember, StartupSlugRedirect

INVITATION_LIFETIME = timedelta(days=14)
AUTO_SLUG_ATTEMPTS = 50


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def is_unique_violation(exc: BaseException) -> bool:
    """sqlite3.IntegrityError or asyncpg's UniqueViolationError, without importing either driver."""
    return type(exc).__name__ in {"IntegrityError", "UniqueViolationError"}


def _local_year(now: datetime) -> int:
    return now.astimezone(ZoneInfo(get_settings().time_zone)).year


def _link(path: str) -> str:
    return f"{get_settings().base_url}{path}"


# --- profiles ---------------------------------------------------------------------------


async def slug_holder(slug: str) -> int | None:
    """The startup that uses `slug`, now or as an old address that still redirects."""
    row = await Startup.select(Startup.id).where(Startup.slug == slug).first()
    if row:
        return row["id"]
    moved = await StartupSlugRedirect.select(StartupSlugRedirect.startup).where(StartupSlugRedirect.old_slug == slug).first()
    return moved["startup"] if moved else None


def _slug_taken() -> InvalidInput:
    return InvalidInput({"slug": _("This address is already used by another startup. Choose another one.")})


async def _free_slug(base: str) -> str:
    """`base`, or `base-2`, `base-3`... for a slug made from the name."""
    for number in range(1, AUTO_SLUG_ATTEMPTS + 1):
        candidate = base if number == 1 else f"{base[:75]}-{number}"
        if await slug_holder(candidate) is None:
            return candidate
    return f"{base[:60]}-{secrets.token_hex(4)}"


async def _prepare_logo(logo: bytes | None, errors: dict[str, str]) -> PreparedImage | None:
    if logo is None:
        return None
    try:
        return await prepare_logo_async(logo)
    except ImageRejected as exc:
        errors["logo"] = rejection_message(exc.reason, max_bytes=get_settings().logo_max_bytes)
        return None


async def _check_profile(values: dict[str, str], logo: bytes | None, *, now: datetime,
                         current_slug: str = "") -> tuple[dict, PreparedImage | None]:
    """All fields and the logo checked together, so the form shows every problem at once."""
    errors: dict[str, str] = {}
    try:
        cleaned = clean_profile(values, current_year=_local_year(now), current_slug=current_slug)
    except InvalidInput as exc:
        errors.update(exc.errors)
        cleaned = {}
    prepared = await _prepare_logo(logo, errors)
    if errors:
        raise InvalidInput(errors)
    return cleaned, prepared


async def create_startup(*, creator: Any, values: dict[str, str], logo: bytes | None, now: datetime) -> str:
    """Create a profile whose creator is its owner; return its slug. Needs a confirmed e-mail address."""
    if not rules.can_create_startup(creator):
        raise NotAllowed(_("Confirm your e-mail address before creating a startup profile."))
    cleaned, prepared = await _check_profile(values, logo, now=now)
    typed_slug = bool((values.get("slug") or "").strip())
    if await slug_holder(cleaned["slug"]) is not None:
        if typed_slug:
            raise _slug_taken()
        cleaned["slug"] = await _free_slug(cleaned["slug"])
    logo_path = await save_prepared(prepared) if prepared else ""
    try:
        async with get_engine().transaction():
            rows = await Startup.insert(Startup(
                **cleaned, search_key=search_key(cleaned["name"]), logo=logo_path, created_by=creator.id,
                created_at=now, updated_at=now,
            )).returning(Startup.id)
            await StartupMember.insert(StartupMember(startup=rows[0]["id"], user=creator.id, role=rules.OWNER, joined_at=now))
    except Exception as exc:
        if is_unique_violation(exc):  # someone took the address a moment ago
            raise _slug_taken() from None
        raise
    return cleaned["slug"]


async def update_startup(*, startup_id: int, editor: Any, values: dict[str, str], logo: bytes | None,
                         remove_logo: bool, now: datetime) -> str:
    """Save the profile; a new slug keeps the old one redirecting. Returns the (new) slug."""
    current = await Startup.select(Startup.slug, Startup.logo).where(Startup.id == startup_id).first()
    if current is None:
        raise NotFound()
    if not rules.can_edit_startup(editor, await member_role(startup_id, editor.id)):
        raise NotAllowed(_("Only the startup's owners can change its profile."))
    cleaned, prepared = await _check_profile(values, logo, now=now, current_slug=current["slug"])
    new_slug = cleaned["slug"]
    renamed = new_slug != current["slug"]
    if renamed and await slug_holder(new_slug) not in (None, startup_id):
        raise _slug_taken()
    changes = {**cleaned, "search_key": search_key(cleaned["name"]), "updated_at": now}
    if prepared:
        changes["logo"] = await save_prepared(prepared)
    elif remove_logo:
        changes["logo"] = ""
    try:
        async with get_engine().transaction():
            if renamed:
                # Taking back one of our own old addresses: it stops being a redirect.
                await StartupSlugRedirect.delete().where(StartupSlugRedirect.old_slug == new_slug)
                await StartupSlugRedirect.insert(StartupSlugRedirect(old_slug=current["slug"], startup=startup_id))
            await Startup.update({getattr(Startup, key): value for key, value in changes.items()}).where(Startup.id == startup_id)
    except Exception as exc:
        if is_unique_violation(exc):
            raise _slug_taken() from None
        raise
    return new_slug


# --- invitations ------------------------------------------------------------------------


async def invite_member(*, startup_id: int, inviter: Any, email: str, locale: str, now: datetime) -> str:
    """Invite an address (replacing a pending invitation to it) and e-mail the link; return the raw token.

    The e-mail is in the invitee's language when they have an account, else in the inviter's.
    """
    startup = await Startup.select(Startup.name, Startup.slug).where(Startup.id == startup_id).first()
    if startup is None:
        raise NotFound()
    if not rules.can_manage_members(inviter, await member_role(startup_id, inviter.id)):
        raise NotAllowed(_("Only the startup's owners can invite members."))
    if not (email or "").strip():
        raise InvalidInput({"email": _("Enter the e-mail address of the person to invite.")})
    email = normalize_email(email)
    already = await StartupMember.count().where(
        (StartupMember.startup == startup_id) & (StartupMember.user.email == email)
    )
    if already:
        raise InvalidInput({"email": _("%(email)s is already a member of this startup.", email=email)})
    invitee = await User.select(User.locale).where(User.email == email).first()
    raw = secrets.token_urlsafe(32)
    async with get_engine().transaction():
        await StartupInvitation.update({StartupInvitation.status: "revoked", StartupInvitation.responded_at: now}).where(
            (StartupInvitation.startup == startup_id) & (StartupInvitation.email == email)
            & (StartupInvitation.status == "pending")
        )
        await StartupInvitation.insert(StartupInvitation(
            startup=startup_id, email=email, token_hash=hash_token(raw), invited_by=inviter.id, status="pending",
            created_at=now, expires_at=now + INVITATION_LIFETIME,
        ))
        await queue_mail(to=email, template="startup_invitation", locale=invitee["locale"] if invitee else locale, now=now,
                         context={"startup": startup["name"], "inviter": inviter.name, "link": _link(f"/invitations/{raw}"),
                                  "days": INVITATION_LIFETIME.days, "has_account": invitee is not None})
    return raw


async def revoke_invitation(*, startup_id: int, invitation_id: int, actor: Any, now: datetime) -> None:
    if not rules.can_manage_members(actor, await member_role(startup_id, actor.id)):
        raise NotAllowed(_("Only the startup's owners can withdraw invitations."))
    await StartupInvitation.update({StartupInvitation.status: "revoked", StartupInvitation.responded_at: now}).where(
        (StartupInvitation.id == invitation_id) & (StartupInvitation.startup == startup_id)
        & (StartupInvitation.status == "pending")
    )


def invitation_problem(row: dict | None, *, now: datetime) -> str | None:
    """Why an invitation can't be answered: unknown, revoked, used, expired; None when it can."""
    if row is None:
        return "unknown"
    if row["status"] == "revoked":
        return "revoked"
    if row["status"] in ("accepted", "declined"):
        return "used"
    if row["status"] == "expired" or row["expires_at"] <= now:
        return "expired"
    return None


_INVITATION_COLUMNS = (
    StartupInvitation.id, StartupInvitation.status, StartupInvitation.expires_at, StartupInvitation.email,
    StartupInvitation.startup.id, StartupInvitation.startup.name, StartupInvitation.startup.slug,
    StartupInvitation.invited_by.name,
)


async def open_invitation(*, token: str, now: datetime) -> dict:
    """The invitation behind a link, with its startup; raise TokenInvalid(unknown|revoked|used|expired)."""
    row = await StartupInvitation.select(*_INVITATION_COLUMNS).where(
        StartupInvitation.token_hash == hash_token(token or "")
    ).first()
    if problem := invitation_problem(row, now=now):
        raise TokenInvalid(problem)
    return row


async def _answer(row: dict, *, user_id: int, accept: bool, now: datetime) -> bool:
    """Record the answer (once: a conditional update) and add the member; True if they joined just now."""
    startup_id = row["startup.id"]
    joined = False
    try:
        async with get_engine().transaction():
            updated = await StartupInvitation.update({
                StartupInvitation.status: "accepted" if accept else "declined", StartupInvitation.responded_at: now,
            }).where(
                (StartupInvitation.id == row["id"]) & (StartupInvitation.status == "pending")
                & (StartupInvitation.expires_at > now)
            ).returning(StartupInvitation.id)
            if not updated:  # answered in another tab a moment ago
                raise TokenInvalid("used")
            if accept and await member_role(startup_id, user_id) is None:
                await StartupMember.insert(StartupMember(startup=startup_id, user=user_id, role=rules.MEMBER, joined_at=now))
                joined = True
    except Exception as exc:
        if is_unique_violation(exc):  # joined through another invitation at the same instant
            return False
        raise
    return joined


async def respond_to_invitation(*, token: str, user: Any, accept: bool, now: datetime) -> tuple[dict, bool]:
    """Accept or decline through the e-mailed link, with any account. Returns (invitation, joined now)."""
    row = await open_invitation(token=token, now=now)
    return row, await _answer(row, user_id=user.id, accept=accept, now=now)


async def respond_by_id(*, invitation_id: int, user: Any, accept: bool, now: datetime) -> tuple[dict, bool]:
    """Accept or decline from "My startups": only for invitations to the user's own, confirmed address."""
    row = await StartupInvitation.select(*_INVITATION_COLUMNS).where(StartupInvitation.id == invitation_id).first()
    if row is None or row["email"] != user.email:
        raise NotFound()
    if not user.email_verified:
        raise NotAllowed(_("Confirm your e-mail address to answer the invitations sent to it."))
    if problem := invitation_problem(row, now=now):
        raise TokenInvalid(problem)
    return row, await _answer(row, user_id=user.id, accept=accept, now=now)


# --- membership and ownership ------------------------------------------------------------


async def _owner_count(startup_id: int) -> int:
    return await StartupMember.count().where((StartupMember.startup == startup_id) & (StartupMember.role == rules.OWNER))


async def leave_startup(*, startup_id: int, user: Any) -> None:
    role = await member_role(startup_id, user.id)
    if not rules.can_leave(user, role):
        raise NotAllowed(_("You are not a member of this startup."))
    if role == rules.OWNER and await _owner_count(startup_id) <= 1:
        raise NotAllowed(_("You are the only owner of this startup. Transfer ownership to another member before leaving."))
    await StartupMember.delete().where((StartupMember.startup == startup_id) & (StartupMember.user == user.id))


async def remove_member(*, startup_id: int, actor: Any, user_id: int) -> None:
    target_role = await member_role(startup_id, user_id)
    if target_role is None:
        raise NotFound()
    if not rules.can_remove_member(actor, await member_role(startup_id, actor.id), target_user_id=user_id,
                                   target_role=target_role):
        raise NotAllowed(_("Only the startup's owners can remove members, and an owner cannot be removed."))
    await StartupMember.delete().where((StartupMember.startup == startup_id) & (StartupMember.user == user_id))


async def transfer_ownership(*, startup_id: int, actor: Any, new_owner_id: int) -> None:
    """The owner hands the startup to a member and becomes a member."""
    if not rules.can_manage_members(actor, await member_role(startup_id, actor.id)):
        raise NotAllowed(_("Only the startup's owner can transfer ownership."))
    if not rules.can_receive_ownership(await member_role(startup_id, new_owner_id)):
        raise InvalidInput({"new_owner": _("Choose one of the startup's members.")})
    async with get_engine().transaction():
        await StartupMember.update({StartupMember.role: rules.OWNER}).where(
            (StartupMember.startup == startup_id) & (StartupMember.user == new_owner_id))
        await StartupMember.update({StartupMember.role: rules.MEMBER}).where(
            (StartupMember.startup == startup_id) & (StartupMember.user == actor.id))
