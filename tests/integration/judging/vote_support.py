"""Public vote test helpers: a challenge in judging with its vote window around the real clock, and voters
whose accounts are older than the window (so they are not flagged as new accounts)."""

from __future__ import annotations

from datetime import datetime, timedelta

from showcase.accounts.tables import User
from showcase.challenges.tables import Challenge
from showcase.judging.tables import JudgingSettings, Vote
from tests.integration.judging.support import Jury, jury_with_entries
from tests.support import create_user, now

DAY = timedelta(days=1)


async def vote_challenge(*, entries: int = 4, window: str = "open", votes_per_account: int = 0, **fields: object) -> Jury:
    """A challenge in judging with `entries` eligible entries and a public vote that is `window`
    ("open": opened a day ago, closes in two days; "before": opens in 3 days; "closed": closed yesterday)."""
    clock = now()
    opens, closes = {"open": (clock - DAY, clock + 2 * DAY), "before": (clock + 3 * DAY, clock + 4 * DAY),
                     "closed": (clock - 3 * DAY, clock - DAY)}[window]
    jury = await jury_with_entries(judges=1, entries=entries, **fields)
    await Challenge.update({Challenge.voting_opens_at: opens, Challenge.voting_closes_at: closes}).where(
        Challenge.id == jury.challenge["id"])
    if votes_per_account:
        await JudgingSettings.insert(JudgingSettings(challenge=jury.challenge["id"],
                                                     votes_per_account=votes_per_account))
    return jury


async def voter(email: str, *, verified: bool = True, created: datetime | None = None, name: str = "") -> int:
    """An account created 30 days ago unless `created` says otherwise."""
    user_id = await create_user(email, name=name or email.split("@")[0].title(), verified=verified)
    await User.update({User.created_at: created or now() - 30 * DAY}).where(User.id == user_id)
    return user_id


async def votes_of(challenge_id: int) -> list[dict]:
    return await Vote.select(Vote.id, Vote.entry, Vote.voter, Vote.status, Vote.key).where(
        Vote.challenge == challenge_id).order_by(Vote.id)


async def context_for(challenge_id: int, user_id: int | None):  # noqa: ANN201
    """(ChallengeContext, session user) as a page would load them, for calling voting.py directly."""
    from showcase.accounts.queries import session_user_from_row
    from showcase.challenges import phases, queries
    from showcase.challenges.access import ChallengeContext

    challenge = await Challenge.select().where(Challenge.id == challenge_id).first()
    user = None
    if user_id is not None:
        user = session_user_from_row(await User.select().where(User.id == user_id).first())
    state = await queries.challenge_state(challenge)
    clock = now()
    ctx = ChallengeContext(challenge=challenge, actor=await queries.actor_for(user, challenge_id), state=state,
                           phase=phases.phase(state, clock), now=clock)
    return ctx, user
