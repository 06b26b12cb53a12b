"""Fixed-window counters kept in the app's "rate_limit" store (memory, or Redis across workers)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

from litestar.stores.base import Store

from showcase.exceptions import RateLimited


@dataclass(frozen=True)
class Limit:
    name: str
    attempts: int
    window_seconds: int


LOGIN_PER_IP = Limit("login-ip", 30, 15 * 60)
LOGIN_PER_ACCOUNT = Limit("login-account", 8, 15 * 60)
SIGNUP_PER_IP = Limit("signup-ip", 60, 60 * 60)  # a hackathon room signs up behind one address
SIGNUP_PER_ACCOUNT = Limit("signup-account", 3, 60 * 60)  # each attempt on a taken address mails its owner
RESET_PER_IP = Limit("reset-ip", 10, 60 * 60)
RESET_PER_ACCOUNT = Limit("reset-account", 3, 60 * 60)
INVITE_PER_USER = Limit("invite-user", 30, 60 * 60)
REPORT_PER_IP = Limit("report-ip", 10, 60 * 60)


async def _read(store: Store, key: str, now: float, window: int) -> tuple[int, float]:
    raw = await store.get(key)
    if raw:
        record = json.loads(raw)
        if record["reset"] > now:
            return record["count"], record["reset"]
    return 0, now + window


async def check(store: Store, limit: Limit, subject: str, *, now: float | None = None) -> None:
    """Raise RateLimited when `subject` has used up its attempts in the current window."""
    now = time.time() if now is None else now
    count, reset = await _read(store, f"{limit.name}:{subject}", now, limit.window_seconds)
    if count >= limit.attempts:
        raise RateLimited(retry_after=max(1, int(reset - now)))


async def hit(store: Store, limit: Limit, subject: str, *, now: float | None = None) -> None:
    """Count one attempt; raise RateLimited if it goes over the limit."""
    now = time.time() if now is None else now
    key = f"{limit.name}:{subject}"
    count, reset = await _read(store, key, now, limit.window_seconds)
    if count >= limit.attempts:
        raise RateLimited(retry_after=max(1, int(reset - now)))
    await store.set(key, json.dumps({"count": count + 1, "reset": reset}), expires_in=max(1, int(reset - now)))


async def clear(store: Store, limit: Limit, subject: str) -> None:
    await store.delete(f"{limit.name}:{subject}")
