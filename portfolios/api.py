"""The REST API of the portfolio model (/api/v1/portfolios/, /api/v1/projects/): read-only,
through the selectors of the web pages (``visible_to(user)``, ``get_project_for_user``,
``get_portfolio_for_user``), so that a token reads exactly what its owner reads on the web.

A project carries its priority score explained criterion by criterion, and what other apps
add to it through the registry (``project_api_fields``: governance's lifecycle phase). The
strategic objectives are in api_objectives.py."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from pmo_portal import registry
from pmo_portal.api.pagination import ViewOrderingFilter
from pmo_portal.api.views import ReadOnlyViewSet, documented
from pmo_portal.registry import ApiRoute
from pmo_portal.roles import require_role
from pmo_portal.users import user_label
from portfolios import selectors
from portfolios.filters import ProjectFilter
from portfolios.models import Portfolio, Project
from portfolios.selectors.portfolio_settings import get_portfolio_for_user, portfolios_visible_to
from portfolios.selectors.scoring import explanation_parts, explanation_text


class UserNameField(serializers.CharField):
    """A user as the pages name them (``user_label``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value) -> str:
        return user_label(value)


class PortfolioSerializer(serializers.ModelSerializer):
    owner = UserNameField(allow_null=True)

    class Meta:
        model = Portfolio
        fields = ["id", "name", "description", "parent", "owner"]


class DeclaredStatusSerializer(serializers.ModelSerializer):
    """The latest status the project's manager declared (written by the status report)."""

    class Meta:
        model = Project
        fields = [
            "health_overall",
            "health_schedule",
            "health_budget",
            "health_scope",
            "health_resources",
            "percent_complete",
            "eac",
            "forecast_end",
            "status_date",
        ]


class CriterionPointsSerializer(serializers.Serializer):
    """One criterion's part of a priority score: its points, and the 0–5 score behind them
    (None: not scored, 0 points)."""

    key = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.CharField()
    points = serializers.FloatField()
    score = serializers.FloatField(allow_null=True)
    scored = serializers.BooleanField()


# Its fields' names, read once: building a serializer's fields deep-copies them (a page of 25
# projects spent a quarter of its time there).
CRITERION_POINTS_KEYS = tuple(CriterionPointsSerializer._declared_fields)


class ProjectSerializer(serializers.ModelSerializer):
    portfolio_name = serializers.CharField(source="portfolio.name", read_only=True)
    business_domain = serializers.CharField(source="business_domain.name", read_only=True)
    project_type = serializers.CharField(source="project_type.name", read_only=True)
    manager = UserNameField()
    declared_status = DeclaredStatusSerializer(source="*", read_only=True)
    priority_breakdown = serializers.SerializerMethodField(
        help_text=_("The points each criterion gives to the priority score.")
    )
    priority_explained = serializers.SerializerMethodField(
        help_text=_("The priority score as the pages write it, in the reader's language.")
    )

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "name",
            "portfolio",
            "portfolio_name",
            "business_domain",
            "project_type",
            "status",
            "manager",
            "planned_start",
            "planned_end",
            "baseline_start",
            "baseline_end",
            "actual_end",
            "estimated_cost",
            "priority_score",
            "priority_breakdown",
            "priority_explained",
            "is_mandatory",
            "is_archived",
            "declared_status",
            "version",
            "updated_at",
        ]

    def get_fields(self):
        # What other apps add to a project (governance's phase): registry.ProjectApiField.
        fields = super().get_fields()
        for extra in registry.project_api_fields():
            fields[extra.name] = extra.serializer_field()
        return fields

    @extend_schema_field(CriterionPointsSerializer(many=True))
    def get_priority_breakdown(self, project: Project) -> list[dict]:
        return [
            {key: item.get(key) for key in CRITERION_POINTS_KEYS}
            for item in explanation_parts(project.priority_explanation)
        ]

    def get_priority_explained(self, project: Project) -> str:
        return explanation_text(project.priority_score, project.priority_explanation)


def with_api_fields(queryset):
    """``queryset`` (of projects) with what the registry's project fields read."""
    for extra in registry.project_api_fields():
        queryset = extra.prepare(queryset)
    return queryset


