"""Pure mapping from the portal's JSON (package, organization, group dicts) to our snapshot fields."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime

EXCERPT_LENGTH = 300
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_MARKDOWN_NOISE = re.compile(r"(!?\[([^\]]*)\]\([^)]*\))|[*_`#>|]+")


def is_arabic(text: str) -> bool:
    letters = [char for char in text if unicodedata.category(char).startswith("L")]
    return bool(letters) and sum(1 for char in letters if _ARABIC.match(char)) * 2 > len(letters)


def translated(record: dict, field: str) -> tuple[str, str]:
    """(French, Arabic) from `<field>_translated`, `<field>_fr`/`_ar`, else the plain field by its script."""
    variants = record.get(f"{field}_translated") or {}
    if not isinstance(variants, dict):
        variants = {}
    french = (variants.get("fr") or record.get(f"{field}_fr") or "").strip()
    arabic = (variants.get("ar") or record.get(f"{field}_ar") or "").strip()
    plain = (record.get(field) or "").strip()
    if plain and not french and not arabic:
        return ("", plain) if is_arabic(plain) else (plain, "")
    if plain and not french and not is_arabic(plain):
        french = plain
    if plain and not arabic and is_arabic(plain):
        arabic = plain
    return french, arabic


def excerpt(markdown: str, length: int = EXCERPT_LENGTH) -> str:
    """Plain text, whitespace collapsed, cut on a word boundary."""
    text = _MARKDOWN_NOISE.sub(lambda match: match.group(2) or " ", markdown or "")
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + "…"


def parse_portal_time(value: str | None) -> datetime | None:
    """CKAN timestamps are naive UTC ("2024-10-30T14:55:26.514202")."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class PackageSnapshot:
    portal_id: str
    name: str
    title_fr: str
    title_ar: str
    excerpt_fr: str
    excerpt_ar: str
    producer: dict | None
    themes: tuple[dict, ...]
    licence_id: str
    licence_title: str
    formats: str
    resource_count: int
    metadata_modified: datetime | None


def package_snapshot(package: dict) -> PackageSnapshot:
    title_fr, title_ar = translated(package, "title")
    notes_fr, notes_ar = translated(package, "notes")
    resources = [r for r in package.get("resources") or [] if r.get("state", "active") == "active"]
    formats = sorted({(r.get("format") or "").strip().upper() for r in resources} - {""})
    organization = package.get("organization") if isinstance(package.get("organization"), dict) else None
    return PackageSnapshot(
        portal_id=package["id"],
        name=package.get("name") or package["id"],
        title_fr=title_fr[:500],
        title_ar=title_ar[:500],
        excerpt_fr=excerpt(notes_fr),
        excerpt_ar=excerpt(notes_ar),
        producer=organization,
        themes=tuple(group for group in package.get("groups") or [] if isinstance(group, dict) and group.get("id")),
        licence_id=package.get("license_id") or "",
        licence_title=package.get("license_title") or "",
        formats=",".join(formats)[:300],
        resource_count=len(resources),
        metadata_modified=parse_portal_time(package.get("metadata_modified")),
    )


def snapshot_changed(stored: dict, fresh: PackageSnapshot) -> bool:
    """True when what a visitor sees would change (name, titles, producer, formats, modification time)."""
    return (
        stored.get("name") != fresh.name
        or stored.get("title_fr") != fresh.title_fr
        or stored.get("title_ar") != fresh.title_ar
        or stored.get("metadata_modified") != fresh.metadata_modified
        or stored.get("formats") != fresh.formats
        or stored.get("resource_count") != fresh.resource_count
        or stored.get("licence_id") != fresh.licence_id
    )


def organization_fields(record: dict) -> dict:
    """Producer or theme columns from an organization_list/group_list entry (or an embedded dict)."""
    title_fr, title_ar = translated(record, "title")
    if not title_fr and not title_ar:
        title_fr = record.get("display_name") or record.get("name") or ""
    return {
        "portal_id": record["id"],
        "name": record.get("name") or record["id"],
        "title_fr": title_fr[:300],
        "title_ar": title_ar[:300],
        "description": record.get("description") or "",
        "image_url": (record.get("image_display_url") or record.get("image_url") or "")[:500],
    }
