"""The showcase's own open data: CSV and JSON dumps of published reuses (with their datasets), public startup
fields, published challenges and published results, a data dictionary (fr/ar/en) and a manifest with each file's
row count and SHA-256, under VAR_DIR/open-data/. Written by `showcase export-open-data` and a daily job.

Nothing personal: no e-mail, no member list, no account name (reuses name their startup, not their author);
results name the team, as the public results page does. Every file is written to a temporary file in the same
folder, then renamed over the old one, so a reader never sees half a file; the manifest goes last.
CSV: UTF-8 (no BOM), a header row, cells a spreadsheet would run as a formula prefixed with a quote.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import os
import tempfile
from collections import defaultdict
from collections.abc import AsyncGenerator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from litestar import Litestar

from showcase.background import every
from showcase.challenges.exports import safe_cell
from showcase.i18n import SUPPORTED, use_locale
from showcase.i18n import lazy_gettext as _l

logger = logging.getLogger("showcase.stats.open_data")

FOLDER = "open-data"
MANIFEST = "manifest.json"
DICTIONARY = "datadictionary.json"
INTERVAL_SECONDS = 24 * 3600
FIRST_DELAY_SECONDS = 300


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # string, integer, datetime (ISO 8601, UTC), url, list (values separated by "; ")
    description: Any  # a lazy translation


@dataclass(frozen=True)
class Table:
    name: str  # the file stem: <name>.csv and <name>.json
    description: Any
    columns: tuple[Column, ...]
    rows: Callable[[str], Awaitable[list[dict[str, Any]]]]


def _iso(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else ""


def _joined(values: list[str]) -> str:
    return "; ".join(values)


# --- the rows: a fixed number of queries per table ---------------------------------------------------------------


async def reuse_rows(base: str) -> list[dict[str, Any]]:
    from showcase.reuses.tables import Reuse, ReuseDataset, ReuseTag, ReuseTheme

    reuses = await Reuse.select(
        Reuse.id, Reuse.slug, Reuse.type, Reuse.title_fr, Reuse.title_ar, Reuse.summary_fr, Reuse.summary_ar,
        Reuse.url, Reuse.published_at, Reuse.startup.slug.as_alias("startup"),
    ).where((Reuse.status == "published") & Reuse.deleted_at.is_null()).order_by(Reuse.published_at).order_by(Reuse.id)
    ids = [row["id"] for row in reuses] or [0]
    names: dict[int, list[str]] = defaultdict(list)
    portal_ids: dict[int, list[str]] = defaultdict(list)
    for link in await ReuseDataset.select(ReuseDataset.reuse, ReuseDataset.dataset.name, ReuseDataset.dataset.cited_key,
                                          ReuseDataset.dataset.portal_id).where(
            ReuseDataset.reuse.is_in(ids)).order_by(ReuseDataset.reuse).order_by(ReuseDataset.position):
        names[link["reuse"]].append(link["dataset.name"] or link["dataset.cited_key"])
        portal_ids[link["reuse"]].append(link["dataset.portal_id"] or "")
    themes: dict[int, list[str]] = defaultdict(list)
    for row in await ReuseTheme.select(ReuseTheme.reuse, ReuseTheme.theme.name).where(ReuseTheme.reuse.is_in(ids)):
        themes[row["reuse"]].append(row["theme.name"])
    tags: dict[int, list[str]] = defaultdict(list)
    for row in await ReuseTag.select(ReuseTag.reuse, ReuseTag.tag).where(ReuseTag.reuse.is_in(ids)):
        tags[row["reuse"]].append(row["tag"])
    return [{
        "slug": row["slug"], "type": row["type"], "title_fr": row["title_fr"], "title_ar": row["title_ar"],
        "summary_fr": row["summary_fr"], "summary_ar": row["summary_ar"], "url": row["url"],
        "page": f"{base}/reuses/{row['slug']}", "published_at": _iso(row["published_at"]),
        "startup": row["startup"] or "", "datasets": _joined(names[row["id"]]),
        "dataset_portal_ids": _joined(portal_ids[row["id"]]), "themes": _joined(sorted(themes[row["id"]])),
        "tags": _joined(sorted(tags[row["id"]])),
    } for row in reuses]


async def startup_rows(base: str) -> list[dict[str, Any]]:
    from showcase.reuses.tables import Reuse
    from showcase.startups.tables import Startup

    startups = await Startup.select(
        Startup.id, Startup.slug, Startup.name, Startup.description_fr, Startup.description_ar, Startup.region,
        Startup.city, Startup.website, Startup.founded_year, Startup.team_size, Startup.stage,
    ).order_by(Startup.slug)
    counts = {row["startup"]: row["count"] for row in await Reuse.raw(
        "SELECT startup, COUNT(*) AS count FROM reuse WHERE status = 'published' AND deleted_at IS NULL "
        "AND startup IS NOT NULL GROUP BY startup")}
    return [{
        "slug": row["slug"], "name": row["name"], "description_fr": row["description_fr"],
        "description_ar": row["description_ar"], "region": row["region"], "city": row["city"],
        "website": row["website"], "founded_year": row["founded_year"], "team_size": row["team_size"],
        "stage": row["stage"], "page": f"{base}/startups/{row['slug']}",
        "published_reuses": counts.get(row["id"], 0),
    } for row in startups]


async def challenge_rows(base: str) -> list[dict[str, Any]]:
    from showcase.challenges.tables import Challenge, ChallengeDataset, Entry, Team

    challenges = await Challenge.select(
        Challenge.id, Challenge.slug, Challenge.title_fr, Challenge.title_ar, Challenge.summary_fr,
        Challenge.summary_ar, Challenge.organizer_name, Challenge.registration_opens_at,
        Challenge.submissions_open_at, Challenge.submissions_close_at, Challenge.results_published_at,
    ).where(Challenge.status == "published").order_by(Challenge.submissions_open_at).order_by(Challenge.id)
    ids = [row["id"] for row in challenges] or [0]
    datasets: dict[int, list[str]] = defaultdict(list)
    for link in await ChallengeDataset.select(ChallengeDataset.challenge, ChallengeDataset.dataset.name,
                                              ChallengeDataset.dataset.cited_key).where(
            ChallengeDataset.challenge.is_in(ids)).order_by(ChallengeDataset.challenge).order_by(ChallengeDataset.position):
        datasets[link["challenge"]].append(link["dataset.name"] or link["dataset.cited_key"])
    id_list = ",".join(str(int(i)) for i in ids)
    teams = {row["challenge"]: row["count"] for row in await Team.raw(
        f"SELECT challenge, COUNT(*) AS count FROM challenge_team WHERE challenge IN ({id_list}) GROUP BY challenge")}
    entries = {row["challenge"]: row["count"] for row in await Entry.raw(
        f"SELECT challenge, COUNT(*) AS count FROM challenge_entry WHERE status = 'submitted' "
        f"AND challenge IN ({id_list}) GROUP BY challenge")}
    return [{
        "slug": row["slug"], "title_fr": row["title_fr"], "title_ar": row["title_ar"],
        "summary_fr": row["summary_fr"], "summary_ar": row["summary_ar"], "organizer": row["organizer_name"],
        "registration_opens_at": _iso(row["registration_opens_at"]),
        "submissions_open_at": _iso(row["submissions_open_at"]),
        "submissions_close_at": _iso(row["submissions_close_at"]),
        "results_published_at": _iso(row["results_published_at"]), "page": f"{base}/challenges/{row['slug']}",
        "datasets": _joined(datasets[row["id"]]), "teams": teams.get(row["id"], 0),
        "submitted_entries": entries.get(row["id"], 0),
    } for row in challenges]


async def result_rows(base: str) -> list[dict[str, Any]]:
    from showcase.judging.tables import Award

    awards = await Award.select(
        Award.challenge.slug.as_alias("challenge"), Award.kind, Award.rank, Award.track.name_fr.as_alias("track_fr"),
        Award.track.name_ar.as_alias("track_ar"), Award.track.position.as_alias("track_position"),
        Award.entry.id.as_alias("entry"), Award.entry.team.name.as_alias("team"),
        Award.entry.reuse.slug.as_alias("reuse"), Award.entry.reuse.status.as_alias("reuse_status"),
        Award.entry.reuse.deleted_at.as_alias("reuse_deleted_at"), Award.entry.reuse.title_fr.as_alias("title_fr"),
        Award.entry.reuse.title_ar.as_alias("title_ar"), Award.citation, Award.published_at,
    ).where((Award.status == "published") & Award.challenge.results_published_at.is_not_null()
            & (Award.challenge.status == "published"))
    kinds = {"overall": 0, "track": 1, "peoples_choice": 2, "mention": 3}
    awards.sort(key=lambda a: (a["challenge"], kinds.get(a["kind"], 9), a["track_position"] or 0, a["rank"]))
    rows = []
    for award in awards:
        public = award["reuse_status"] in ("published", "archived") and award["reuse_deleted_at"] is None
        rows.append({
            "challenge": award["challenge"], "kind": award["kind"], "rank": award["rank"],
            "track_fr": award["track_fr"] or "", "track_ar": award["track_ar"] or "", "entry_id": award["entry"],
            "team": award["team"] or "", "reuse": award["reuse"] if public and award["reuse"] else "",
            "reuse_title_fr": award["title_fr"] or "", "reuse_title_ar": award["title_ar"] or "",
            "reuse_page": f"{base}/reuses/{award['reuse']}" if public and award["reuse"] else "",
            "citation": award["citation"], "published_at": _iso(award["published_at"]),
        })
    return rows


def _c(name: str, type_: str, description: Any) -> Column:
    return Column(name, type_, description)


TITLE_FR, TITLE_AR = _l("Title in French"), _l("Title in Arabic")
SUMMARY_FR, SUMMARY_AR = _l("Summary in French"), _l("Summary in Arabic")
PAGE = _l("Its page on Showcase")
TABLES: tuple[Table, ...] = (
    Table("reuses", _l("Published reuses of the portal’s datasets (archived, pending and deleted ones left out)."), (
        _c("slug", "string", _l("Stable identifier of the reuse in Showcase addresses")),
        _c("type", "string", _l("Kind: application, visualisation, api, article, paper, idea, hardware or other")),
        _c("title_fr", "string", TITLE_FR), _c("title_ar", "string", TITLE_AR),
        _c("summary_fr", "string", SUMMARY_FR), _c("summary_ar", "string", SUMMARY_AR),
        _c("url", "url", _l("Address of the reuse itself")),
        _c("page", "url", PAGE),
        _c("published_at", "datetime", _l("When it was first published (UTC, ISO 8601)")),
        _c("startup", "string", _l("Slug of the startup that presents it, empty when none")),
        _c("datasets", "list", _l("Names of the portal datasets it uses, separated by “; ”")),
        _c("dataset_portal_ids", "list", _l("Portal ids of the same datasets, in the same order")),
        _c("themes", "list", _l("Theme names, separated by “; ”")),
        _c("tags", "list", _l("Tags, separated by “; ”")),
    ), reuse_rows),
    Table("startups", _l("Startup profiles: public fields only (no member, no e-mail)."), (
        _c("slug", "string", _l("Stable identifier of the startup in Showcase addresses")),
        _c("name", "string", _l("Name")),
        _c("description_fr", "string", _l("Description in French")),
        _c("description_ar", "string", _l("Description in Arabic")),
        _c("region", "string", _l("Region code (2015 division into 12 regions)")),
        _c("city", "string", _l("City")),
        _c("website", "url", _l("Website")),
        _c("founded_year", "integer", _l("Year founded, empty when not given")),
        _c("team_size", "integer", _l("Number of people, empty when not given")),
        _c("stage", "string", _l("Stage: idea, prototype, early, growth or established")),
        _c("page", "url", PAGE),
        _c("published_reuses", "integer", _l("Number of its published reuses")),
    ), startup_rows),
    Table("challenges", _l("Published challenges (hackathons and calls for reuses)."), (
        _c("slug", "string", _l("Stable identifier of the challenge in Showcase addresses")),
        _c("title_fr", "string", TITLE_FR), _c("title_ar", "string", TITLE_AR),
        _c("summary_fr", "string", SUMMARY_FR), _c("summary_ar", "string", SUMMARY_AR),
        _c("organizer", "string", _l("Organizing body, as shown to the public")),
        _c("registration_opens_at", "datetime", _l("Registration opens (UTC, ISO 8601)")),
        _c("submissions_open_at", "datetime", _l("Submissions open (UTC, ISO 8601)")),
        _c("submissions_close_at", "datetime", _l("Submissions close (UTC, ISO 8601)")),
        _c("results_published_at", "datetime", _l("Results published (UTC, ISO 8601), empty before")),
        _c("page", "url", PAGE),
        _c("datasets", "list", _l("Names of the eligible portal datasets, separated by “; ”")),
        _c("teams", "integer", _l("Number of teams")),
        _c("submitted_entries", "integer", _l("Number of submitted entries")),
    ), challenge_rows),
    Table("results", _l("Published prizes of the challenges: one row per prize, with the entry and its reuse."), (
        _c("challenge", "string", _l("Slug of the challenge")),
        _c("kind", "string", _l("Prize: overall, track, peoples_choice or mention")),
        _c("rank", "integer", _l("Place (1 = first)")),
        _c("track_fr", "string", _l("Track name in French, empty for other prizes")),
        _c("track_ar", "string", _l("Track name in Arabic, empty for other prizes")),
        _c("entry_id", "integer", _l("Number of the entry in its challenge")),
        _c("team", "string", _l("Team name, as on the public results page")),
        _c("reuse", "string", _l("Slug of the entry’s reuse, empty when it is not public")),
        _c("reuse_title_fr", "string", _l("Title of the reuse in French")),
        _c("reuse_title_ar", "string", _l("Title of the reuse in Arabic")),
        _c("reuse_page", "url", _l("Page of the reuse on Showcase, empty when it is not public")),
        _c("citation", "string", _l("Why the jury gave the prize")),
        _c("published_at", "datetime", _l("When the results were published (UTC, ISO 8601)")),
    ), result_rows),
)
TYPE_LABELS = {"string": _l("text"), "integer": _l("whole number"), "datetime": _l("date and time (UTC)"),
               "url": _l("web address"), "list": _l("list")}
FILE_NAMES = frozenset(f"{table.name}.{ext}" for table in TABLES for ext in ("csv", "json")) | {DICTIONARY, MANIFEST}


# --- writing ------------------------------------------------------------------------------------------------------


def folder(var_dir: Path) -> Path:
    return Path(var_dir) / FOLDER


def write_atomically(path: Path, content: bytes) -> None:
    """A temporary file in the same folder, flushed to disk, then renamed over `path` (atomic on POSIX)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def to_csv(columns: tuple[Column, ...], rows: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.name for column in columns])
    for row in rows:
        writer.writerow([safe_cell(row[column.name]) for column in columns])
    return buffer.getvalue().encode("utf-8")


