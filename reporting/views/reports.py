"""Status reports: a PM's desk, a project's report history, the report form, reopening."""

from __future__ import annotations

import copy
import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pmo_portal import charts
from pmo_portal.exports import export_table, requested_export
from pmo_portal.roles import require_role
from portfolios.selectors import get_project_for_user
from reporting.forms.reports import MilestoneFormSet, StatusReportForm
from reporting.models import HEALTH_FIELDS
from reporting.selectors import reports as selectors
from reporting.services import reports as services
from reporting.views import list_exports


@login_required
@require_GET
def my_reports(request):
    require_role(request.user)
    return render(
        request, "reporting/reports/my_reports.html", {"desk": selectors.my_desk(user=request.user)}
    )


@login_required
@require_GET
def project_reports(request, pk: int):
    project = get_project_for_user(request.user, pk)
    if export := requested_export(request):
        return export_table(
            export,
            rows=selectors.project_reports(project),
            columns=list_exports.REPORT_HISTORY_COLUMNS,
            filename=f"{project.code}-status-reports",
            sheet_title=_("Report history"),
        )
    period = services.current_period(project)
    current = project.status_reports.filter(period_start=period.start).first()

    trend = selectors.milestone_trend(project)
    slip_chart = charts.slip_chart_svg(
        report_labels=[date_format(day, "M Y") for day in trend["periods"]],
        milestones=trend["milestones"],
        title=_("Milestone trend: forecast date stated by each report"),
        date_format=lambda day: date_format(day, "SHORT_DATE_FORMAT"),
    )
    return render(
        request,
        "reporting/reports/project_reports.html",
        {
            "project": project,
            "period": period,
            "current": current,
            "reports": selectors.project_reports(project),
            "can_write": request.user.has_perm("reporting.write_project", project),
            "reporting": project.status in services.REPORTING_STATUSES and not project.is_archived,
            "slip_chart": slip_chart,
            "has_trend": bool(trend["milestones"]),
            "baseline_changes": trend["baseline_changes"],
        },
    )


@login_required
@require_POST
def report_start(request, pk: int):
    """Open (create if needed) this period's draft, pre-filled from the last report."""
    project = get_project_for_user(request.user, pk, perm="reporting.write_project")
    try:
        report = services.open_report(project=project, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reporting:project_reports", project.pk)
    if report.is_locked:
        messages.info(request, _("This period's report is already submitted."))
        return redirect(report)
    return redirect("reporting:report_edit", report.pk)


@login_required
@require_GET
def report_detail(request, pk: int):
    report = selectors.get_report(request.user, pk)
    return render(
        request,
        "reporting/reports/report_detail.html",
        {
            "report": report,
            "project": report.project,
            "snapshots": report.milestone_snapshots.select_related("milestone").order_by(
                "milestone__baseline_date"
            ),
            "changes": selectors.report_changes(report),
            "can_edit": request.user.has_perm("reporting.change_statusreport", report),
            "can_reopen": report.is_locked
            and request.user.has_perm("reporting.reopen_statusreport", report),
        },
    )


def _conflict_rows(form: StatusReportForm, current) -> list[dict]:
    """The fields the other person changed: their saved value beside the one typed here."""
    rows = []
    for name in services.REPORT_FIELDS:
        mine = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
        theirs = getattr(current, name)
        if mine != theirs:
            field = current._meta.get_field(name)
            display = getattr(current, f"get_{name}_display", None)
            rows.append(
                {
                    "label": field.verbose_name,
                    "theirs": display() if display else theirs,
                    "mine": dict(field.choices).get(mine, mine) if field.choices else mine,
                }
            )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, pk: int):
    if request.method == "POST":
        # The report and its milestones are read once, locked, for the whole save (no second
        # read in the service: issue 16's query budget of the submit). A refused save leaves
        # the transaction by an exception, so nothing of it is kept; the page is rendered
        # after the transaction.
        try:
            with transaction.atomic():
                return _post_report(request, pk)
        except _Refused as refused:
            return _render_form(request, **refused.outcome)
    report = selectors.get_report(request.user, pk)
    if report.is_locked:
        messages.info(request, _("This report is submitted and locked."))
        return redirect(report)
    if not request.user.has_perm("reporting.change_statusreport", report):
        raise PermissionDenied
    project = report.project
    return _render_form(
        request,
        report=report,
        form=StatusReportForm(instance=report, previous=_previous_of(report)),
        formset=MilestoneFormSet(
            None, milestones=selectors.report_milestones(project), prefix="milestones"
        ),
    )


