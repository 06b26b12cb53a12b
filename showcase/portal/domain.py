"""Rules of the portal link: store snapshots, follow renames, resolve what people cite."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from showcase.db import get_engine
from showcase.exceptions import InvalidInput
from showcase.i18n import gettext as _
from showcase.portal.citations import Citation, PortalSite, parse_citation
from showcase.portal.outcomes import Found, NotFound, PortalError, Withdrawn
from showcase.portal.snapshots import organization_fields, package_snapshot, snapshot_changed
from showcase.portal.tables import Dataset, DatasetAlias, DatasetTheme, Producer, Theme

logger = logging.getLogger("showcase.portal")
MAX_CITATIONS = 200


@dataclass(frozen=True, slots=True)
class Stored:
    dataset_id: int
    created: bool
    changed: bool
    reappeared: bool
    renamed_from: str | None


async def upsert_organization(table: type[Producer] | type[Theme], record: dict, *, now: datetime,
                              count: int | None = None) -> int:
    """Insert or update a producer or theme by its portal id; a renamed one keeps its row."""
    fields = organization_fields(record)
    if count is not None:
        fields["portal_dataset_count"] = count
    existing = await table.select(table.id).where(table.portal_id == fields["portal_id"]).first()
    # A name freed by a rename on the portal may still sit on another row: move it out of the way.
    await table.update({table.name: table.portal_id}).where(
        (table.name == fields["name"]) & (table.portal_id != fields["portal_id"]))
    # An embedded organization dict (inside a package) lacks the translated titles the full listing has:
    # never let an empty value erase a known one.
    columns = {getattr(table, key): value for key, value in fields.items() if value not in ("", None)}
    if existing:
        await table.update({**columns, table.fetched_at: now}).where(table.id == existing["id"])
        return existing["id"]
    rows = await table.insert(table(**fields, fetched_at=now)).returning(table.id)
    return rows[0]["id"]


async def store_package(package: dict, *, now: datetime) -> Stored:
    """Write the snapshot of one package the portal returned; remember its former name after a rename."""
    fresh = package_snapshot(package)
    async with get_engine().transaction():
        producer_id = await upsert_organization(Producer, fresh.producer, now=now) if fresh.producer else None
        theme_ids = [await upsert_organization(Theme, group, now=now) for group in fresh.themes]
        stored = await Dataset.select().where(Dataset.portal_id == fresh.portal_id).first()
        columns = {
            Dataset.name: fresh.name, Dataset.title_fr: fresh.title_fr, Dataset.title_ar: fresh.title_ar,
            Dataset.excerpt_fr: fresh.excerpt_fr, Dataset.excerpt_ar: fresh.excerpt_ar, Dataset.producer: producer_id,
            Dataset.licence_id: fresh.licence_id, Dataset.licence_title: fresh.licence_title,
            Dataset.formats: fresh.formats, Dataset.resource_count: fresh.resource_count,
            Dataset.metadata_modified: fresh.metadata_modified, Dataset.status: "active", Dataset.last_error: "",
            Dataset.fetched_at: now, Dataset.checked_at: now,
        }
        renamed_from = None
        if stored is None:
            rows = await Dataset.insert(Dataset(portal_id=fresh.portal_id, cited_key=fresh.name, created_at=now)
                                        ).returning(Dataset.id)
            dataset_id, created, changed, reappeared = rows[0]["id"], True, True, False
        else:
            dataset_id, created = stored["id"], False
            changed = snapshot_changed(stored, fresh)
            reappeared = stored["status"] in ("withdrawn", "missing")
            if stored["name"] and stored["name"] != fresh.name:
                renamed_from = stored["name"]
        await Dataset.update(columns).where(Dataset.id == dataset_id)
        await _remember_names(dataset_id, current=fresh.name, former=renamed_from)
        await DatasetTheme.delete().where(DatasetTheme.dataset == dataset_id)
        if theme_ids:
            await DatasetTheme.insert(*[DatasetTheme(dataset=dataset_id, theme=theme_id) for theme_id in theme_ids])
    return Stored(dataset_id, created, changed, reappeared, renamed_from)


async def _remember_names(dataset_id: int, *, current: str, former: str | None) -> None:
    # The current name never redirects elsewhere, even if another dataset once had it.
    await DatasetAlias.delete().where(DatasetAlias.old_name == current)
    if former:
        await DatasetAlias.delete().where(DatasetAlias.old_name == former)
        await DatasetAlias.insert(DatasetAlias(old_name=former, dataset=dataset_id))


async def mark_unavailable(dataset_id: int, *, status: str, now: datetime, error: str = "") -> None:
    """Withdrawn (403) or missing (404): keep the last snapshot, flag it."""
    await Dataset.update({Dataset.status: status, Dataset.checked_at: now, Dataset.last_error: error}).where(
        Dataset.id == dataset_id)


async def find_local(citation: Citation) -> dict | None:
    """A snapshot we already hold for this citation: by portal id, by name, or by a former name."""
    if citation.kind == "id":
        return await Dataset.select(Dataset.id, Dataset.status).where(Dataset.portal_id == citation.key).first()
    row = await Dataset.select(Dataset.id, Dataset.status).where(Dataset.name == citation.key).first()
    if row is None:
        alias = await DatasetAlias.select(DatasetAlias.dataset).where(DatasetAlias.old_name == citation.key).first()
        if alias:
            row = await Dataset.select(Dataset.id, Dataset.status).where(Dataset.id == alias["dataset"]).first()
    return row


async def _keep_pending(citation: Citation, *, now: datetime, error: str) -> int:
    """The portal did not answer: keep the citation, to be verified by the next sync."""
    if local := await find_local(citation):
        return local["id"]
    pending = await Dataset.select(Dataset.id).where(
        (Dataset.status == "pending") & (Dataset.cited_key == citation.key)).first()
    if pending:
        return pending["id"]
    rows = await Dataset.insert(Dataset(
        portal_id=citation.key if citation.kind == "id" else None, name=citation.key if citation.kind == "name" else "",
        cited_key=citation.key, status="pending", last_error=error, created_at=now, checked_at=now,
    )).returning(Dataset.id)
    return rows[0]["id"]


def unavailable_message(key: str, site: PortalSite, outcome: NotFound | Withdrawn) -> str:
    if isinstance(outcome, Withdrawn):
        return _("“%(key)s” is private or was deleted on %(portal)s, so it cannot be cited.", key=key, portal=site.host)
    return _("%(portal)s has no dataset “%(key)s”. Check the address or the name.", key=key, portal=site.host)


async def resolve_citation(text: str, *, portal, site: PortalSite, now: datetime) -> int:  # noqa: ANN001
    """Resolve one citation live and store its snapshot; pending when the portal cannot answer.

    Raises InvalidInput (field "datasets") for text that is not a citation of this portal, and for
    datasets the portal says are private, deleted or missing.
    """
    citation = parse_citation(text, portal_site=site)
    outcome = await portal.package_show(citation.key)
    if isinstance(outcome, Found):
        return (await store_package(outcome.result, now=now)).dataset_id
    if isinstance(outcome, (NotFound, Withdrawn)):
        raise InvalidInput({"datasets": unavailable_message(citation.key, site, outcome)})
    assert isinstance(outcome, PortalError)
    logger.warning("citation %r kept pending: %s", citation.key, outcome.reason)
    return await _keep_pending(citation, now=now, error=outcome.reason)


async def resolve_citations(texts: list[str], *, portal, site: PortalSite, now: datetime) -> list[int]:  # noqa: ANN001
    """Resolve several citations; every problem is reported at once, nothing is stored half-way wrong."""
    cleaned = list(dict.fromkeys(text.strip() for text in texts if text and text.strip()))
    if not cleaned:
        raise InvalidInput({"datasets": _("Cite at least one dataset of %(portal)s.", portal=site.host)})
    if len(cleaned) > MAX_CITATIONS:
        raise InvalidInput({"datasets": _("Cite at most %(count)s datasets.", count=MAX_CITATIONS)})
    ids: list[int] = []
    problems: list[str] = []
    for text in cleaned:
        try:
            dataset_id = await resolve_citation(text, portal=portal, site=site, now=now)
        except InvalidInput as exc:
            problems.append(exc.errors["datasets"])
            continue
        if dataset_id not in ids:
            ids.append(dataset_id)
    if problems:
        raise InvalidInput({"datasets": " ".join(problems)})
    return ids


async def merge_pending(pending_id: int, package: dict, *, now: datetime) -> int:
    """A citation kept pending is now known: fill it in, or fold it into the snapshot we already hold."""
    existing = await Dataset.select(Dataset.id).where(Dataset.portal_id == package["id"]).first()
    if existing is None:
        await Dataset.update({Dataset.portal_id: package["id"]}).where(Dataset.id == pending_id)
        return (await store_package(package, now=now)).dataset_id
    stored = await store_package(package, now=now)
    async with get_engine().transaction():
        for column in Dataset._meta.foreign_key_references:
            table = column._meta.table
            await table.update({column: stored.dataset_id}).where(column == pending_id)
        await Dataset.delete().where(Dataset.id == pending_id)
    return stored.dataset_id