def to_json(rows: list[dict[str, Any]]) -> bytes:
    return (json.dumps(rows, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def dictionary() -> dict[str, Any]:
    """Every table and column with its type and its description in French, Arabic and English."""

    def texts(lazy: Any) -> dict[str, str]:
        out = {}
        for locale in SUPPORTED:
            with use_locale(locale):
                out[locale] = str(lazy)
        return out

    return {"tables": [{
        "name": table.name, "files": [f"{table.name}.csv", f"{table.name}.json"], "description": texts(table.description),
        "columns": [{"name": column.name, "type": column.type, "description": texts(column.description)}
                    for column in table.columns],
    } for table in TABLES]}


@dataclass(frozen=True)
class Written:
    name: str
    rows: int | None
    bytes: int
    sha256: str


def _write(directory: Path, name: str, content: bytes, rows: int | None) -> Written:
    write_atomically(directory / name, content)
    return Written(name, rows, len(content), hashlib.sha256(content).hexdigest())


async def export_open_data(*, var_dir: Path, base_url: str, now: datetime,
                           progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Write every file, then the manifest; return the manifest."""
    directory = folder(var_dir)
    total = len(TABLES) + 1
    written: list[Written] = []
    if progress:
        progress(0, total)
    for index, table in enumerate(TABLES, start=1):
        rows = await table.rows(base_url)
        written.append(_write(directory, f"{table.name}.csv", to_csv(table.columns, rows), len(rows)))
        written.append(_write(directory, f"{table.name}.json", to_json(rows), len(rows)))
        if progress:
            progress(index, total)
    content = (json.dumps(dictionary(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    written.append(_write(directory, DICTIONARY, content, None))
    manifest = {"generated_at": _iso(now), "files": [
        {"name": item.name, "rows": item.rows, "bytes": item.bytes, "sha256": item.sha256} for item in written]}
    write_atomically(directory / MANIFEST, (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    if progress:
        progress(total, total)
    return manifest


def read_manifest(var_dir: Path) -> dict[str, Any] | None:
    try:
        return json.loads((folder(var_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None


# --- the daily job ------------------------------------------------------------------------------------------------


async def scheduled_export(app: Litestar) -> dict[str, Any] | None:
    """One scheduled export. With Redis, several workers share the schedule: a lock lets one of them run it."""
    from litestar.stores.redis import RedisStore

    settings = app.state.settings
    store = app.stores.get("cache")
    lock = None
    if isinstance(store, RedisStore):
        lock = store._redis.lock("showcase:open-data:running", timeout=3600, blocking=False)
        if not await lock.acquire():
            return None
    try:
        manifest = await export_open_data(var_dir=settings.var_dir, base_url=settings.base_url, now=datetime.now(UTC))
    finally:
        if lock is not None:
            await lock.release()
    logger.info("open data: %s files written", len(manifest["files"]))
    return manifest


@asynccontextmanager
async def open_data_lifespan(app: Litestar) -> AsyncGenerator[None, None]:
    """The open-data export once a day in this process (the first a few minutes after start)."""

    async def job() -> None:
        await scheduled_export(app)

    async with every(INTERVAL_SECONDS, job, name="open-data", first_delay=FIRST_DELAY_SECONDS):
        yield
