"""Pure checks and clean-ups for startup form fields (no database): unit-tested on their own."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit, urlunsplit

from showcase.exceptions import InvalidInput
from showcase.i18n import gettext as _
from showcase.startups.tables import REGIONS, STAGES

NAME_MAX = 120
SLUG_MIN = 2
SLUG_MAX = 80
CITY_MAX = 80
DESCRIPTION_MAX = 5000
WEBSITE_MAX = 300
YEAR_MIN = 1900
TEAM_MIN, TEAM_MAX = 1, 10_000
RESERVED_SLUGS = frozenset({"new"})

# A readable Latin spelling of Arabic letters, so that Arabic names give usable addresses.
_ARABIC = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ء": "", "ؤ": "u", "ئ": "i", "ب": "b", "ت": "t", "ث": "th",
    "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s",
    "ض": "d", "ط": "t", "ظ": "z", "ع": "a", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m",
    "ن": "n", "ه": "h", "و": "w", "ي": "y", "ى": "a", "ة": "a", "ڤ": "v", "ڭ": "g", "گ": "g", "پ": "p", "ـ": "",
    **{chr(0x0660 + digit): str(digit) for digit in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + digit): str(digit) for digit in range(10)},  # Eastern Arabic-Indic digits
}
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def slugify(text: str, *, max_length: int = SLUG_MAX) -> str:
    """Lowercase ASCII words joined by hyphens: "Éco-Souss Agri" → "eco-souss-agri", "تمويل" → "tmwyl"."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(_ARABIC.get(char, char) for char in text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))  # accents and harakat
    text = text.replace("ß", "ss").replace("æ", "ae").replace("œ", "oe").replace("ø", "o").replace("đ", "d")
    text = text.replace("Æ", "ae").replace("Œ", "oe").replace("'", "").replace("’", "")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > max_length:
        cut = slug[:max_length]
        if slug[max_length] != "-" and "-" in cut:
            cut = cut.rsplit("-", 1)[0]  # do not cut a word in two
        slug = cut.strip("-")
    return slug


def clean_slug(raw: str, *, name: str) -> str:
    """The address part chosen by the person (tidied), or one made from the name; InvalidInput on `slug`."""
    wanted = (raw or "").strip()
    slug = slugify(wanted) if wanted else (slugify(name) or "startup")
    if wanted and not slug:
        raise InvalidInput({"slug": _("Use letters, digits and hyphens in the address (example: souss-agri).")})
    if len(slug) < SLUG_MIN:
        raise InvalidInput({"slug": _("Use at least %(count)s characters in the address.", count=SLUG_MIN)})
    if slug in RESERVED_SLUGS:
        raise InvalidInput({"slug": _("This address is reserved. Choose another one.")})
    return slug


def normalize_website(raw: str) -> str:
    """A canonical http(s) URL ("" when left empty): scheme and host lower-cased, IDN host in ASCII,
    default port and fragment dropped, "https://" added when no scheme was typed."""
    candidate = (raw or "").strip()
    if not candidate:
        return ""
    invalid = InvalidInput({"website": _("Enter a web address starting with http:// or https:// (example: https://example.ma).")})
    if any(char.isspace() or ord(char) < 32 for char in candidate) or len(candidate) > WEBSITE_MAX:
        raise invalid
    if "://" not in candidate:
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", candidate) and not re.match(r"^[^:/]+:\d+(/|$)", candidate):
            raise invalid  # mailto:, javascript:, data:...
        candidate = "https://" + candidate.lstrip("/")
    try:
        parts = urlsplit(candidate)
        port = parts.port
    except ValueError:
        raise invalid from None
    if parts.scheme.lower() not in ("http", "https") or parts.username or parts.password or "@" in parts.netloc:
        raise invalid
    host = (parts.hostname or "").rstrip(".")
    try:
        ascii_host = host.encode("idna").decode("ascii").lower() if host else ""
    except UnicodeError:
        raise invalid from None
    labels = ascii_host.split(".")
    if len(labels) < 2 or not all(_HOST_LABEL.match(label) for label in labels) or labels[-1].isdigit() and len(labels) != 4:
        raise invalid
    scheme = parts.scheme.lower()
    netloc = ascii_host
    if port is not None and port != {"http": 80, "https": 443}[scheme]:
        netloc = f"{ascii_host}:{port}"
    result = urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))
    if len(result) > WEBSITE_MAX:
        raise invalid
    return result


