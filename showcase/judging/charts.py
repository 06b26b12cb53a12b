"""Accessible horizontal bar charts as SVG text, rendered on the server (pure functions, no script).

The SVG has no viewBox: it is as wide as its container, one row is 40 px high, and horizontal positions are
percentages, so labels keep their size from a phone to a wide screen. Each bar is a row: its label on the first line, the bar under it, the value at the far end of the label line
(so a long label never collides with a long bar, and the chart still reads on a 375 px screen). A bar may carry
a total ("done of total"): a pale track as long as the total, the done part over it, and "3 / 5" as its value.

`role="img"` with a `<title>` and a `<desc>` (referenced by aria-labelledby) names the chart for screen readers;
pages put the same numbers in a data table behind a `<details>`. Right-to-left: labels start on the right and
bars grow from the right edge. Colours are SVG presentation attributes (fill="…"), never style attributes, so
the page's Content-Security-Policy (style-src 'self') holds; the classes let the stylesheet restyle them.

Reused by issue 7's /stats: keep it generic."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

WIDTH = 100  # horizontal coordinates are percentages of the container's width: text never scales down
ROW = 40  # height of one row: the label line, then the bar
BAR_Y = 20  # the bar's top inside its row
BAR_HEIGHT = 12
LABEL_BASELINE = 14
FONT_SIZE = 14
MAX_LABEL = 32  # characters shown before "…" (the full label is in the bar's tooltip and the data table)
BAR_FILL = "#006233"  # --green-700
TRACK_FILL = "#d4ccbc"  # --sand-300
TEXT_FILL = "#18201c"  # --ink-900


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    total: float | None = None  # "value done of total": a track as long as the total under the bar


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _coordinate(value: float) -> str:
    """SVG coordinates with at most two decimals and no trailing zeros."""
    text = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def bar_width(value: float, maximum: float, width: float = WIDTH) -> float:
    """The length of a bar in percent of the chart's width: value / maximum, clamped to [0, 100], two decimals."""
    if maximum <= 0 or value <= 0:
        return 0.0
    return round(min(value, maximum) / maximum * width, 2)


def bar_chart(bars: Sequence[Bar], *, chart_id: str, title: str, description: str, maximum: float | None = None,
              rtl: bool = False, format_value: Callable[[float], str] = _number,
              format_pair: Callable[[str, str], str] = lambda done, total: f"{done} / {total}",
              css_class: str = "bar-chart") -> str:
    """An SVG horizontal bar chart. `maximum` defaults to the largest value or total (a chart of zeros draws
    no bar). `chart_id` must be unique on the page (it prefixes the title and description ids)."""
    if maximum is None:
        maximum = max([bar.value for bar in bars] + [bar.total or 0 for bar in bars] + [0])
    height = max(len(bars), 1) * ROW
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class={quoteattr(css_class)} id={quoteattr(chart_id)} '
        f'role="img" aria-labelledby="{escape(title_id)} {escape(desc_id)}" width="100%" height="{height}" '
        f'direction="{"rtl" if rtl else "ltr"}" font-size="{FONT_SIZE}" font-family="system-ui, sans-serif">',
        f'<title id={quoteattr(title_id)}>{escape(title)}</title>',
        f'<desc id={quoteattr(desc_id)}>{escape(description)}</desc>',
    ]
    # The svg states its direction (an inline SVG would otherwise inherit the page's): text-anchor "start" is
    # then the right edge in RTL, and Arabic labels keep their base direction.
    start_x, end_x = ("100%", "0") if rtl else ("0", "100%")
    for index, bar in enumerate(bars):
        top = index * ROW
        value_text = format_value(bar.value) if bar.total is None else format_pair(
            format_value(bar.value), format_value(bar.total))
        parts.append('<g class="bar-row">')
        parts.append(f'<text class="bar-label" x="{start_x}" y="{top + LABEL_BASELINE}" text-anchor="start" '
                     f'fill="{TEXT_FILL}">{escape(_short(bar.label))}</text>')
        parts.append(f'<text class="bar-value" x="{end_x}" y="{top + LABEL_BASELINE}" text-anchor="end" '
                     f'fill="{TEXT_FILL}" font-weight="600">{escape(value_text)}</text>')
        if bar.total is not None:
            track = bar_width(bar.total, maximum)
            parts.append(_rect("bar-track", track, top, rtl, TRACK_FILL))
        done = bar_width(bar.value, maximum)
        parts.append(_rect("bar", done, top, rtl, BAR_FILL, tooltip=f"{bar.label}: {value_text}"))
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def _rect(css_class: str, width: float, top: int, rtl: bool, fill: str, tooltip: str | None = None) -> str:
    x = WIDTH - width if rtl else 0
    tip = f"<title>{escape(tooltip)}</title>" if tooltip else ""
    return (f'<rect class="{css_class}" x="{_coordinate(x)}%" y="{top + BAR_Y}" width="{_coordinate(width)}%" '
            f'height="{BAR_HEIGHT}" rx="2" fill="{fill}">{tip}</rect>')
