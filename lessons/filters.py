"""The register's filters (applied in lessons/selectors.py)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from lessons.models import Category, Language, Lesson, LessonStatus
from portfolios.models import BusinessDomain, ProjectType


def phase_choices() -> list[tuple[str, str]]:
    """The phases the register names (one query, when the form is drawn)."""
    phases = Lesson.objects.exclude(phase="").values_list("phase", flat=True).distinct()
    return [(phase, phase) for phase in sorted(set(phases), key=str.casefold)]


class LessonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        help_text=_("Words of the title, context, recommendation or tags, in French or English"),
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=Category.choices, empty_label=_("All categories")
    )
    phase = django_filters.ChoiceFilter(
        label=_("Phase"), choices=phase_choices, empty_label=_("All phases")
    )
    business_domain = django_filters.ModelChoiceFilter(
        label=_("Business domain"),
        queryset=BusinessDomain.objects.all(),
        empty_label=_("All domains"),
    )
    project_type = django_filters.ModelChoiceFilter(
        label=_("Project type"), queryset=ProjectType.objects.all(), empty_label=_("All types")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=LessonStatus.choices, empty_label=_("All statuses")
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=Language.choices, empty_label=_("All languages")
    )

    class Meta:
        model = Lesson
        fields: list = []  # the declared filters above

    def filter_text(self, queryset, name, value):
        from lessons.selectors import search

        return search(queryset, value)
