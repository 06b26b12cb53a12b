"""Shields-style SVG badges: "réutilisé N fois" / "أعيد استخدامه N مرة" / "reused N times".

Pure functions (no database): the text through ngettext (Arabic has six plural forms), every text escaped,
widths estimated from character classes and enforced with textLength so no font can overflow the shape.
Presentation attributes only; right to left in Arabic (the count side first, reading from the right).
"""

from __future__ import annotations

import unicodedata
from html import escape

from showcase.i18n import get_locale, ngettext, text_direction

HEIGHT = 20
PADDING = 6
LABEL = "Showcase"
COLOR_LABEL = "#555"
COLOR_SOME = "#0b7a4b"
COLOR_NONE = "#8a8a8a"
FONT = "Verdana,Geneva,'DejaVu Sans','Noto Sans Arabic',Tahoma,sans-serif"


def badge_text(count: int) -> str:
    return ngettext("reused %(num)s time", "reused %(num)s times", count)


def text_width(text: str) -> int:
    """Estimated width in pixels of `text` in 11 px Verdana (Arabic: a typical naskh/sans width)."""
    width = 0.0
    for char in text:
        if char in " ":
            width += 3.9
        elif char.isdigit():
            width += 7.0
        elif unicodedata.combining(char) or char in "\u200e\u200f\u061c":
            continue
        elif "\u0600" <= char <= "\u06ff":
            width += 6.2
        elif char in "iljtf.,:;'!|()":
            width += 3.6
        elif char.isupper() or char in "mwMW":
            width += 8.6
        else:
            width += 6.8
    return int(round(width))


def badge_svg(count: int) -> str:
    """The whole SVG document for `count` published reuses, in the current language."""
    locale = get_locale()
    rtl = text_direction(locale) == "rtl"
    message = badge_text(count)
    label_text_width, message_text_width = text_width(LABEL), text_width(message)
    label_width, message_width = label_text_width + 2 * PADDING, message_text_width + 2 * PADDING
    total = label_width + message_width
    # Reading order: label then message; in Arabic the label sits at the right.
    label_x, message_x = (message_width, 0) if rtl else (0, label_width)
    color = COLOR_SOME if count > 0 else COLOR_NONE
    title = escape(f"{LABEL}: {message}")
    direction = ' direction="rtl"' if rtl else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="{HEIGHT}" viewBox="0 0 {total} {HEIGHT}" '
        f'role="img" aria-labelledby="badge-title" lang="{escape(locale)}">'
        f'<title id="badge-title">{title}</title>'
        '<linearGradient id="badge-shine" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/>'
        '<stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="badge-round"><rect width="{total}" height="{HEIGHT}" rx="3" fill="#fff"/></clipPath>'
        '<g clip-path="url(#badge-round)">'
        f'<rect x="{label_x}" width="{label_width}" height="{HEIGHT}" fill="{COLOR_LABEL}"/>'
        f'<rect x="{message_x}" width="{message_width}" height="{HEIGHT}" fill="{color}"/>'
        f'<rect width="{total}" height="{HEIGHT}" fill="url(#badge-shine)"/></g>'
        f'<g fill="#fff" text-anchor="middle" font-family="{escape(FONT)}" font-size="11">'
        f'<text x="{label_x + label_width / 2:g}" y="14" textLength="{label_text_width}" '
        f'lengthAdjust="spacingAndGlyphs">{escape(LABEL)}</text>'
        f'<text class="badge-message" x="{message_x + message_width / 2:g}" y="14" textLength="{message_text_width}" '
        f'lengthAdjust="spacingAndGlyphs"{direction}>{escape(message)}</text>'
        '</g></svg>'
    )
