"""The REST API of resources and budgets (read side): a project's budget lines, actual costs
and allocations, the capacity plan, and the budget alerts.

Each endpoint answers as its web page does, through the same selectors and rules: a
project's budget follows ``resources.view_budget`` (404 outside the reader's scope, 403 in
scope without it: the resource manager), its allocations every reader of the project, the
capacity plan every role, the alerts the alerts page's scope (``alerts_for``: every alert for
the PMO and Finance, a project manager's own projects)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from pmo_portal.api.pagination import POSITION, numbered
from pmo_portal.api.views import DetailViewSet, ListViewSet, ReadOnlyViewSet, documented, one_page
from pmo_portal.registry import ApiRoute
from pmo_portal.viewtools import require_perm
from portfolios.api import UserNameField
from portfolios.selectors import get_project_for_user
from resources.forms.alerts import AlertFilterForm
from resources.forms.capacity import CapacityFilterForm
from resources.models import ActualCost, Alert, Allocation, BudgetLine, Resource
from resources.selectors import alerts as alert_selectors
from resources.selectors import budgets as budget_selectors
from resources.selectors import capacity as capacity_selectors
from resources.selectors.cockpit import team_rows

PROJECT = OpenApiParameter("project_pk", OpenApiTypes.INT, OpenApiParameter.PATH)
VIEW_BUDGET = "resources.view_budget"


class BudgetLineSerializer(serializers.Serializer):
    """A row of the project budget page: a nature, category and fiscal year, with its
    approved line (``id`` null when costs were booked without one) and its figures."""

    id = serializers.IntegerField(source="line.pk", allow_null=True)
    fiscal_year = serializers.IntegerField()
    nature = serializers.CharField()
    category = serializers.CharField()
    baseline = serializers.DecimalField(14, 2, source="figures.baseline")
    approved = serializers.DecimalField(14, 2, source="figures.approved")
    actual = serializers.DecimalField(14, 2, source="figures.actual")
    committed = serializers.DecimalField(14, 2, source="figures.committed")
    forecast = serializers.DecimalField(14, 2, source="figures.forecast")
    remaining = serializers.DecimalField(14, 2, source="figures.remaining")
    consumed_percent = serializers.DecimalField(
        7, 1, source="figures.consumed_percent", allow_null=True
    )
    version = serializers.IntegerField(source="line.version", allow_null=True)


class ActualCostSerializer(serializers.ModelSerializer):
    created_by = UserNameField(allow_null=True)

    class Meta:
        model = ActualCost
        fields = [
            "id",
            "project",
            "date",
            "nature",
            "category",
            "amount",
            "supplier",
            "reference",
            "description",
            "source",
            "created_by",
            "created_at",
        ]


class AllocationSerializer(serializers.ModelSerializer):
    resource_name = serializers.CharField(source="resource.name", read_only=True)
    team = serializers.CharField(source="resource.team.name", read_only=True, allow_null=True)

    class Meta:
        model = Allocation
        fields = [
            "id",
            "project",
            "resource",
            "resource_name",
            "team",
            "month",
            "fte",
            "status",
            "comment",
            "decided_at",
            "version",
        ]


class HeatCellSerializer(serializers.Serializer):
    month = serializers.DateField()
    capacity = serializers.DecimalField(8, 2)
    demand = serializers.DecimalField(8, 2)
    utilisation = serializers.DecimalField(
        7, 0, allow_null=True, help_text=_("Demand as a percentage of capacity.")
    )
    state = serializers.ChoiceField(
        ["over", "ok", "idle", "none"],
        help_text=_("over: demand above capacity; idle: below half of it; none: no capacity."),
    )


class CapacityRowSerializer(serializers.Serializer):
    """A row of the capacity plan: a team (0: resources of no team) or a resource."""

    id = serializers.IntegerField(source="key")
    name = serializers.SerializerMethodField()
    cells = HeatCellSerializer(many=True)

    def get_name(self, row) -> str:
        return row.label if row.label is not None else str(_("No team"))


class AlertSerializer(serializers.ModelSerializer):
    project_code = serializers.CharField(source="project.code", read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)
    acknowledged_by = UserNameField(allow_null=True)
    closed_by = UserNameField(allow_null=True)

    class Meta:
        model = Alert
        fields = [
            "id",
            "project",
            "project_code",
            "project_name",
            "nature",
            "kind",
            "period",
            "status",
            "budget",
            "measured",
            "overrun_percent",
            "flagged_by_pm",
            "first_detected_at",
            "last_detected_at",
            "acknowledged_by",
            "acknowledged_at",
            "acknowledgement",
            "closed_by",
            "closed_at",
            "escalated_at",
        ]


BUDGET_LINE_EXAMPLE = {
    "id": 12,
    "fiscal_year": 2026,
    "nature": "capex",
    "category": "external_services",
    "baseline": "300000.00",
    "approved": "320000.00",
    "actual": "150000.00",
    "committed": "40000.00",
    "forecast": "320000.00",
    "remaining": "130000.00",
    "consumed_percent": "59.4",
    "version": 2,
}
COST_EXAMPLE = {
    "id": 501,
    "project": 42,
    "date": "2026-05-31",
    "nature": "capex",
    "category": "external_services",
    "amount": "12500.00",
    "supplier": "Sopra",
    "reference": "FAC-2026-0042",
    "description": "Lot 2, mai",
    "source": "import",
    "created_by": "Anne Finance",
    "created_at": "2026-06-01T02:10:00+02:00",
}
ALLOCATION_EXAMPLE = {
    "id": 88,
    "project": 42,
    "resource": 9,
    "resource_name": "Léa Bernard",
    "team": "Équipe Data",
    "month": "2026-07-01",
    "fte": "0.50",
    "status": "approved",
    "comment": "",
    "decided_at": "2026-06-03T11:00:00+02:00",
    "version": 3,
}
CAPACITY_EXAMPLE = {
    "id": 3,
    "name": "Équipe Data",
    "cells": [
        {
            "month": "2026-07-01",
            "capacity": "8.00",
            "demand": "9.50",
            "utilisation": "119",
            "state": "over",
        }
    ],
}
ALERT_EXAMPLE = {
    "id": 17,
    "project": 42,
    "project_code": "PRJ-0042",
    "project_name": "Fibre Nord",
    "nature": "capex",
    "kind": "eac",
    "period": 2026,
    "status": "open",
    "budget": "320000.00",
    "measured": "352000.00",
    "overrun_percent": "10.00",
    "flagged_by_pm": False,
    "first_detected_at": "2026-05-12T06:00:00+02:00",
    "last_detected_at": "2026-06-02T06:00:00+02:00",
    "acknowledged_by": None,
    "acknowledged_at": None,
    "acknowledgement": "",
    "closed_by": None,
    "closed_at": None,
    "escalated_at": None,
}


@extend_schema_view(
    list=documented(
        _(
            "The budget lines of a project as its budget page shows them, by fiscal year, "
            "nature and category, each with its approved, actual, committed and forecast "
            "amounts (one page). Read by the PMO, Finance, the project's manager and the "
            "executives of its portfolio (another reader of the project: 403)."
        ),
        BUDGET_LINE_EXAMPLE,
        parameters=[PROJECT],
    )
)
class BudgetLineViewSet(ListViewSet):
    serializer_class = BudgetLineSerializer
    queryset = BudgetLine.objects.none()  # the schema's model; the list is the page's rows

    def list(self, request, *args, **kwargs):
        project = get_project_for_user(request.user, self.kwargs["project_pk"], perm=VIEW_BUDGET)
        lines = budget_selectors.project_budget(project=project)["lines"]
        return one_page(self.get_serializer(lines, many=True).data)


@extend_schema_view(
    list=documented(
        _(
            "The actual costs of a project, latest first, as on its budget page (same "
            "readers as the budget lines)."
        ),
        COST_EXAMPLE,
        parameters=[PROJECT],
    )
)
class ProjectActualCostViewSet(ListViewSet):
    serializer_class = ActualCostSerializer
    queryset = ActualCost.objects.none()
    ordering = [POSITION]
    ordering_fields: list = []

    def get_queryset(self):
        project = get_project_for_user(
            self.request.user, self.kwargs["project_pk"], perm=VIEW_BUDGET
        )
        return numbered(budget_selectors.project_actual_costs(project=project))


@extend_schema_view(retrieve=documented(_("One actual cost by id."), COST_EXAMPLE))
class ActualCostViewSet(DetailViewSet):
    serializer_class = ActualCostSerializer
    queryset = ActualCost.objects.none()

    def get_object(self):
        return budget_selectors.get_actual_cost_for_user(self.request.user, self.kwargs["pk"])


@extend_schema_view(
    list=documented(
        _(
            "The allocations of a project over the months its allocation grid shows (this "
            "month and the next eleven), every status, by resource and month. Read by every "
            "reader of the project."
        ),
        ALLOCATION_EXAMPLE,
        parameters=[PROJECT],
    )
)
class ProjectAllocationViewSet(ListViewSet):
    serializer_class = AllocationSerializer
    queryset = Allocation.objects.none()
    ordering = [POSITION]
    ordering_fields: list = []

    def get_queryset(self):
        project = get_project_for_user(self.request.user, self.kwargs["project_pk"])
        months = capacity_selectors.months_ahead()
        return numbered(capacity_selectors.project_allocations(project, months))


def _choices(field: str) -> list:
    return [value for value, _label in CapacityFilterForm.base_fields[field].choices if value]


CAPACITY_FILTERS = [
    OpenApiParameter("by", str, enum=["team", "resource"], description="team (default)"),
    OpenApiParameter("team", int, description="a team's id; 0: the resources of no team"),
    OpenApiParameter("skill", int),
    OpenApiParameter("portfolio", int, description="demand of this portfolio and below"),
    OpenApiParameter("requested", bool, description="count requested allocations too"),
    OpenApiParameter("months", int, enum=[6, 3], description="default: the next 12 months"),
    OpenApiParameter("over", bool, description="team rows: only the over-allocated ones"),
    OpenApiParameter("mine", bool, description="team rows: only the teams the caller manages"),
]


@extend_schema_view(
    list=documented(
        _(
            "The capacity plan as its page shows it: available and allocated FTE per team "
            "(by=team, every team in one page) or per resource (by=resource, cursor pages) "
            "and month, with the page's filters. Every role reads it."
        ),
        CAPACITY_EXAMPLE,
        parameters=CAPACITY_FILTERS,
    )
)
class CapacityViewSet(ListViewSet):
    serializer_class = CapacityRowSerializer
    ordering = [POSITION]
    ordering_fields: list = []
    queryset = Resource.objects.none()

    def list(self, request, *args, **kwargs):
        require_perm(request.user, "resources.view_capacity")
        form = CapacityFilterForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(dict(form.errors))
        filters = form.filters()
        months = capacity_selectors.months_ahead(count=filters["months"])
        common = {
            "months": months,
            "include_requested": filters["include_requested"],
            "portfolio": filters["portfolio"],
        }
        if filters["by"] == "resource":
            resources = capacity_selectors.filter_resources(
                team_id=filters["team_id"], skill_id=filters["skill_id"]
            )
            page = self.paginate_queryset(numbered(resources))
            heatmap = capacity_selectors.resource_heatmap(resources=page, **common)
            data = self.get_serializer(heatmap.rows, many=True).data
            return self.get_paginated_response(data)
        heatmap = capacity_selectors.team_heatmap(
            team_id=filters["team_id"], skill_id=filters["skill_id"], **common
        )
        manager = request.user if filters["mine"] else None
        heatmap = team_rows(heatmap, over=filters["over"], manager=manager)
        return one_page(self.get_serializer(heatmap.rows, many=True).data)


ALERT_FILTERS = [
    OpenApiParameter(
        name,
        str,
        enum=[str(value) for value, _label in AlertFilterForm.base_fields[name].choices],
        description=description,
    )
    for name, description in [
        ("status", "default: open; active: open or acknowledged; empty: all"),
        ("nature", ""),
        ("kind", ""),
        ("flagged", "yes: flagged by the project manager in a report; no: not flagged"),
    ]
] + [
    OpenApiParameter("portfolio", int, description="this portfolio and below"),
    OpenApiParameter("period", int, description="fiscal year"),
    OpenApiParameter("mine", bool, description="only the projects the caller manages"),
]


@extend_schema_view(
    list=documented(
        _(
            "The budget alerts of the alerts page, the ones waiting longest first, with its "
            "filters (open ones unless status says otherwise): every alert for the PMO and "
            "Finance, the alerts of their own projects for a project manager (others: 403)."
        ),
        ALERT_EXAMPLE,
        parameters=ALERT_FILTERS,
    ),
    retrieve=documented(
        _(
            "One budget alert: read by the PMO, Finance, its project's manager and deputies, "
            "and its project's sponsor (anyone else: 404)."
        ),
        ALERT_EXAMPLE,
    ),
)
class AlertViewSet(ReadOnlyViewSet):
    serializer_class = AlertSerializer
    queryset = Alert.objects.none()
    ordering = [POSITION]
    ordering_fields: list = []

    def get_queryset(self):
        if not self.request.user.has_perm("resources.view_alert_list"):
            raise PermissionDenied
        form, queryset = alert_selectors.filter_alerts(
            data=self.request.query_params, user=self.request.user
        )
        if not form.is_valid():
            raise ValidationError(dict(form.errors))
        return numbered(queryset)

    def get_object(self):
        return alert_selectors.get_alert_for_user(self.request.user, self.kwargs["pk"])


PROJECT_PREFIX = "projects/(?P<project_pk>[0-9]+)"
API_ROUTES = [
    ApiRoute(f"{PROJECT_PREFIX}/budget-lines", BudgetLineViewSet, "project-budget-line", 60),
    ApiRoute(f"{PROJECT_PREFIX}/actual-costs", ProjectActualCostViewSet, "project-actual-cost", 61),
    ApiRoute("actual-costs", ActualCostViewSet, "actual-cost", 62),
    ApiRoute(f"{PROJECT_PREFIX}/allocations", ProjectAllocationViewSet, "project-allocation", 63),
    ApiRoute("capacity", CapacityViewSet, "capacity", 64),
    ApiRoute("budget-alerts", AlertViewSet, "budget-alert", 65),
]
