"""Property: whatever sequence of changes the services make (status submit and reopen,
budget lines, actual and committed costs, cost imports, allocation decisions, milestones,
risks, project moves, status changes and closures), on whatever day, the roll-ups equal
their recomputation from the source rows (the nightly reconciliation finds nothing to fix,
in the ledger nor in the short lists), and the dashboard read from them shows what the
source tables say, its top-10 lists included.

A small portfolio (5 nodes, 4 projects) is built once; each example's changes are rolled
back after it (hypothesis' Django TestCase runs each example in a savepoint)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from pmo_portal.roles import Role
from portfolios.models import ProjectStatus
from portfolios.services import update_project
from portfolios.services.rollups import reconcile, refresh_projects
from reporting.models import MilestoneStatus, ReportStatus, StatusReport
from reporting.selectors import dashboards
from reporting.services.milestones import create_milestone, update_milestones
from reporting.services.raid import create_raid_item
from reporting.services.reports import current_period, open_report, reopen_report, save_report
from resources.models import Allocation, AllocationStatus, CostCategory, Nature
from resources.services import budgets
from resources.services.capacity import decide_allocation
from resources.services.cost_import import ImportRejected, import_costs
from tests.portfolios.factories import PortfolioFactory, ProjectFactory, UserFactory
from tests.resources.factories_capacity import ResourceFactory, TeamFactory

pytestmark = pytest.mark.slow  # 500 examples: about two minutes on one core

PARIS = ZoneInfo("Europe/Paris")
# Awkward days: a Monday, February's end (leap and not), the year's end, the spring
# daylight-saving change, a month ending on a Sunday.
DAYS = [
    date(2026, 12, 7),
    date(2027, 2, 28),
    date(2028, 2, 29),
    date(2026, 12, 31),
    date(2027, 3, 28),
    date(2027, 10, 31),
]
PROJECTS = 4
NATURES = [Nature.CAPEX, Nature.OPEX]
STATUSES = [ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD, ProjectStatus.CLOSED]

project = st.integers(0, PROJECTS - 1)
amount = st.integers(0, 6).map(lambda n: Decimal(n * 1000))
OPERATIONS = st.one_of(
    st.tuples(st.just("submit"), project, st.integers(0, 3), st.integers(1, 4)),
    st.tuples(st.just("reopen"), project),
    st.tuples(st.just("budget"), project, st.sampled_from(NATURES), st.integers(-1, 1), amount),
    st.tuples(st.just("cost"), project, st.sampled_from(NATURES), st.integers(-400, 60), amount),
    st.tuples(st.just("commit"), project, st.sampled_from(NATURES), st.integers(-30, 30), amount),
    st.tuples(st.just("import"), project, st.integers(-40, 0), amount),
    st.tuples(st.just("allocation"), project, st.booleans()),
    st.tuples(st.just("milestone"), project, st.integers(-20, 120), st.integers(-10, 30)),
    st.tuples(st.just("move_milestone"), project, st.integers(-20, 120), st.booleans()),
    st.tuples(st.just("risk"), project, st.integers(1, 4), st.integers(1, 4)),
    st.tuples(st.just("move"), project, st.integers(0, 2)),
    st.tuples(st.just("status"), project, st.sampled_from(STATUSES)),
    st.tuples(st.just("archive"), project),
)


class World:
    """Built once for the class (setUpTestData); each example's changes are rolled back."""

    def __init__(self):
        self.today = DAYS[0]
        self.pmo = UserFactory(roles=[Role.PMO])
        self.manager = UserFactory(roles=[Role.RESOURCE_MANAGER])
        company = PortfolioFactory()
        north = PortfolioFactory(parent=company)
        south = PortfolioFactory(parent=company)
        self.leaves = [PortfolioFactory(parent=north), PortfolioFactory(parent=south), north]
        self.projects = [
            ProjectFactory(
                portfolio=self.leaves[index % 2],
                # The last ones start after some of the days: they owe no report before.
                planned_start=date(2025, 6, 1) + timedelta(days=200 * index),
                planned_end=date(2029, 12, 31),
            )
            for index in range(PROJECTS)
        ]
        refresh_projects([p.pk for p in self.projects])  # as create_project does
        resource = ResourceFactory(team=TeamFactory(manager=self.manager))
        self.allocations = [
            Allocation.objects.create(
                resource=resource,
                project=p,
                month=date(2027, 1, 1),
                fte=Decimal("0.50"),
                status=AllocationStatus.REQUESTED,
            )
            for p in self.projects
        ]
        self.imported = 0

    def project(self, index: int):
        return type(self.projects[index]).objects.get(pk=self.projects[index].pk)


