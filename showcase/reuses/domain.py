"""Reuse rules: saving (with dataset citations and pictures), the moderation workflow, abuse reports."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from showcase.db import get_engine
from showcase.exceptions import InvalidInput, NotAllowed
from showcase.i18n import gettext as _
from showcase.mail.domain import queue_mail
from showcase.portal.domain import resolve_citations
from showcase.portal.tables import Theme
from showcase.reuses import constants, rules
from showcase.reuses.fields import ReuseFields, citation_lines, clean_reuse, url_identity
from showcase.reuses.search import index_reuse
from showcase.reuses.tables import (
    AbuseReport, ModerationEvent, Reuse, ReuseDataset, ReuseScreenshot, ReuseSlugRedirect, ReuseTag, ReuseTheme,
)
from showcase.settings import get_settings
from showcase.startups.fields import slugify
from showcase.startups.tables import StartupMember

PICTURE_KEY = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True, slots=True)
class Saved:
    reuse_id: int
    slug: str
    status: str


async def startup_member_ids(startup_id: int | None) -> frozenset[int]:
    if startup_id is None:
        return frozenset()
    rows = await StartupMember.select(StartupMember.user).where(StartupMember.startup == startup_id)
    return frozenset(row["user"] for row in rows)


async def _free_slug(base: str, *, reuse_id: int | None) -> str:
    base = base or "reuse"
    candidate, counter = base, 2
    while True:
        taken = await Reuse.select(Reuse.id).where(Reuse.slug == candidate).first()
        redirected = await ReuseSlugRedirect.select(ReuseSlugRedirect.reuse).where(
            ReuseSlugRedirect.old_slug == candidate).first()
        if (taken is None or taken["id"] == reuse_id) and (redirected is None or redirected["reuse"] == reuse_id) \
                and candidate not in ("new", "manage"):
            return candidate
        candidate, counter = f"{base[:80]}-{counter}", counter + 1


async def _theme_ids(names: list[str], errors: dict[str, str]) -> list[int]:
    if not names:
        return []
    rows = await Theme.select(Theme.id, Theme.name).where(Theme.name.is_in(names))
    found = {row["name"]: row["id"] for row in rows}
    if len(found) != len(set(names)):
        errors["themes"] = _("Choose themes in the list.")
    return [found[name] for name in names if name in found]


async def _duplicate_of(url: str, reuse_id: int | None) -> dict | None:
    query = Reuse.select(Reuse.id, Reuse.slug, Reuse.title_fr, Reuse.title_ar).where(
        (Reuse.url_hash == url_identity(url)) & Reuse.deleted_at.is_null())
    if reuse_id is not None:
        query = query.where(Reuse.id != reuse_id)
    return await query.first()


class DuplicateUrl(InvalidInput):
    """The address is already presented by another reuse; `existing` is that reuse (slug, titles)."""

    def __init__(self, errors: dict[str, str], existing: dict) -> None:
        super().__init__(errors)
        self.existing = existing


async def save_reuse(*, user: Any, reuse_id: int | None, values: dict[str, str], multi: dict[str, list[str]],
                     cover_key: str, portal: Any, site: Any, now: datetime, submit: bool,
                     screenshots: list[tuple[str, str]] | None = None) -> Saved:
    """Create or update a reuse from the form. Raises InvalidInput with every problem at once.

    `cover_key` is the picture already stored for this form (uploads are processed before this call).
    """
    fields, errors = clean_reuse(values, multi)
    existing = await Reuse.select().where(Reuse.id == reuse_id).first() if reuse_id else None
    if reuse_id and existing is None:
        raise NotAllowed()
    startup_id = await _checked_startup(values.get("startup", ""), user, errors)
    if existing and not rules.can_edit(user, existing, await startup_member_ids(existing["startup"])):
        raise NotAllowed()
    if cover_key and not PICTURE_KEY.match(cover_key):
        cover_key = ""
    duplicate = await _duplicate_of(fields.url, reuse_id) if fields.url else None
    if duplicate:
        errors["url"] = _("Another reuse already presents this address.")
    dataset_ids: list[int] = []
    citations = citation_lines(values.get("datasets", ""))
    try:
        dataset_ids = await resolve_citations(citations, portal=portal, site=site, now=now)
    except InvalidInput as exc:
        errors.update(exc.errors)
    theme_ids = await _theme_ids(fields.theme_names, errors)  # after citing: cited datasets bring their themes
    if errors:
        raise DuplicateUrl(errors, duplicate) if duplicate else InvalidInput(errors)
    shots = None
    if screenshots is not None:
        shots = [(key, " ".join(alt.split())[:250]) for key, alt in screenshots if PICTURE_KEY.match(key)]
        shots = shots[: constants.MAX_SCREENSHOTS]
    saved = await _write(user=user, existing=existing, fields=fields, startup_id=startup_id, theme_ids=theme_ids,
                         dataset_ids=dataset_ids, cover_key=cover_key, now=now, submit=submit)
    if shots is not None:
        await ReuseScreenshot.delete().where(ReuseScreenshot.reuse == saved.reuse_id)
        if shots:
            await ReuseScreenshot.insert(*[ReuseScreenshot(reuse=saved.reuse_id, picture=key, alt=alt, position=i)
                                           for i, (key, alt) in enumerate(shots)])
    return saved


async def _checked_startup(raw: str, user: Any, errors: dict[str, str]) -> int | None:
    if not raw:
        return None
    try:
        startup_id = int(raw)
    except ValueError:
        startup_id = -1
    if startup_id not in await _user_startups(user.id):
        errors["startup"] = _("Choose one of your startups, or none.")
        return None
    return startup_id


async def _user_startups(user_id: int) -> set[int]:
    rows = await StartupMember.select(StartupMember.startup).where(StartupMember.user == user_id)
    return {row["startup"] for row in rows}


def _columns(fields: ReuseFields, *, startup_id: int | None, cover_key: str, now: datetime) -> dict:
    return {
        Reuse.title_fr: fields.title_fr, Reuse.title_ar: fields.title_ar, Reuse.summary_fr: fields.summary_fr,
        Reuse.summary_ar: fields.summary_ar, Reuse.description_fr: fields.description_fr,
        Reuse.description_ar: fields.description_ar, Reuse.url: fields.url, Reuse.url_hash: url_identity(fields.url),
        Reuse.type: fields.type, Reuse.startup: startup_id, Reuse.cover: cover_key, Reuse.cover_alt: fields.cover_alt,
        Reuse.platforms: ",".join(fields.platforms), Reuse.android_url: fields.android_url,
        Reuse.ios_url: fields.ios_url, Reuse.stage: fields.stage, Reuse.business_model: fields.business_model,
        Reuse.impact_fr: fields.impact_fr, Reuse.impact_ar: fields.impact_ar, Reuse.updated_at: now,
    }


async def _write(*, user: Any, existing: dict | None, fields: ReuseFields, startup_id: int | None,
                 theme_ids: list[int], dataset_ids: list[int], cover_key: str, now: datetime, submit: bool) -> Saved:
    title = fields.title_fr or fields.title_ar
    async with get_engine().transaction():
        if existing is None:
            slug = await _free_slug(slugify(title), reuse_id=None)
            status = "submitted" if submit else "draft"
            rows = await Reuse.insert(Reuse(slug=slug, owner=user.id, status=status, created_at=now,
                                            submitted_at=now if submit else None)).returning(Reuse.id)
            reuse_id, previous_datasets, old_status = rows[0]["id"], [], ""
            await _log(reuse_id, user, "create", "", status, "", now)
        else:
            reuse_id, slug, old_status = existing["id"], existing["slug"], existing["status"]
            previous_datasets = [row["dataset"] for row in await ReuseDataset.select(ReuseDataset.dataset).where(
                ReuseDataset.reuse == reuse_id).order_by(ReuseDataset.position)]
            old_title = existing["title_fr"] or existing["title_ar"]
            if title != old_title and slugify(title) != slugify(old_title):
                slug = await _rename(reuse_id, old_slug=slug, title=title)
            status = old_status
            if rules.editing_needs_review(status=old_status, url_changed=url_identity(fields.url) != existing["url_hash"],
                                          datasets_changed=set(dataset_ids) != set(previous_datasets)):
                status = "submitted"
            elif submit and (old_status, "submit") in rules.TRANSITIONS:
                status = "submitted"
            await _log(reuse_id, user, "edit", old_status, status, "", now)
        await Reuse.update({**_columns(fields, startup_id=startup_id, cover_key=cover_key, now=now),
                            Reuse.status: status, Reuse.slug: slug,
                            **({Reuse.submitted_at: now} if status == "submitted" and old_status != "submitted" else {})
                            }).where(Reuse.id == reuse_id)
        await _replace_links(reuse_id, dataset_ids=dataset_ids, theme_ids=theme_ids, tags=fields.tags)
        await index_reuse(reuse_id)
    return Saved(reuse_id, slug, status)


async def _rename(reuse_id: int, *, old_slug: str, title: str) -> str:
    slug = await _free_slug(slugify(title), reuse_id=reuse_id)
    if slug != old_slug:
        await ReuseSlugRedirect.delete().where(ReuseSlugRedirect.old_slug == slug)
        await ReuseSlugRedirect.insert(ReuseSlugRedirect(old_slug=old_slug, reuse=reuse_id))
    return slug


async def _replace_links(reuse_id: int, *, dataset_ids: list[int], theme_ids: list[int], tags: list[str]) -> None:
    await ReuseDataset.delete().where(ReuseDataset.reuse == reuse_id)
    await ReuseTheme.delete().where(ReuseTheme.reuse == reuse_id)
    await ReuseTag.delete().where(ReuseTag.reuse == reuse_id)
    if dataset_ids:
        await ReuseDataset.insert(*[ReuseDataset(reuse=reuse_id, dataset=d, position=i) for i, d in enumerate(dataset_ids)])
    if theme_ids:
        await ReuseTheme.insert(*[ReuseTheme(reuse=reuse_id, theme=t) for t in theme_ids])
    if tags:
        await ReuseTag.insert(*[ReuseTag(reuse=reuse_id, tag=tag) for tag in tags])


async def _log(reuse_id: int, user: Any, action: str, from_status: str, to_status: str, message: str,
               now: datetime) -> None:
    await ModerationEvent.insert(ModerationEvent(reuse=reuse_id, actor=user.id if user else None, action=action,
                                                 from_status=from_status, to_status=to_status, message=message,
                                                 created_at=now))


NOTIFY_AUTHOR = {"publish": "reuse_published", "request_changes": "reuse_changes_requested", "reject": "reuse_rejected"}


async def apply_action(*, reuse_id: int, user: Any, action: str, message: str, now: datetime) -> str:
    """Move a reuse through the workflow (or delete/feature it); e-mail its author when a moderator decides."""
    reuse = await Reuse.select().where(Reuse.id == reuse_id).first()
    if reuse is None or not rules.can_act(user, reuse, action, await startup_member_ids(reuse["startup"])):
        raise NotAllowed()
    message = (message or "").strip()[:5000]
    if action in ("request_changes", "reject") and not message:
        raise InvalidInput({"message": _("Tell the author what to change or why the reuse is refused.")})
    changes: dict = {Reuse.updated_at: now}
    new_status = reuse["status"]
    if action == "delete":
        changes[Reuse.deleted_at] = now
        changes[Reuse.featured] = False
    elif action == "feature":
        changes[Reuse.featured] = not reuse["featured"]
    else:
        new_status = rules.TRANSITIONS[(reuse["status"], action)]
        changes[Reuse.status] = new_status
        if new_status == "published" and reuse["published_at"] is None:
            changes[Reuse.published_at] = now
        if new_status == "submitted":
            changes[Reuse.submitted_at] = now
        if new_status == "archived":
            changes[Reuse.archived_at] = now
            changes[Reuse.featured] = False
        if action in rules.MODERATOR_ACTIONS:
            changes[Reuse.moderation_message] = message
    async with get_engine().transaction():
        await Reuse.update(changes).where(Reuse.id == reuse_id)
        await _log(reuse_id, user, action, reuse["status"], new_status, message, now)
        await index_reuse(reuse_id)
        if action in NOTIFY_AUTHOR and reuse["owner"]:
            await _notify_author(reuse, template=NOTIFY_AUTHOR[action], message=message, now=now)
    return new_status


async def _notify_author(reuse: dict, *, template: str, message: str, now: datetime) -> None:
    from showcase.accounts.tables import User

    author = await User.select(User.email, User.name, User.locale).where(User.id == reuse["owner"]).first()
    if author is None:
        return
    title = (reuse["title_ar"] or reuse["title_fr"]) if author["locale"] == "ar" else (reuse["title_fr"] or reuse["title_ar"])
    await queue_mail(to=author["email"], template=template, locale=author["locale"], now=now, context={
        "name": author["name"], "title": title, "message": message,
        "link": f"{get_settings().base_url}/reuses/{reuse['slug']}",
        "edit_link": f"{get_settings().base_url}/reuses/{reuse['slug']}/edit",
    })


async def report_abuse(*, reuse_id: int, reporter: Any, reason: str, message: str, now: datetime) -> None:
    if reason not in constants.REPORT_REASONS:
        raise InvalidInput({"reason": _("Choose a reason in the list.")})
    message = (message or "").strip()
    if len(message) > 2000:
        raise InvalidInput({"message": _("Use at most %(count)s characters.", count=2000)})
    await AbuseReport.insert(AbuseReport(reuse=reuse_id, reporter=reporter.id if reporter else None, reason=reason,
                                         message=message, created_at=now))


async def resolve_report(*, report_id: int, user: Any, dismiss: bool, now: datetime) -> None:
    if not rules.is_moderator(user):
        raise NotAllowed()
    await AbuseReport.update({AbuseReport.status: "dismissed" if dismiss else "resolved", AbuseReport.resolved_at: now,
                              AbuseReport.resolved_by: user.id}).where(AbuseReport.id == report_id)
