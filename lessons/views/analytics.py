"""Pages of past-performance analytics (issue 13): the PMO's page of schedule and cost
variance distributions (by project type, domain, year closed, size band and project manager)
with the trend per year and its CSV export; and the project tab "Outlook": how comparable
closed projects finished, and the overrun-risk prediction with its factors and its quality.

Who may do what (lessons/rules_analytics.py): only the PMO reads the analytics page and its
export (``lessons.view_analytics``); every reader of a project reads its tab (404 outside
their scope, like every project page). Figures: lessons/selectors_analytics.py; the
prediction: lessons/prediction.py.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from lessons import prediction
from lessons import selectors_analytics as selectors
from pmo_portal.charts import median_trend_svg
from pmo_portal.db_router import replica_reads
from pmo_portal.exports import csv_response
from pmo_portal.registry import MenuEntry, ProjectTab
from pmo_portal.viewtools import require_perm
from portfolios.selectors import get_project_for_user

VIEW = "lessons.view_analytics"
TAB = "lessons.view_project_outlook"

MENU: list = [
    MenuEntry("lessons", "lessons:analytics", gettext_lazy("Past performance"), 40, VIEW),
]
PROJECT_TABS: list = [
    ProjectTab("lessons:project_outlook", gettext_lazy("Outlook"), 75, TAB),
]
NBSP = "\u00a0"


def percent(value: float | None, *, signed: bool = True) -> str:
    """0.18 -> "+18 %" (the page's number format; a non-breaking space before %)."""
    if value is None:
        return "—"
    sign = ("+" if value > 0 else "−" if value < 0 else "") if signed else ""
    return f"{sign}{number_format(abs(value) * 100, 0)}{NBSP}%"


def months(value: float | None, *, signed: bool = True) -> str:
    if value is None:
        return "—"
    sign = ("+" if value > 0 else "−" if value < 0 else "") if signed else ""
    return _("%(value)s months") % {"value": sign + number_format(abs(value), 1)}


def _row(group: selectors.Group) -> dict:
    return {
        "label": group.label,
        "n": group.n,
        "cost_n": group.cost.n,
        "cost": [percent(v) for v in (group.cost.median, group.cost.q1, group.cost.q3)],
        "schedule": [
            months(v) for v in (group.schedule.median, group.schedule.q1, group.schedule.q3)
        ],
        "cost_over": (group.cost.median or 0) > 0,
        "schedule_late": (group.schedule.median or 0) > 0,
    }


def _trend_charts(groups: list[selectors.Group]) -> dict:
    labels = [g.label for g in groups]
    counts = [g.n for g in groups]
    return {
        "cost": median_trend_svg(
            labels=labels,
            medians=[g.cost.median for g in groups],
            q1=[g.cost.q1 for g in groups],
            q3=[g.cost.q3 for g in groups],
            counts=[g.cost.n for g in groups],
            title=_("Cost variance of the projects closed each year (median and quartiles)"),
            value_format=percent,
        ),
        "schedule": median_trend_svg(
            labels=labels,
            medians=[g.schedule.median for g in groups],
            q1=[g.schedule.q1 for g in groups],
            q3=[g.schedule.q3 for g in groups],
            counts=counts,
            title=_("Delay of the projects closed each year, in months (median and quartiles)"),
            value_format=months,
        ),
    }


@login_required
@require_GET
@replica_reads
def analytics(request):
    require_perm(request.user, VIEW)
    outcomes = selectors.closed_outcomes()
    years = selectors.distribution(outcomes, "year")
    tables = [
        {
            "key": dimension,
            "title": selectors.dimension_label(dimension),
            "heading": selectors.dimension_heading(dimension),
            "rows": [_row(g) for g in selectors.distribution(outcomes, dimension)],
        }
        for dimension in selectors.DIMENSIONS
    ]
    model = prediction.current_model()
    return render(
        request,
        "lessons/analytics/page.html",
        {
            "total": _row(selectors.overall(outcomes)),
            "count": len(outcomes),
            "tables": tables,
            "charts": _trend_charts([g for g in years if g.n >= selectors.MIN_COMPARABLES]),
            # A year of a handful of closures (the current one, often) is no trend: left
            # out of the chart, still in the table.
            "thin_years": [g for g in years if g.n < selectors.MIN_COMPARABLES],
            "min_comparables": selectors.MIN_COMPARABLES,
            "years": [_row(g) for g in years],
            "model": model if model and model.n >= prediction.MIN_CLOSED else None,
            "min_closed": prediction.MIN_CLOSED,
        },
    )


@login_required
@require_GET
@replica_reads
def analytics_csv(request):
    require_perm(request.user, VIEW)
    rows = (
        [
            o.code,
            o.name,
            o.project_type,
            o.domain,
            o.manager,
            o.year,
            selectors.size_band_label(o.size_band),
            o.budget,
            o.spent,
            None if o.cost_variance is None else round(o.cost_variance * 100, 1),
            round(o.slip_months, 1),
        ]
        for o in selectors.closed_outcomes()
    )
    return csv_response(
        filename=f"past-performance-{timezone.localdate():%Y%m%d}.csv",
        headers=[
            _("Code"),
            _("Name"),
            _("Project type"),
            _("Business domain"),
            _("Project manager"),
            _("Year closed"),
            _("Size (baseline budget)"),
            _("Baseline budget (€)"),
            _("Final cost (€)"),
            _("Cost variance (%)"),
            _("Delay (months)"),
        ],
        rows=rows,
    )


def comparables_sentence(found: selectors.Comparables) -> str:
    cost = found.cost_median or 0.0
    delay = found.slip_months_median or 0.0
    cost_text = (_("%(value)s over budget") if cost >= 0 else _("%(value)s under budget")) % {
        "value": percent(cost, signed=False)
    }
    delay_text = (_("%(value)s late") if delay >= 0 else _("%(value)s early")) % {
        "value": months(delay, signed=False)
    }
    return _("Comparable projects finished on median %(cost)s and %(delay)s (n = %(n)d).") % {
        "cost": cost_text,
        "delay": delay_text,
        "n": found.n,
    }


@login_required
@require_GET
def project_outlook(request, pk: int):
    project = get_project_for_user(request.user, pk, perm=TAB)
    found = selectors.comparables(project)
    predicted = prediction.predict_project(project)
    return render(
        request,
        "lessons/analytics/project.html",
        {
            "project": project,
            "comparables": found,
            "sentence": comparables_sentence(found) if found else "",
            "min_comparables": selectors.MIN_COMPARABLES,
            "prediction": predicted,
            "probability": percent(predicted.probability, signed=False) if predicted else "",
            "min_closed": prediction.MIN_CLOSED,
        },
    )


urlpatterns = [
    path("analytics/", analytics, name="analytics"),
    path("analytics/export.csv", analytics_csv, name="analytics_csv"),
    path("projects/<int:pk>/outlook/", project_outlook, name="project_outlook"),
]
