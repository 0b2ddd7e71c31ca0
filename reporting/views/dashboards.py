"""PMO and executive dashboards, the lists behind their figures, the Excel status table.

Every page needs ``reporting.view_dashboard`` (any role; a user without a role gets 403)
and shows only the projects the reader may see (reporting/selectors/dashboards.py).
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from pmo_portal import charts, registry
from pmo_portal.db_router import replica_reads
from pmo_portal.exports import export_table, requested_export, xlsx_response
from pmo_portal.users import user_label
from portfolios import filter_form
from portfolios.models import Health
from reporting.models import ReportStatus
from reporting.selectors import dashboards as selectors
from reporting.views import list_exports


def _require_dashboard(user) -> None:
    if not user.has_perm("reporting.view_dashboard"):
        raise PermissionDenied


def _url(name: str, params: list[tuple[str, str]], **extra) -> str:
    query = [(k, v) for k, v in params if k not in extra]
    for key, value in extra.items():
        values = value if isinstance(value, list | tuple) else [value]
        query += [(key, str(v)) for v in values]
    return reverse(name) + ("?" + urlencode(query) if query else "")


def health_legend() -> dict:
    return dict(Health.choices) | {None: _("Not reported")}


def _grouped(value: int) -> str:
    return number_format(value, force_grouping=True)


def _period_label(group) -> str:
    if group is None:
        return _("current period of each portfolio")
    if group.current.frequency == "monthly":
        return date_format(group.current.start, "F Y")
    return _("%(start)s to %(end)s") % {
        "start": date_format(group.current.start, "SHORT_DATE_FORMAT"),
        "end": date_format(group.current.end, "SHORT_DATE_FORMAT"),
    }


FILTER_FIELDS = "reporting/dashboards/partials/filter_fields.html"


def _filter_fields(project_filter) -> str:
    """The HTML of the filter form's fields. Their choices are the same for every reader, so
    the form with no value but a valid portfolio (a dashboard as opened, a business unit's)
    is kept in the cache per language and portfolio until a choice row changes
    (portfolios.filter_form); any other filter renders its form as before."""

    def render() -> str:
        return render_to_string(FILTER_FIELDS, {"filter": project_filter})

    variant = filter_form.portfolio_variant(project_filter)
    if variant is None:
        return render()
    return filter_form.cached_fields("reporting-dashboard", variant, render)


def _list_context(request, project_filter, queryset) -> dict:
    page = Paginator(queryset, settings.PAGINATE_BY).get_page(request.GET.get("page"))
    params = project_filter.query_params()
    return {
        "filter": project_filter,
        "filter_fields": _filter_fields(project_filter),
        "page_obj": page,
        "rows": page.object_list,
        "dashboard_url": _url("reporting:dashboard", params),
        "scope_name": _scope_name(project_filter),
    }


def _scope_name(project_filter) -> str:
    portfolio = project_filter.chosen_portfolio
    return portfolio.name if portfolio else _("Whole company")


CHARTS_KEY = "reporting:dashboard-charts:v1:{}"
CHARTS_TIMEOUT = 3600  # seconds; the key is the charts' inputs, so never stale


def _charts(board, scope_name: str, legend: dict, month_labels: list[str]) -> tuple[str, str]:
    """The health distribution and trend charts (SVG). Drawn once for the same figures,
    scope and language, then read from the cache (a few milliseconds of drawing on every
    dashboard opened, for figures that change only when a report is submitted)."""
    inputs = (
        get_language(),
        scope_name,
        month_labels,
        [board.health.get(level, 0) for level in selectors.HEALTH_KEYS],
        [[bar.get(level, 0) for level in selectors.HEALTH_KEYS] for bar in board.trend],
    )
    key = CHARTS_KEY.format(hashlib.sha256(repr(inputs).encode()).hexdigest())
    cached = cache.get(key)
    if cached is not None:
        return tuple(mark_safe(svg) for svg in cached)  # noqa: S308 (drawn below, as it was)
    distribution = charts.health_distribution_svg(
        counts=board.health,
        title=_("Projects by overall health: %(scope)s") % {"scope": scope_name},
        legend=legend,
        show_legend=False,  # the table under the chart lists each level, with its link
        number_format=_grouped,
        width=480,
    )
    trend = charts.health_trend_svg(
        periods=month_labels,
        series=board.trend,
        title=_("Overall health over the last 12 months: %(scope)s") % {"scope": scope_name},
        legend=legend,
        y_label=_("Projects"),
        number_format=_grouped,
    )
    cache.set(key, (str(distribution), str(trend)), CHARTS_TIMEOUT)
    return distribution, trend


@login_required
@require_GET
@replica_reads
def dashboard(request):
    """The company dashboard, or a portfolio's (``?portfolio=<pk>``, any tree node)."""
    _require_dashboard(request.user)
    board = selectors.company_dashboard(user=request.user, data=request.GET)
    params = board.filter.query_params()
    listed = board.filter.query_params(for_project_list=True)
    legend = health_legend()
    project_list = "portfolios:project_list"
    health_rows = [
        {
            "level": level,
            "label": legend[level],
            "count": board.health.get(level, 0),
            "url": _url(project_list, listed, health="none" if level is None else level),
        }
        for level in selectors.HEALTH_KEYS
    ]
    links = {
        "projects": _url(project_list, listed),
        "in_difficulty": _url(project_list, listed, health=[3, 4]),
        "missing": _url("reporting:missing_reports", params, which="missing"),
        "late": _url("reporting:missing_reports", params, which="late"),
        "milestones": _url("reporting:milestones", params),
        "milestones_due": _url("reporting:milestones", params, show="due"),
        "milestones_overdue": _url("reporting:milestones", params, show="overdue"),
        "milestones_slipped": _url("reporting:milestones", params, show="slipped"),
        "risks": _url("reporting:top_risks", params),
        "worse": _url("reporting:health_worse", params),
        "export": _url("reporting:dashboard_export", params),
    }
    scope_name = _scope_name(board.filter)
    month_labels = [date_format(month, "M Y") for month in board.trend_months]
    trend_table = [
        {"month": label, "counts": [bar.get(level, 0) for level in selectors.HEALTH_KEYS]}
        for label, bar in zip(month_labels, board.trend, strict=True)
    ]
    distribution, trend = _charts(board, scope_name, legend, month_labels)
    return render(
        request,
        "reporting/dashboards/dashboard.html",
        {
            "board": board,
            "filter": board.filter,
            "filter_fields": _filter_fields(board.filter),
            "scope_name": scope_name,
            "period_label": _period_label(board.single_period),
            "health_rows": health_rows,
            "links": links,
            "distribution_chart": distribution,
            "trend_chart": trend,
            "trend_table": trend_table,
            "health_levels": [legend[level] for level in selectors.HEALTH_KEYS],
            "filters_active": board.filter.is_filtered,
            # Blocks other apps add to the dashboard (pmo_portal/registry.py).
            "panels": registry.render_panels(registry.dashboard_panels(), request, board),
        },
    )


@login_required
@require_GET
@replica_reads
def missing_reports(request):
    """Projects whose report is missing this period (``?which=missing``) or late (last
    period, ``?which=late``)."""
    _require_dashboard(request.user)
    which = "late" if request.GET.get("which") == "late" else "missing"
    project_filter, queryset, groups = selectors.report_gaps(
        user=request.user, data=request.GET, which=which
    )
    if export := requested_export(request):
        return export_table(
            export,
            rows=queryset,
            columns=list_exports.MISSING_REPORT_COLUMNS,
            filename=f"reports-{which}",
            sheet_title=_("Missing reports"),
        )
    context = _list_context(request, project_filter, queryset)
    params = project_filter.query_params()
    context.update(
        {
            "which": which,
            "other_url": _url(
                "reporting:missing_reports",
                params,
                which="missing" if which == "late" else "late",
            ),
            "keep": [("which", which)],
            "single_period": groups[0] if len(groups) == 1 else None,
            "submitted": ReportStatus.SUBMITTED,
            "draft": ReportStatus.DRAFT,
        }
    )
    return render(request, "reporting/dashboards/missing_reports.html", context)


MILESTONE_VIEWS = ("all", "due", "overdue", "slipped")


@login_required
@require_GET
@replica_reads
def milestones(request):
    """Open milestones due within 60 days (or overdue) or slipped, soonest first."""
    _require_dashboard(request.user)
    show = request.GET.get("show")
    show = show if show in MILESTONE_VIEWS else "all"
    project_filter, queryset = selectors.milestones_ahead(
        user=request.user, data=request.GET, show=show
    )
    if export := requested_export(request):
        return export_table(
            export,
            rows=queryset,
            columns=list_exports.milestone_columns(timezone.localdate()),
            filename="milestones",
            sheet_title=_("Milestones ahead"),
        )
    context = _list_context(request, project_filter, queryset)
    params = project_filter.query_params()
    context.update(
        {
            "show": show,
            "keep": [("show", show)],
            "today": timezone.localdate(),
            "horizon": selectors.MILESTONE_HORIZON_DAYS,
            "tabs": [
                {"key": key, "label": label, "url": _url("reporting:milestones", params, show=key)}
                for key, label in (
                    ("all", _("Due or slipped")),
                    ("due", _("Due within 60 days")),
                    ("overdue", _("Overdue")),
                    ("slipped", _("Slipped")),
                )
            ],
        }
    )
    return render(request, "reporting/dashboards/milestones.html", context)


@login_required
@require_GET
@replica_reads
def top_risks(request):
    """Open risks across the scope, highest exposure (probability × impact) first."""
    _require_dashboard(request.user)
    project_filter, queryset = selectors.open_risks(user=request.user, data=request.GET)
    if export := requested_export(request):
        return export_table(
            export,
            rows=queryset,
            columns=list_exports.TOP_RISK_COLUMNS,
            filename="top-risks",
            sheet_title=_("Top risks"),
        )
    context = _list_context(request, project_filter, queryset)
    context["critical"] = selectors.CRITICAL_EXPOSURE
    return render(request, "reporting/dashboards/top_risks.html", context)


@login_required
@require_GET
@replica_reads
def health_worse(request):
    """Projects whose latest report is worse than the one before it."""
    _require_dashboard(request.user)
    project_filter, queryset = selectors.worse_projects(user=request.user, data=request.GET)
    if export := requested_export(request):
        return export_table(
            export,
            rows=queryset,
            columns=list_exports.WORSE_COLUMNS,
            filename="health-worse",
            sheet_title=_("Worse health"),
        )
    context = _list_context(request, project_filter, queryset)
    return render(request, "reporting/dashboards/health_worse.html", context)


# --- Excel export of the consolidated status table ---------------------------------------


def _health_label(level) -> str:
    return str(Health(level).label) if level else _("Not reported")


def status_headers() -> list[str]:
    return [
        _("Code"),
        _("Name"),
        _("Portfolio"),
        _("Project manager"),
        _("Status"),
        _("Overall health"),
        _("Schedule"),
        _("Budget"),
        _("Scope"),
        _("Resources"),
        _("Completion (%)"),
        _("Estimate at completion (€)"),
        _("Forecast end"),
        _("Date of last report"),
        _("Report this period"),
    ]


def status_rows(queryset):
    """One row per project (dates and numbers stay typed for Excel)."""
    report_states = {
        ReportStatus.SUBMITTED: _("Submitted"),
        ReportStatus.DRAFT: _("Draft in progress"),
        None: _("Missing"),
    }
    for project in queryset.iterator(chunk_size=2000):
        yield [
            project.code,
            project.name,
            project.portfolio.name,
            user_label(project.manager),
            project.get_status_display(),
            _health_label(project.health_overall),
            _health_label(project.health_schedule),
            _health_label(project.health_budget),
            _health_label(project.health_scope),
            _health_label(project.health_resources),
            project.percent_complete,
            project.eac,
            project.forecast_end,
            project.status_date,
            report_states.get(project.period_report, report_states[None]),
        ]


@login_required
@require_GET
@replica_reads
def dashboard_export(request):
    """Excel workbook: the consolidated status table of the dashboard's scope."""
    _require_dashboard(request.user)
    _filter, queryset, _groups = selectors.status_table(user=request.user, data=request.GET)
    return xlsx_response(
        filename=f"status-table-{timezone.localdate():%Y-%m-%d}.xlsx",
        headers=status_headers(),
        rows=status_rows(queryset),
        sheet_title=_("Status table"),
    )


@login_required
@require_GET
@replica_reads
def dashboard_budget(request):
    """The dashboard's budget block (HTMX partial, loaded once the page is shown)."""
    _require_dashboard(request.user)
    budget = selectors.dashboard_budget(user=request.user, data=request.GET)
    return render(request, "reporting/dashboards/partials/budget.html", {"budget": budget})


@login_required
@require_GET
@replica_reads
def dashboard_panel(request, key: str):
    """A deferred panel another app adds to the dashboard (``Panel.deferred``), computed for
    the dashboard's filters once the page is shown (HTMX partial). Empty when the panel has
    nothing to show; 404 for an unknown key, 403 without the panel's permission."""
    _require_dashboard(request.user)
    panel = next((p for p in registry.dashboard_panels() if p.key == key and p.deferred), None)
    if panel is None:
        raise Http404
    if not registry.allowed(request.user, panel.perm):
        raise PermissionDenied
    scope = selectors.PanelScope(
        filter=selectors.dashboard_filter(user=request.user, data=request.GET)
    )
    context = panel.context(request, scope)
    return render(
        request,
        "reporting/dashboards/partials/panel.html",
        {"item": {"key": key, "template": panel.template, "panel": context}},
    )


urlpatterns = [
    path("dashboard/", dashboard, name="dashboard"),
    path("dashboard/budget/", dashboard_budget, name="dashboard_budget"),
    path("dashboard/panel/<slug:key>/", dashboard_panel, name="dashboard_panel"),
    path("dashboard/export.xlsx", dashboard_export, name="dashboard_export"),
    path("missing/", missing_reports, name="missing_reports"),
    path("milestones/", milestones, name="milestones"),
    path("risks/", top_risks, name="top_risks"),
    path("worse/", health_worse, name="health_worse"),
]