def _previous_of(report):
    """Last period's report, read when the form is shown (not for a submit that succeeds)."""
    return functools.cache(lambda: services.previous_report(report.project, report.period_start))


class _Refused(Exception):
    """The form is shown again (invalid input, a conflict, a refused save)."""

    def __init__(self, outcome: dict):
        super().__init__("report form refused")
        self.outcome = outcome


def _post_report(request, pk: int) -> HttpResponse:
    report = selectors.get_report(request.user, pk, for_update=True)
    if report.is_locked or not request.user.has_perm("reporting.change_statusreport", report):
        raise PermissionDenied
    stored = copy.copy(report)  # the form writes its values onto ``report``
    previous = _previous_of(report)
    milestones = selectors.report_milestones(report.project, for_update=True)
    form = StatusReportForm(request.POST, instance=report, previous=previous)
    formset = MilestoneFormSet(request.POST, milestones=milestones, prefix="milestones")
    outcome = {"report": stored, "form": form, "formset": formset}
    if not (form.is_valid() and formset.is_valid()):
        raise _Refused(outcome)
    submit = request.POST.get("action") == "submit"
    try:
        saved = services.save_report(
            report=stored,
            user=request.user,
            data=form.report_data(),
            version=form.cleaned_data["version"],
            milestones=formset.changes(),
            submit=submit,
            locked_milestones=milestones,
        )
    except services.ReportConflict as exc:
        outcome["conflict"] = {
            "by": exc.current.history.first().history_user,
            "at": exc.current.updated_at,
            "rows": _conflict_rows(form, exc.current),
        }
        # Let the PM save again deliberately, over the version they have now seen.
        data = request.POST.copy()
        data["version"] = exc.current.version
        outcome["form"] = StatusReportForm(data, instance=exc.current, previous=previous)
        outcome["form"].is_valid()
        raise _Refused(outcome) from None
    except ValidationError as exc:
        form.add_error(None, exc)
        raise _Refused(outcome) from None
    if submit:
        messages.success(
            request, _("Report submitted: the project's health is updated, the report locked.")
        )
        return redirect(saved)
    messages.success(request, _("Draft saved."))
    return redirect("reporting:report_edit", saved.pk)


def _render_form(request, *, report, form, formset, conflict=None):
    return render(
        request,
        "reporting/reports/report_form.html",
        {
            "report": report,
            "project": report.project,
            "form": form,
            "formset": formset,
            "previous": form.previous,
            "conflict": conflict,
            "health_fields": [form[name] for name in HEALTH_FIELDS],
        },
    )


@login_required
@require_POST
def report_reopen(request, pk: int):
    report = selectors.get_report(request.user, pk)
    if not request.user.has_perm("reporting.reopen_statusreport", report):
        raise PermissionDenied
    try:
        services.reopen_report(report=report, user=request.user, reason=request.POST.get("reason"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(report)
    messages.success(request, _("Report reopened: the project manager can change it again."))
    return redirect(report)


urlpatterns = [
    path("my/", my_reports, name="my_reports"),
    path("projects/<int:pk>/reports/", project_reports, name="project_reports"),
    path("projects/<int:pk>/reports/start/", report_start, name="report_start"),
    path("reports/<int:pk>/", report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", report_edit, name="report_edit"),
    path("reports/<int:pk>/reopen/", report_reopen, name="report_reopen"),
]
