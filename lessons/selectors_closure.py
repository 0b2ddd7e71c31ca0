"""Reads of closure reviews and improvement actions (lessons/models/closure.py, actions.py).

Every list runs a fixed number of queries, whatever its number of rows."""

from __future__ import annotations

from collections import defaultdict

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lessons.models import (
    PENDING,
    ActionStatus,
    ClosureReview,
    ClosureStatus,
    ImprovementAction,
)
from lessons.selectors import visible_lessons
from portfolios.models import Project, ProjectStatus

# --- Closure reviews ---------------------------------------------------------------------------


def review_of(project: Project) -> ClosureReview | None:
    return (
        ClosureReview.objects.select_related("created_by", "validated_by")
        .filter(project=project)
        .first()
    )


def review_lessons(*, review: ClosureReview, user):
    """The lessons drafted from ``review`` that ``user`` reads."""
    return visible_lessons(user).filter(pk__in=review.lessons.values("pk")).order_by("pk")


def get_review_for_user(user, pk: int) -> ClosureReview:
    """The review ``pk`` if ``user`` reads its project (else 404)."""
    review = (
        ClosureReview.objects.select_related("project", "project__portfolio")
        .filter(pk=pk, project__in=Project.objects.visible_to(user).values("pk"))
        .first()
    )
    if review is None:
        raise Http404
    project = review.project
    project.deputy_ids = set(project.deputies.values_list("pk", flat=True))
    return review


def reviews(*, status: str = "") -> QuerySet[ClosureReview]:
    """Every review (the PMO's list), most recent first, narrowed to ``status``."""
    queryset = ClosureReview.objects.select_related("project", "project__manager")
    if status in ClosureStatus.values:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-created_at", "-pk")


def closed_without_review() -> QuerySet[Project]:
    """Closed projects whose review has not started yet, the last closed first."""
    return (
        Project.objects.filter(status=ProjectStatus.CLOSED, closure_review__isnull=True)
        .select_related("manager")
        .order_by("-actual_end", "code")
    )


def review_counts() -> dict[str, int]:
    counts = dict.fromkeys(ClosureStatus.values, 0)
    for row in ClosureReview.objects.values_list("status", flat=True):
        counts[row] += 1
    return counts


# --- Improvement actions ----------------------------------------------------------------------


def owner_choices():
    return get_user_model().objects.filter(is_active=True).order_by("last_name", "username")


class ActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ActionStatus.choices, empty_label=_("All statuses")
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Owner"), queryset=owner_choices(), empty_label=_("All owners")
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"),
        method="filter_overdue",
        widget=django_filters.widgets.BooleanWidget(),
    )

    class Meta:
        model = ImprovementAction
        fields: list = []

    def filter_text(self, queryset, name, value):
        words = value.split()[:10]
        for word in words:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(analytic_reference__icontains=word)
            )
        return queryset

    def filter_overdue(self, queryset, name, value):
        if value:
            return queryset.filter(status__in=PENDING, due_date__lt=timezone.localdate())
        return queryset


def actions(*, data) -> tuple[ActionFilter, QuerySet[ImprovementAction]]:
    """The improvement actions filtered by ``data``, by due date (overdue first)."""
    base = ImprovementAction.objects.select_related(
        "owner",
        "lesson",
        "methodology_version__methodology",
        "template_version__template",
    )
    action_filter = ActionFilter(data=data, queryset=base)
    return action_filter, action_filter.qs.order_by("due_date", "pk")


def overdue_count() -> int:
    return ImprovementAction.objects.filter(
        status__in=PENDING, due_date__lt=timezone.localdate()
    ).count()


def get_action(pk: int) -> ImprovementAction:
    action = (
        ImprovementAction.objects.select_related(
            "owner",
            "lesson",
            "created_by",
            "methodology_version__methodology",
            "template_version__template",
        )
        .filter(pk=pk)
        .first()
    )
    if action is None:
        raise Http404
    return action


def lesson_for_action(user, action: ImprovementAction):
    """The action's lesson if ``user`` reads it (None otherwise: shown as a title only)."""
    if action.lesson_id is None:
        return None
    return visible_lessons(user).filter(pk=action.lesson_id).first()


def changes_by_governance_item() -> list[dict]:
    """The governance versions improvement actions led to, each with its actions: the other
    direction of the trace (governance never reads lessons). Two kinds, one query."""
    queryset = (
        ImprovementAction.objects.filter(
            Q(methodology_version__isnull=False) | Q(template_version__isnull=False)
        )
        .select_related("owner", "methodology_version__methodology", "template_version__template")
        .order_by("pk")
    )
    groups: dict[tuple, dict] = defaultdict(dict)
    for action in queryset:
        version = action.governance_change
        key = ("methodology" if action.methodology_version_id else "template", version.pk)
        group = groups[key]
        if not group:
            group.update(kind=key[0], version=version, actions=[])
        group["actions"].append(action)
    return sorted(groups.values(), key=lambda group: (group["kind"], str(group["version"])))
