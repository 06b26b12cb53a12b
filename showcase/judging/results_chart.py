"""Raw against corrected scores as an accessible SVG "dumbbell" chart (pure, server-rendered, no script).

One row per entry: its label on the first line and "raw → corrected" at the far end of it; under it, on one
scale shared by every row, a hollow dot at the raw score, a filled dot at the corrected score and a line
between them, so a judge's leniency shows as a long line. Same conventions as showcase.judging.charts:
role="img" with <title> and <desc>, presentation attributes only (the CSP forbids style attributes), the data
table is the page's business (behind a <details>), and right-to-left mirrors the scale. The drawing itself is
laid out left to right (direction="ltr": x and text-anchor mean the same on an Arabic page); the bidirectional
algorithm still orders the characters of an Arabic label.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

WIDTH = 400
ROW = 40
LABEL_BASELINE = 14
DOT_Y = 28
RADIUS = 5
PAD = 8  # keeps dots at the ends inside the drawing
MAX_LABEL = 40
RAW_STROKE = "#6b6459"  # --sand-700-ish: the raw score, hollow
CORRECTED_FILL = "#006233"  # --green-700
LINE_STROKE = "#b9ae98"
TEXT_FILL = "#18201c"


@dataclass(frozen=True)
class Pair:
    label: str
    raw: float
    corrected: float


def _coordinate(value: float) -> str:
    text = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def scale(value: float, low: float, high: float, *, rtl: bool = False) -> float:
    """x of a value on [low, high] drawn between PAD and WIDTH − PAD (mirrored when rtl)."""
    span = high - low
    share = 0.5 if span <= 0 else (value - low) / span
    x = PAD + share * (WIDTH - 2 * PAD)
    return WIDTH - x if rtl else x


def _number(value: float) -> str:
    return f"{value:.2f}"


def dumbbell_chart(pairs: Sequence[Pair], *, chart_id: str, title: str, description: str, rtl: bool = False,
                   format_value: Callable[[float], str] = _number) -> str:
    values = [v for pair in pairs for v in (pair.raw, pair.corrected)]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    height = max(len(pairs), 1) * ROW
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="dumbbell-chart" id={quoteattr(chart_id)} role="img" '
        f'aria-labelledby="{escape(title_id)} {escape(desc_id)}" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" font-size="13" font-family="system-ui, sans-serif" direction="ltr">',
        f'<title id={quoteattr(title_id)}>{escape(title)}</title>',
        f'<desc id={quoteattr(desc_id)}>{escape(description)}</desc>',
    ]
    start_x, start_anchor, end_x, end_anchor = (WIDTH, "end", 0, "start") if rtl else (0, "start", WIDTH, "end")
    for index, pair in enumerate(pairs):
        top = index * ROW
        label = pair.label if len(pair.label) <= MAX_LABEL else pair.label[:MAX_LABEL - 1].rstrip() + "…"
        raw_x, corrected_x = scale(pair.raw, low, high, rtl=rtl), scale(pair.corrected, low, high, rtl=rtl)
        # drawn left to right in both directions: in RTL the raw value sits on the right, where reading starts
        values_text = (f"{format_value(pair.corrected)} ← {format_value(pair.raw)}" if rtl
                       else f"{format_value(pair.raw)} → {format_value(pair.corrected)}")
        y = top + DOT_Y
        parts += [
            '<g class="dumbbell-row">',
            f'<text class="dumbbell-label" x="{start_x}" y="{top + LABEL_BASELINE}" text-anchor="{start_anchor}" '
            f'fill="{TEXT_FILL}">{escape(label)}</text>',
            f'<text class="dumbbell-value" x="{end_x}" y="{top + LABEL_BASELINE}" text-anchor="{end_anchor}" '
            f'fill="{TEXT_FILL}" font-weight="600" direction="ltr">{escape(values_text)}</text>',
            f'<line x1="{_coordinate(raw_x)}" y1="{y}" x2="{_coordinate(corrected_x)}" y2="{y}" '
            f'stroke="{LINE_STROKE}" stroke-width="3"/>',
            f'<circle class="dumbbell-raw" cx="{_coordinate(raw_x)}" cy="{y}" r="{RADIUS}" fill="#ffffff" '
            f'stroke="{RAW_STROKE}" stroke-width="2"><title>{escape(pair.label)}: {escape(format_value(pair.raw))}'
            '</title></circle>',
            f'<circle class="dumbbell-corrected" cx="{_coordinate(corrected_x)}" cy="{y}" r="{RADIUS}" '
            f'fill="{CORRECTED_FILL}"><title>{escape(pair.label)}: {escape(format_value(pair.corrected))}</title>'
            '</circle>',
            '</g>',
        ]
    parts.append("</svg>")
    return "".join(parts)
