"""Rows of lesson routing (lessons/views/routing.py).

Every reader of a project reads its tab "Lessons for your project" (outside their scope:
404); the project's manager and the PMO mark a lesson (POST only; another reader: 403); only
the PMO routes by hand and reads the coverage page and its export. ``lesson_validated`` is
built on demand (tests/permission_rows/lessons_register.py).
"""

from tests.permission_rows import ON_DEMAND, UrlArgs, row


def _decide(world):
    from portfolios.models import Project, ProjectStatus
    from tests.lessons.factories import make_lesson

    Project.objects.filter(pk=world.project_a.pk).update(status=ProjectStatus.ACTIVE)
    pmo = world.users["pmo"]
    lesson = make_lesson(user=pmo, validated_by=pmo, title="Leçon à marquer")
    return UrlArgs((world.project_a.pk, lesson.pk))


ON_DEMAND["route_decide_a"] = _decide


ROWS = {
    ("lessons:project_lessons", "project_a", "get"): row("L 404 200 200 200 200 200"),
    ("lessons:project_lessons", "project_a", "post"): row("L 405 405 405 405 405 405"),
    ("lessons:project_lesson_decide", "route_decide_a", "get"): row("L 405 405 405 405 405 405"),
    ("lessons:project_lesson_decide", "route_decide_a", "post"): row("L 404 302 302 403 403 403"),
    ("lessons:routing_coverage", None, "get"): row("L 403 200 403 403 403 403"),
    ("lessons:routing_coverage", None, "post"): row("L 405 405 405 405 405 405"),
    ("lessons:routing_coverage_csv", None, "get"): row("L 403 200 403 403 403 403"),
    ("lessons:lesson_route", "lesson_validated", "get"): row("L 403 200 403 403 403 403"),
    ("lessons:lesson_route", "lesson_validated", "post"): row("L 403 200 403 403 403 403"),
}
