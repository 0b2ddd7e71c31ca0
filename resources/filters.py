"""django-filter FilterSets of resources' pages (applied in selectors)."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from resources.models import ImportKind, ImportOutcome, ImportRun

# The import log offers the kinds resources imports (the lessons register logs nothing here).
LOGGED_KINDS = [ImportKind.COSTS, ImportKind.ALLOCATIONS, ImportKind.CAPACITY]


class ImportRunFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=[(kind.value, kind.label) for kind in LOGGED_KINDS],
        empty_label=_("All kinds"),
    )
    outcome = django_filters.ChoiceFilter(
        label=_("Result"), choices=ImportOutcome.choices, empty_label=_("All results")
    )
    since = django_filters.DateFilter(
        label=_("Since"),
        field_name="started_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = ImportRun
        fields = ["kind", "outcome", "since"]
