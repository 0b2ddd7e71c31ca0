"""django-filter FilterSets of the reporting pages (applied in reporting/selectors)."""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.forms import CheckboxSelectMultiple, Select
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from pmo_portal.roles import Role
from portfolios.filters import ManagerChoiceFilter
from portfolios.models import (
    BusinessDomain,
    Health,
    Portfolio,
    Project,
    ProjectStatus,
    ProjectType,
)

# Projects under way: the ones that report (seed_demo gives reports to these) and that a
# dashboard shows unless the reader picks other statuses.
LIVE_STATUSES = (ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD)
NOT_REPORTED = "none"


class QuickSelect(Select):
    """A ``<select>`` written in Python. Django renders each option through its own
    template; with hundreds of project managers at company scale that was most of the
    dashboard's rendering time."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = value if isinstance(value, list | tuple) else [value]
        chosen = {str(v) for v in chosen if v not in (None, "")}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(key), " selected" if str(key) in chosen else "", label)
                for key, label in self.choices
            ),
        )
        final = self.build_attrs(self.attrs, attrs) | {"name": name}
        return format_html("<select{}>{}</select>", flatatt(final), options)


class DashboardFilter(django_filters.FilterSet):
    """Which projects a dashboard consolidates. A portfolio includes its sub-portfolios; with
    no status chosen, the projects under way (``LIVE_STATUSES``)."""

    portfolio = django_filters.ModelChoiceFilter(
        label=_("Portfolio"),
        queryset=Portfolio.objects.order_by("name"),
        method="filter_portfolio",
        empty_label=_("Whole company"),
        widget=QuickSelect,
    )
    project_type = django_filters.ModelChoiceFilter(
        label=_("Project type"),
        queryset=ProjectType.objects.all(),
        empty_label=_("All types"),
        widget=QuickSelect,
    )
    business_domain = django_filters.ModelChoiceFilter(
        label=_("Business domain"),
        queryset=BusinessDomain.objects.all(),
        empty_label=_("All domains"),
        widget=QuickSelect,
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=ProjectStatus.choices,
        method="filter_status",
        widget=CheckboxSelectMultiple,
        help_text=_("None ticked: active and on-hold projects."),
    )
    manager = ManagerChoiceFilter(
        label=_("Project manager"),
        queryset=get_user_model().objects.none(),
        empty_label=_("All project managers"),
        widget=QuickSelect,
    )
    health = django_filters.MultipleChoiceFilter(
        label=_("Health"),
        choices=[*Health.choices, (NOT_REPORTED, _("Not reported"))],
        method="filter_health",
        widget=CheckboxSelectMultiple,
    )

    class Meta:
        model = Project
        fields = ["portfolio", "project_type", "business_domain", "status", "manager", "health"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["manager"].queryset = (
            get_user_model()
            .objects.filter(groups__name=Role.PROJECT_MANAGER.value, is_active=True)
            .order_by("last_name", "first_name")
        )

    @property
    def qs(self):
        """Non-archived projects matching the filters; live statuses when none is chosen."""
        queryset = super().qs.filter(is_archived=False)
        if not self.statuses_chosen:
            queryset = queryset.filter(status__in=LIVE_STATUSES)
        return queryset

    @property
    def cleaned(self) -> dict:
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return getattr(self.form, "cleaned_data", {})

    @property
    def statuses_chosen(self) -> list[str]:
        return list(self.cleaned.get("status") or [])

    @property
    def chosen_portfolio(self) -> Portfolio | None:
        return self.cleaned.get("portfolio")

    @property
    def is_filtered(self) -> bool:
        return any(self.cleaned.get(name) for name in self.filters)

    def query_params(self, *, for_project_list: bool = False) -> list[tuple[str, str]]:
        """The filters in force as GET parameters (drill-down links, exports).

        ``for_project_list`` spells out the default statuses, so that the project list
        (which shows every status by default) counts the same projects as the dashboard.
        """
        data = self.cleaned
        params: list[tuple[str, str]] = []
        for name in ("portfolio", "project_type", "business_domain", "manager"):
            if data.get(name) is not None:
                params.append((name, str(data[name].pk)))
        statuses = self.statuses_chosen or (LIVE_STATUSES if for_project_list else [])
        params += [("status", str(status)) for status in statuses]
        params += [("health", str(level)) for level in data.get("health") or []]
        return params

    def filter_portfolio(self, queryset, name, value):
        """A portfolio includes its sub-portfolios."""
        return queryset.filter(portfolio_id__in=Portfolio.objects.subtree_ids([value.pk]))

    def filter_status(self, queryset, name, value):
        return queryset.filter(status__in=value) if value else queryset

    def filter_health(self, queryset, name, value):
        if not value:
            return queryset
        levels = [int(level) for level in value if level != NOT_REPORTED]
        condition = Q(health_overall__in=levels)
        if NOT_REPORTED in value:
            condition |= Q(health_overall__isnull=True)
        return queryset.filter(condition)
