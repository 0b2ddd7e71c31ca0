"""The dashboards read from the roll-ups show the figures the source tables give (issue 16):
both paths on the same data, for the company, a business unit, the budget block, each role's
scope; the roll-ups serve only "node + default" filters and whole-node scopes, the rest
falls back to the scans; the page costs the same number of queries at two sizes."""

from datetime import date, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse

from portfolios.models import ProjectStatus
from portfolios.services.rollups import reconcile
from reporting.selectors import dashboards
from resources.models import CostCategory, Nature
from tests.portfolios.factories import ProjectFactory
from tests.reporting import test_dashboard
from tests.reporting.factories import MilestoneFactory, RiskFactory, StatusReportFactory
from tests.resources.factories import ActualCostFactory, BudgetLineFactory, CommittedCostFactory

portfolio = test_dashboard.portfolio  # the hand-built portfolio of the dashboard's tests
DASH = reverse("reporting:dashboard")
BUDGET = reverse("reporting:dashboard_budget")


@pytest.fixture
def rollups(settings):
    settings.PMO_ROLLUPS_READ = True


def figures(board) -> dict:
    return {
        "total": board.total,
        "health": board.health,
        "reports": (board.expected, board.missing, board.late),
        "trend": board.trend,
        "milestones": board.milestones,
        "milestone_rows": [m.pk for m in board.milestone_rows],
        "risks": board.risks,
        "risk_rows": [r.pk for r in board.risk_rows],
        "worse": (board.worse, [p.pk for p in board.worse_rows]),
    }


def both_paths(user, data=None) -> tuple[dict, dict, dict | None, dict | None]:
    served = dashboards.rollup_scope(
        user=user, project_filter=dashboards.dashboard_filter(user=user, data=data)
    )
    assert served is not None  # the roll-ups really serve this dashboard
    board = figures(dashboards.company_dashboard(user=user, data=data))
    budget = dashboards.dashboard_budget(user=user, data=data)
    with mock.patch.object(dashboards, "rollup_scope", return_value=None):
        scanned = figures(dashboards.company_dashboard(user=user, data=data))
        scanned_budget = dashboards.dashboard_budget(user=user, data=data)
    return board, scanned, budget, scanned_budget


@pytest.fixture
def budgets(world, portfolio):
    """Budget lines and costs of this year and the next on projects A, B and C."""
    year = portfolio["today"].year
    c = world.project_a.portfolio.projects.get(code="PRJ-C")
    for project, approved in ((world.project_a, 1000), (world.project_b, 5000), (c, 200)):
        BudgetLineFactory(project=project, fiscal_year=year, approved_amount=Decimal(approved))
        BudgetLineFactory(project=project, fiscal_year=year + 1, approved_amount=Decimal(99))
    ActualCostFactory(project=world.project_a, date=date(year, 1, 15), amount=Decimal(1500))
    ActualCostFactory(
        project=world.project_b, date=date(year, 2, 1), amount=Decimal(700), nature=Nature.OPEX
    )
    CommittedCostFactory(project=c, date=date(year, 3, 1), amount=Decimal(400))
    CommittedCostFactory(
        project=c, date=date(year, 3, 1), amount=Decimal(400), category=CostCategory.HARDWARE
    )


@pytest.mark.parametrize("which", ["company", "north", "p2"])
def test_rollups_give_the_scanned_figures(rollups, world, portfolio, budgets, which):
    assert reconcile(log_each=False)["differences"] > 0  # filled from the factories' rows
    node = {"company": None, "north": world.north, "p2": world.p2}[which]
    data = {"portfolio": str(node.pk)} if node else None
    board, scanned, budget, scanned_budget = both_paths(world.users["pmo"], data)
    assert board == scanned
    assert budget == scanned_budget
    if which == "company":  # the story of tests/reporting/test_dashboard.py's portfolio
        assert board["total"] == 5
        assert board["reports"] == (5, 4, 1)  # D alone is late
        assert board["worse"][0] == 1
        assert budget is not None


def test_each_role_whose_scope_is_whole_nodes_is_served(rollups, world, portfolio):
    reconcile(log_each=False)
    for role in ("executive", "pm", "pmo"):
        board, scanned, _budget, _scanned_budget = both_paths(world.users[role])
        assert board == scanned
    executive = both_paths(world.users["executive"])[0]
    assert executive["total"] == 2  # North's A and C, not the South's B, D and E


def test_a_sponsored_project_outside_the_nodes_falls_back_to_the_scan(rollups, world, portfolio):
    executive = world.users["executive"]
    ProjectFactory(code="PRJ-S", portfolio=world.p2, sponsor=executive, health_overall=2)
    reconcile(log_each=False)
    project_filter = dashboards.dashboard_filter(user=executive, data=None)
    assert dashboards.rollup_scope(user=executive, project_filter=project_filter) is None
    board = dashboards.company_dashboard(user=executive, data=None)
    assert board.total == 3  # North's A and C, and the sponsored one
    assert board.health[2] == 1


@pytest.mark.parametrize(
    "data",
    [
        {"status": [ProjectStatus.CLOSED]},
        {"health": ["4"]},
        {"project_type": "1"},
        {"portfolio": "not-a-number"},
    ],
)
def test_other_filters_read_the_source_tables(rollups, world, portfolio, data):
    reconcile(log_each=False)
    user = world.users["pmo"]
    project_filter = dashboards.dashboard_filter(user=user, data=data)
    assert dashboards.rollup_scope(user=user, project_filter=project_filter) is None


def test_the_page_reads_the_rollups(rollups, client_for, world, portfolio):
    """A project created past the services is not counted until the nightly reconciliation
    adds it: the page reads the roll-ups indeed."""
    reconcile(log_each=False)
    client = client_for("pmo")
    assert client.get(DASH).context["board"].total == 5
    ProjectFactory(code="PRJ-X", portfolio=world.p1)
    assert client.get(DASH).context["board"].total == 5
    assert reconcile(log_each=False)["differences"] > 0
    assert client.get(DASH).context["board"].total == 6


@pytest.mark.parametrize("extra", [3, 30])
def test_queries_do_not_depend_on_the_number_of_projects(
    rollups,
    client_for,
    world,
    portfolio,
    extra,
    django_assert_max_num_queries,
):
    today = portfolio["today"]
    for index in range(extra):
        project = ProjectFactory(portfolio=world.p1 if index % 2 else world.p2, health_overall=2)
        StatusReportFactory(project=project, period=portfolio["last"], health_overall=2)
        MilestoneFactory(project=project, forecast_date=today + timedelta(days=index))
        RiskFactory(project=project)
    reconcile(log_each=False)
    client = client_for("pmo")
    for url in (DASH, BUDGET):
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200
    with django_assert_max_num_queries(18):
        assert client.get(DASH, {"portfolio": world.north.pk}).status_code == 200


@pytest.mark.parametrize("role", ["pmo", "executive", "pm"])
def test_the_home_cockpit_counts_the_same_from_the_rollups(rollups, world, portfolio, role):
    from reporting.selectors.cockpit import report_counts

    reconcile(log_each=False)
    user, today = world.users[role], portfolio["today"]
    counts = report_counts(user=user, today=today)
    with mock.patch("reporting.selectors.cockpit.rollup_scope", return_value=None):
        assert report_counts(user=user, today=today) == counts
