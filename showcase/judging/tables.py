"""The jury of a challenge and the conflicts of interest between judges and entries."""

from __future__ import annotations

from piccolo.columns import ForeignKey, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from showcase.accounts.tables import User
from showcase.challenges.tables import Challenge, Entry, Track


class Judge(Table, tablename="judging_judge"):
    """A person on the jury of a challenge; track None means the whole challenge."""

    challenge = ForeignKey(references=Challenge, on_delete=OnDelete.cascade, index=True)
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
    track = ForeignKey(references=Track, null=True, on_delete=OnDelete.cascade)
    key = Varchar(length=60, unique=True)  # "<challenge>:<user>:<track or 0>"
    created_at = Timestamptz(default=TimestamptzNow())


class JudgeInvitation(Table, tablename="judging_invitation"):
    challenge = ForeignKey(references=Challenge, on_delete=OnDelete.cascade, index=True)
    track = ForeignKey(references=Track, null=True, on_delete=OnDelete.cascade)
    email = Varchar(length=254, index=True)
    token_hash = Varchar(length=64, unique=True, index=True)
    invited_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    status = Varchar(length=10, default="pending")  # pending, accepted, declined, revoked
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    responded_at = Timestamptz(null=True, default=None)


class Conflict(Table, tablename="judging_conflict"):
    """A judge who must not review an entry: declared by the judge, found automatically, or named by the team."""

    challenge = ForeignKey(references=Challenge, on_delete=OnDelete.cascade, index=True)
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
    entry = ForeignKey(references=Entry, on_delete=OnDelete.cascade, index=True)
    source = Varchar(length=10, default="declared")  # declared, automatic, team
    reason = Text(default="")
    key = Varchar(length=40, unique=True)  # "<entry>:<user>"
    created_at = Timestamptz(default=TimestamptzNow())
