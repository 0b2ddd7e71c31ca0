"""pmo_portal.charts for print: WeasyPrint ignores SVG's paint-order, so ``for_print`` draws
the halo of the numbers written on the bars as a text of its own, under the number."""

import re

from pmo_portal import charts

LEGEND = {1: "Sunny", 2: "Cloudy", 3: "Rainy", 4: "Stormy", None: "Not reported"}


def trend(**kwargs):
    return charts.health_trend_svg(
        periods=["Jan", "Feb"],
        series=[{1: 5, 3: 2}, {1: 4, 4: 3}],
        title="T",
        legend=LEGEND,
        **kwargs,
    )


def distribution(**kwargs):
    return charts.health_distribution_svg(
        counts={1: 6, 2: 3, None: 1}, title="D", legend=LEGEND, **kwargs
    )


def numbers(svg: str) -> list[tuple[str, str]]:
    """(attributes, text) of the texts drawn on the bars (aria-hidden)."""
    return re.findall(r'<text ([^>]*aria-hidden="true"[^>]*)>([^<]*)</text>', svg)


def test_on_screen_one_text_per_number_with_paint_order():
    for svg in (trend(), distribution()):
        drawn = numbers(svg)
        assert drawn
        assert all('paint-order="stroke"' in attrs for attrs, _text in drawn)


def test_for_print_the_halo_is_drawn_first_then_the_number():
    for screen, printed in (
        (trend(), trend(for_print=True)),
        (distribution(), distribution(for_print=True)),
    ):
        assert "paint-order" not in printed
        drawn = numbers(printed)
        assert len(drawn) == 2 * len(numbers(screen))
        for (halo, halo_text), (number, text) in zip(drawn[::2], drawn[1::2], strict=True):
            assert halo_text == text
            assert 'stroke-width="3"' in halo
            assert "stroke=" not in number
            fill = re.search(r'fill="([^"]*)"', number).group(1)
            halo_fill = re.search(r'fill="([^"]*)"', halo).group(1)
            assert fill != halo_fill  # white (or ink) on the bar's colour


def test_size_of_reads_the_viewbox():
    assert charts.size_of(trend(width=600, height=200)) == (600.0, 200.0)
