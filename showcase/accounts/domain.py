"""Account rules: sign-up, verification, log-in, password reset and change, profile, roles."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from email_validator import EmailNotValidError, validate_email

from showcase.accounts import passwords
from showcase.accounts.tables import ROLES, AccountToken, User
from showcase.db import get_engine
from showcase.exceptions import InvalidInput, NotAllowed, TokenInvalid
from showcase.i18n import SUPPORTED, gettext as _
from showcase.mail.domain import queue_mail
from showcase.settings import get_settings

VERIFY_EMAIL = "verify_email"
RESET_PASSWORD = "reset_password"
TOKEN_LIFETIMES = {VERIFY_EMAIL: timedelta(days=3), RESET_PASSWORD: timedelta(hours=1)}
NAME_MAX = 120
BIO_MAX = 1000


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def normalize_email(raw: str) -> str:
    """Lower-cased, syntax-checked address; raises InvalidInput on the `email` field."""
    candidate = (raw or "").strip()
    if not candidate:
        raise InvalidInput({"email": _("Enter your e-mail address.")})
    try:
        checked = validate_email(candidate, check_deliverability=False)
    except EmailNotValidError:
        raise InvalidInput({"email": _("This does not look like an e-mail address (example: amina@example.ma).")}) from None
    return checked.normalized.lower()


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    if len(password) < passwords.MIN_LENGTH:
        return _("Use at least %(count)s characters.", count=passwords.MIN_LENGTH)
    if len(password) > passwords.MAX_LENGTH:
        return _("Use at most %(count)s characters.", count=passwords.MAX_LENGTH)
    lowered = password.lower()
    local_part = email.split("@")[0].lower()
    if passwords.is_common(password) or lowered in {email.lower(), local_part, name.strip().lower()} or len(set(password)) < 4:
        return _("This password is too easy to guess. Choose a longer or less common one.")
    return None


def clean_name(raw: str) -> str:
    name = " ".join((raw or "").split())
    if not name:
        raise InvalidInput({"name": _("Enter your name.")})
    if len(name) > NAME_MAX:
        raise InvalidInput({"name": _("Use at most %(count)s characters.", count=NAME_MAX)})
    return name


def clean_locale(raw: str | None) -> str:
    return raw if raw in SUPPORTED else "fr"


async def issue_token(*, user_id: int, purpose: str, now: datetime) -> str:
    raw = secrets.token_urlsafe(32)
    await AccountToken.insert(
        AccountToken(user=user_id, purpose=purpose, token_hash=hash_token(raw), created_at=now,
                     expires_at=now + TOKEN_LIFETIMES[purpose])
    )
    return raw


async def _usable_token(*, raw: str, purpose: str, now: datetime) -> dict:
    """The token's row if it can still be used; raise TokenInvalid(unknown|expired|used) otherwise."""
    row = await AccountToken.select().where(
        (AccountToken.token_hash == hash_token(raw or "")) & (AccountToken.purpose == purpose)
    ).first()
    if row is None:
        raise TokenInvalid("unknown")
    if row["used_at"] is not None:
        raise TokenInvalid("used")
    if row["expires_at"] <= now:
        raise TokenInvalid("expired")
    return row


async def consume_token(*, raw: str, purpose: str, now: datetime) -> int:
    """Mark a token used and return its user's id; raise TokenInvalid(unknown|expired|used)."""
    row = await _usable_token(raw=raw, purpose=purpose, now=now)
    updated = await AccountToken.update({AccountToken.used_at: now}).where(
        (AccountToken.id == row["id"]) & AccountToken.used_at.is_null()
    ).returning(AccountToken.id)
    if not updated:  # another request used it between our read and our write
        raise TokenInvalid("used")
    return row["user"]


def _link(path: str) -> str:
    return f"{get_settings().base_url}{path}"


