"""Checking what organizers type (pure functions): the challenge's texts, team sizes, questions, prize tracks,
and what is still missing before a challenge can be published."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field

from showcase.challenges import constants
from showcase.i18n import gettext as _

TITLE_MAX = 200
SUMMARY_MAX = 280
LONG_TEXT_MAX = 20_000
ORGANIZER_NAME_MAX = 200
ALT_MAX = 250
LABEL_MAX = 300
TRACK_NAME_MAX = 150
TEAM_SIZE_LIMIT = 20
AMOUNT_LIMIT = 100_000_000  # MAD: far above any prize, well inside a 32-bit integer
WINNERS_LIMIT = 100
MAX_CHOICES = 50
CHOICE_MAX = 200
# Markdown texts of the challenge page, in French and Arabic
LONG_TEXTS = ("description", "rules", "eligibility", "resources", "faq")
CHOICE_KINDS = ("single_choice", "multiple_choice")
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")


def text(values: dict[str, str], name: str, limit: int, errors: dict[str, str], *, single_line: bool = True) -> str:
    raw = values.get(name, "") or ""
    cleaned = " ".join(raw.split()) if single_line else raw.replace("\r\n", "\n").strip()
    if len(cleaned) > limit:
        errors[name] = _("Use at most %(count)s characters (you wrote %(length)s).", count=limit, length=len(cleaned))
    return cleaned


def whole_number(raw: str) -> int | None:
    """"10 000", "10000", "10 000" (no-break spaces, as French writes it) → 10000; anything else → None."""
    compact = "".join(char for char in (raw or "") if not (char.isspace() or unicodedata.category(char) == "Zs"))
    if not compact.isascii() or not compact.isdigit():
        return None
    return int(compact)


@dataclass
class Basics:
    """The texts asked when a challenge is created."""

    title_fr: str = ""
    title_ar: str = ""
    summary_fr: str = ""
    summary_ar: str = ""
    organizer_name: str = ""

    @property
    def title(self) -> str:
        return self.title_fr or self.title_ar


def clean_basics(values: dict[str, str], errors: dict[str, str], *, summary_required: bool) -> Basics:
    basics = Basics(
        title_fr=text(values, "title_fr", TITLE_MAX, errors), title_ar=text(values, "title_ar", TITLE_MAX, errors),
        summary_fr=text(values, "summary_fr", SUMMARY_MAX, errors),
        summary_ar=text(values, "summary_ar", SUMMARY_MAX, errors),
        organizer_name=text(values, "organizer_name", ORGANIZER_NAME_MAX, errors),
    )
    if not basics.title:
        errors.setdefault("title_fr", _("Give a title in French or in Arabic (or both)."))
    if summary_required and not (basics.summary_fr or basics.summary_ar):
        errors.setdefault("summary_fr", _("Give a summary in French or in Arabic (or both)."))
    return basics


@dataclass
class ChallengeTexts:
    """Everything of the edit form except pictures and datasets (checked against the database elsewhere)."""

    basics: Basics
    long_texts: dict[str, str] = field(default_factory=dict)  # "description_fr" → Markdown
    cover_alt: str = ""
    theme_names: list[str] = field(default_factory=list)
    min_team_size: int = 1
    max_team_size: int = 5
    jury_public: bool = True

    def columns(self) -> dict[str, object]:
        """Column name → value, for Challenge.update."""
        b = self.basics
        return {"title_fr": b.title_fr, "title_ar": b.title_ar, "summary_fr": b.summary_fr, "summary_ar": b.summary_ar,
                "organizer_name": b.organizer_name, **self.long_texts, "cover_alt": self.cover_alt,
                "min_team_size": self.min_team_size, "max_team_size": self.max_team_size,
                "jury_public": self.jury_public}


def clean_texts(values: dict[str, str], themes: list[str], *, has_cover: bool) -> tuple[ChallengeTexts, dict[str, str]]:
    errors: dict[str, str] = {}
    texts = ChallengeTexts(basics=clean_basics(values, errors, summary_required=True))
    for name in LONG_TEXTS:
        for language in ("fr", "ar"):
            key = f"{name}_{language}"
            texts.long_texts[key] = text(values, key, LONG_TEXT_MAX, errors, single_line=False)
    texts.cover_alt = text(values, "cover_alt", ALT_MAX, errors)
    if has_cover and not texts.cover_alt:
        errors["cover_alt"] = _("Describe the picture for people who cannot see it.")
    texts.theme_names = list(dict.fromkeys(themes))[:10]
    texts.jury_public = bool(values.get("jury_public"))
    low, high = whole_number(values.get("min_team_size", "")), whole_number(values.get("max_team_size", ""))
    size_message = _("Enter a whole number from 1 to %(max)s.", max=TEAM_SIZE_LIMIT)
    if low is None or not 1 <= low <= TEAM_SIZE_LIMIT:
        errors["min_team_size"] = size_message
    if high is None or not 1 <= high <= TEAM_SIZE_LIMIT:
        errors["max_team_size"] = size_message
    elif low is not None and low > high:
        errors["max_team_size"] = _("The largest team size cannot be smaller than the smallest.")
    texts.min_team_size, texts.max_team_size = low or 1, high or 1
    return texts, errors


def missing_for_publication(challenge: dict, *, eligible_datasets: int) -> list[tuple[str, str]]:
    """What still keeps a draft from being published: (in words, the back-office tab where it is set)."""
    missing = []
    if not (challenge.get("title_fr") or challenge.get("title_ar")):
        missing.append((_("A title in French or in Arabic"), "edit"))
    if not (challenge.get("summary_fr") or challenge.get("summary_ar")):
        missing.append((_("A summary"), "edit"))
    if not (challenge.get("eligibility_fr") or challenge.get("eligibility_ar")):
        missing.append((_("An eligibility statement (what participants accept when they register)"), "edit"))
    if challenge.get("submissions_open_at") is None:
        missing.append((_("The date submissions open"), "timeline"))
    if challenge.get("submissions_close_at") is None:
        missing.append((_("The submission deadline"), "timeline"))
    if eligible_datasets < 1:
        missing.append((_("At least one eligible dataset"), "edit"))
    return missing


# ---------------------------------------------------------------- questions


def parse_choices(raw: str) -> list[dict[str, str]]:
    """One choice per line, "French | Arabic" ("Oui | نعم"); a line in one language fills only that language."""
    choices = []
    for line in (raw or "").replace("\r\n", "\n").split("\n"):
        if not line.strip():
            continue
        if "|" in line:
            french, arabic = (" ".join(part.split()) for part in line.split("|", 1))
        else:
            single = " ".join(line.split())
            french, arabic = ("", single) if _ARABIC_LETTER.search(single) else (single, "")
        if french or arabic:
            choices.append({"fr": french[:CHOICE_MAX], "ar": arabic[:CHOICE_MAX]})
    return choices


def choice_list(stored: str) -> list[dict[str, str]]:
    """The stored JSON choices: [{"fr": …, "ar": …}, …] ([] when none or unreadable)."""
    try:
        choices = json.loads(stored or "[]")
    except ValueError:
        return []
    return [choice for choice in choices if isinstance(choice, dict)] if isinstance(choices, list) else []


def choices_text(stored: str) -> str:
    """Stored JSON choices back into the lines the form shows."""
    lines = []
    for choice in choice_list(stored):
        french, arabic = choice.get("fr", ""), choice.get("ar", "")
        lines.append(f"{french} | {arabic}" if french and arabic else french or arabic)
    return "\n".join(lines)


@dataclass
class QuestionFields:
    kind: str
    label_fr: str
    label_ar: str
    help_fr: str
    help_ar: str
    required: bool
    choices: str  # JSON, "" for kinds without choices


def clean_question(values: dict[str, str]) -> tuple[QuestionFields, dict[str, str]]:
    errors: dict[str, str] = {}
    kind = values.get("kind", "")
    if kind not in constants.QUESTION_KINDS:
        errors["kind"] = _("Choose a kind of answer in the list.")
    label_fr, label_ar = text(values, "label_fr", LABEL_MAX, errors), text(values, "label_ar", LABEL_MAX, errors)
    if not (label_fr or label_ar):
        errors.setdefault("label_fr", _("Write the question in French or in Arabic (or both)."))
    choices = ""
    if kind in CHOICE_KINDS:
        parsed = parse_choices(values.get("choices", ""))
        if len(parsed) < 2:
            errors["choices"] = _("Give at least two choices, one per line.")
        elif len(parsed) > MAX_CHOICES:
            errors["choices"] = _("Give at most %(count)s choices.", count=MAX_CHOICES)
        choices = json.dumps(parsed, ensure_ascii=False)
    return QuestionFields(
        kind=kind, label_fr=label_fr, label_ar=label_ar,
        help_fr=text(values, "help_fr", 2000, errors, single_line=False),
        help_ar=text(values, "help_ar", 2000, errors, single_line=False),
        required=bool(values.get("required")), choices=choices,
    ), errors


# ---------------------------------------------------------------- prize tracks


@dataclass
class TrackFields:
    name_fr: str
    name_ar: str
    description_fr: str
    description_ar: str
    amount_mad: int
    winners: int


def clean_track(values: dict[str, str]) -> tuple[TrackFields, dict[str, str]]:
    errors: dict[str, str] = {}
    name_fr, name_ar = text(values, "name_fr", TRACK_NAME_MAX, errors), text(values, "name_ar", TRACK_NAME_MAX, errors)
    if not (name_fr or name_ar):
        errors.setdefault("name_fr", _("Name the track in French or in Arabic (or both)."))
    raw_amount = (values.get("amount_mad") or "").strip()
    amount = whole_number(raw_amount) if raw_amount else 0
    if amount is None or amount > AMOUNT_LIMIT:
        errors["amount_mad"] = _("Enter the amount in dirhams as a whole number of 0 or more (example: 10 000).")
    winners = whole_number(values.get("winners", ""))
    if winners is None or not 1 <= winners <= WINNERS_LIMIT:
        errors["winners"] = _("Enter a whole number of winners from 1 to %(max)s.", max=WINNERS_LIMIT)
    return TrackFields(
        name_fr=name_fr, name_ar=name_ar,
        description_fr=text(values, "description_fr", 5000, errors, single_line=False),
        description_ar=text(values, "description_ar", 5000, errors, single_line=False),
        amount_mad=amount or 0, winners=winners or 1,
    ), errors
