"""Loading a challenge for a page: the row, the person's relation to it, the phase, and the permission check."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from litestar import Request
from litestar.exceptions import NotFoundException, PermissionDeniedException

from showcase.challenges import phases, queries, rules
from showcase.web import current_user, utcnow


@dataclass(frozen=True)
class ChallengeContext:
    challenge: dict
    actor: rules.Actor
    state: phases.State
    phase: str
    now: datetime

    def target(self, **fields: object) -> rules.Target:
        return rules.Target(phase=self.phase, entries_public=self.challenge["entries_public"], **fields)

    def can(self, action: str, **fields: object) -> bool:
        return rules.allowed(self.actor, action, self.target(**fields))


async def load(request: Request, slug: str, *, action: str = "view_challenge") -> ChallengeContext:
    """404 for a missing challenge (or a draft the person may not see), 403 when `action` is not allowed."""
    challenge, _moved = await queries.find_challenge(slug)
    if challenge is None:
        raise NotFoundException()
    now = utcnow()
    state = await queries.challenge_state(challenge)
    context = ChallengeContext(challenge=challenge, actor=await queries.actor_for(current_user(request), challenge["id"]),
                               state=state, phase=phases.phase(state, now), now=now)
    if not context.can("view_challenge"):
        raise NotFoundException()
    if action != "view_challenge" and not context.can(action):
        raise PermissionDeniedException()
    return context
