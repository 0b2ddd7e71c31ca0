"""Server-side SVG charts, shared by the dashboards and the COPIL PDF (shared/UI.md).

Every function is pure (no ORM, no request): callers pass plain data and texts already in
the page language, and get back an ``<svg>`` string marked safe, with every text escaped.

Reading rules of UI.md:
- health uses its palette *and* a fill pattern per level (plain, stripes, cross-hatch, dots,
  dashed outline), with the météo shape in the legend, so bars read in greyscale print;
- everything else is one blue (``#1f4e8c``) and greys, told apart by marker shapes and dashes;
- every mark carries a ``<title>`` (hover, screen readers); the ``<svg>`` has ``role="img"``
  and an ``aria-label``. No links inside: an ``img`` is not interactive, so pages put the
  drill-down links in the HTML next to the chart.
- no ``<style>`` and no ``id`` shared between charts: several charts can sit on one page;
- no ``style`` attribute either (the pages' Content-Security-Policy refuses it): sizes come
  from the stylesheets (``svg.chart`` in portal.css, ``.chart svg`` in copil-pack.css).
"""

from pmo_portal.charts._base import (
    BLUE,
    GRID,
    HEALTH_LEVELS,
    HEALTH_STYLE,
    INK,
    MUTED,
    nice_ticks,
    size_of,
)
from pmo_portal.charts.health import health_distribution_svg, health_trend_svg
from pmo_portal.charts.slip import slip_chart_svg
from pmo_portal.charts.trend import median_trend_svg

__all__ = [
    "BLUE",
    "GRID",
    "HEALTH_LEVELS",
    "HEALTH_STYLE",
    "INK",
    "MUTED",
    "health_distribution_svg",
    "health_trend_svg",
    "median_trend_svg",
    "nice_ticks",
    "size_of",
    "slip_chart_svg",
]
