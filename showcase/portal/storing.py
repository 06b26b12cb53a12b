"""Writing snapshots in batches: a fixed handful of queries per batch plus one update per changed dataset."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from showcase.db import get_engine
from showcase.portal.snapshots import PackageSnapshot, organization_fields, package_snapshot, snapshot_changed
from showcase.portal.tables import Dataset, DatasetAlias, DatasetTheme, Producer, Theme


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


async def _organization_ids(table: type[Producer] | type[Theme], records: list[dict], *, now: datetime) -> dict[str, int]:
    """portal id -> our id for every organization the batch mentions; unknown ones are created."""
    wanted = {record["id"]: record for record in records}
    if not wanted:
        return {}
    rows = await table.select(table.id, table.portal_id).where(table.portal_id.is_in(list(wanted)))
    known = {row["portal_id"]: row["id"] for row in rows}
    for portal_id, record in wanted.items():
        if portal_id not in known:
            known[portal_id] = await upsert_organization(table, record, now=now)
    return known


def _columns(fresh: PackageSnapshot, producer_id: int | None, now: datetime) -> dict:
    return {
        Dataset.name: fresh.name, Dataset.title_fr: fresh.title_fr, Dataset.title_ar: fresh.title_ar,
        Dataset.excerpt_fr: fresh.excerpt_fr, Dataset.excerpt_ar: fresh.excerpt_ar, Dataset.producer: producer_id,
        Dataset.licence_id: fresh.licence_id, Dataset.licence_title: fresh.licence_title,
        Dataset.formats: fresh.formats, Dataset.resource_count: fresh.resource_count,
        Dataset.metadata_modified: fresh.metadata_modified, Dataset.status: "active", Dataset.last_error: "",
        Dataset.fetched_at: now, Dataset.checked_at: now,
    }


async def store_packages(packages: list[dict], *, now: datetime) -> list[Stored]:
    """Write the snapshots of packages the portal returned, in one transaction; follow renames."""
    snapshots = list({fresh.portal_id: fresh for fresh in map(package_snapshot, packages)}.values())
    if not snapshots:
        return []
    async with get_engine().transaction():
        producers = await _organization_ids(Producer, [s.producer for s in snapshots if s.producer], now=now)
        themes = await _organization_ids(Theme, [group for s in snapshots for group in s.themes], now=now)
        stored_rows = await Dataset.select().where(Dataset.portal_id.is_in([s.portal_id for s in snapshots]))
        stored_by_portal_id = {row["portal_id"]: row for row in stored_rows}
        new = [s for s in snapshots if s.portal_id not in stored_by_portal_id]
        if new:
            inserted = await Dataset.insert(*[
                Dataset(portal_id=s.portal_id, cited_key=s.name, created_at=now) for s in new
            ]).returning(Dataset.id, Dataset.portal_id)
            created_ids = {row["portal_id"]: row["id"] for row in inserted}
        else:
            created_ids = {}
        dataset_ids = {**{pid: row["id"] for pid, row in stored_by_portal_id.items()}, **created_ids}
        current_themes: dict[int, set[int]] = {}
        for row in await DatasetTheme.select(DatasetTheme.dataset, DatasetTheme.theme).where(
                DatasetTheme.dataset.is_in(list(dataset_ids.values()))):
            current_themes.setdefault(row["dataset"], set()).add(row["theme"])

        results: list[Stored] = []
        untouched: list[int] = []
        rethemed: dict[int, list[int]] = {}
        for fresh in snapshots:
            dataset_id = dataset_ids[fresh.portal_id]
            stored = stored_by_portal_id.get(fresh.portal_id)
            producer_id = producers.get(fresh.producer["id"]) if fresh.producer else None
            theme_ids = [themes[group["id"]] for group in fresh.themes]
            if set(theme_ids) != current_themes.get(dataset_id, set()):
                rethemed[dataset_id] = theme_ids
            if (stored is not None and stored["status"] == "active" and stored["producer"] == producer_id
                    and not snapshot_changed(stored, fresh)):
                untouched.append(dataset_id)  # nothing a visitor sees changed: only record that we looked
                results.append(Stored(dataset_id, False, False, False, None))
                continue
            await Dataset.update(_columns(fresh, producer_id, now)).where(Dataset.id == dataset_id)
            renamed_from = stored["name"] if stored and stored["name"] and stored["name"] != fresh.name else None
            if stored is None or renamed_from:
                await _remember_names(dataset_id, current=fresh.name, former=renamed_from)
            results.append(Stored(
                dataset_id, created=stored is None, changed=stored is None or snapshot_changed(stored, fresh),
                reappeared=stored is not None and stored["status"] in ("withdrawn", "missing"),
                renamed_from=renamed_from,
            ))
        if untouched:
            await Dataset.update({Dataset.checked_at: now, Dataset.last_error: ""}).where(Dataset.id.is_in(untouched))
        if rethemed:
            await DatasetTheme.delete().where(DatasetTheme.dataset.is_in(list(rethemed)))
            links = [DatasetTheme(dataset=dataset_id, theme=theme_id)
                     for dataset_id, theme_ids in rethemed.items() for theme_id in theme_ids]
            if links:
                await DatasetTheme.insert(*links)
    return results


async def store_package(package: dict, *, now: datetime) -> Stored:
    return (await store_packages([package], now=now))[0]


async def _remember_names(dataset_id: int, *, current: str, former: str | None) -> None:
    # The current name never redirects elsewhere, even if another dataset once had it.
    await DatasetAlias.delete().where(DatasetAlias.old_name == current)
    if former:
        await DatasetAlias.delete().where(DatasetAlias.old_name == former)
        await DatasetAlias.insert(DatasetAlias(old_name=former, dataset=dataset_id))