async def _send_verification(*, user_id: int, email: str, name: str, locale: str, now: datetime) -> None:
    token = await issue_token(user_id=user_id, purpose=VERIFY_EMAIL, now=now)
    await queue_mail(to=email, template="verify_email", locale=locale, now=now,
                     context={"name": name, "link": _link(f"/account/verify/{token}")})


async def sign_up(*, name: str, email: str, password: str, locale: str, now: datetime) -> str:
    """Create an unverified account and mail the verification link; return the normalised address.

    An address already registered gets the same answer on screen (nothing is revealed), and its owner
    gets an e-mail saying someone tried to sign up with it.
    """
    errors: dict[str, str] = {}
    try:
        name = clean_name(name)
    except InvalidInput as exc:
        errors.update(exc.errors)
    try:
        email = normalize_email(email)
    except InvalidInput as exc:
        errors.update(exc.errors)
    if problem := password_problem(password, email=email if "email" not in errors else "", name=name if "name" not in errors else ""):
        errors["password"] = problem
    if errors:
        raise InvalidInput(errors)
    locale = clean_locale(locale)
    existing = await User.select(User.id, User.name, User.locale).where(User.email == email).first()
    if existing:
        await queue_mail(to=email, template="signup_existing", locale=existing["locale"], now=now,
                         context={"name": existing["name"], "login_link": _link("/account/login"),
                                  "reset_link": _link("/account/password/forgot")})
        return email
    password_hash = await passwords.hash_password(password)
    async with get_engine().transaction():
        rows = await User.insert(
            User(email=email, name=name, password_hash=password_hash, locale=locale, created_at=now)
        ).returning(User.id)
        await _send_verification(user_id=rows[0]["id"], email=email, name=name, locale=locale, now=now)
    return email


async def verify_email(*, token: str, now: datetime) -> int:
    async with get_engine().transaction():
        user_id = await consume_token(raw=token, purpose=VERIFY_EMAIL, now=now)
        await User.update({User.email_verified_at: now}).where(
            (User.id == user_id) & User.email_verified_at.is_null()
        )
    return user_id


async def resend_verification(*, user_id: int, now: datetime) -> None:
    user = await User.select(User.email, User.name, User.locale, User.email_verified_at).where(User.id == user_id).first()
    if user is None or user["email_verified_at"] is not None:
        return
    await _send_verification(user_id=user_id, email=user["email"], name=user["name"], locale=user["locale"], now=now)


async def authenticate(*, email: str, password: str, now: datetime) -> dict | None:
    """The user's row when the address and password match an active account, else None."""
    try:
        email = normalize_email(email)
    except InvalidInput:
        email = ""
    row = await User.select(User.id, User.password_hash, User.active, User.session_epoch).where(User.email == email).first()
    matches = await passwords.verify_password(row["password_hash"] if row else None, password)
    if not row or not matches or not row["active"]:
        return None
    changes: dict = {User.last_login_at: now}
    if passwords.needs_rehash(row["password_hash"]):
        changes[User.password_hash] = await passwords.hash_password(password)
    await User.update(changes).where(User.id == row["id"])
    return row


