"""The efficient frontier chart (pmo_portal/charts/frontier.py): a staircase through the
levels, the scenario and today's portfolio marked and named, every mark titled, texts
escaped, an empty state."""

from __future__ import annotations

from django.utils import translation
from lxml import etree

from pmo_portal.charts import size_of
from pmo_portal.charts.frontier import frontier_svg

SVG = "{http://www.w3.org/2000/svg}"


def _chart(**kwargs):
    args = {
        "points": [(100.0, 10.0, 1), (200.0, 25.0, 2), (300.0, 25.0, 2), (400.0, 40.0, 4)],
        "title": "Frontière <Plan>",
        "x_label": "Budget",
        "y_label": "Valeur",
        "scenario": (300.0, 25.0),
        "scenario_label": "Ce scénario",
        "today": (400.0, 18.0),
        "today_label": "Portefeuille actuel",
    }
    return frontier_svg(**(args | kwargs))


def test_marks_titles_and_legend():
    with translation.override("en"):
        svg = _chart()
    tree = etree.fromstring(str(svg).encode())
    assert tree.get("role") == "img"
    assert tree.get("aria-label") == "Frontière <Plan>"
    titles = [t.text for t in tree.iter(f"{SVG}title")]
    assert titles[0] == "Frontière <Plan>"
    # One circle per level, the scenario's diamond and today's square, each with its words.
    level_titles = [t for t in titles if t.startswith("Budget ")]
    assert len(level_titles) == 4
    assert "Ce scénario: budget 300.0, value 25.0" in titles
    assert "Portefeuille actuel: budget 400.0, value 18.0" in titles
    legend = [" ".join(g.itertext()) for g in tree.iter(f"{SVG}g") if g.get("class") == "legend"]
    assert any("Ce scénario" in text for text in legend)
    assert any("Portefeuille actuel" in text for text in legend)
    # The staircase: the value of a level holds until the next budget (horizontal, then up).
    path = next(p for p in tree.iter(f"{SVG}path") if p.get("class") == "mark")
    assert path.get("d").count("L") == 2 * 3
    assert size_of(str(svg)) == (720.0, 320.0)


def test_without_points_an_empty_state():
    svg = _chart(points=[], empty_text="Rien à tracer")
    assert "Rien à tracer" in str(svg)
    assert "<circle" not in str(svg)
