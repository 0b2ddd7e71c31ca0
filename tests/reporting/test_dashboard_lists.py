"""The dashboards' top-10 lists read from the roll-ups' short lists (issue 16): the rows the
source tables give, for every scope the roll-ups serve; kept up to date by the services; and
read in work that does not grow with the number of projects (same queries, same index rows
read at two sizes)."""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portfolios.models import Portfolio, Project, ProjectStatus, RollupItem
from portfolios.services import update_project
from portfolios.services.rollups import reconcile
from reporting.models import Milestone, MilestoneStatus, RaidItem, RaidStatus
from reporting.periods import Frequency, period_containing
from reporting.selectors import dashboards
from reporting.services.milestones import update_milestones
from reporting.services.raid import update_raid_item
from tests.portfolios.factories import ProjectFactory
from tests.reporting.factories import MilestoneFactory, RiskFactory, StatusReportFactory
from tests.reporting.test_dashboard_queries import grow

DASH = reverse("reporting:dashboard")


@pytest.fixture
def rollups(settings):
    settings.PMO_ROLLUPS_READ = True


def lists(board) -> dict:
    return {
        "milestones": [m.pk for m in board.milestone_rows],
        "risks": [r.pk for r in board.risk_rows],
        "worse": [p.pk for p in board.worse_rows],
    }


def both_paths(user, data=None) -> tuple[dict, dict]:
    served = dashboards.rollup_scope(
        user=user, project_filter=dashboards.dashboard_filter(user=user, data=data)
    )
    assert served is not None  # the roll-ups serve this dashboard
    from_rollups = lists(dashboards.company_dashboard(user=user, data=data))
    with mock.patch.object(dashboards, "rollup_scope", return_value=None):
        scanned = lists(dashboards.company_dashboard(user=user, data=data))
    return from_rollups, scanned


@pytest.fixture
def crowded(world):
    """120 projects under way in P1, P2 and a weekly-reporting portfolio (more than ten items
    of each list per node), and the items no list may show: those of a closed and of an
    archived project, a closed risk, an achieved milestone, a project worse long ago."""
    grow(world, 120)
    today = timezone.localdate()
    for status, archived in ((ProjectStatus.CLOSED, False), (ProjectStatus.ACTIVE, True)):
        hidden = ProjectFactory(portfolio=world.p1, status=status, is_archived=archived)
        MilestoneFactory(project=hidden, forecast_date=today - timedelta(days=900))
        RiskFactory(project=hidden, probability=4, impact=4)
    RiskFactory(project=world.project_a, probability=4, impact=4, status=RaidStatus.CLOSED)
    MilestoneFactory(
        project=world.project_a,
        forecast_date=today - timedelta(days=800),
        actual_date=today - timedelta(days=800),
        status=MilestoneStatus.ACHIEVED,
    )
    # Worse than its report before, but that was a year ago: not "since the last report".
    old = ProjectFactory(portfolio=world.p1, health_overall=4, status_date=date(2020, 1, 31))
    StatusReportFactory(
        project=old,
        period=period_containing(date(2019, 12, 15), Frequency.MONTHLY),
        health_overall=1,
    )
    # Far ahead, slipped: listed before the many milestones due later than 60 days.
    MilestoneFactory(
        project=world.project_a,
        baseline_date=today + timedelta(days=300),
        forecast_date=today + timedelta(days=400),
    )
    reconcile(log_each=False)
    return world


@pytest.mark.parametrize("role", ["pmo", "executive", "pm"])
@pytest.mark.parametrize("node", [None, "north", "p1", "p2"])
def test_the_lists_are_the_scanned_ones(rollups, crowded, role, node):
    node = getattr(crowded, node) if node else None
    data = {"portfolio": str(node.pk)} if node else None
    from_rollups, scanned = both_paths(crowded.users[role], data)
    assert from_rollups == scanned


def test_the_lists_hold_ten_rows_and_leave_out_what_is_not_under_way(rollups, crowded):
    from_rollups, _scanned = both_paths(crowded.users["pmo"])
    assert [len(rows) for rows in from_rollups.values()] == [10, 10, 10]
    under_way = Project.objects.filter(
        status__in=[ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD], is_archived=False
    )
    risks = RaidItem.objects.filter(pk__in=from_rollups["risks"])
    assert all(r.project in under_way and r.status != RaidStatus.CLOSED for r in risks)
    milestones = Milestone.objects.filter(pk__in=from_rollups["milestones"])
    assert all(m.project in under_way and m.status == MilestoneStatus.PLANNED for m in milestones)
    assert set(from_rollups["worse"]) <= set(under_way.values_list("pk", flat=True))