def apply(world: World, operation: tuple) -> None:
    name, index, *args = operation
    project = world.project(index)
    user = world.pmo
    try:
        if name == "submit":
            back, health = args
            period = current_period(project, today=world.today)
            for _ in range(back):
                period = period.previous()
            report = open_report(project=project, user=user, period=period)
            save_report(
                report=report,
                user=user,
                data={"health_overall": health},
                version=report.version,
                submit=True,
            )
        elif name == "reopen":
            report = (
                StatusReport.objects.filter(project=project, status=ReportStatus.SUBMITTED)
                .order_by("-period_start")
                .first()
            )
            if report is not None:
                reopen_report(report=report, user=user, reason="Correction")
        elif name == "budget":
            nature, year, value = args
            budgets.set_budget_line(
                project=project,
                nature=nature,
                category=CostCategory.OTHER,
                fiscal_year=world.today.year + year,
                amount=value,
                reason="Révision",
                user=user,
            )
        elif name == "cost":
            nature, days, value = args
            budgets.add_actual_cost(
                project=project,
                date=world.today + timedelta(days=days),
                nature=nature,
                category=CostCategory.OTHER,
                amount=value,
                user=user,
            )
        elif name == "commit":
            nature, days, value = args
            budgets.add_committed_cost(
                project=project,
                date=world.today + timedelta(days=days),
                nature=nature,
                category=CostCategory.OTHER,
                amount=value,
            )
        elif name == "import":
            days, value = args
            world.imported += 1
            record = {
                "reference": f"IMP-{world.imported}",
                "project": project.code,
                "date": (world.today + timedelta(days=days)).isoformat(),
                "amount": str(value),
            }
            import_costs(records=[record], user=user, file_name="batch")
        elif name == "allocation":
            (approve,) = args
            decide_allocation(
                allocation=world.allocations[index], user=world.manager, approve=approve
            )
        elif name == "milestone":
            days, slip = args
            create_milestone(
                project=project,
                user=user,
                data={
                    "name": "Jalon",
                    "baseline_date": world.today + timedelta(days=days),
                    "forecast_date": world.today + timedelta(days=days + slip),
                },
            )
        elif name == "move_milestone":
            days, achieved = args
            milestone = project.milestones.order_by("pk").first()
            if milestone is not None:
                change = {"id": milestone.pk, "forecast_date": world.today + timedelta(days=days)}
                if achieved:
                    change |= {"status": MilestoneStatus.ACHIEVED, "actual_date": world.today}
                update_milestones(project=project, user=user, changes=[change])
        elif name == "risk":
            probability, impact = args
            create_raid_item(
                project=project,
                user=user,
                data={
                    "kind": "risk",
                    "title": "Risque",
                    "probability": probability,
                    "impact": impact,
                },
            )
        elif name == "move":
            (leaf,) = args
            update_project(project=project, user=user, fields={"portfolio": world.leaves[leaf]})
        elif name == "status":
            (status,) = args
            update_project(project=project, user=user, fields={"status": status})
        elif name == "archive":
            update_project(project=project, user=user, fields={"is_archived": True})
    except (ValidationError, PermissionDenied, ImportRejected):
        pass  # refused by the service (a locked report, a closed project…): nothing changed


def figures(board) -> dict:
    return {
        "total": board.total,
        "health": board.health,
        "missing": (board.expected, board.missing, board.late),
        "trend": board.trend,
        "milestones": board.milestones,
        "milestone_rows": [m.pk for m in board.milestone_rows],
        "risks": board.risks,
        "risk_rows": [r.pk for r in board.risk_rows],
        "worse": (board.worse, [p.pk for p in board.worse_rows]),
    }


class RollupProperty(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Created before every day of DAYS, whatever the day the suite runs.
        with time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=PARIS), tick=False):
            cls.world = World()

    @settings(
        max_examples=500,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(day=st.sampled_from(DAYS), operations=st.lists(OPERATIONS, max_size=8))
    def test_rollups_equal_their_recomputation(self, day, operations):
        moment = datetime.combine(day, time(10, 0), tzinfo=PARIS)
        # Ticking: a project is created before the dashboard reads (the scan counts those
        # created strictly before now).
        with time_machine.travel(moment, tick=True), override_settings(PMO_ROLLUPS_READ=True):
            world = self.world
            world.today = day
            for operation in operations:
                apply(world, operation)
            # The dashboard read from the roll-ups shows what the source tables say.
            from_rollups = dashboards.company_dashboard(user=world.pmo, data={}, today=day)
            budget = dashboards.dashboard_budget(user=world.pmo, data={}, today=day)
            with mock.patch.object(dashboards, "rollup_scope", return_value=None):
                scanned = dashboards.company_dashboard(user=world.pmo, data={}, today=day)
                scanned_budget = dashboards.dashboard_budget(user=world.pmo, data={}, today=day)
            assert figures(from_rollups) == figures(scanned)
            assert budget == scanned_budget
            # And the nightly reconciliation has nothing to fix.
            assert reconcile() == {"differences": 0, "ledger_differences": 0}
