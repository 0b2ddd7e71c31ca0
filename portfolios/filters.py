"""django-filter FilterSets of the portfolio pages (applied in selectors.py)."""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.forms import ModelChoiceField
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from pmo_portal import registry
from pmo_portal.roles import Role
from pmo_portal.users import user_label
from portfolios.models import (
    BusinessDomain,
    Health,
    ObjectiveContribution,
    Portfolio,
    Project,
    ProjectStatus,
    ProjectType,
    StrategicObjective,
)

# Smallest contribution score that counts as serving an objective (0: assessed, does not).
SERVING_SCORE = 1


class UserChoiceField(ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return user_label(obj)


class ManagerChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = UserChoiceField


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_text", help_text=_("Code, name or description")
    )
    portfolio = django_filters.ModelChoiceFilter(
        label=_("Portfolio"),
        queryset=Portfolio.objects.order_by("name"),
        method="filter_portfolio",
        empty_label=_("All portfolios"),
    )
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=ProjectStatus.choices)
    health = django_filters.MultipleChoiceFilter(
        label=_("Health"),
        choices=[*Health.choices, ("none", _("Not reported"))],
        method="filter_health",
    )
    project_type = django_filters.ModelChoiceFilter(
        label=_("Project type"), queryset=ProjectType.objects.all(), empty_label=_("All types")
    )
    business_domain = django_filters.ModelChoiceFilter(
        label=_("Business domain"),
        queryset=BusinessDomain.objects.all(),
        empty_label=_("All domains"),
    )
    manager = ManagerChoiceFilter(
        label=_("Project manager"),
        queryset=get_user_model().objects.none(),
        empty_label=_("All project managers"),
    )
    objective = django_filters.ModelChoiceFilter(
        label=_("Strategic objective"),
        queryset=StrategicObjective.objects.order_by("code"),
        method="filter_objective",
        empty_label=_("All projects"),
        null_label=_("Serving no objective"),
        null_value="none",
        help_text=_("Projects contributing 1 to 3 to it or to one of its sub-objectives."),
    )
    archived = django_filters.BooleanFilter(
        label=_("Include archived projects"),
        method="filter_archived",
        widget=django_filters.widgets.BooleanWidget(),
    )
    o = django_filters.OrderingFilter(
        fields=(
            ("code", "code"),
            ("name", "name"),
            ("portfolio__name", "portfolio"),
            ("status", "status"),
            ("planned_end", "planned_end"),
            ("manager__last_name", "manager"),
            ("health_overall", "health"),
            ("estimated_cost", "estimated_cost"),
        ),
        label=_("Sort by"),
    )

    class Meta:
        model = Project
        fields = [
            "q",
            "portfolio",
            "status",
            "health",
            "project_type",
            "business_domain",
            "manager",
            "objective",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Filters other apps own (pmo_portal.registry.ProjectListFilter), after this list's.
        for extra in registry.project_filters():
            self.filters[extra.name] = extra.build()
            self.filters[extra.name].parent = self
        self.filters["manager"].queryset = (
            get_user_model()
            .objects.filter(groups__name=Role.PROJECT_MANAGER.value, is_active=True)
            .order_by("last_name", "first_name")
        )

    @property
    def qs(self):
        queryset = super().qs
        cleaned = getattr(self.form, "cleaned_data", {})
        if not cleaned.get("archived"):
            queryset = queryset.filter(is_archived=False)
        if not cleaned.get("o"):
            queryset = queryset.order_by("code")
        return queryset

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Q(description__icontains=value)
        )

    def filter_portfolio(self, queryset, name, value):
        """A portfolio includes its sub-portfolios."""
        return queryset.filter(portfolio_id__in=Portfolio.objects.subtree_ids([value.pk]))

    @extend_schema_field(OpenApiTypes.STR)  # an objective's id, or "none" (the API's schema)
    def filter_objective(self, queryset, name, value):
        """An objective includes its sub-objectives; "none": projects serving no objective."""
        serving = ObjectiveContribution.objects.filter(score__gte=SERVING_SCORE)
        if value == "none":
            return queryset.exclude(pk__in=serving.values("project_id"))
        objective_ids = StrategicObjective.objects.subtree_ids([value.pk])
        return queryset.filter(
            pk__in=serving.filter(objective_id__in=objective_ids).values("project_id")
        )

    # The levels as the query string carries them, so that the schema does not mix integer
    # levels with "none" in one enum.
    @extend_schema_field(
        {"type": "string", "enum": [*(str(level) for level in Health.values), "none"]}
    )
    def filter_health(self, queryset, name, value):
        if not value:
            return queryset
        levels = [int(level) for level in value if level != "none"]
        condition = Q(health_overall__in=levels)
        if "none" in value:
            condition |= Q(health_overall__isnull=True)
        return queryset.filter(condition)

    def filter_archived(self, queryset, name, value):
        return queryset  # applied in ``qs`` so that the default hides archived projects
