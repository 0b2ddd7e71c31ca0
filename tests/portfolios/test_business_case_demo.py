"""The strategic-alignment demo (portfolios/demo_strategy.py): believable and idempotent."""

from decimal import Decimal

import pytest
from django.db.models import Count

from portfolios.demo import seed_portfolios
from portfolios.demo_strategy import CANDIDATES, seed_strategy
from portfolios.models import (
    BusinessCaseYear,
    CriterionKind,
    DependencyKind,
    ObjectiveContribution,
    ObjectiveKPI,
    Project,
    ProjectDependency,
    ProjectScore,
    ProjectStatus,
    ScoreStatus,
    StrategicObjective,
)

pytestmark = pytest.mark.django_db

CODES = [candidate[0] for candidate in CANDIDATES]


def _snapshot() -> dict:
    return {
        "projects": list(Project.objects.order_by("pk").values_list("code", "version")),
        "objectives": list(StrategicObjective.objects.order_by("pk").values_list("code", "weight")),
        "kpis": ObjectiveKPI.objects.count(),
        "business_case": list(
            BusinessCaseYear.objects.order_by("pk").values_list("project_id", "year", "capex")
        ),
        "contributions": ObjectiveContribution.objects.count(),
        "scores": ProjectScore.objects.count(),
        "dependencies": ProjectDependency.objects.count(),
        "priorities": list(Project.objects.order_by("pk").values_list("priority_score")),
    }


def test_demo_is_idempotent():
    seed_portfolios(projects=5)
    first = seed_strategy()
    after_first = _snapshot()
    second = seed_strategy()
    assert first["projects"] == 30
    assert first["dependencies"] == 4
    assert set(second.values()) == {0}  # nothing created the second time
    assert _snapshot() == after_first


def test_demo_tells_a_believable_story():
    seed_portfolios(projects=0)
    seed_strategy()
    candidates = Project.objects.filter(code__in=CODES)
    assert candidates.count() == 30
    assert set(candidates.values_list("status", flat=True)) == {
        ProjectStatus.PROPOSED,
        ProjectStatus.APPROVED,
    }
    assert candidates.filter(is_mandatory=True).count() == 2
    # A business case for 2027, 2028 and 2029 on every candidate, with money and people.
    years = BusinessCaseYear.objects.filter(project__in=candidates)
    assert set(years.values_list("year", flat=True)) == {2027, 2028, 2029}
    assert years.count() == 90
    assert not years.filter(capex=0, opex=0).exists()
    # Every objective has 2 or 3 key indicators.
    per_objective = list(
        StrategicObjective.objects.annotate(n=Count("kpis")).values_list("n", flat=True)
    )
    assert len(per_objective) == 9
    assert set(per_objective) <= {2, 3}
    # Every candidate serves an objective and has a validated score on every scored criterion.
    assert not candidates.filter(contributions=None).exists()
    scores = ProjectScore.objects.filter(project__in=candidates, status=ScoreStatus.VALIDATED)
    assert scores.count() == 30 * 4
    assert set(scores.values_list("criterion__kind", flat=True)) == {
        CriterionKind.VALUE,
        CriterionKind.RISK,
        CriterionKind.URGENCY,
        CriterionKind.REGULATORY,
    }
    kinds = sorted(ProjectDependency.objects.values_list("kind", flat=True))
    assert kinds == [DependencyKind.EXCLUDES] * 2 + [DependencyKind.REQUIRES] * 2
    # Every project's priority is computed; the floating solar park is among the best fits.
    assert not candidates.filter(priority_score=None).exists()
    solar = candidates.get(code="CAND-2027-16")
    assert solar.business_case.get(year=2027).capex == Decimal("4290000.00")
    assert candidates.filter(priority_score__gt=solar.priority_score).count() < 10