PORTFOLIO_EXAMPLE = {
    "id": 4,
    "name": "Portefeuille Nord 1",
    "description": "",
    "parent": 2,
    "owner": "Claire Martin",
}
PROJECT_EXAMPLE = {
    "id": 42,
    "code": "PRJ-0042",
    "name": "Fibre Nord",
    "portfolio": 4,
    "portfolio_name": "Portefeuille Nord 1",
    "business_domain": "Réseaux",
    "project_type": "Infrastructure",
    "status": "active",
    "manager": "Paul Durand",
    "planned_start": "2026-01-05",
    "planned_end": "2026-12-18",
    "baseline_start": "2026-01-05",
    "baseline_end": "2026-11-27",
    "actual_end": None,
    "estimated_cost": "850000.00",
    "priority_score": "62.00",
    "priority_breakdown": [
        {
            "key": "fit",
            "label": "Strategic fit",
            "kind": "fit",
            "points": 30.0,
            "score": 5.0,
            "scored": True,
        },
        {
            "key": "value",
            "label": "Value / ROI",
            "kind": "value",
            "points": 20.0,
            "score": 4.0,
            "scored": True,
        },
        {
            "key": "risk",
            "label": "Risk",
            "kind": "risk",
            "points": 12.0,
            "score": 2.0,
            "scored": True,
        },
    ],
    "priority_explained": "62 pts: Strategic fit 30, Value / ROI 20, Risk 12",
    "is_mandatory": False,
    "is_archived": False,
    "declared_status": {
        "health_overall": 2,
        "health_schedule": 2,
        "health_budget": 1,
        "health_scope": 1,
        "health_resources": 2,
        "percent_complete": 40,
        "eac": "910000.00",
        "forecast_end": "2027-01-29",
        "status_date": "2026-05-31",
    },
    "version": 7,
    "updated_at": "2026-06-02T09:15:00+02:00",
    "phase": {
        "methodology": "Cycle en V",
        "methodology_version": 2,
        "key": "build",
        "name": "Réalisation",
        "order": 3,
        "started_at": "2026-01-05T10:00:00+01:00",
        "completed_at": None,
    },
}


@extend_schema_view(
    list=documented(
        _(
            "The portfolio nodes the caller reads, by name, as on the portfolio tree "
            "(a user without a role: 403)."
        ),
        PORTFOLIO_EXAMPLE,
    ),
    retrieve=documented(
        _("One portfolio node (outside the caller's scope: 404)."), PORTFOLIO_EXAMPLE
    ),
)
class PortfolioViewSet(ReadOnlyViewSet):
    """Portfolio nodes (company → business unit → portfolio) the caller reads, as on the
    portfolio tree; ``parent`` links a node to the one above it."""

    serializer_class = PortfolioSerializer
    ordering = ["name"]
    ordering_fields = ["name"]

    def get_queryset(self):
        return portfolios_visible_to(self.request.user).select_related("owner")

    def list(self, request, *args, **kwargs):
        require_role(request.user)
        return super().list(request, *args, **kwargs)

    def get_object(self):
        portfolio = get_portfolio_for_user(
            self.request.user, self.kwargs["pk"], perm="portfolios.access"
        )
        return Portfolio.objects.select_related("owner").get(pk=portfolio.pk)


class ProjectFilterBackend(DjangoFilterBackend):
    """Documents the filters of the web's project list in the schema; the list applies them
    through ``selectors.filter_projects``, as the page does."""

    def filter_queryset(self, request, queryset, view):
        return queryset


@extend_schema_view(
    list=documented(
        _(
            "The projects the caller reads, by code, with the filters of the web's project "
            "list (archived projects only with archived=true): their latest declared "
            "status, priority score explained and lifecycle phase."
        ),
        PROJECT_EXAMPLE,
    ),
    retrieve=documented(_("One project (outside the caller's scope: 404)."), PROJECT_EXAMPLE),
)
class ProjectViewSet(ReadOnlyViewSet):
    """Projects the caller reads (the web's project list: same scope, same filters; archived
    projects only with ``archived=true``), with their latest declared status."""

    serializer_class = ProjectSerializer
    filter_backends = [ProjectFilterBackend, ViewOrderingFilter]
    filterset_class = ProjectFilter
    ordering = ["code"]
    ordering_fields = ["code", "name", "planned_end", "updated_at"]

    def get_queryset(self):
        params = self.request.query_params
        # The page's filter reads any other value as "not archived"; the API says so (400).
        archived = params.get("archived")
        if archived is not None and archived not in {"true", "false"}:
            raise ValidationError({"archived": [_("Enter true or false.")]})
        project_filter, queryset = selectors.filter_projects(user=self.request.user, data=params)
        if project_filter.is_bound and not project_filter.is_valid():
            raise ValidationError(dict(project_filter.errors))
        return with_api_fields(queryset)

    def list(self, request, *args, **kwargs):
        require_role(request.user)
        return super().list(request, *args, **kwargs)

    def get_object(self):
        project = selectors.get_project_for_user(self.request.user, self.kwargs["pk"])
        related = with_api_fields(Project.objects.select_related(*selectors.LIST_RELATED))
        return related.get(pk=project.pk)


API_ROUTES = [
    ApiRoute("portfolios", PortfolioViewSet, "portfolio", order=10),
    ApiRoute("projects", ProjectViewSet, "project", order=20),
]
