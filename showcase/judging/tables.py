"""The jury of a challenge and the conflicts of interest between judges and entries."""

from __future__ import annotations

from piccolo.columns import Boolean, DoublePrecision, ForeignKey, Integer, Text, Timestamptz, Varchar
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


class JudgingSettings(Table, tablename="judging_settings"):
    """How a challenge is judged: one row per challenge, created with defaults on first use."""

    challenge = ForeignKey(references=Challenge, on_delete=OnDelete.cascade, unique=True, index=True)
    reviews_per_entry = Integer(default=3)  # k: judges per entry in the automatic assignment
    assignment_seed = Integer(default=1)
    other_reviews = Varchar(length=12, default="after_own")  # never, after_own, always
    anonymised = Boolean(default=False)  # judges never see team, startup or member names
    aggregate = Varchar(length=10, default="mean")  # mean, median, trimmed
    trim = Integer(default=1)  # k highest and k lowest dropped by the trimmed mean
    correction = Varchar(length=10, default="additive")  # none, zscore, additive
    min_judge_entries = Integer(default=3)  # z-scores only for judges with at least this many entries
    shrinkage = Integer(default=0)  # m of the shrunk judge mean (0: none)
    primary_criterion = Integer(null=True, default=None)  # a Criterion id: the second tie-break
    feedback_to_teams = Boolean(default=False)  # teams receive their own scores and comments with the results
    votes_per_account = Integer(default=0)  # public vote: 0 = one vote per entry; N = N votes in total
    updated_at = Timestamptz(default=TimestamptzNow())


class Criterion(Table, tablename="judging_criterion"):
    """A rubric criterion; weight 0 makes it independent (scored, shown, not in the total)."""

    challenge = ForeignKey(references=Challenge, on_delete=OnDelete.cascade, index=True)
    name_fr = Varchar(length=150, default="")
    name_ar = Varchar(length=150, default="")
    description_fr = Text(default="")
    description_ar = Text(default="")
    weight = DoublePrecision(default=1.0)
    scale_min = Integer(default=0)
    scale_max = Integer(default=10)
    position = Integer(default=0)


class Round(Table, tablename="judging_round"):
    """A judging round: rubric scoring or pairwise comparisons, over all eligible entries or a shortlist."""

    challenge = ForeignKey(references=Challenge, on_delete=OnDelete.cascade, index=True)
    position = Integer(default=1)
    kind = Varchar(length=10, default="rubric")  # rubric, pairwise
    name_fr = Varchar(length=150, default="")
    name_ar = Varchar(length=150, default="")
    track = ForeignKey(references=Track, null=True, on_delete=OnDelete.cascade)  # None: every track
    status = Varchar(length=10, default="open")  # open, closed
    shortlist_size = Integer(default=0)  # entries carried from the previous round per track; 0: all eligible
    key = Varchar(length=40, unique=True)  # "<challenge>:<position>"
    opened_at = Timestamptz(default=TimestamptzNow())
    closed_at = Timestamptz(null=True, default=None)


class RoundEntry(Table, tablename="judging_round_entry"):
    round = ForeignKey(references=Round, on_delete=OnDelete.cascade, index=True)
    entry = ForeignKey(references=Entry, on_delete=OnDelete.cascade, index=True)
    key = Varchar(length=40, unique=True)  # "<round>:<entry>"


class Assignment(Table, tablename="judging_assignment"):
    """A judge asked to review an entry in a round."""

    round = ForeignKey(references=Round, on_delete=OnDelete.cascade, index=True)
    challenge = ForeignKey(references=Challenge, on_delete=OnDelete.cascade, index=True)
    entry = ForeignKey(references=Entry, on_delete=OnDelete.cascade, index=True)
    judge = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
    source = Varchar(length=10, default="auto")  # auto, manual
    key = Varchar(length=60, unique=True)  # "<round>:<entry>:<judge>"
    created_at = Timestamptz(default=TimestamptzNow())


class Review(Table, tablename="judging_review"):
    """A judge's rubric review of an entry in a round: a draft until submitted, editable until judging closes."""

    round = ForeignKey(references=Round, on_delete=OnDelete.cascade, index=True)
    challenge = ForeignKey(references=Challenge, on_delete=OnDelete.cascade, index=True)
    entry = ForeignKey(references=Entry, on_delete=OnDelete.cascade, index=True)
    judge = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
    status = Varchar(length=10, default="draft", index=True)  # draft, submitted
    overall_comment = Text(default="")  # shared with the team when the organizer allows feedback
    private_note = Text(default="")  # for the organizers only
    total = DoublePrecision(null=True, default=None)  # the weighted total once every counting criterion is scored
    source = Varchar(length=10, default="web")  # web, import
    key = Varchar(length=60, unique=True)  # "<round>:<entry>:<judge>"
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    submitted_at = Timestamptz(null=True, default=None)


class ReviewScore(Table, tablename="judging_review_score"):
    review = ForeignKey(references=Review, on_delete=OnDelete.cascade, index=True)
    criterion = ForeignKey(references=Criterion, on_delete=OnDelete.cascade, index=True)
    score = DoublePrecision(null=True, default=None)
    comment = Text(default="")
    key = Varchar(length=40, unique=True)  # "<review>:<criterion>"


