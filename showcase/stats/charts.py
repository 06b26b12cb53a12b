"""Accessible column charts (a monthly series) as SVG text, rendered on the server: pure functions, no script.

In the spirit of `showcase.judging.charts.bar_chart` (which /stats reuses for horizontal bars): no viewBox, the
SVG is as wide as its container and horizontal positions are percentages, so text keeps its size from a phone
to a wide screen; `role="img"` with a `<title>` and a `<desc>` referenced by aria-labelledby; colours are
presentation attributes (never style attributes: CSP style-src 'self'); pages put the numbers in a data table
behind a `<details>`.

Right-to-left: the series runs from the right edge to the left (the first month is on the right), and the
maximum's label sits on the right. The maximum's label is drawn only when the values over the columns are not. With many columns only every n-th label is drawn (at most MAX_LABELS), and
values above the columns only up to MAX_VALUES columns; every column keeps its value in a tooltip.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from showcase.judging.charts import BAR_FILL, TEXT_FILL, TRACK_FILL

TOP = 28  # room for the maximum's label and the values above the columns
PLOT = 160  # height of the plotting area
LABEL_ROW = 26  # the month labels under the baseline
FONT_SIZE = 12
MAX_LABELS = 4  # month names stay apart on a 375 px phone
MAX_VALUES = 12
COLUMN_SHARE = 0.7  # of each slot: the rest is the gap between columns


@dataclass(frozen=True)
class Column:
    label: str  # shown under the column (may be thinned out)
    value: float
    tooltip: str = ""  # the column's full description ("March 2026: 4"); label: value when empty


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _coordinate(value: float) -> str:
    text = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def label_step(count: int, max_labels: int = MAX_LABELS) -> int:
    """Draw the label of every n-th column so that at most `max_labels` are drawn."""
    return max(1, math.ceil(count / max_labels))


def column_height(value: float, maximum: float, plot: float = PLOT) -> float:
    """The height of a column in px: value / maximum of the plotting area, clamped, two decimals."""
    if maximum <= 0 or value <= 0:
        return 0.0
    return round(min(value, maximum) / maximum * plot, 2)


def slot_start(index: int, count: int, rtl: bool) -> float:
    """The left edge (in percent) of the index-th slot: left to right, or right to left in RTL."""
    position = count - 1 - index if rtl else index
    return position * 100 / count


def label_position(index: int, count: int, rtl: bool) -> tuple[float, str]:
    """Where a column's label goes (x in percent, text-anchor): centred under it, except the first and the last,
    which keep to their slot's outer edge so they never stick out of the chart. The svg states its direction, so
    "start" is the right end of the text in RTL."""
    slot = 100 / count
    left = slot_start(index, count, rtl)
    if count > 1 and index == 0:
        return (left + slot if rtl else left), "start"
    if count > 1 and index == count - 1:
        return (left if rtl else left + slot), "end"
    return left + slot / 2, "middle"


def column_chart(columns: Sequence[Column], *, chart_id: str, title: str, description: str, rtl: bool = False,
                 format_value: Callable[[float], str] = _number, css_class: str = "column-chart",
                 max_labels: int = MAX_LABELS) -> str:
    """An SVG column chart. `chart_id` must be unique on the page (it prefixes the title and description ids)."""
    count = len(columns)
    maximum = max([column.value for column in columns] + [0])
    height = TOP + PLOT + LABEL_ROW
    baseline = TOP + PLOT
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class={quoteattr(css_class)} id={quoteattr(chart_id)} '
        f'role="img" aria-labelledby="{escape(title_id)} {escape(desc_id)}" width="100%" height="{height}" '
        f'direction="{"rtl" if rtl else "ltr"}" font-size="{FONT_SIZE}" font-family="system-ui, sans-serif">',
        f'<title id={quoteattr(title_id)}>{escape(title)}</title>',
        f'<desc id={quoteattr(desc_id)}>{escape(description)}</desc>',
    ]
    # The scale: a light line at the maximum with its value on the start side, and the baseline.
    show_values = count <= MAX_VALUES
    if maximum > 0:
        start_x = "100%" if rtl else "0"
        parts.append(f'<line class="column-grid" x1="0" x2="100%" y1="{TOP}" y2="{TOP}" stroke="{TRACK_FILL}" '
                     f'stroke-dasharray="4 4"/>')
    if maximum > 0 and not show_values:  # with values over the columns, the scale's label would only collide
        parts.append(f'<text class="column-max" x="{start_x}" y="{TOP - 6}" text-anchor="start" fill="{TEXT_FILL}">'
                     f'{escape(format_value(maximum))}</text>')
    parts.append(f'<line class="column-baseline" x1="0" x2="100%" y1="{baseline}" y2="{baseline}" '
                 f'stroke="{TEXT_FILL}"/>')
    if count:
        slot = 100 / count
        width = slot * COLUMN_SHARE
        step = label_step(count, max_labels)
        for index, column in enumerate(columns):
            left = slot_start(index, count, rtl)
            middle = left + slot / 2
            tall = column_height(column.value, maximum)
            value_text = format_value(column.value)
            tooltip = column.tooltip or f"{column.label}: {value_text}"
            parts.append('<g class="column">')
            parts.append(f'<rect class="column-bar" x="{_coordinate(left + (slot - width) / 2)}%" '
                         f'y="{_coordinate(baseline - tall)}" width="{_coordinate(width)}%" height="{_coordinate(tall)}" '
                         f'fill="{BAR_FILL}"><title>{escape(tooltip)}</title></rect>')
            if show_values and column.value > 0:
                parts.append(f'<text class="column-value" x="{_coordinate(middle)}%" y="{_coordinate(baseline - tall - 4)}" '
                             f'text-anchor="middle" fill="{TEXT_FILL}" font-weight="600">{escape(value_text)}</text>')
            if index % step == 0:
                x, anchor = label_position(index, count, rtl)
                parts.append(f'<text class="column-label" x="{_coordinate(x)}%" y="{baseline + 17}" '
                             f'text-anchor="{anchor}" fill="{TEXT_FILL}">{escape(column.label)}</text>')
            parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)
