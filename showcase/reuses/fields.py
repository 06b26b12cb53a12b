"""Checking and normalising what people type in the reuse form (pure functions)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from showcase.exceptions import InvalidInput
from showcase.i18n import gettext as _
from showcase.reuses import constants
from showcase.startups.fields import normalize_website

TRACKING_PREFIXES = ("utm_", "fbclid", "gclid", "mc_", "ref_src")


def normalize_url(raw: str, field_name: str = "url") -> str:
    """The reuse's address as people will open it (http/https, IDN host in ASCII, no fragment)."""
    try:
        return normalize_website(raw)
    except InvalidInput as exc:
        raise InvalidInput({field_name: exc.errors["website"]}) from None


def url_identity(url: str) -> str:
    """The same place however it was typed: no www., no trailing slash, no tracking parameters, sorted query."""
    parts = urlsplit(url)
    host = parts.netloc.removeprefix("www.")
    query = sorted((key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True)
                   if not key.lower().startswith(TRACKING_PREFIXES))
    path = parts.path.rstrip("/") or ""
    identity = urlunsplit(("https" if parts.scheme in ("http", "https") else parts.scheme, host, path,
                           urlencode(query), ""))
    return hashlib.sha256(identity.encode()).hexdigest()


def _text(values: dict[str, str], name: str, limit: int, errors: dict[str, str], *, single_line: bool = True) -> str:
    raw = values.get(name, "") or ""
    text = " ".join(raw.split()) if single_line else raw.replace("\r\n", "\n").strip()
    if len(text) > limit:
        errors[name] = _("Use at most %(count)s characters (you wrote %(length)s).", count=limit, length=len(text))
    return text


def clean_tags(raw: str, errors: dict[str, str]) -> list[str]:
    tags: list[str] = []
    for piece in (raw or "").replace("،", ",").split(","):
        tag = " ".join(piece.split()).lower()[:40]
        if tag and tag not in tags:
            tags.append(tag)
    if len(tags) > constants.MAX_TAGS:
        errors["tags"] = _("Use at most %(count)s tags.", count=constants.MAX_TAGS)
    return tags[: constants.MAX_TAGS]


@dataclass
class ReuseFields:
    title_fr: str = ""
    title_ar: str = ""
    summary_fr: str = ""
    summary_ar: str = ""
    description_fr: str = ""
    description_ar: str = ""
    url: str = ""
    type: str = "application"
    tags: list[str] = field(default_factory=list)
    theme_names: list[str] = field(default_factory=list)
    cover_alt: str = ""
    platforms: list[str] = field(default_factory=list)
    android_url: str = ""
    ios_url: str = ""
    stage: str = ""
    business_model: str = ""
    impact_fr: str = ""
    impact_ar: str = ""


def clean_reuse(values: dict[str, str], multi: dict[str, list[str]]) -> tuple[ReuseFields, dict[str, str]]:
    """Every field checked at once; returns the cleaned values and field -> message for the wrong ones."""
    errors: dict[str, str] = {}
    fields = ReuseFields(
        title_fr=_text(values, "title_fr", constants.TITLE_MAX, errors),
        title_ar=_text(values, "title_ar", constants.TITLE_MAX, errors),
        summary_fr=_text(values, "summary_fr", constants.SUMMARY_MAX, errors),
        summary_ar=_text(values, "summary_ar", constants.SUMMARY_MAX, errors),
        description_fr=_text(values, "description_fr", constants.DESCRIPTION_MAX, errors, single_line=False),
        description_ar=_text(values, "description_ar", constants.DESCRIPTION_MAX, errors, single_line=False),
        cover_alt=_text(values, "cover_alt", 250, errors),
        impact_fr=_text(values, "impact_fr", 2000, errors, single_line=False),
        impact_ar=_text(values, "impact_ar", 2000, errors, single_line=False),
        tags=clean_tags(values.get("tags", ""), errors),
        theme_names=list(dict.fromkeys(multi.get("themes", [])))[:10],
    )
    if not (fields.title_fr or fields.title_ar):
        errors.setdefault("title_fr", _("Give a title in French or in Arabic (or both)."))
    if not (fields.description_fr or fields.description_ar):
        errors.setdefault("description_fr", _("Describe the reuse in French or in Arabic (or both)."))
    kind = values.get("type", "")
    if kind not in constants.TYPES:
        errors["type"] = _("Choose a type in the list.")
    fields.type = kind if kind in constants.TYPES else "application"
    if not values.get("url", "").strip():
        errors["url"] = _("Give the address where people can see the reuse.")
    else:
        try:
            fields.url = normalize_url(values["url"])
        except InvalidInput as exc:
            errors.update(exc.errors)
    fields.platforms = [p for p in dict.fromkeys(multi.get("platforms", [])) if p in constants.PLATFORMS]
    for name in ("android_url", "ios_url"):
        if values.get(name, "").strip():
            try:
                setattr(fields, name, normalize_url(values[name], name))
            except InvalidInput as exc:
                errors.update(exc.errors)
    stage, model = values.get("stage", ""), values.get("business_model", "")
    if stage and stage not in constants.STAGES:
        errors["stage"] = _("Choose a stage in the list.")
    if model and model not in constants.BUSINESS_MODELS:
        errors["business_model"] = _("Choose a business model in the list.")
    fields.stage = stage if stage in constants.STAGES else ""
    fields.business_model = model if model in constants.BUSINESS_MODELS else ""
    return fields, errors


def citation_lines(raw: str) -> list[str]:
    """The dataset citations typed or pasted in the form: one per line (commas and spaces also separate)."""
    pieces = (raw or "").replace(",", "\n").replace(" ", "\n").splitlines()
    return list(dict.fromkeys(piece.strip() for piece in pieces if piece.strip()))
