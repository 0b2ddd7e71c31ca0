"""The REST API of the portfolio model (/api/v1/portfolios/, /api/v1/projects/): read-only,
through the selectors of the web pages (``visible_to(user)``, ``get_project_for_user``,
``get_portfolio_for_user``), so that a token reads exactly what its owner reads on the web."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from pmo_portal.api.views import ReadOnlyViewSet
from pmo_portal.registry import ApiRoute
from pmo_portal.roles import require_role
from pmo_portal.users import user_label
from portfolios import selectors
from portfolios.filters import ProjectFilter
from portfolios.models import Portfolio, Project
from portfolios.selectors.portfolio_settings import get_portfolio_for_user, portfolios_visible_to


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


class ProjectSerializer(serializers.ModelSerializer):
    portfolio_name = serializers.CharField(source="portfolio.name", read_only=True)
    business_domain = serializers.CharField(source="business_domain.name", read_only=True)
    project_type = serializers.CharField(source="project_type.name", read_only=True)
    manager = UserNameField()
    declared_status = DeclaredStatusSerializer(source="*", read_only=True)

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
            "is_mandatory",
            "is_archived",
            "declared_status",
            "version",
            "updated_at",
        ]


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


class ProjectViewSet(ReadOnlyViewSet):
    """Projects the caller reads (the web's project list: same scope, same filters; archived
    projects only with ``archived=true``), with their latest declared status."""

    serializer_class = ProjectSerializer
    filter_backends = [ProjectFilterBackend, OrderingFilter]
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
        return queryset

    def list(self, request, *args, **kwargs):
        require_role(request.user)
        return super().list(request, *args, **kwargs)

    def get_object(self):
        return selectors.get_project_for_user(self.request.user, self.kwargs["pk"])


API_ROUTES = [
    ApiRoute("portfolios", PortfolioViewSet, "portfolio", order=10),
    ApiRoute("projects", ProjectViewSet, "project", order=20),
]
