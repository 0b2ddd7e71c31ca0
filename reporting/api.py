"""The REST API of tracking (read side): a project's status reports, milestones and RAID
log, and each one by id. Reading follows the project, through the web's selectors
(``get_project_for_user``, ``get_report``…): 404 outside the caller's scope."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from pmo_portal.api.pagination import POSITION, numbered
from pmo_portal.api.views import DetailViewSet, ListViewSet
from pmo_portal.registry import ApiRoute
from portfolios.api import UserNameField
from portfolios.selectors import get_project_for_user
from reporting.api_serializers import StatusReportSerializer
from reporting.api_writes import OpenReportMixin, SaveReportMixin
from reporting.forms.raid import RaidFilterForm
from reporting.models import Milestone, RaidItem, StatusReport
from reporting.selectors import raid as raid_selectors
from reporting.selectors import reports as report_selectors

PROJECT = OpenApiParameter("project_pk", OpenApiTypes.INT, OpenApiParameter.PATH)


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = [
            "id",
            "project",
            "name",
            "baseline_date",
            "forecast_date",
            "actual_date",
            "status",
            "version",
        ]


class RaidItemSerializer(serializers.ModelSerializer):
    owner = UserNameField(allow_null=True)
    exposure = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = RaidItem
        fields = [
            "id",
            "project",
            "kind",
            "title",
            "description",
            "owner",
            "status",
            "due_date",
            "probability",
            "impact",
            "exposure",
            "response",
            "version",
            "created_at",
            "updated_at",
        ]


class ProjectItems(ListViewSet):
    """The rows of one project (``project_pk`` in the URL), which the caller must read."""

    def project(self):
        return get_project_for_user(self.request.user, self.kwargs["project_pk"])


@extend_schema_view(list=extend_schema(parameters=[PROJECT]))
class ProjectStatusReportViewSet(OpenReportMixin, ProjectItems):
    """The status reports of a project, latest period first (drafts included, as on the
    project's report history)."""

    serializer_class = StatusReportSerializer
    ordering = ["-period_start"]
    ordering_fields = ["period_start"]

    def get_queryset(self):
        return report_selectors.project_reports(self.project()).select_related("author")


class StatusReportViewSet(SaveReportMixin, DetailViewSet):
    """A status report by id; PATCH saves or submits it (api_writes.py)."""

    serializer_class = StatusReportSerializer
    queryset = StatusReport.objects.none()

    def get_object(self):
        return report_selectors.get_report(self.request.user, self.kwargs["pk"])


@extend_schema_view(list=extend_schema(parameters=[PROJECT]))
class ProjectMilestoneViewSet(ProjectItems):
    """The milestones of a project, by baseline date."""

    serializer_class = MilestoneSerializer
    ordering = ["baseline_date"]
    ordering_fields = ["baseline_date", "forecast_date"]

    def get_queryset(self):
        return self.project().milestones.all()


class MilestoneViewSet(DetailViewSet):
    """A milestone by id."""

    serializer_class = MilestoneSerializer
    queryset = Milestone.objects.none()

    def get_object(self):
        return report_selectors.get_milestone_for_user(self.request.user, self.kwargs["pk"])


RAID_FILTERS = [
    OpenApiParameter(
        "kind",
        str,
        enum=[value for value, _label in RaidFilterForm.base_fields["kind"].choices if value],
    ),
    OpenApiParameter(
        "status",
        str,
        enum=[value for value, _label in RaidFilterForm.base_fields["status"].choices if value],
        description="active: open or in progress",
    ),
    OpenApiParameter("probability", int, enum=[1, 2, 3, 4]),
    OpenApiParameter("impact", int, enum=[1, 2, 3, 4]),
]


@extend_schema_view(list=extend_schema(parameters=[PROJECT, *RAID_FILTERS]))
class ProjectRaidViewSet(ProjectItems):
    """The RAID log of a project in its page's order (open items first, then the highest
    exposure, the soonest due date, the newest), filtered as on its page (an unknown filter
    value, which the page drops, is refused: 400); ``ordering=created_at`` or
    ``-created_at`` instead."""

    serializer_class = RaidItemSerializer
    queryset = RaidItem.objects.none()
    ordering = [POSITION]
    ordering_fields = ["created_at"]

    def get_queryset(self):
        project = self.project()  # 404 outside the caller's scope, whatever the filters
        form = RaidFilterForm(self.request.query_params or None)
        if form.is_bound and not form.is_valid():
            raise ValidationError(dict(form.errors))
        return numbered(raid_selectors.raid_items(project=project, **form.filters()))


class RaidItemViewSet(DetailViewSet):
    """A RAID item by id."""

    serializer_class = RaidItemSerializer
    queryset = RaidItem.objects.none()

    def get_object(self):
        return raid_selectors.get_raid_item_for_user(self.request.user, self.kwargs["pk"])


PROJECT_PREFIX = "projects/(?P<project_pk>[0-9]+)"
API_ROUTES = [
    ApiRoute(
        f"{PROJECT_PREFIX}/status-reports", ProjectStatusReportViewSet, "project-status-report", 30
    ),
    ApiRoute("status-reports", StatusReportViewSet, "status-report", 31),
    ApiRoute(f"{PROJECT_PREFIX}/milestones", ProjectMilestoneViewSet, "project-milestone", 40),
    ApiRoute("milestones", MilestoneViewSet, "milestone", 41),
    ApiRoute(f"{PROJECT_PREFIX}/raid-items", ProjectRaidViewSet, "project-raid-item", 50),
    ApiRoute("raid-items", RaidItemViewSet, "raid-item", 51),
]
