"""The write side of the status reports in the REST API: open this period's draft, save it,
submit it. Through the PM's own form and services (reporting/forms/reports.py,
reporting/services/reports.py): the same checks, the same messages, the same optimistic lock
— a save over a version that moved answers 409 with the stored report."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from pmo_portal.api.errors import PROBLEM_CONTENT_TYPE, problem_body
from pmo_portal.api.schema import ProblemSerializer
from pmo_portal.models import ApiTokenScope
from portfolios.selectors import get_project_for_user
from reporting.api_serializers import StatusReportSerializer
from reporting.forms.reports import MilestoneUpdateForm, StatusReportForm
from reporting.models import MilestoneStatus, StatusReport
from reporting.selectors import reports as report_selectors
from reporting.services import reports as services


class ConflictSerializer(ProblemSerializer):
    """A 409: the problem, and the report as stored (its version included)."""

    current = serializers.JSONField(help_text=gettext_lazy("The report as stored."))


class MilestoneChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    forecast_date = serializers.DateField()
    actual_date = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=MilestoneStatus.choices)


class StatusReportWriteSerializer(serializers.Serializer):
    """What a PM writes in the report form; any field left out keeps its stored value.
    ``version`` is the version read (the report's ``version``): if it moved since, 409."""

    version = serializers.IntegerField(min_value=1)
    submit = serializers.BooleanField(
        default=False,
        help_text=gettext_lazy(
            "true: submit the report (it is locked, the project's declared status updated)."
        ),
    )
    milestones = MilestoneChangeSerializer(many=True, required=False)
    health_overall = serializers.IntegerField(required=False)
    health_schedule = serializers.IntegerField(required=False)
    health_budget = serializers.IntegerField(required=False)
    health_scope = serializers.IntegerField(required=False)
    health_resources = serializers.IntegerField(required=False)
    percent_complete = serializers.IntegerField(required=False)
    achievements = serializers.CharField(required=False, allow_blank=True)
    next_steps = serializers.CharField(required=False, allow_blank=True)
    escalations = serializers.CharField(required=False, allow_blank=True)
    forecast_end = serializers.DateField(required=False, allow_null=True)
    eac = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    comment = serializers.CharField(required=False, allow_blank=True)


def _form_value(value):
    return "" if value is None else value


def _checked_report_data(report: StatusReport, data: dict) -> dict:
    """The report's stored values with the request's on top, through the PM's form: its
    errors (per field) as a 400."""
    values = {name: _form_value(getattr(report, name)) for name in services.REPORT_FIELDS}
    values.update(
        {name: _form_value(data[name]) for name in services.REPORT_FIELDS if name in data}
    )
    values["version"] = data["version"]
    form = StatusReportForm(values, instance=report)
    if not form.is_valid():
        raise ValidationError(_form_errors(form.errors))
    return form.report_data()


def _form_errors(errors) -> dict:
    return {field: [str(message) for message in messages] for field, messages in errors.items()}


def _checked_milestones(report: StatusReport, changes: list[dict]) -> list:
    """The milestone changes through the form of one milestone; each must be the project's."""
    own = set(report.project.milestones.values_list("pk", flat=True))
    checked, errors = [], {}
    for position, change in enumerate(changes):
        form = MilestoneUpdateForm(
            {key: _form_value(value) for key, value in change.items()} | {"id": change["id"]}
        )
        if not form.is_valid():
            errors[str(position)] = _form_errors(form.errors)
        elif change["id"] not in own:
            errors[str(position)] = {"id": [_("This milestone does not belong to the project.")]}
        else:
            checked.append(
                services.MilestoneChange(
                    milestone_id=form.cleaned_data["id"],
                    forecast_date=form.cleaned_data["forecast_date"],
                    actual_date=form.cleaned_data["actual_date"],
                    status=form.cleaned_data["status"],
                )
            )
    if errors:
        raise ValidationError({"milestones": errors})
    return checked


class OpenReportMixin:
    """``POST /projects/{id}/status-reports/``: this period's report of the project, opened
    as a draft pre-filled from the last one if there is none yet (as the project's Report
    button does)."""

    write_scope = ApiTokenScope.WRITE_STATUS.value

    @extend_schema(
        request=None,
        responses={
            201: OpenApiResponse(
                StatusReportSerializer, description=gettext_lazy("The draft, created.")
            ),
            200: OpenApiResponse(
                StatusReportSerializer,
                description=gettext_lazy("This period's report, already open."),
            ),
        },
        description=gettext_lazy(
            "Open this period's status report of the project (a draft pre-filled from the "
            "previous report). Scope write:status; the project's manager, deputies or the PMO."
        ),
    )
    def create(self, request, *args, **kwargs):
        project = get_project_for_user(
            request.user, self.kwargs["project_pk"], perm="reporting.write_project"
        )
        before = StatusReport.objects.filter(project=project).count()
        try:
            report = services.open_report(project=project, user=request.user)
        except DjangoValidationError as error:
            raise ValidationError({"project": error.messages}) from None
        created = StatusReport.objects.filter(project=project).count() > before
        return Response(
            self.get_serializer(report).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class SaveReportMixin:
    """``PATCH /status-reports/{id}/``: save (and with ``submit``, submit) a report."""

    write_scope = ApiTokenScope.WRITE_STATUS.value

    @extend_schema(
        request=StatusReportWriteSerializer,
        responses={
            200: OpenApiResponse(
                StatusReportSerializer, description=gettext_lazy("The report as saved.")
            ),
            (409, PROBLEM_CONTENT_TYPE): OpenApiResponse(
                ConflictSerializer,
                description=gettext_lazy(
                    "Someone saved the report since the version sent: nothing was saved; "
                    "``current`` holds the stored report and its version."
                ),
            ),
        },
        description=gettext_lazy(
            "Save a draft status report; with submit: true, submit it. Fields left out keep "
            "their stored value. Scope write:status."
        ),
        examples=[
            OpenApiExample(
                "Submit",
                value={
                    "version": 3,
                    "health_overall": 2,
                    "health_budget": 3,
                    "percent_complete": 45,
                    "achievements": "Recette fonctionnelle terminée.",
                    "escalations": "Arbitrage du COPIL sur le lot 2.",
                    "submit": True,
                },
                request_only=True,
            )
        ],
    )
    def partial_update(self, request, *args, **kwargs):
        report = report_selectors.get_report(request.user, self.kwargs["pk"])
        if report.is_locked:
            raise PermissionDenied(_("This report is submitted and locked."))
        if not request.user.has_perm("reporting.change_statusreport", report):
            raise PermissionDenied
        incoming = StatusReportWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        report_data = _checked_report_data(report, data)
        milestones = _checked_milestones(report, data.get("milestones", []))
        try:
            saved = services.save_report(
                report=report,
                user=request.user,
                data=report_data,
                version=data["version"],
                milestones=milestones,
                submit=data["submit"],
            )
        except services.ReportConflict as conflict:
            body = problem_body(
                status.HTTP_409_CONFLICT,
                _(
                    "Someone else saved this report since version %(version)s: nothing was "
                    "saved. Its current version is %(current)s."
                )
                % {"version": data["version"], "current": conflict.current.version},
                current=self.get_serializer(conflict.current).data,
            )
            return Response(
                body, status=status.HTTP_409_CONFLICT, content_type=PROBLEM_CONTENT_TYPE
            )
        except DjangoValidationError as error:
            raise ValidationError(
                error.message_dict if hasattr(error, "error_dict") else error.messages
            ) from None
        return Response(self.get_serializer(saved).data)
