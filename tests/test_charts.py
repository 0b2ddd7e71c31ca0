"""The shared SVG chart module: valid SVG, accessible marks, escaping, empty inputs."""

import xml.etree.ElementTree as ET
from datetime import date

import html5lib
import pytest
from django.utils import translation
from django.utils.safestring import SafeString

from pmo_portal import charts

SVG = "{http://www.w3.org/2000/svg}"
LEGEND = {1: "Sunny", 2: "Cloudy", 3: "Rainy", 4: "Stormy", None: "Not reported"}
MONTHS = ["Jan 2026", "Feb 2026", "Mar 2026"]
NASTY = 'Go-live <script>alert("x")</script> & "R&D" \'lot\''


@pytest.fixture(autouse=True)
def _english():
    """The module's own words (empty states, "Baseline", "slip") are asserted in English."""
    with translation.override("en"):
        yield


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(str(svg))  # noqa: S314 (our own output; raises if not well-formed)
    assert root.tag == f"{SVG}svg"
    return root


def marks(root: ET.Element) -> list[ET.Element]:
    return [el for el in root.iter() if "mark" in (el.get("class") or "").split()]


def title_of(element: ET.Element) -> str:
    title = element.find(f"{SVG}title")
    assert title is not None, ET.tostring(element)
    return title.text


def trend(**overrides):
    kwargs = {
        "periods": MONTHS,
        "series": [{1: 3, 2: 1}, {1: 2, 3: 1, None: 1}, {4: 2}],
        "title": "Health trend",
        "legend": LEGEND,
    }
    return charts.health_trend_svg(**(kwargs | overrides))


def slip(**overrides):
    kwargs = {
        "report_labels": MONTHS,
        "milestones": [
            {
                "name": "Go-live",
                "baseline": date(2026, 3, 1),
                "points": [date(2026, 3, 1), date(2026, 3, 15), date(2026, 4, 20)],
            },
            {
                "name": "Design review",
                "baseline": date(2026, 2, 1),
                "points": [date(2026, 2, 1), None, date(2026, 2, 10)],
            },
        ],
        "title": "Milestone trend",
        "date_format": lambda day: day.strftime("%d/%m/%Y"),
    }
    return charts.slip_chart_svg(**(kwargs | overrides))


def distribution(**overrides):
    kwargs = {"counts": {1: 5, 2: 3, 3: 1, 4: 0, None: 2}, "title": "Health", "legend": LEGEND}
    return charts.health_distribution_svg(**(kwargs | overrides))


CHARTS = [trend, slip, distribution]


@pytest.mark.parametrize("chart", CHARTS)
def test_charts_are_valid_accessible_svg_marked_safe(chart):
    svg = chart()
    assert isinstance(svg, SafeString)
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-label")
    assert root.get("viewBox")
    assert title_of(root) == root.get("aria-label")
    # Inline in an HTML page too (the permission test parses pages with html5lib, strict).
    html5lib.HTMLParser(strict=True).parse(f"<!doctype html><title>t</title><p>{svg}</p>")


@pytest.mark.parametrize("chart", CHARTS)
def test_every_mark_has_a_title(chart):
    root = parse(chart())
    found = marks(root)
    assert found
    for element in found:
        assert title_of(element).strip()


def test_trend_draws_one_segment_per_non_zero_count_with_its_count():
    root = parse(trend())
    titles = [title_of(m) for m in marks(root)]
    assert titles == [
        "Jan 2026 — Sunny: 3 / 4",
        "Jan 2026 — Cloudy: 1 / 4",
        "Feb 2026 — Sunny: 2 / 4",
        "Feb 2026 — Rainy: 1 / 4",
        "Feb 2026 — Not reported: 1 / 4",
        "Mar 2026 — Stormy: 2 / 2",
    ]


def test_trend_bars_are_stacked_in_proportion():
    root = parse(trend())
    heights = [float(m.get("height")) for m in marks(root)]
    jan, feb, mar = sum(heights[:2]), sum(heights[2:5]), heights[5]
    assert jan == pytest.approx(feb)
    assert mar == pytest.approx(jan / 2)


def test_health_levels_differ_without_colour():
    """Greyscale print: each level has its own fill pattern or outline, and its shape."""
    svg = str(trend(series=[{1: 1, 2: 1, 3: 1, 4: 1, None: 1}]))
    root = parse(svg)
    fills = [
        (m.get("fill"), m.get("stroke-dasharray")) for m in marks(root) if m.tag == f"{SVG}rect"
    ]
    assert len(set(fills)) == 5
    patterns = root.findall(f".//{SVG}pattern")
    assert len(patterns) == 3  # stripes, cross-hatch, dots on top of the colours
    for shape in "●▲◆■○":
        assert shape in svg  # the météo shapes of UI.md in the legend


