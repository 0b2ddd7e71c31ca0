"""The dashboard and its lists issue a fixed number of queries, whatever the portfolio size."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portfolios.models import Portfolio, Project, ProjectStatus
from reporting.models import Milestone, RaidItem, RaidKind, ReportingPolicy, StatusReport
from reporting.periods import Frequency, last_periods
from tests.portfolios.factories import PortfolioFactory, ProjectFactory

PAGES = [
    ("reporting:dashboard", {}),
    ("reporting:dashboard", {"portfolio": "north"}),
    ("reporting:dashboard", {"health": ["3", "none"], "status": ["active", "on_hold"]}),
    ("reporting:missing_reports", {}),
    ("reporting:missing_reports", {"which": "late"}),
    ("reporting:milestones", {}),
    ("reporting:top_risks", {}),
    ("reporting:health_worse", {}),
    ("reporting:dashboard_export", {}),
]


def grow(world, total: int) -> None:
    """Bring the portfolio to ``total`` projects, each with three submitted monthly reports
    (health going up and down), two milestones and three risks, spread over P1, P2 and a
    weekly-reporting portfolio under BU North."""
    weekly = Portfolio.objects.filter(name="Hebdo").first() or PortfolioFactory(
        name="Hebdo", parent=world.north
    )
    ReportingPolicy.objects.get_or_create(portfolio=weekly, frequency=Frequency.WEEKLY)
    portfolios = [world.p1, world.p2, weekly]
    template = ProjectFactory.build()  # reference data and a manager, shared by every project
    template.business_domain.save()
    template.project_type.save()
    manager = world.project_a.manager
    today = timezone.localdate()
    periods = last_periods(today, Frequency.MONTHLY, 4)[:3]
    existing = Project.objects.count()
    projects = Project.objects.bulk_create(
        [
            Project(
                code=f"BULK-{n:05d}",
                name=f"Projet {n}",
                portfolio=portfolios[n % 3],
                business_domain=template.business_domain,
                project_type=template.project_type,
                status=ProjectStatus.ACTIVE if n % 5 else ProjectStatus.ON_HOLD,
                manager=manager,
                planned_start=date(2020, 1, 1),
                planned_end=date(2030, 1, 1),
                health_overall=1 + n % 4,
                status_date=periods[-1].end,
            )
            for n in range(existing, total)
        ]
    )
    StatusReport.objects.bulk_create(
        [
            StatusReport(
                project=project,
                period_start=period.start,
                period_end=period.end,
                frequency=Frequency.MONTHLY,
                status="submitted",
                submitted_at=timezone.now(),
                health_overall=1 + (i + k) % 4,
                health_schedule=1,
                health_budget=1,
                health_scope=1,
                health_resources=1,
                percent_complete=10 * k,
            )
            for i, project in enumerate(projects)
            for k, period in enumerate(periods)
        ]
    )
    Milestone.objects.bulk_create(
        [
            Milestone(
                project=project,
                name=f"Jalon {k}",
                baseline_date=today + timedelta(days=10 * k + i % 50),
                forecast_date=today + timedelta(days=10 * k + i % 50 + 5 * (i % 3)),
            )
            for i, project in enumerate(projects)
            for k in range(2)
        ]
    )
    RaidItem.objects.bulk_create(
        [
            RaidItem(
                project=project,
                kind=RaidKind.RISK,
                title=f"Risque {k}",
                probability=1 + (i + k) % 4,
                impact=1 + i % 4,
                owner=manager,
            )
            for i, project in enumerate(projects)
            for k in range(3)
        ]
    )


def count_queries(client, name, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(name), params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def resolve(world, params):
    if params.get("portfolio") == "north":
        return params | {"portfolio": world.north.pk}
    return params


@pytest.mark.parametrize("role", ["pmo", "pm", "executive"])
def test_query_count_does_not_grow_with_the_portfolio(client_for, world, role):
    client = client_for(role)
    grow(world, 20)
    small = {(n, str(p)): count_queries(client, n, resolve(world, p)) for n, p in PAGES}
    grow(world, 300)
    assert StatusReport.objects.count() > 850
    large = {(n, str(p)): count_queries(client, n, resolve(world, p)) for n, p in PAGES}
    assert large == small


def test_dashboard_query_budget(client_for, world, django_assert_max_num_queries):
    grow(world, 300)
    client = client_for("pmo")
    # Session and user, roles, portfolio tree and policies, six aggregates and three
    # top-10 lists, and the filter form's four choice lists.
    with django_assert_max_num_queries(20):
        response = client.get(reverse("reporting:dashboard"))
    board = response.context["board"]
    assert board.total == 300
    assert len(board.risk_rows) == 10
    assert board.worse > 0
    assert sum(board.trend[-2].values()) == 300
    for name in ["missing_reports", "milestones", "top_risks", "health_worse"]:
        with django_assert_max_num_queries(14):
            assert client.get(reverse(f"reporting:{name}")).status_code == 200