def clean_name(raw: str) -> str:
    name = " ".join((raw or "").split())
    if not name:
        raise InvalidInput({"name": _("Enter the startup's name.")})
    if len(name) > NAME_MAX:
        raise InvalidInput({"name": _("Use at most %(count)s characters.", count=NAME_MAX)})
    return name


def clean_descriptions(french: str, arabic: str) -> tuple[str, str]:
    french, arabic = (french or "").strip(), (arabic or "").strip()
    errors = {}
    if not french and not arabic:
        message = _("Describe the startup in French or in Arabic (or both).")
        errors = {"description_fr": message, "description_ar": message}
    for field, text in (("description_fr", french), ("description_ar", arabic)):
        if len(text) > DESCRIPTION_MAX:
            errors[field] = _("Use at most %(count)s characters.", count=DESCRIPTION_MAX)
    if errors:
        raise InvalidInput(errors)
    return french, arabic


def clean_region(raw: str) -> str:
    if raw not in REGIONS:
        raise InvalidInput({"region": _("Choose the region from the list.")})
    return raw


def clean_stage(raw: str) -> str:
    if raw and raw not in STAGES:
        raise InvalidInput({"stage": _("Choose the stage from the list.")})
    return raw or ""


def clean_city(raw: str) -> str:
    city = " ".join((raw or "").split())
    if len(city) > CITY_MAX:
        raise InvalidInput({"city": _("Use at most %(count)s characters.", count=CITY_MAX)})
    return city


def _whole_number(raw: str) -> int | None:
    text = unicodedata.normalize("NFKC", (raw or "").strip())
    text = "".join(_ARABIC.get(char, char) for char in text)
    if not text:
        return None
    if not re.fullmatch(r"[0-9]{1,9}", text):
        raise ValueError(text)
    return int(text)


def clean_founded_year(raw: str, *, current_year: int) -> int | None:
    try:
        year = _whole_number(raw)
    except ValueError:
        year = -1
    if year is None:
        return None
    if not YEAR_MIN <= year <= current_year:
        raise InvalidInput({"founded_year": _("Enter a year between %(first)s and %(last)s.", first=YEAR_MIN, last=current_year)})
    return year


def clean_team_size(raw: str) -> int | None:
    try:
        size = _whole_number(raw)
    except ValueError:
        size = -1
    if size is None:
        return None
    if not TEAM_MIN <= size <= TEAM_MAX:
        raise InvalidInput({"team_size": _("Enter a number of people between %(low)s and %(high)s.", low=TEAM_MIN,
                                           high=TEAM_MAX)})
    return size


def search_key(text: str) -> str:
    """What name searches compare: lower-case, no accents or harakat, single spaces ("École" → "ecole")."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text or "").casefold())
    text = "".join(char for char in text if not unicodedata.combining(char) and char != "ـ")
    for variant in "أإآٱ":
        text = text.replace(variant, "ا")
    text = text.replace("ى", "ي").replace("ة", "ه")
    return " ".join(text.split())


PROFILE_FIELDS = ("name", "slug", "description_fr", "description_ar", "region", "city", "website", "founded_year",
                  "team_size", "stage")


def clean_profile(values: dict[str, str], *, current_year: int, current_slug: str = "") -> dict:
    """Every profile field checked at once: the cleaned values, or InvalidInput with a message per wrong field.

    `current_slug` (when editing) is kept if the address field is left empty.
    """
    cleaned: dict = {}
    errors: dict[str, str] = {}

    def run(check, *args, **kwargs):  # noqa: ANN001, ANN202
        try:
            return check(*args, **kwargs)
        except InvalidInput as exc:
            errors.update(exc.errors)
            return None

    cleaned["name"] = run(clean_name, values.get("name", ""))
    if current_slug and not (values.get("slug") or "").strip():
        cleaned["slug"] = current_slug
    else:
        cleaned["slug"] = run(clean_slug, values.get("slug", ""), name=cleaned["name"] or "")
    descriptions = run(clean_descriptions, values.get("description_fr", ""), values.get("description_ar", ""))
    cleaned["description_fr"], cleaned["description_ar"] = descriptions or ("", "")
    cleaned["region"] = run(clean_region, values.get("region", ""))
    cleaned["city"] = run(clean_city, values.get("city", ""))
    cleaned["website"] = run(normalize_website, values.get("website", ""))
    cleaned["founded_year"] = run(clean_founded_year, values.get("founded_year", ""), current_year=current_year)
    cleaned["team_size"] = run(clean_team_size, values.get("team_size", ""))
    cleaned["stage"] = run(clean_stage, values.get("stage", ""))
    if errors:
        raise InvalidInput(errors)
    return cleaned
