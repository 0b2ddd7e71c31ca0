"""Reads of lesson routing for the PMO's coverage page: which validated lessons reached which
projects, and how many were applied or not relevant. Each function runs one query, whatever
the number of lessons and projects."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from lessons.models import Lesson, LessonRoute, LessonStatus, RouteStatus
from portfolios.models import Project


def coverage(*, unreached: bool = False) -> QuerySet[Lesson]:
    """The validated lessons with ``routed``, ``applied`` and ``not_relevant`` counts, most
    routed first; ``unreached``: those that reached no project."""
    queryset = (
        Lesson.objects.filter(status=LessonStatus.VALIDATED)
        .annotate(
            routed=Count("routes"),
            applied=Count("routes", filter=Q(routes__status=RouteStatus.APPLIED)),
            not_relevant=Count("routes", filter=Q(routes__status=RouteStatus.NOT_RELEVANT)),
        )
        .order_by("-routed", "title", "pk")
    )
    if unreached:
        queryset = queryset.filter(routed=0)
    return queryset


def coverage_rows(lesson_ids: list[int]) -> dict[int, list[dict]]:
    """The routes of ``lesson_ids``: {lesson: [{"project_id", "code", "name", "status",
    "status_label", "source"}]}, best score first."""
    labels = dict(RouteStatus.choices)
    found: dict[int, list[dict]] = {}
    routes = (
        LessonRoute.objects.filter(lesson_id__in=lesson_ids)
        .order_by("lesson_id", "-score", "project__code")
        .values_list(
            "lesson_id", "project_id", "project__code", "project__name", "status", "source"
        )
    )
    for lesson_id, project_id, code, name, status, source in routes:
        found.setdefault(lesson_id, []).append(
            {
                "project_id": project_id,
                "code": code,
                "name": name,
                "status": status,
                "status_label": str(labels[status]),
                "source": source,
            }
        )
    return found


def coverage_totals() -> dict:
    """The key figures above the coverage table (two queries)."""
    routes = LessonRoute.objects.aggregate(
        routes=Count("pk"),
        applied=Count("pk", filter=Q(status=RouteStatus.APPLIED)),
        not_relevant=Count("pk", filter=Q(status=RouteStatus.NOT_RELEVANT)),
        projects=Count("project", distinct=True),
    )
    lessons = Lesson.objects.filter(status=LessonStatus.VALIDATED).aggregate(
        lessons=Count("pk", distinct=True),
        unreached=Count("pk", filter=Q(routes__isnull=True)),
    )
    return {**routes, **lessons}


PANEL_PROJECTS = 8  # projects listed on the home panel
PANEL_LESSONS = 3  # lessons shown per project


def lessons_for_my_projects(user) -> list[dict]:
    """The home panel of a project manager: their live projects (managed or deputised) that
    have suggested or manual routes still undecided, each with its best lessons (titles of
    validated lessons only). Two queries, whatever the numbers of projects and lessons."""
    from lessons.services.routing import live_projects
    from pmo_portal.roles import Role, has_role

    if not has_role(user, Role.PROJECT_MANAGER):
        return []
    projects = list(
        live_projects()
        .filter(pk__in=Project.objects.editable_by(user).values("pk"))
        .filter(
            lesson_routes__status=RouteStatus.SUGGESTED,
            lesson_routes__lesson__status=LessonStatus.VALIDATED,
        )
        .distinct()
        .order_by("code")[:PANEL_PROJECTS]
    )
    routes = (
        LessonRoute.objects.filter(
            project__in=projects,
            status=RouteStatus.SUGGESTED,
            lesson__status=LessonStatus.VALIDATED,
        )
        .order_by("project_id", "-score", "lesson_id")
        .values_list("project_id", "lesson_id", "lesson__title")
    )
    by_project: dict[int, list[dict]] = {}
    for project_id, lesson_id, title in routes:
        found = by_project.setdefault(project_id, [])
        if len(found) < PANEL_LESSONS:
            found.append({"pk": lesson_id, "title": title})
    return [{"project": project, "lessons": by_project.get(project.pk, [])} for project in projects]
