"""Users and the single-use tokens mailed to them."""

from piccolo.columns import Boolean, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

ROLES = ("moderator", "organizer", "admin")


class User(Table, tablename="account_user"):
    email = Varchar(length=254, unique=True, index=True)  # stored lower-cased: unique case-insensitively
    name = Varchar(length=120)
    password_hash = Varchar(length=255)
    locale = Varchar(length=5, default="fr")
    bio = Text(default="")
    email_verified_at = Timestamptz(null=True, default=None)
    is_moderator = Boolean(default=False)
    is_organizer = Boolean(default=False)
    is_admin = Boolean(default=False)
    active = Boolean(default=True)
    session_epoch = Integer(default=0)  # bumped on password change: other sessions end
    created_at = Timestamptz(default=TimestamptzNow())
    last_login_at = Timestamptz(null=True, default=None)


class AccountToken(Table, tablename="account_token"):
    """A link sent by e-mail (verification, password reset); only its SHA-256 is stored."""

    user = ForeignKey(references=User, on_delete=OnDelete.cascade)
    purpose = Varchar(length=20)
    token_hash = Varchar(length=64, unique=True, index=True)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)


class ApiToken(Table, tablename="account_api_token"):
    """A personal token for the JSON API (Authorization: Token <token>); only its SHA-256 is stored."""

    user = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
    name = Varchar(length=80)
    token_hash = Varchar(length=64, unique=True, index=True)
    prefix = Varchar(length=12)  # the first characters, so people can tell their tokens apart
    created_at = Timestamptz(default=TimestamptzNow())
    last_used_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)
