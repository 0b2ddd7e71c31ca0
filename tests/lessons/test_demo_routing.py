"""The demo's routing decisions (lessons/demo_routing.py): made through the services on the
first projects only, so a bench seed of thousands of projects does not decide them all."""

import pytest

from lessons import demo as lessons_demo
from lessons import demo_routing
from lessons.models import LessonRoute, RouteStatus
from lessons.services.routing import clear_index_cache
from portfolios.demo import seed_portfolios
from portfolios.models import Project

pytestmark = pytest.mark.django_db


def decided_projects() -> set[int]:
    return set(
        LessonRoute.objects.exclude(status=RouteStatus.SUGGESTED).values_list(
            "project_id", flat=True
        )
    )


def test_decisions_are_recorded_on_the_first_projects_only(monkeypatch):
    clear_index_cache()
    seed_portfolios(projects=30)
    lessons_demo.seed_lessons()
    monkeypatch.setattr(demo_routing, "DECIDING_PROJECTS_MAX", 4)
    counts = demo_routing.seed_routing()
    suggested = set(LessonRoute.objects.values_list("project_id", flat=True))
    assert len(suggested) > 4  # more projects have suggestions than decisions
    decided = decided_projects()
    assert 0 < len(decided) <= 4
    # The first four projects by code among those with suggestions, whatever else is there.
    first = Project.objects.filter(pk__in=suggested).order_by("code").values_list("pk", flat=True)
    assert decided <= set(first[:4])
    # Projects 0 and 1 (of 4) apply their best lesson, project 0 rejects its fourth one too.
    assert counts["applied"] >= 2
    assert (
        counts["applied"] + counts["not_relevant"]
        == LessonRoute.objects.filter(
            status__in=[RouteStatus.APPLIED, RouteStatus.NOT_RELEVANT]
        ).count()
    )
    assert demo_routing.seed_routing()["applied"] == 0  # idempotent: nothing decided again
    assert decided_projects() == decided
