"""Locale negotiation, gettext for Python and Jinja, Babel formatting and text direction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from babel import Locale, dates, numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import LazyProxy, NullTranslations, Translations

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
SUPPORTED = ("fr", "ar", "en")
DEFAULT = "fr"
LANGUAGE_NAMES = {"fr": "Français", "ar": "العربية", "en": "English"}
LANG_COOKIE = "lang"

_current_locale: ContextVar[str] = ContextVar("locale", default=DEFAULT)


def compile_catalogues(locales_dir: Path = LOCALES_DIR, *, force: bool = False) -> list[Path]:
    """Compile every .po into .mo when missing or older; return the files written."""
    written = []
    for po_path in sorted(locales_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        try:
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog, use_fuzzy=False)
        except OSError:  # a read-only install: `make messages` or the build compiled them already
            continue
        written.append(mo_path)
    translations_for.cache_clear()
    return written


@lru_cache(maxsize=None)
def translations_for(locale: str) -> NullTranslations:
    return Translations.load(str(LOCALES_DIR), [locale], domain="messages")


def get_locale() -> str:
    return _current_locale.get()


def set_locale(locale: str) -> None:
    _current_locale.set(locale if locale in SUPPORTED else DEFAULT)


@contextmanager
def use_locale(locale: str | None) -> Iterator[str]:
    """Render something (an e-mail, say) in another person's language, then restore ours."""
    chosen = locale if locale in SUPPORTED else DEFAULT
    token = _current_locale.set(chosen)
    try:
        yield chosen
    finally:
        _current_locale.reset(token)


def gettext(message: str, **variables: object) -> str:
    text = translations_for(get_locale()).ugettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables: object) -> str:
    text = translations_for(get_locale()).ungettext(singular, plural, n)
    return text % {"num": n, **variables}


def pgettext(context: str, message: str, **variables: object) -> str:
    text = translations_for(get_locale()).upgettext(context, message)
    return text % variables if variables else text


def npgettext(context: str, singular: str, plural: str, n: int, **variables: object) -> str:
    text = translations_for(get_locale()).unpgettext(context, singular, plural, n)
    return text % {"num": n, **variables}


def lazy_gettext(message: str) -> LazyProxy:
    """For module-level labels: translated when shown, in the visitor's language."""
    return LazyProxy(gettext, message, enable_cache=False)


_ = gettext


def text_direction(locale: str | None = None) -> str:
    return Locale.parse(locale or get_locale()).text_direction


def negotiate(accept_language: str | None) -> str | None:
    """Best supported language from an Accept-Language header, by q-value."""
    if not accept_language:
        return None
    weighted = []
    for index, part in enumerate(accept_language.split(",")):
        piece = part.strip()
        if not piece:
            continue
        tag, _, params = piece.partition(";")
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                quality = 0.0
        if quality > 0 and tag.strip() not in ("", "*"):
            weighted.append((-quality, index, tag.strip().replace("-", "_")))
    preferred = [tag for _, _, tag in sorted(weighted)]
    found = Locale.negotiate(preferred, list(SUPPORTED), sep="_")
    return str(found.language) if found else None


def choose_locale(query_lang: str | None, cookie_lang: str | None, accept_language: str | None) -> str:
    """The ?lang= parameter, then the remembered cookie, then the browser, then French."""
    for candidate in (query_lang, cookie_lang):
        if candidate in SUPPORTED:
            return candidate
    return negotiate(accept_language) or DEFAULT


# --- formatting through Babel -------------------------------------------------------------


def format_number(value: float | int) -> str:
    return numbers.format_decimal(value, locale=get_locale())


def format_date(value: date | datetime | None, format: str = "medium") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return dates.format_date(value, format=format, locale=get_locale())


def format_datetime(value: datetime | None, format: str = "medium", tzinfo: str | None = None) -> str:
    if value is None:
        return ""
    from showcase.settings import get_settings

    zone = dates.get_timezone(tzinfo or get_settings().time_zone)
    return dates.format_datetime(value, format=format, tzinfo=zone, locale=get_locale())


def format_relative(value: datetime | None, now: datetime) -> str:
    if value is None:
        return ""
    return dates.format_timedelta(value - now, add_direction=True, locale=get_locale())


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def install_jinja(env) -> None:  # noqa: ANN001 - a jinja2.Environment
    """Jinja's new-style gettext formats the variables itself, so it gets the bare lookups."""

    def _gettext(message: str) -> str:
        return translations_for(get_locale()).ugettext(message)

    def _ngettext(singular: str, plural: str, n: int) -> str:
        return translations_for(get_locale()).ungettext(singular, plural, n)

    def _pgettext(context: str, message: str) -> str:
        return translations_for(get_locale()).upgettext(context, message)

    def _npgettext(context: str, singular: str, plural: str, n: int) -> str:
        return translations_for(get_locale()).unpgettext(context, singular, plural, n)

    env.install_gettext_callables(_gettext, _ngettext, newstyle=True, pgettext=_pgettext, npgettext=_npgettext)
    env.globals.update(
        get_locale=get_locale,
        text_direction=text_direction,
        language_name=language_name,
        supported_languages=SUPPORTED,
    )
    env.filters.update(
        number=format_number,
        date=format_date,
        datetime=format_datetime,
    )