def test_two_charts_on_one_page_do_not_share_pattern_ids():
    first = parse(trend())
    second = parse(trend(series=[{1: 1}, {2: 5}, {3: 2}]))
    ids = {p.get("id") for p in first.iter(f"{SVG}pattern")}
    assert ids
    assert not ids & {p.get("id") for p in second.iter(f"{SVG}pattern")}


def test_counts_are_written_the_callers_way():
    svg = str(trend(series=[{1: 1200}], periods=["Jan"], number_format=lambda n: f"{n:,}"))
    assert "1,200" in svg


def test_distribution_titles_give_count_and_share():
    root = parse(distribution())
    assert [title_of(m) for m in marks(root)] == [
        "Sunny: 5 / 11 (45 %)",
        "Cloudy: 3 / 11 (27 %)",
        "Rainy: 1 / 11 (9 %)",
        "Not reported: 2 / 11 (18 %)",
    ]
    widths = [float(m.get("width")) for m in marks(root)]
    assert widths[0] == pytest.approx(widths[3] * 2.5)


def test_distribution_legend_can_be_left_to_the_page():
    with_legend, without = str(distribution()), str(distribution(show_legend=False))
    assert "Sunny (5)" in with_legend
    assert "Sunny (5)" not in without


def test_slip_chart_plots_baseline_and_each_report():
    root = parse(slip())
    titles = [title_of(m) for m in marks(root)]
    assert "Go-live — Baseline: 01/03/2026" in titles
    assert "Go-live — Mar 2026: 20/04/2026 (slip: +50 days)" in titles
    assert "Design review — Feb 2026: 01/02/2026 (slip: +0 days)" not in titles  # gap
    assert "Design review — Mar 2026: 10/02/2026 (slip: +9 days)" in titles


def test_slip_chart_puts_later_forecasts_higher():
    root = parse(slip())
    by_title = {title_of(m): m for m in marks(root) if m.tag != f"{SVG}path"}

    def y(title):
        element = by_title[title]
        return float(element.get("cy") or element.get("y") or element.get("points").split(",")[1])

    assert y("Go-live — Mar 2026: 20/04/2026 (slip: +50 days)") < y(
        "Go-live — Jan 2026: 01/03/2026 (slip: +0 days)"
    )


def test_slip_chart_breaks_the_line_where_a_report_is_silent():
    root = parse(slip())
    lines = [
        m
        for m in marks(root)
        if m.tag == f"{SVG}path" and title_of(m) == "Design review" and m.get("stroke-width") == "2"
    ]
    assert lines == []  # two points separated by a gap: no line joins them


def test_names_and_titles_are_escaped():
    svgs = [
        trend(title=NASTY, periods=[NASTY], series=[{1: 1}], legend={1: NASTY}),
        distribution(title=NASTY, legend={1: NASTY, 2: "ok"}),
        slip(
            title=NASTY,
            report_labels=[NASTY],
            milestones=[{"name": NASTY, "baseline": date(2026, 1, 1), "points": [None]}],
        ),
    ]
    for svg in svgs:
        assert "<script>" not in svg
        root = parse(svg)
        assert root.get("aria-label") == NASTY
        assert NASTY in {el.text for el in root.iter() if el.text}


@pytest.mark.parametrize(
    ("chart", "kwargs", "message"),
    [
        (trend, {"periods": [], "series": []}, "No status report to chart yet."),
        (trend, {"series": [{}, {1: 0}, {}]}, "No status report to chart yet."),
        (distribution, {"counts": {}}, "No project to chart."),
        (slip, {"milestones": []}, "No milestone forecast reported yet."),
        (slip, {"report_labels": []}, "No milestone forecast reported yet."),
        (
            slip,
            {"milestones": [{"name": "x", "baseline": None, "points": [None, None, None]}]},
            "No milestone forecast reported yet.",
        ),
        (trend, {"series": [], "empty_text": "Nothing yet"}, "Nothing yet"),
    ],
)
def test_empty_inputs_give_an_explaining_chart(chart, kwargs, message):
    root = parse(chart(**kwargs))
    texts = [el.text for el in root.iter(f"{SVG}text")]
    assert texts == [message]
    assert message in root.get("aria-label")


def test_many_periods_thin_out_axis_labels_but_keep_every_bar():
    periods = [f"Month {i:02d}" for i in range(1, 25)]
    root = parse(
        trend(periods=periods, series=[{1: 1} for _ in periods], width=400, y_label="Projects")
    )
    assert len(marks(root)) == 24
    labels = [el.text for el in root.iter(f"{SVG}text") if (el.text or "").startswith("Month")]
    assert "Month 01" in labels
    assert "Month 24" in labels
    assert len(labels) < 24


def test_nice_ticks():
    assert charts.nice_ticks(0) == [0, 1]
    assert charts.nice_ticks(4) == [0, 1, 2, 3, 4]
    assert charts.nice_ticks(17)[-1] >= 17
    assert len(charts.nice_ticks(15535)) <= 7
