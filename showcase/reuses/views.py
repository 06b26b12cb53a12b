"""Views counted once per visitor per day; bots are not visitors."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime

from litestar import Request

from showcase.reuses.tables import Reuse

BOT_AGENTS = re.compile(r"bot|crawl|spider|slurp|preview|monitor|curl|wget|python-|httpx|go-http|headless|lighthouse",
                        re.IGNORECASE)


def is_bot(user_agent: str) -> bool:
    return not user_agent or bool(BOT_AGENTS.search(user_agent))


def visitor_key(*, reuse_id: int, ip: str, user_agent: str, day: str, secret: str) -> str:
    """A daily, salted fingerprint: it counts a visitor once a day without storing who they are."""
    digest = hashlib.sha256(f"{secret}|{day}|{ip}|{user_agent}|{reuse_id}".encode()).hexdigest()[:32]
    return f"view:{digest}"


async def count_view(request: Request, reuse: dict) -> bool:
    """Add one view to a published reuse if this visitor has not been counted today."""
    user_agent = request.headers.get("user-agent", "")
    if reuse["status"] != "published" or is_bot(user_agent):
        return False
    settings = request.app.state.settings
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    ip = request.client.host if request.client else ""
    key = visitor_key(reuse_id=reuse["id"], ip=ip, user_agent=user_agent, day=day, secret=settings.secret_key)
    store = request.app.stores.get("cache")
    if await store.exists(key):
        return False
    await store.set(key, b"1", expires_in=26 * 3600)
    await Reuse.update({Reuse.views: Reuse.views + 1}).where(Reuse.id == reuse["id"])
    return True
