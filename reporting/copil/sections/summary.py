"""The executive summary (order 20): figures, health charts, budget, capacity tension, then
the decisions requested and the unflagged budget alerts."""

from django.utils.formats import date_format, number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pmo_portal import charts
from pmo_portal.registry import CopilSection
from portfolios.models import Health
from reporting.copil.estimate import summary_pages

CONTENT_WIDTH_MM = 174  # A4 210 mm − 2 × 18 mm
CAPACITY_ROWS = 6


def _grouped(value: int) -> str:
    return number_format(value, force_grouping=True)


def _sized(svg: str) -> dict:
    """A chart sized to the content width: its wrapper sets the height (WeasyPrint does not
    derive an inline SVG's height from its viewBox). A string: the template must not
    localise it (CSS wants "20.5mm", never "20,5mm")."""
    width, height = charts.size_of(svg)
    return {"svg": mark_safe(svg), "height": f"{CONTENT_WIDTH_MM * height / width:.2f}mm"}  # noqa: S308 (the charts' own, escaped, SVG)


def chart_data(data) -> dict:
    legend = dict(Health.choices) | {None: _("Not reported")}
    legend = {level: str(label) for level, label in legend.items()}
    distribution = charts.health_distribution_svg(
        counts=data.health_counts,
        title=_("Projects by overall health: %(scope)s") % {"scope": data.scope_name},
        legend=legend,
        number_format=_grouped,
        width=720,
        for_print=True,
    )
    trend = charts.health_trend_svg(
        periods=[date_format(month, "M y") for month in data.trend_months],
        series=data.trend,
        title=_("Overall health over the last 12 months: %(scope)s") % {"scope": data.scope_name},
        legend=legend,
        y_label=_("Projects"),
        number_format=_grouped,
        width=720,
        height=250,
        for_print=True,
    )
    return {"distribution": _sized(distribution), "trend": _sized(trend)}


def read(scope) -> dict:
    data = scope.pack
    capacity = data.capacity[:CAPACITY_ROWS]
    return {
        "pack": data,
        "charts": chart_data(data),
        "capacity": capacity,
        "capacity_more": len(data.capacity) - len(capacity),
        "not_reported": data.health_counts.get(None, 0),
        "in_difficulty_fewer": abs(data.in_difficulty_change or 0),
    }


SECTION = CopilSection(
    key="summary",
    title=gettext_lazy("Executive summary"),
    order=20,
    template="reporting/copil/pack/_summary.html",
    read=read,
    pages=summary_pages,
)
