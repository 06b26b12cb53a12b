"""The SVG bar charts: well-formed XML, accessible names, exact bar geometry, mirrored in right-to-left."""

import xml.etree.ElementTree as ET

from showcase.judging.charts import Bar, bar_chart, bar_width

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _rects(root: ET.Element, css_class: str) -> list[dict]:
    return [rect.attrib for rect in root.iter(f"{SVG}rect") if rect.get("class") == css_class]


def test_accessible_name_description_labels_and_values():
    svg = bar_chart([Bar("Hind Juge", 3), Bar("Omar <Juge> & co", 1)], chart_id="judges", title="Reviews per judge",
                    description="Hind Juge 3, Omar 1")
    root = _parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "judges-title judges-desc"
    assert root.find(f"{SVG}title").text == "Reviews per judge"
    assert root.find(f"{SVG}title").get("id") == "judges-title"
    assert root.find(f"{SVG}desc").text == "Hind Juge 3, Omar 1"
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "bar-label"]
    values = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "bar-value"]
    assert labels == ["Hind Juge", "Omar <Juge> & co"]
    assert values == ["3", "1"]
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == ("100%", "80", None)
    assert root.get("direction") == "ltr"
    assert "style=" not in svg and "<script" not in svg


def test_exact_bar_widths_against_the_largest_value():
    root = _parse(bar_chart([Bar("a", 3), Bar("b", 4), Bar("c", 0), Bar("d", 1.5)], chart_id="c", title="t",
                            description="d"))
    bars = _rects(root, "bar")
    assert [bar["width"] for bar in bars] == ["75%", "100%", "0%", "37.5%"]
    assert [bar["x"] for bar in bars] == ["0%", "0%", "0%", "0%"]
    assert [bar["y"] for bar in bars] == ["20", "60", "100", "140"]
    assert bar_width(1, 3) == 33.33
    assert bar_width(5, 4) == 100.0  # clamped
    assert bar_width(2, 0) == 0.0


def test_done_of_total_draws_a_track_and_the_done_part():
    root = _parse(bar_chart([Bar("Hind", 2, total=4), Bar("Omar", 0, total=3)], chart_id="p", title="t",
                            description="d", maximum=5))
    assert [r["width"] for r in _rects(root, "bar-track")] == ["80%", "60%"]
    assert [r["width"] for r in _rects(root, "bar")] == ["40%", "0%"]
    values = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "bar-value"]
    assert values == ["2 / 4", "0 / 3"]
    tooltips = [r.find(f"{SVG}title").text for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert tooltips == ["Hind: 2 / 4", "Omar: 0 / 3"]


def test_right_to_left_bars_grow_from_the_right_edge():
    root = _parse(bar_chart([Bar("هند", 1, total=4)], chart_id="r", title="t", description="d", rtl=True))
    (track,) = _rects(root, "bar-track")
    (bar,) = _rects(root, "bar")
    assert (track["x"], track["width"]) == ("0%", "100%")
    assert (bar["x"], bar["width"]) == ("75%", "25%")
    label = next(t for t in root.iter(f"{SVG}text") if t.get("class") == "bar-label")
    value = next(t for t in root.iter(f"{SVG}text") if t.get("class") == "bar-value")
    assert root.get("direction") == "rtl"  # so "start" is the right edge, whatever the page around it
    assert (label.get("x"), label.get("text-anchor")) == ("100%", "start")
    assert (value.get("x"), value.get("text-anchor")) == ("0", "end")


def test_empty_chart_and_long_labels():
    root = _parse(bar_chart([], chart_id="e", title="Nothing yet", description="No data"))
    assert root.get("height") == "40"
    assert _rects(root, "bar") == []
    long = "Projet " + "x" * 60
    root = _parse(bar_chart([Bar(long, 1)], chart_id="l", title="t", description="d",
                            format_value=lambda v: f"{v:.1f}"))
    label = next(t for t in root.iter(f"{SVG}text") if t.get("class") == "bar-label").text
    assert len(label) == 32 and label.endswith("…")
    assert next(t for t in root.iter(f"{SVG}text") if t.get("class") == "bar-value").text == "1.0"
    tooltip = next(r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar").find(f"{SVG}title").text
    assert tooltip == f"{long}: 1.0"
