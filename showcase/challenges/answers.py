"""Answers to a challenge's custom questions: checking each kind, and the private storage of PDF answers.

Pure functions except `store_pdf` (which writes a file). Each function returns or raises a message for the
person, never a code. PDF answers are kept outside MEDIA_ROOT on purpose: everything under MEDIA_ROOT is
served to anyone at /media, and a team's PDF must only reach the team and the organizers (entry_pages.py
serves it after checking who asks).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import anyio.to_thread

from showcase.challenges.constants import LONG_TEXT_MAX, MAX_PDF_BYTES, SHORT_TEXT_MAX
from showcase.exceptions import InvalidInput
from showcase.i18n import get_locale
from showcase.i18n import gettext as _
from showcase.media.images import write_atomically
from showcase.settings import get_settings
from showcase.startups.fields import normalize_website

PDF_KEY = re.compile(r"^[0-9a-f]{64}$")
EOF_WINDOW = 1024  # %%EOF must sit in the last KiB (writers may append a newline or a little padding)
FILE_NAME_MAX = 200
NUMBER_MAX = 40
# Arabic-Indic (٠١٢…) and Eastern Arabic-Indic (۰۱۲…) digits, the Arabic decimal separator and group separators.
_DIGITS = {**{0x0660 + n: str(n) for n in range(10)}, **{0x06F0 + n: str(n) for n in range(10)},
           0x066B: ".", 0x066C: ""}
_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")


def field_name(question_id: int) -> str:
    """The form field of a question: q_<id> (its file input is q_<id>_file)."""
    return f"q_{question_id}"


# ---------------------------------------------------------------- choices


def choices_of(question: dict) -> list[dict]:
    """The stored choices as [{"value": …, "fr": …, "ar": …}]; `value` identifies a choice in answers."""
    try:
        raw = json.loads(question.get("choices") or "[]")
    except ValueError:
        return []
    found: list[dict] = []
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, str):
            item = {"fr": item}
        if not isinstance(item, dict):
            continue
        french, arabic = str(item.get("fr") or ""), str(item.get("ar") or "")
        value = str(item.get("key") or item.get("value") or french or arabic).strip()
        if value and all(value != seen["value"] for seen in found):
            found.append({"value": value, "fr": french, "ar": arabic})
    return found


def choice_label(choice: dict, locale: str | None = None) -> str:
    first, second = ("ar", "fr") if (locale or get_locale()) == "ar" else ("fr", "ar")
    return choice.get(first) or choice.get(second) or choice["value"]


# ---------------------------------------------------------------- values


def clean_number(raw: str) -> str:
    """"1 234,5" or "1234.5" → "1234.5". Raises ValueError for anything that is not a decimal number."""
    text = _SPACES.sub("", unicodedata.normalize("NFKC", raw.translate(_DIGITS)))
    if not text or len(text) > NUMBER_MAX or not _NUMBER.match(text):
        raise ValueError(raw)
    text = text.replace(",", ".").lstrip("+")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(raw) from None
    if not number.is_finite():
        raise ValueError(raw)
    return text


def clean_answer(question: dict, raw: str | list[str]) -> tuple[str, str | None]:
    """(the value to store, None) or (what was typed, the message to show beside the field).

    Empty answers are valid here: whether a question must be answered is decided when submitting.
    A multiple choice is stored as a JSON list of choice values, in the order of the choices.
    """
    kind = question["kind"]
    if kind == "multiple_choice":
        picked = [str(item) for item in (raw if isinstance(raw, list) else [raw] if raw else [])]
        known = [choice["value"] for choice in choices_of(question)]
        if any(item not in known for item in picked):
            return json.dumps(picked, ensure_ascii=False), _("Choose among the options shown.")
        chosen = [value for value in known if value in picked]
        return (json.dumps(chosen, ensure_ascii=False) if chosen else ""), None
    text = raw[-1] if isinstance(raw, list) and raw else raw if isinstance(raw, str) else ""
    if kind == "long_text":
        text = text.replace("\r\n", "\n").strip()
        if len(text) > LONG_TEXT_MAX:
            return text, _("Use at most %(count)s characters (you wrote %(length)s).", count=LONG_TEXT_MAX,
                           length=len(text))
        return text, None
    text = " ".join(text.split())
    if not text:
        return "", None
    if kind == "short_text":
        if len(text) > SHORT_TEXT_MAX:
            return text, _("Use at most %(count)s characters (you wrote %(length)s).", count=SHORT_TEXT_MAX,
                           length=len(text))
        return text, None
    if kind == "url":
        try:
            return normalize_website(text), None
        except InvalidInput:
            return text, _("Enter a web address starting with http:// or https:// (example: https://example.ma).")
    if kind == "number":
        try:
            return clean_number(text), None
        except ValueError:
            return text, _("Enter a number, with a comma or a dot for decimals (example: 12,5).")
    if kind == "single_choice":
        if text not in {choice["value"] for choice in choices_of(question)}:
            return text, _("Choose one of the options shown.")
        return text, None
    return "", None  # a PDF question's answer is its file, handled by store_pdf


def answer_list(question: dict, value: str) -> list[str]:
    """A stored multiple-choice value as a list (the form's checked boxes)."""
    if question["kind"] != "multiple_choice" or not value:
        return []
    try:
        items = json.loads(value)
    except ValueError:
        return []
    return [str(item) for item in items] if isinstance(items, list) else []


# ---------------------------------------------------------------- PDF files


@dataclass(frozen=True, slots=True)
class StoredFile:
    key: str  # SHA-256 of the bytes
    name: str  # the sanitised original name, shown and used for downloads


def private_root() -> Path:
    return get_settings().var_dir / "private" / "entry-files"


def pdf_path(key: str) -> Path:
    if not PDF_KEY.match(key):
        raise ValueError("not a file key")
    return private_root() / key[:2] / f"{key}.pdf"


def pdf_problem(data: bytes) -> str | None:
    """Why these bytes are not an acceptable PDF answer, or None."""
    if len(data) > MAX_PDF_BYTES:
        return _("The file is larger than %(size)s MB. Compress it or shorten it, then send it again.",
                 size=MAX_PDF_BYTES // (1024 * 1024))
    if not data:
        return _("The file is empty.")
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-EOF_WINDOW:]:
        return _("This file is not a PDF document. Export your document as PDF and send it again.")
    return None


def safe_file_name(name: str) -> str:
    """The original name without folders, control characters or quotes, ending in .pdf."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(char for char in unicodedata.normalize("NFC", base)
                   if unicodedata.category(char)[0] != "C" and char not in '"<>:|?*;')
    base = " ".join(base.split()).strip(" .") or "document"
    stem = base[:-4] if base.lower().endswith(".pdf") else base
    return stem[: FILE_NAME_MAX - 4].rstrip(" .") + ".pdf"


async def store_pdf(data: bytes, file_name: str, *, field: str) -> StoredFile:
    """Check and store a PDF by its SHA-256 (the same file twice is stored once). Raises InvalidInput."""
    problem = pdf_problem(data)
    if problem:
        raise InvalidInput({field: problem})
    key = hashlib.sha256(data).hexdigest()
    target = pdf_path(key)
    if not target.exists():
        await anyio.to_thread.run_sync(write_atomically, target, data)
    return StoredFile(key=key, name=safe_file_name(file_name))


def file_signature(team_id: int, question_id: int, key: str, name: str) -> str:
    """Proof that this team uploaded this file: a form shown again carries it, and no one can attach
    a file they never uploaded by typing its hash into the hidden field."""
    message = f"entry-file:{team_id}:{question_id}:{key}:{name}".encode()
    return hmac.new(get_settings().secret_key.encode(), message, hashlib.sha256).hexdigest()


def carried_file(team_id: int, question_id: int, key: str, name: str, signature: str) -> StoredFile | None:
    """The file a re-shown form carries in its hidden fields, when they are genuine."""
    if not PDF_KEY.match(key or "") or not name:
        return None
    if not hmac.compare_digest(file_signature(team_id, question_id, key, name), signature or ""):
        return None
    return StoredFile(key=key, name=name)
