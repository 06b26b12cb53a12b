"""Demo startups (filled in with the startups feature)."""

from datetime import datetime


async def load_demo_startups(*, people: dict[str, int], now: datetime) -> None:
    return None
