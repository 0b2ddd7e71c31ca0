"""Demo routing and its feedback history (issue 13), seeded after the lessons register and the
closure reviews.

The nightly refresh is run once, so every live project shows its suggestions at once; then the
project managers have marked some of them, as they would have over the past weeks: on two
projects out of three the best suggestion was applied, on one out of three the fourth was not
relevant (with the manager's reason), and the PMO routed a lesson by hand to a few projects.
Each decision goes through the services (permission, history with its author); the refresh
then runs again, so the feedback re-ranks similar projects' suggestions.

Deterministic (the order of the projects and of their suggestions) and idempotent: nothing is
decided again once the demo has decisions (a rerun only refreshes the suggestions).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from lessons.models import LessonRoute, RouteSource, RouteStatus
from lessons.services import routing
from portfolios.models import Project

# The managers' decisions are recorded on the first projects only (in code order): about 400
# projects for the default demo; a bench seed of 30,000 projects would spend ten minutes
# deciding routes through the services, one by one, for feedback nobody reads there.
DECIDING_PROJECTS_MAX = 600
NOT_RELEVANT_REASONS = [
    "Déjà couvert par notre plan de recette.",
    "Le prestataire est déjà engagé contractuellement sur ce point.",
    "Hors du périmètre de ce lot.",
]


def seed_routing() -> dict[str, int]:
    """Refresh the suggestions, then (first run only) record the demo's decisions."""
    created = routing.refresh_routes()
    counts = {"suggestions": created, "applied": 0, "not_relevant": 0, "manual": 0}
    if LessonRoute.objects.exclude(status=RouteStatus.SUGGESTED).exists():
        return counts
    pmo = get_user_model().objects.filter(username="pmo").first()
    suggested = LessonRoute.objects.filter(
        source=RouteSource.AUTOMATIC, status=RouteStatus.SUGGESTED
    )
    # The first projects with suggestions, then their suggestions only (not all of them).
    first = list(
        Project.objects.filter(pk__in=suggested.values("project_id"))
        .order_by("code")
        .values_list("pk", flat=True)[:DECIDING_PROJECTS_MAX]
    )
    suggestions = (
        suggested.filter(project_id__in=first)
        .select_related("project__manager", "lesson")
        .order_by("project__code", "-score", "lesson_id")
    )
    by_project: dict[int, list[LessonRoute]] = {}
    for route in suggestions:
        by_project.setdefault(route.project_id, []).append(route)
    deciding = list(by_project.values())
    for number, routes in enumerate(deciding):
        project = routes[0].project
        manager = project.manager
        if manager is None:
            continue
        if number % 3 != 2:
            routing.decide_route(
                project=project, lesson=routes[0].lesson, user=manager, status=RouteStatus.APPLIED
            )
            counts["applied"] += 1
        if number % 3 == 0 and len(routes) > 3:
            routing.decide_route(
                project=project,
                lesson=routes[3].lesson,
                user=manager,
                status=RouteStatus.NOT_RELEVANT,
                reason=NOT_RELEVANT_REASONS[number % len(NOT_RELEVANT_REASONS)],
            )
            counts["not_relevant"] += 1
        if pmo is not None and number % 5 == 1 and len(routes) > 6:
            routing.route_lesson(lesson=routes[6].lesson, project=project, user=pmo)
            counts["manual"] += 1
    # The decisions re-rank the suggestions of similar projects.
    routing.refresh_routes()
    return counts
