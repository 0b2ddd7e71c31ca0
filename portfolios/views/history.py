"""The project's "History" tab (issue 14): every audited change of the project and of the
rows that belong to it, from every app, in one timeline (pmo_portal/history.py), newest
first, a page at a time. Every reader of the project reads it (404 outside their scope)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from pmo_portal import history
from pmo_portal.registry import HistorySource, ProjectTab
from portfolios.models import ObjectiveContribution, Project
from portfolios.models.strategy import BusinessCaseYear, ProjectDependency, ProjectScore
from portfolios.selectors import get_project_for_user
from portfolios.services import DECLARED_FIELDS

MENU: list = []
PROJECT_TABS: list = [ProjectTab("portfolios:project_history", _("History"), 95)]
HISTORY_SOURCES = [
    HistorySource(
        "project",
        0,
        lambda project: Project.history.filter(id=project.pk),
        # The latest declared status, written by the submit of a status report.
        written=DECLARED_FIELDS,
    ),
    HistorySource(
        "contributions",
        10,
        lambda project: ObjectiveContribution.history.filter(project_id=project.pk).select_related(
            "objective"
        ),
        label=lambda record: str(record.objective),
    ),
    HistorySource(
        "scores",
        20,
        lambda project: ProjectScore.history.filter(project_id=project.pk).select_related(
            "criterion"
        ),
        label=lambda record: str(record.criterion),
    ),
    HistorySource(
        "business_case",
        30,
        lambda project: BusinessCaseYear.history.filter(project_id=project.pk),
        label=lambda record: str(record.year),
    ),
    HistorySource(
        "dependencies",
        40,
        lambda project: (
            ProjectDependency.history.filter(project_id=project.pk)
            | ProjectDependency.history.filter(other_id=project.pk)
        ).select_related("project", "other"),
        label=lambda record: (
            f"{record.project.code} · {record.get_kind_display()} · {record.other.code}"
        ),
    ),
]


def _cursor(raw: str) -> datetime | None:
    try:
        return parse_datetime(raw) if raw else None
    except ValueError:
        return None


@login_required
@require_GET
def project_history(request, pk: int):
    project = get_project_for_user(request.user, pk)
    before = _cursor(request.GET.get("before", ""))
    entries, cursor = history.timeline(project, before=before)
    return render(
        request,
        "portfolios/history.html",
        {
            "project": project,
            "entries": entries,
            "cursor": cursor.isoformat() if cursor else "",
            "paged": before is not None,
        },
    )


urlpatterns = [path("projects/<int:pk>/history/", project_history, name="project_history")]
