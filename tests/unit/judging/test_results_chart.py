"""The raw/corrected dumbbell chart: scale, mirroring, escaping and accessibility hooks."""

from showcase.judging.results_chart import PAD, WIDTH, Pair, dumbbell_chart, scale


def test_scale_ends_and_mirror():
    assert scale(6, 6, 9) == PAD and scale(9, 6, 9) == WIDTH - PAD
    assert scale(6, 6, 9, rtl=True) == WIDTH - PAD
    assert scale(5, 5, 5) == WIDTH / 2  # one value: the middle


def test_chart_is_accessible_and_escaped():
    svg = dumbbell_chart([Pair("B <b>", 7.0, 9.0), Pair("A", 8.0, 6.0)], chart_id="c", title="T & t",
                         description="D")
    assert 'role="img" aria-labelledby="c-title c-desc"' in svg
    assert '<title id="c-title">T &amp; t</title>' in svg and '<desc id="c-desc">D</desc>' in svg
    assert "B &lt;b&gt;" in svg and "<b>" not in svg
    assert "7.00 → 9.00" in svg and "8.00 → 6.00" in svg
    assert 'style=' not in svg  # the CSP forbids style attributes
    assert svg.count('class="dumbbell-row"') == 2


def test_rtl_labels_start_on_the_right_and_read_raw_first():
    svg = dumbbell_chart([Pair("ب", 7.0, 9.0)], chart_id="c", title="t", description="d", rtl=True)
    assert 'direction="ltr"' in svg
    assert '<text class="dumbbell-label" x="400" y="14" text-anchor="end"' in svg
    assert "9.00 ← 7.00" in svg
    assert f'cx="{WIDTH - PAD:g}"' in svg  # the lowest value (raw 7) at the right edge
