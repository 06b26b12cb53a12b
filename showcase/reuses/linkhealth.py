"""Link health: check the address of every published reuse; flag it to its author and the moderators
when several checks in a row fail."""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from litestar import Litestar

from showcase.background import every
from showcase.linkcheck import check_many, newly_flagged, next_failure_count
from showcase.mail.domain import queue_mail
from showcase.reuses.tables import Reuse
from showcase.settings import get_settings

logger = logging.getLogger("showcase.reuses")
RECHECK_AFTER = timedelta(hours=20)
FLAG_THRESHOLD = 3


@dataclass
class LinkReport:
    checked: int = 0
    ok: int = 0
    failing: int = 0
    flagged: int = 0
    recovered: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)


async def check_links(*, now: datetime, limit: int = 500, check: Callable | None = None,
                      progress: Callable[[int, int], None] | None = None) -> LinkReport:
    """Check the published reuses not checked for RECHECK_AFTER, oldest first.

    `check` is `showcase.linkcheck.check_many` (tests may give the same function other options).
    """
    check = check or check_many
    rows = await Reuse.select(Reuse.id, Reuse.slug, Reuse.url, Reuse.title_fr, Reuse.title_ar, Reuse.owner,
                              Reuse.link_failures, Reuse.link_flagged_at).where(
        (Reuse.status == "published") & Reuse.deleted_at.is_null()
        & (Reuse.link_checked_at.is_null() | (Reuse.link_checked_at < now - RECHECK_AFTER))
    ).order_by(Reuse.link_checked_at).order_by(Reuse.id).limit(limit)
    report = LinkReport()
    if progress:
        progress(0, len(rows))
    results = await check([row["url"] for row in rows]) if rows else {}
    for index, row in enumerate(rows, start=1):
        result = results[row["url"]]
        failures = next_failure_count(row["link_failures"], result)
        flag_now = newly_flagged(row["link_failures"], failures, FLAG_THRESHOLD)
        changes = {Reuse.link_checked_at: now, Reuse.link_status: result.status, Reuse.link_reason: result.reason,
                   Reuse.link_failures: failures}
        if flag_now:
            changes[Reuse.link_flagged_at] = now
        if result.ok and row["link_flagged_at"] is not None:
            changes[Reuse.link_flagged_at] = None
            report.recovered += 1
        await Reuse.update(changes).where(Reuse.id == row["id"])
        report.checked += 1
        report.ok += result.ok
        if not result.ok:
            report.failing += 1
            report.problems.append((row["slug"], result.reason))
        if flag_now:
            report.flagged += 1
            await _tell_people(row, reason=result.reason, now=now)
        if progress:
            progress(index, len(rows))
    return report


async def _tell_people(reuse: dict, *, reason: str, now: datetime) -> None:
    """The author (in their language) and every moderator get one e-mail when a link crosses the threshold."""
    from showcase.accounts.tables import User

    base = get_settings().base_url
    people = await User.select(User.id, User.email, User.name, User.locale).where(
        (User.active == True) & ((User.id == reuse["owner"]) | (User.is_moderator == True))  # noqa: E712
    )
    for person in people:
        title = (reuse["title_ar"] or reuse["title_fr"]) if person["locale"] == "ar" else (
            reuse["title_fr"] or reuse["title_ar"])
        await queue_mail(to=person["email"], template="reuse_link_broken", locale=person["locale"], now=now, context={
            "name": person["name"], "title": title, "url": reuse["url"], "reason": reason,
            "checks": FLAG_THRESHOLD, "link": f"{base}/reuses/{reuse['slug']}",
            "edit_link": f"{base}/reuses/{reuse['slug']}/edit", "is_author": person["id"] == reuse["owner"],
        })


async def scheduled_check(app: Litestar) -> LinkReport | None:
    """One scheduled round. With Redis, several workers share the schedule: a lock lets one of them run it
    (and RECHECK_AFTER keeps a later round elsewhere from checking the same links again)."""
    from litestar.stores.redis import RedisStore

    store = app.stores.get("cache")
    lock = None
    if isinstance(store, RedisStore):
        lock = store._redis.lock("showcase:link-check:running", timeout=3600, blocking=False)
        if not await lock.acquire():
            return None
    try:
        report = await check_links(now=datetime.now(UTC))
    finally:
        if lock is not None:
            await lock.release()
    logger.info("link check: %s checked, %s failing, %s newly flagged", report.checked, report.failing, report.flagged)
    return report


@asynccontextmanager
async def link_check_lifespan(app: Litestar) -> AsyncGenerator[None, None]:
    """Scheduled link-health rounds in this process (LINK_CHECK_INTERVAL seconds; 0 turns them off)."""
    interval = app.state.settings.link_check_interval
    if not interval:
        yield
        return
    async with every(interval, lambda: scheduled_check(app), name="link check", first_delay=min(600, interval)):
        yield
