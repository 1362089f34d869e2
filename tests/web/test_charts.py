"""The server-side SVG charts: escaping, links, shared ranges, series styles, both widths."""

from __future__ import annotations

import datetime as dt
import re

from saidwhat.models import Shift, Statement
from saidwhat.web import charts, views

D = dt.date


def statement(i: int, day: str, tone: float, quote: str = "q", speaker: str = "Ann") -> Statement:
    return Statement(i, f"d{i}", speaker, "*", day, tone, "neutral", quote)


def wide(markup: object) -> str:
    """The wide drawing of a chart (the narrow one follows it)."""
    text = str(markup)
    return text[text.index('<div class="chart-wide">'):text.index('<div class="chart-narrow">')]


def x_labels(svg: str) -> list[tuple[str, str]]:
    return re.findall(r'class="axis x-label"[^>]*data-date="([\d-]+)">([^<]*)</text>', svg)


def test_tone_chart_escapes_quotes_links_dots_and_marks_shifts() -> None:
    items = [statement(i, f"2024-03-{1 + i:02d}", 0.5 if i < 4 else -0.5, "<img src=x onerror=alert(1)>") for i in range(8)]
    shift = Shift("Ann", "*", "2024-03-05", 0.5, -0.5, 0.9, 4, 4)
    (series,) = views.timelines(items, "day", [shift])
    svg = str(charts.tone_chart([series], None, "c", href=lambda st: f"/go/{st.attribution_id}?a=1&b=2", bucket="day"))
    assert "<img" not in svg and "&lt;img src=x onerror=alert(1)&gt;" in svg
    one = wide(svg)
    assert one.count('class="dot"') == 8 and 'href="/go/0?a=1&amp;b=2"' in one
    assert one.count('class="shift-mark"') == 1 and 'href="#c-shift-1"' in one
    assert 'id="c"' in svg and 'id="c-n"' in svg  # the wide and the narrow drawing
    assert 'clip-path="url(#c-clip)"' in one  # the mean line stays inside the plot
    assert str(charts.tone_chart([], None, "none")) == '<p class="empty">No dated statements to chart.</p>'


def test_tone_chart_labels_dates_between_the_ends() -> None:
    items = [statement(i, f"2024-{1 + i:02d}-15", 0.1) for i in range(6)]  # Jan to Jun
    (series,) = views.timelines(items, "month")
    got = x_labels(wide(charts.tone_chart([series], None, "c", bucket="month")))
    assert got == [("2024-01-01", "Jan 2024"), ("2024-02-01", "Feb"), ("2024-03-01", "Mar"), ("2024-04-01", "Apr"),
                   ("2024-05-01", "May"), ("2024-06-01", "Jun")]


def test_charts_on_one_range_share_their_axis() -> None:
    early = views.timelines([statement(1, "2024-01-10", 0.2), statement(2, "2024-01-20", 0.3)], "week")
    late = views.timelines([statement(3, "2024-05-10", -0.2), statement(4, "2024-05-20", -0.3)], "week")
    rng = charts.series_range(early + late)
    assert rng == (D(2024, 1, 8), D(2024, 5, 20))
    a, b = (wide(charts.tone_chart(s, rng, f"c{i}", bucket="week")) for i, s in enumerate((early, late)))
    assert x_labels(a) == x_labels(b) and len(x_labels(a)) >= 4
    first = re.search(r'<text class="axis x-label" x="([\d.]+)"', a)
    assert first is not None and first.group(1) == re.search(r'<text class="axis x-label" x="([\d.]+)"', b).group(1)  # type: ignore[union-attr]


def test_compare_series_differ_in_colour_dash_and_marker() -> None:
    a = views.timelines([statement(1, "2024-01-10", 0.2), statement(2, "2024-02-10", 0.4)], "month")
    b = views.timelines([statement(3, "2024-01-12", -0.2, speaker="Bo"), statement(4, "2024-02-12", -0.4, speaker="Bo")], "month")
    svg = wide(charts.tone_chart(a + b, None, "cmp", styles=[0, 1]))
    blue, orange = charts.STYLES[0].colour, charts.STYLES[1].colour
    assert f'<polyline class="mean" points="' in svg
    assert re.search(rf'class="mean"[^>]*stroke="{orange}" stroke-dasharray="7 4"', svg)
    assert re.search(rf'class="mean"[^>]*stroke="{blue}"/>', svg)  # solid
    assert svg.count('<rect class="dot"') == 2 and svg.count('<circle class="dot"') == 2  # squares for B
    # B alone keeps B's look (compare with A silent on the topic)
    alone = wide(charts.tone_chart(b, None, "b", styles=[1]))
    assert f'fill="{orange}"' in alone and f'fill="{blue}"' not in alone


def test_shift_anchors_number_per_list() -> None:
    sa = Shift("Ann", "*", "2024-01-20", 0.5, -0.5, 0.9, 2, 2)
    sb = Shift("Bo", "*", "2024-01-25", -0.5, 0.5, 0.9, 2, 2)
    a = views.timelines([statement(1, "2024-01-10", 0.5), statement(2, "2024-02-10", -0.5)], "month", [sa])
    b = views.timelines([statement(3, "2024-01-12", -0.5, speaker="Bo"), statement(4, "2024-02-12", 0.5, speaker="Bo")], "month", [sb])
    svg = wide(charts.tone_chart(a + b, None, "cmp", shift_anchors=["list-a", "list-b"]))
    assert 'href="#list-a-shift-1"' in svg and 'href="#list-b-shift-1"' in svg


def test_volume_chart_draws_one_bar_per_period_with_its_count() -> None:
    bars = [charts.Bar(D(2024, 1, 1), D(2024, 1, 7), 3), charts.Bar(D(2024, 1, 8), D(2024, 1, 14), 0),
            charts.Bar(D(2024, 1, 15), D(2024, 1, 21), 12)]
    svg = wide(charts.volume_chart(bars, None, "v", "week"))
    assert re.findall(r'data-count="(\d+)"', svg) == ["3", "0", "12"]
    assert "<title>week of 2024-01-15: 12 statements</title>" in svg
    assert re.findall(r'class="axis y-label"[^>]*>([\d,]+)</text>', svg) == ["0", "5", "10", "15"]
    assert str(charts.volume_chart([], None, "v", "week")) == '<p class="empty">No dated statements to chart.</p>'


def test_shift_chart_links_each_shift_to_its_evidence() -> None:
    shifts = [(Shift("Ann", "sanctions", "2024-02-01", -0.8, 0.6, 0.9, 5, 5), "shifts-shift-1"),
              (Shift("Bo <b>", "*", "2024-03-01", 0.4, -0.4, 0.9, 5, 5), "shifts-shift-2")]
    svg = wide(charts.shift_chart(shifts, None, "sc"))
    assert 'class="shift-point dir-warmer" href="#shifts-shift-1"' in svg
    assert 'class="shift-point dir-cooler" href="#shifts-shift-2"' in svg
    assert "Bo &lt;b&gt;" in svg and "<b>" not in svg


def test_legend_names_each_key() -> None:
    html = str(charts.legend([("series-0", "Ann <x>"), ("band", "95% interval")]))
    assert html.count("<li>") == 2 and "Ann &lt;x&gt;" in html
