"""The REST API of the strategic objectives (/api/v1/objectives/): the objective tree with
its KPIs, an objective, the projects contributing to it, and a project's contributions.

Every role reads them (``portfolios.view_alignment``: 403 without a role), as on the web;
contributions are narrowed to the projects the reader sees (``visible_to``), and a
project's contributions follow the project (404 outside the reader's scope)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field, extend_schema_view
from rest_framework import serializers

from pmo_portal.api.pagination import POSITION, numbered
from pmo_portal.api.views import ListViewSet, ReadOnlyViewSet, documented, one_page
from pmo_portal.registry import ApiRoute
from pmo_portal.viewtools import require_perm
from portfolios.api import UserNameField
from portfolios.models import ObjectiveContribution, ObjectiveKPI, StrategicObjective
from portfolios.selectors import get_project_for_user
from portfolios.selectors import objectives as selectors
from portfolios.selectors.objectives_list import TREE_POSITION, objectives_in_tree_order

READ = "portfolios.view_alignment"


class KPISerializer(serializers.ModelSerializer):
    progress = serializers.SerializerMethodField(
        help_text=_("Actual as a percentage of the target, when both are known.")
    )

    class Meta:
        model = ObjectiveKPI
        fields = ["id", "name", "unit", "target", "actual", "measured_on", "progress"]

    @extend_schema_field(OpenApiTypes.DECIMAL)
    def get_progress(self, kpi: ObjectiveKPI) -> str | None:
        progress = selectors.kpi_progress(kpi)
        return None if progress is None else str(progress)  # a decimal, as the others


class ObjectiveSerializer(serializers.ModelSerializer):
    owner = UserNameField(allow_null=True)
    kpis = KPISerializer(many=True, read_only=True)

    class Meta:
        model = StrategicObjective
        fields = [
            "id",
            "code",
            "title",
            "description",
            "parent",
            "horizon_start",
            "horizon_end",
            "weight",
            "owner",
            "kpis",
        ]


class ContributionSerializer(serializers.ModelSerializer):
    """A project's contribution to an objective: 0 (assessed: none) to 3 (high)."""

    project_code = serializers.CharField(source="project.code", read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)
    project_is_archived = serializers.BooleanField(source="project.is_archived", read_only=True)
    objective_code = serializers.CharField(source="objective.code", read_only=True)
    objective_title = serializers.CharField(source="objective.title", read_only=True)

    class Meta:
        model = ObjectiveContribution
        fields = [
            "project",
            "project_code",
            "project_name",
            "project_is_archived",
            "objective",
            "objective_code",
            "objective_title",
            "score",
            "rationale",
        ]


OBJECTIVE_EXAMPLE = {
    "id": 3,
    "code": "OBJ-1.2",
    "title": "Réduire la consommation d'énergie",
    "description": "",
    "parent": 1,
    "horizon_start": "2025-01-01",
    "horizon_end": "2027-12-31",
    "weight": "2.00",
    "owner": "Claire Martin",
    "kpis": [
        {
            "id": 7,
            "name": "Consommation (GWh)",
            "unit": "GWh",
            "target": "120.00",
            "actual": "90.00",
            "measured_on": "2026-03-31",
            "progress": "75",
        }
    ],
}
CONTRIBUTION_EXAMPLE = {
    "project": 42,
    "project_code": "PRJ-0042",
    "project_name": "Fibre Nord",
    "project_is_archived": False,
    "objective": 3,
    "objective_code": "OBJ-1.2",
    "objective_title": "Réduire la consommation d'énergie",
    "score": 3,
    "rationale": "Remplace les équipements les plus gourmands.",
}


@extend_schema_view(
    list=documented(
        _(
            "The strategic objectives in the tree page's order (each objective followed by "
            "its sub-objectives, siblings by code), with their key indicators; parent links "
            "an objective to the one above it."
        ),
        OBJECTIVE_EXAMPLE,
    ),
    retrieve=documented(_("One strategic objective with its key indicators."), OBJECTIVE_EXAMPLE),
)
class ObjectiveViewSet(ReadOnlyViewSet):
    """Strategic objectives (tree order)."""

    serializer_class = ObjectiveSerializer
    queryset = StrategicObjective.objects.none()
    ordering = [TREE_POSITION]
    ordering_fields = ["code"]

    # Every role reads objectives (403 without one), as the tree page: checked in the
    # handlers (an unknown method answers 405 first, as on the web).
    def get_queryset(self):
        require_perm(self.request.user, READ)
        return objectives_in_tree_order()

    def get_object(self):
        require_perm(self.request.user, READ)
        return selectors.get_objective(self.kwargs["pk"])


@extend_schema_view(
    list=documented(
        _(
            "The projects contributing to an objective (the caller's scope, archived projects "
            "included), strongest contribution first, then by project code."
        ),
        CONTRIBUTION_EXAMPLE,
        parameters=[OpenApiParameter("objective_pk", OpenApiTypes.INT, OpenApiParameter.PATH)],
    )
)
class ObjectiveContributionViewSet(ListViewSet):
    """Contributions to one objective."""

    serializer_class = ContributionSerializer
    queryset = ObjectiveContribution.objects.none()
    ordering = [POSITION]
    ordering_fields: list = []

    def get_queryset(self):
        require_perm(self.request.user, READ)
        objective = selectors.get_objective(self.kwargs["objective_pk"])
        contributions = selectors.objective_contributions(
            user=self.request.user, objective=objective
        ).select_related("objective")
        return numbered(contributions)


@extend_schema_view(
    list=documented(
        _(
            "The contributions of a project to the objectives, in the objective tree's order "
            "(one page: a project contributes to a few objectives). Outside the caller's "
            "scope: 404."
        ),
        CONTRIBUTION_EXAMPLE,
        parameters=[OpenApiParameter("project_pk", OpenApiTypes.INT, OpenApiParameter.PATH)],
    )
)
class ProjectContributionViewSet(ListViewSet):
    """A project's contributions (its tab "Objectives")."""

    serializer_class = ContributionSerializer
    queryset = ObjectiveContribution.objects.none()

    def list(self, request, *args, **kwargs):
        project = get_project_for_user(request.user, self.kwargs["project_pk"])
        contributions = selectors.project_objectives(project)
        for contribution in contributions:
            contribution.project = project
        return one_page(self.get_serializer(contributions, many=True).data)


API_ROUTES = [
    ApiRoute("objectives", ObjectiveViewSet, "objective", order=22),
    ApiRoute(
        "objectives/(?P<objective_pk>[0-9]+)/contributions",
        ObjectiveContributionViewSet,
        "objective-contribution",
        order=23,
    ),
    ApiRoute(
        "projects/(?P<project_pk>[0-9]+)/objectives",
        ProjectContributionViewSet,
        "project-objective",
        order=24,
    ),
]
