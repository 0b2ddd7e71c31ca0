"""The remaining need resources writes on the business case of active projects
(resources/services/remaining_need.py): figures checked by hand, kept up to date by the
services that change budgets, costs and allocations, reconciled every night."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portfolios.models import BusinessCaseYear, ProjectStatus
from resources.models import Allocation, AllocationStatus, CostCategory, Nature
from resources.services import budgets as budget_services
from resources.services.capacity import decide_allocation, save_allocation_grid
from resources.services.remaining_need import write_remaining_need
from resources.tasks import reconcile_remaining_need
from tests.portfolios.factories import ProjectFactory
from tests.resources.factories import ActualCostFactory, BudgetLineFactory, CommittedCostFactory
from tests.resources.factories_capacity import AllocationFactory, ResourceFactory, TeamFactory

TODAY = date(2026, 11, 15)  # the current month is November 2026
CLOCK = "2026-11-15 10:00 +0100"
CAPEX, OPEX = Nature.CAPEX, Nature.OPEX


def _inputs(project):
    """Budget lines, actuals and allocations of ``project`` (figures in the test below)."""
    for nature, category, year, amount in [
        (CAPEX, CostCategory.HARDWARE, 2026, "100000"),
        (CAPEX, CostCategory.SOFTWARE, 2026, "20000"),
        (OPEX, CostCategory.EXTERNAL_SERVICES, 2026, "50000"),
        (CAPEX, CostCategory.HARDWARE, 2027, "80000"),
        (OPEX, CostCategory.EXTERNAL_SERVICES, 2027, "30000"),
        (OPEX, CostCategory.EXTERNAL_SERVICES, 2025, "10000"),  # a past year: ignored
    ]:
        BudgetLineFactory(
            project=project,
            nature=nature,
            category=category,
            fiscal_year=year,
            approved_amount=Decimal(amount),
        )
    for nature, day, amount in [
        (CAPEX, date(2026, 3, 10), "45000"),
        (CAPEX, date(2026, 11, 2), "5000"),
        (OPEX, date(2026, 6, 30), "60000"),  # more than the OPEX budget of 2026
        (CAPEX, date(2025, 12, 31), "9999"),  # another year
    ]:
        ActualCostFactory(project=project, nature=nature, date=day, amount=Decimal(amount))
    # An open purchase order is not an actual cost: it does not reduce the remaining need.
    CommittedCostFactory(
        project=project, nature=CAPEX, date=date(2026, 9, 1), amount=Decimal("10000")
    )
    alice, bob, carol = ResourceFactory(), ResourceFactory(), ResourceFactory()
    for resource, month, fte, status in [
        (alice, date(2026, 10, 1), "1.00", AllocationStatus.APPROVED),  # before this month
        (alice, date(2026, 11, 1), "1.00", AllocationStatus.APPROVED),
        (alice, date(2026, 12, 1), "0.50", AllocationStatus.REQUESTED),
        (bob, date(2026, 12, 1), "0.50", AllocationStatus.REJECTED),  # not demand
        *[
            (carol, date(2027, month, 1), "1.00", AllocationStatus.APPROVED)
            for month in range(1, 7)
        ],
        (bob, date(2028, 1, 1), "2.00", AllocationStatus.APPROVED),  # no budget in 2028
    ]:
        AllocationFactory(
            project=project, resource=resource, month=month, fte=Decimal(fte), status=status
        )


def _need(project) -> dict[int, tuple]:
    return {
        row.year: (row.capex, row.remaining_capex, row.remaining_opex, row.remaining_fte)
        for row in BusinessCaseYear.objects.filter(project=project)
    }


def test_remaining_need_by_hand(world):
    project = world.project_a  # active
    _inputs(project)
    BusinessCaseYear.objects.create(project=project, year=2027, capex=Decimal("90000"))

    written = write_remaining_need(project_ids=[project.pk], today=TODAY)

    assert written == 2
    assert _need(project) == {
        # CAPEX 120 000 − 50 000 actual; OPEX 50 000 − 60 000 → 0; FTE (1 + 0.5) / 12
        2026: (Decimal("0.00"), Decimal("70000.00"), Decimal("0.00"), Decimal("0.13")),
        # Nothing spent yet; FTE 6 months × 1 / 12. The business case's own CAPEX stays.
        2027: (Decimal("90000.00"), Decimal("80000.00"), Decimal("30000.00"), Decimal("0.50")),
    }
    assert all(row.remaining_at for row in BusinessCaseYear.objects.filter(project=project))


def test_only_active_projects_get_a_remaining_need(world):
    project = world.project_a
    project.status = ProjectStatus.APPROVED
    project.save()
    _inputs(project)
    assert write_remaining_need(project_ids=[project.pk], today=TODAY) == 0
    assert not BusinessCaseYear.objects.exists()


@time_machine.travel(CLOCK, tick=False)
def test_a_new_actual_cost_lowers_the_remaining_capex(world):
    project = world.project_a
    _inputs(project)
    write_remaining_need(project_ids=[project.pk])
    assert _need(project)[2026][1] == Decimal("70000.00")

    budget_services.add_actual_cost(
        project=project,
        date=date(2026, 11, 14),
        nature=CAPEX,
        category=CostCategory.HARDWARE,
        amount=Decimal("20000.00"),
        user=world.users["finance"],
    )

    assert _need(project)[2026][1] == Decimal("50000.00")


@time_machine.travel(CLOCK, tick=False)
def test_finance_entering_a_cost_sees_it_on_the_business_case(client_for, world):
    project = world.project_a
    BudgetLineFactory(
        project=project, nature=CAPEX, fiscal_year=2026, approved_amount=Decimal("30000")
    )
    response = client_for("finance").post(
        reverse("resources:actual_cost_create", args=[project.pk]),
        {
            "date": "2026-11-10",
            "nature": CAPEX,
            "category": CostCategory.HARDWARE,
            "amount": "12000",
        },
    )
    assert response.status_code == 302
    page = client_for("finance").get(reverse("portfolios:business_case", args=[project.pk]))
    cells = page.content.decode()
    assert 'data-remaining="capex">18,000.00' in cells


@time_machine.travel(CLOCK, tick=False)
def test_budget_lines_and_allocations_keep_it_up_to_date(world):
    project = world.project_a
    user = world.users["pmo"]
    budget_services.set_budget_line(
        project=project,
        nature=OPEX,
        category=CostCategory.EXTERNAL_SERVICES,
        fiscal_year=2027,
        amount=Decimal("40000.00"),
        user=user,
    )
    assert _need(project) == {2027: (Decimal("0.00"), Decimal("0.00"), Decimal("40000.00"), 0)}

    resource = ResourceFactory(team=TeamFactory(manager=world.users["resource_manager"]))
    save_allocation_grid(
        project=project,
        user=world.users["pm"],
        values={(resource.pk, date(2027, month, 1)): Decimal("0.60") for month in (1, 2, 3)},
    )
    # 3 months × 0.6 FTE requested, over 12 months
    assert _need(project)[2027][3] == Decimal("0.15")

    # The resource manager turns one month down: it is no longer needed.
    refused = Allocation.objects.get(project=project, month=date(2027, 3, 1))
    manager = world.users["resource_manager"]
    assert decide_allocation(allocation=refused, user=manager, approve=False)
    assert _need(project)[2027][3] == Decimal("0.10")


def test_nightly_reconcile_is_idempotent(world):
    _inputs(world.project_a)
    _inputs(world.project_b)
    with time_machine.travel(CLOCK, tick=False):
        first = reconcile_remaining_need.apply().get()
    snapshot = {project.pk: _need(project) for project in (world.project_a, world.project_b)}
    rows, history = BusinessCaseYear.objects.count(), BusinessCaseYear.history.count()
    with time_machine.travel("2026-11-16 02:00 +0100", tick=False):
        second = reconcile_remaining_need.apply().get()

    assert first == second == {"projects": 2, "rows": 4}
    assert {project.pk: _need(project) for project in (world.project_a, world.project_b)} == (
        snapshot
    )
    assert (BusinessCaseYear.objects.count(), BusinessCaseYear.history.count()) == (rows, history)


def test_a_year_no_budget_backs_any_more_loses_its_remaining_need(world):
    project = world.project_a
    line = BudgetLineFactory(project=project, nature=CAPEX, fiscal_year=2027)
    write_remaining_need(project_ids=[project.pk], today=TODAY)
    line.delete()  # only possible in the admin
    write_remaining_need(project_ids=[project.pk], today=TODAY)
    row = BusinessCaseYear.objects.get(project=project, year=2027)
    assert (row.remaining_capex, row.remaining_at) == (None, None)


@pytest.mark.parametrize("size", [2, 20])
def test_query_count_does_not_depend_on_the_number_of_projects(world, size):
    projects = [ProjectFactory(portfolio=world.p1) for _index in range(size)]
    for project in projects:
        for year in (2026, 2027, 2028):
            BudgetLineFactory(project=project, nature=CAPEX, fiscal_year=year)
            ActualCostFactory(project=project, nature=CAPEX, date=date(year, 2, 1))
        AllocationFactory(project=project, month=date(2026, 12, 1))
    with CaptureQueriesContext(connection) as first:
        write_remaining_need(project_ids=[p.pk for p in projects], today=TODAY)
    with CaptureQueriesContext(connection) as again:
        write_remaining_need(project_ids=[p.pk for p in projects], today=TODAY)
    assert BusinessCaseYear.objects.count() == 3 * size
    # A savepoint, the active projects, two locks, three aggregates, the rows, the bulk writes
    # (first: insert and history; again: one update), the savepoint's release.
    assert (len(first.captured_queries), len(again.captured_queries)) == (11, 10)