def test_the_services_keep_the_lists_up_to_date(rollups, crowded):
    """Closing the riskiest risk, achieving the first milestone, closing the worst project:
    each leaves its list at once, no reconciliation needed."""
    pmo = crowded.users["pmo"]
    before = lists(dashboards.company_dashboard(user=pmo, data=None))
    risk = RaidItem.objects.get(pk=before["risks"][0])
    update_raid_item(item=risk, user=pmo, data={"status": RaidStatus.CLOSED})
    milestone = Milestone.objects.get(pk=before["milestones"][0])
    update_milestones(
        project=milestone.project,
        user=pmo,
        changes=[
            {
                "id": milestone.pk,
                "status": MilestoneStatus.ACHIEVED,
                "actual_date": timezone.localdate(),
            }
        ],
    )
    worst = Project.objects.get(pk=before["worse"][0])
    update_project(project=worst, user=pmo, fields={"status": ProjectStatus.CLOSED})
    after, scanned = both_paths(pmo)
    assert after == scanned
    assert risk.pk not in after["risks"]
    assert milestone.pk not in after["milestones"]
    assert worst.pk not in after["worse"]
    assert reconcile() == {"differences": 0, "ledger_differences": 0}


def test_reconcile_restores_a_wrong_list_row(rollups, crowded):
    pmo = crowded.users["pmo"]
    before = lists(dashboards.company_dashboard(user=pmo, data=None))
    RollupItem.objects.filter(key="risk", item_id=before["risks"][0]).delete()
    assert lists(dashboards.company_dashboard(user=pmo, data=None)) != before
    assert reconcile(log_each=False)["ledger_differences"] == 1
    assert lists(dashboards.company_dashboard(user=pmo, data=None)) == before


def items_read(sql: str) -> int:
    """Rows of the short lists (RollupItem) the query read, from EXPLAIN ANALYZE; each
    through the index that holds a node's list in order (no other access to the table)."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
        (plan,) = cursor.fetchone()[0]

    def walk(node) -> int:
        own = 0
        if node.get("Relation Name") == RollupItem._meta.db_table:
            index = node.get("Index Name") or node["Plans"][0].get("Index Name")  # or bitmap
            assert index == "rollupitem_node_order"
            own = node["Actual Rows"] * node["Actual Loops"]
        return own + sum(walk(child) for child in node.get("Plans", []))

    return walk(plan["Plan"])


def list_work(client, data) -> tuple[int, list[int]]:
    """The page's number of queries, and the short-list rows each top-10 list read."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(DASH, data).status_code == 200
    lists = [q["sql"] for q in captured.captured_queries if RollupItem._meta.db_table in q["sql"]]
    return len(captured), [items_read(sql) for sql in lists]


def test_the_lists_cost_the_same_at_two_sizes(rollups, client_for, crowded):
    """At 300 and 1,200 projects: the same queries; the milestones and risks read at most
    ten short-list rows a node and list part (the same rows: every node holds more than ten
    of each already). The worse projects read at most the scope's worse projects: with their
    "since the last report" condition the planner may read a node's whole short list."""
    client = client_for("pmo")
    pages = [{}, {"portfolio": crowded.north.pk}]

    def work_at(total: int) -> list:
        grow(crowded, total)
        reconcile(log_each=False)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        for data in pages:  # the session and the cached filter form, as on every visit
            client.get(DASH, data)
        return [list_work(client, data) for data in pages]

    small = work_at(300)
    large = work_at(1200)
    assert [(queries, work[:2]) for queries, work in large] == [
        (queries, work[:2]) for queries, work in small
    ]
    nodes = Portfolio.objects.count()
    (company_queries, company), (_unit_queries, unit) = large
    assert company_queries <= 8
    milestones, risks, worse = company
    assert 0 < milestones <= 2 * 10 * nodes
    assert 0 < risks <= 10 * nodes
    assert 0 < worse <= RollupItem.objects.filter(key="worse").count()
    assert sum(unit) < sum(company)  # the business unit walks its own nodes only
