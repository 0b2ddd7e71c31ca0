"""The demo history of closed projects (lessons/demo_history.py): size, dates relative to the
day it runs, believable variances, idempotence."""

from datetime import date

import pytest

from lessons import selectors_analytics as selectors
from lessons.demo_history import COUNT, seed_history
from lessons.models import ProjectSnapshot
from pmo_portal.roles import Role
from portfolios.models import Project, ProjectStatus
from tests.portfolios.factories import (
    BusinessDomainFactory,
    PortfolioFactory,
    ProjectTypeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 1)


@pytest.fixture
def references():
    for code in ("RD", "INFRA", "REGL", "AGILE"):
        ProjectTypeFactory(code=code, name=f"Type {code}")
    for code in ("SI", "IND", "RH"):
        BusinessDomainFactory(code=code, name=f"Domaine {code}")
    PortfolioFactory(name="Portefeuille historique")
    for username in ("pm.un", "pm.deux", "pm.trois"):
        UserFactory(username=username, roles=[Role.PROJECT_MANAGER])


def test_history_is_closed_dated_from_today_and_idempotent(references):
    assert seed_history(today=TODAY) == {"projects": COUNT, "snapshots": COUNT}
    closed = Project.objects.filter(code__startswith="HIST-")
    assert closed.count() == COUNT >= 200
    assert set(closed.values_list("status", flat=True)) == {ProjectStatus.CLOSED}
    ends = list(closed.values_list("actual_end", flat=True))
    # Five calendar years before the current one: nothing this year, nothing older.
    assert min(ends) >= date(2021, 1, 1)
    assert max(ends) <= date(2025, 12, 31)
    assert len({end.year for end in ends}) == 5
    assert ProjectSnapshot.objects.count() == COUNT
    assert seed_history(today=TODAY) == {"projects": 0, "snapshots": 0}
    assert Project.objects.filter(code__startswith="HIST-").count() == COUNT


def test_some_types_are_systematically_late_and_over_budget(references):
    seed_history(today=TODAY)
    outcomes = selectors.closed_outcomes(today=TODAY)
    assert len(outcomes) == COUNT
    by_type = {g.label: g for g in selectors.distribution(outcomes, "project_type")}
    assert by_type["Type RD"].cost.median > by_type["Type REGL"].cost.median + 0.1
    assert by_type["Type RD"].schedule.median > by_type["Type REGL"].schedule.median + 1.5
    by_size = {g.key: g for g in selectors.distribution(outcomes, "size")}
    assert by_size["xl"].cost.median > by_size["s"].cost.median
    overall = selectors.overall(outcomes)
    assert 0.0 < overall.cost.median < 0.3  # believable: over budget, not absurdly
    assert 0.0 < overall.schedule.median < 6
    # Every project has its final figures.
    assert all(o.cost_variance is not None for o in outcomes)


def test_no_reference_data_no_history():
    assert seed_history(today=TODAY) == {"projects": 0, "snapshots": 0}
