"""Rules of the portal link: store snapshots, follow renames, resolve what people cite."""

from __future__ import annotations

import logging
from datetime import datetime

from showcase.db import get_engine
from showcase.exceptions import InvalidInput
from showcase.i18n import gettext as _
from showcase.portal.citations import Citation, PortalSite, parse_citation
from showcase.portal.outcomes import Found, NotFound, PortalError, Withdrawn
from showcase.portal.storing import store_package
from showcase.portal.tables import Dataset, DatasetAlias

logger = logging.getLogger("showcase.portal")
MAX_CITATIONS = 200


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
