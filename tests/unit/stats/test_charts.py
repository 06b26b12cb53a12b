"""The column chart of /stats (pure): parses, names itself for screen readers, scales, thins labels, mirrors in RTL."""

import xml.etree.ElementTree as ET

from showcase.stats.charts import Column, column_chart, column_height, label_position, label_step, slot_start

SVG = "{http://www.w3.org/2000/svg}"


def parse(text: str) -> ET.Element:
    return ET.fromstring(text)


def rects(svg: ET.Element) -> list[dict]:
    return [rect.attrib for rect in svg.iter(f"{SVG}rect")]


def texts(svg: ET.Element, css_class: str) -> list[tuple[str, str, str]]:
    return [(t.get("x"), t.get("text-anchor"), t.text) for t in svg.iter(f"{SVG}text") if t.get("class") == css_class]


def test_accessible_names_and_presentation_attributes_only():
    svg = parse(column_chart([Column("Jan", 2), Column("Feb", 4)], chart_id="c", title="Per month <all>",
                             description="Jan: 2; Feb: 4"))
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c-title c-desc"
    assert svg.find(f"{SVG}title").get("id") == "c-title"
    assert svg.find(f"{SVG}title").text == "Per month <all>"  # escaped in the text, read back whole
    assert svg.find(f"{SVG}desc").text == "Jan: 2; Feb: 4"
    assert not [element for element in svg.iter() if "style" in element.attrib]


def test_heights_scale_to_the_maximum():
    svg = parse(column_chart([Column("a", 1), Column("b", 4), Column("c", 0)], chart_id="c", title="t",
                             description="d"))
    assert [(r["height"], r["y"]) for r in rects(svg)] == [("40", "148"), ("160", "28"), ("0", "188")]
    assert [t[2] for t in texts(svg, "column-value")] == ["1", "4"]  # no value drawn over an empty column
    assert texts(svg, "column-max") == []  # the values are over the columns: no scale label to collide with them
    assert column_height(5, 0) == 0.0 and column_height(-1, 3) == 0.0 and column_height(9, 3) == 160.0


def test_left_to_right_and_mirrored():
    columns = [Column("Jan", 1), Column("Feb", 2), Column("Mar", 3), Column("Apr", 4)]
    ltr = parse(column_chart(columns, chart_id="c", title="t", description="d"))
    rtl = parse(column_chart(columns, chart_id="c", title="t", description="d", rtl=True))
    assert (ltr.get("direction"), rtl.get("direction")) == ("ltr", "rtl")
    assert [r["x"] for r in rects(ltr)] == ["3.75%", "28.75%", "53.75%", "78.75%"]
    assert [r["x"] for r in rects(rtl)] == ["78.75%", "53.75%", "28.75%", "3.75%"]
    assert texts(ltr, "column-label") == [("0%", "start", "Jan"), ("37.5%", "middle", "Feb"),
                                          ("62.5%", "middle", "Mar"), ("100%", "end", "Apr")]
    assert texts(rtl, "column-label") == [("100%", "start", "Jan"), ("62.5%", "middle", "Feb"),
                                          ("37.5%", "middle", "Mar"), ("0%", "end", "Apr")]
    many = [Column(f"m{n}", n) for n in range(13)]
    assert texts(parse(column_chart(many, chart_id="c", title="t", description="d")), "column-max") == [
        ("0", "start", "12")]
    assert texts(parse(column_chart(many, chart_id="c", title="t", description="d", rtl=True)), "column-max") == [
        ("100%", "start", "12")]
    assert slot_start(0, 4, False) == 0 and slot_start(0, 4, True) == 75
    assert label_position(0, 1, False) == (50.0, "middle")


def test_many_months_thin_out_labels_and_values():
    columns = [Column(f"m{n}", n) for n in range(24)]
    svg = parse(column_chart(columns, chart_id="c", title="t", description="d"))
    assert label_step(24) == 6 and label_step(3) == 1
    assert [t[2] for t in texts(svg, "column-label")] == ["m0", "m6", "m12", "m18"]
    assert texts(svg, "column-value") == []  # too many columns: values in the tooltips and the table
    assert [title.text for title in svg.iter(f"{SVG}title")][1:3] == ["m0: 0", "m1: 1"]


def test_empty_and_zero_series():
    svg = parse(column_chart([], chart_id="c", title="t", description="Nothing"))
    assert rects(svg) == [] and texts(svg, "column-max") == []
    zeros = parse(column_chart([Column("a", 0), Column("b", 0)], chart_id="c", title="t", description="d"))
    assert [r["height"] for r in rects(zeros)] == ["0", "0"]


def test_format_value_and_tooltips():
    svg = parse(column_chart([Column("mars 2026", 1234, "mars 2026 : 1 234")], chart_id="c", title="t",
                             description="d", format_value=lambda v: f"{int(v):,}".replace(",", " ")))
    assert texts(svg, "column-value")[0][2] == "1 234"
    assert [title.text for title in svg.iter(f"{SVG}title")][1] == "mars 2026 : 1 234"