class PairwiseItem(Table, tablename="judging_pairwise_item"):
    """Crowd-BT's posterior N(mu, sigma_sq) of an entry in a pairwise round (replayable from the decisions)."""

    round = ForeignKey(references=Round, on_delete=OnDelete.cascade, index=True)
    entry = ForeignKey(references=Entry, on_delete=OnDelete.cascade, index=True)
    mu = DoublePrecision(default=0.0)
    sigma_sq = DoublePrecision(default=1.0)
    views = Integer(default=0)
    key = Varchar(length=40, unique=True)  # "<round>:<entry>"


class PairwiseJudge(Table, tablename="judging_pairwise_judge"):
    """A judge's reliability Beta(alpha, beta) in a pairwise round and the pair on their screen."""

    round = ForeignKey(references=Round, on_delete=OnDelete.cascade, index=True)
    judge = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
    alpha = DoublePrecision(default=10.0)
    beta = DoublePrecision(default=1.0)
    previous_entry = ForeignKey(references=Entry, null=True, on_delete=OnDelete.set_null)
    current_entry = ForeignKey(references=Entry, null=True, on_delete=OnDelete.set_null)
    key = Varchar(length=40, unique=True)  # "<round>:<judge>"


class PairwiseDecision(Table, tablename="judging_pairwise_decision"):
    """The decision log of a pairwise round, in order; undone decisions stay, marked, and are not replayed."""

    round = ForeignKey(references=Round, on_delete=OnDelete.cascade, index=True)
    judge = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
    sequence = Integer()
    kind = Varchar(length=10, default="decision")  # decision, skip
    winner = ForeignKey(references=Entry, null=True, on_delete=OnDelete.cascade)
    loser = ForeignKey(references=Entry, null=True, on_delete=OnDelete.cascade)
    skipped = ForeignKey(references=Entry, null=True, on_delete=OnDelete.cascade)
    undone = Boolean(default=False)
    key = Varchar(length=40, unique=True)  # "<round>:<sequence>"
    created_at = Timestamptz(default=TimestamptzNow())


class Vote(Table, tablename="judging_vote"):
    """A public (People's Choice) vote, with what the anomaly flags need. Voided votes stay, with a reason."""

    challenge = ForeignKey(references=Challenge, on_delete=OnDelete.cascade, index=True)
    entry = ForeignKey(references=Entry, on_delete=OnDelete.cascade, index=True)
    voter = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
    ip = Varchar(length=45, default="")
    subnet = Varchar(length=50, default="", index=True)  # /24 for IPv4, /48 for IPv6
    device = Varchar(length=64, default="", index=True)  # hash of the long-lived device cookie
    status = Varchar(length=10, default="valid", index=True)  # valid, voided
    void_reason = Text(default="")
    voided_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    voided_at = Timestamptz(null=True, default=None)
    key = Varchar(length=40, unique=True)  # "<entry>:<voter>"
    created_at = Timestamptz(default=TimestamptzNow())


class Award(Table, tablename="judging_award"):
    """A prize decision: pending until the organizers publish the results, all at once."""

    challenge = ForeignKey(references=Challenge, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=16, default="track")  # track, overall, peoples_choice, mention
    track = ForeignKey(references=Track, null=True, on_delete=OnDelete.cascade)
    entry = ForeignKey(references=Entry, on_delete=OnDelete.cascade, index=True)
    rank = Integer(default=1)
    citation = Text(default="")  # why, as published
    status = Varchar(length=10, default="pending", index=True)  # pending, published
    decided_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    key = Varchar(length=60, unique=True)  # "<challenge>:<kind>:<track or 0>:<rank>"
    created_at = Timestamptz(default=TimestamptzNow())
    published_at = Timestamptz(null=True, default=None)


class ResultsRelease(Table, tablename="judging_results_release"):
    """The published results: the CSV as published and its SHA-256, so anyone can check a copy."""

    challenge = ForeignKey(references=Challenge, on_delete=OnDelete.cascade, unique=True, index=True)
    csv = Text()
    sha256 = Varchar(length=64)
    published_by = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    published_at = Timestamptz()


class AuditEvent(Table, tablename="judging_audit_event"):
    """Append-only, hash-chained per challenge: hash = SHA-256 of the canonical event including prev_hash.

    The actor is kept as a plain id and name (no foreign key) so that deleting an account never rewrites
    the chain."""

    challenge = ForeignKey(references=Challenge, on_delete=OnDelete.cascade, index=True)
    sequence = Integer()
    actor_id = Integer(null=True, default=None)
    actor_name = Varchar(length=200, default="")
    action = Varchar(length=40)
    subject = Varchar(length=120, default="")
    payload = Text(default="{}")  # canonical JSON
    prev_hash = Varchar(length=64)
    hash = Varchar(length=64, unique=True)
    key = Varchar(length=40, unique=True)  # "<challenge>:<sequence>"
    created_at = Timestamptz()