async def request_password_reset(*, email: str, now: datetime) -> None:
    """Mail a reset link if the address belongs to an active account; say nothing either way."""
    user = await User.select(User.id, User.name, User.locale, User.active).where(User.email == email).first()
    if user is None or not user["active"]:
        return
    token = await issue_token(user_id=user["id"], purpose=RESET_PASSWORD, now=now)
    await queue_mail(to=email, template="reset_password", locale=user["locale"], now=now,
                     context={"name": user["name"], "link": _link(f"/account/password/reset/{token}"),
                              "minutes": int(TOKEN_LIFETIMES[RESET_PASSWORD].total_seconds() // 60)})


async def check_reset_token(*, token: str, now: datetime) -> None:
    """Raise TokenInvalid if the reset link can't be used, so the form is not shown for nothing."""
    await _usable_token(raw=token, purpose=RESET_PASSWORD, now=now)


async def reset_password(*, token: str, password: str, now: datetime) -> int:
    """Set a new password from a reset link; the link proves the address, so it also verifies it."""
    await check_reset_token(token=token, now=now)
    owner = await AccountToken.select(AccountToken.user.email, AccountToken.user.name).where(
        AccountToken.token_hash == hash_token(token)
    ).first()
    if problem := password_problem(password, email=owner["user.email"], name=owner["user.name"]):
        raise InvalidInput({"password": problem})
    password_hash = await passwords.hash_password(password)
    async with get_engine().transaction():
        user_id = await consume_token(raw=token, purpose=RESET_PASSWORD, now=now)
        await User.update({
            User.password_hash: password_hash,
            User.session_epoch: User.session_epoch + 1,
            User.email_verified_at: now,
        }).where(User.id == user_id)
        # Any other reset link still in a mailbox dies with this one.
        await AccountToken.update({AccountToken.used_at: now}).where(
            (AccountToken.user == user_id) & (AccountToken.purpose == RESET_PASSWORD) & AccountToken.used_at.is_null()
        )
    return user_id


async def change_password(*, user_id: int, current: str, new: str, confirm: str) -> int:
    """Change a password after checking the current one; return the new session epoch."""
    row = await User.select(User.password_hash, User.email, User.name, User.session_epoch).where(User.id == user_id).first()
    if row is None:
        raise NotAllowed()
    if not await passwords.verify_password(row["password_hash"], current):
        raise InvalidInput({"current_password": _("Your current password is not right.")})
    if problem := password_problem(new, email=row["email"], name=row["name"]):
        raise InvalidInput({"new_password": problem})
    if new != confirm:
        raise InvalidInput({"confirm_password": _("The two passwords are different.")})
    epoch = row["session_epoch"] + 1
    await User.update({User.password_hash: await passwords.hash_password(new), User.session_epoch: epoch}).where(
        User.id == user_id
    )
    return epoch


async def update_profile(*, user_id: int, name: str, locale: str, bio: str) -> None:
    errors: dict[str, str] = {}
    try:
        name = clean_name(name)
    except InvalidInput as exc:
        errors.update(exc.errors)
    bio = (bio or "").strip()
    if len(bio) > BIO_MAX:
        errors["bio"] = _("Use at most %(count)s characters.", count=BIO_MAX)
    if locale not in SUPPORTED:
        errors["locale"] = _("Choose one of the languages in the list.")
    if errors:
        raise InvalidInput(errors)
    await User.update({User.name: name, User.locale: locale, User.bio: bio}).where(User.id == user_id)


async def set_roles(*, actor_id: int, user_id: int, roles: set[str], active: bool) -> None:
    """Grant exactly `roles`; admins cannot remove their own admin role or deactivate themselves."""
    unknown = roles - set(ROLES)
    if unknown:
        raise InvalidInput({"roles": _("Unknown role.")})
    if actor_id == user_id and ("admin" not in roles or not active):
        raise NotAllowed(_("You cannot remove your own admin role or deactivate your own account."))
    changes = {getattr(User, f"is_{role}"): role in roles for role in ROLES}
    changes[User.active] = active
    if not active:
        changes[User.session_epoch] = User.session_epoch + 1
    await User.update(changes).where(User.id == user_id)


async def create_admin(*, email: str, name: str, password: str, now: datetime) -> tuple[int, bool]:
    """Create a verified admin, or promote the existing account; return (id, created)."""
    email = normalize_email(email)
    existing = await User.select(User.id).where(User.email == email).first()
    if existing:
        await User.update({User.is_admin: True, User.active: True}).where(User.id == existing["id"])
        return existing["id"], False
    name = clean_name(name)
    if problem := password_problem(password, email=email, name=name):
        raise InvalidInput({"password": problem})
    rows = await User.insert(
        User(email=email, name=name, password_hash=await passwords.hash_password(password), is_admin=True,
             email_verified_at=now, created_at=now)
    ).returning(User.id)
    return rows[0]["id"], True
