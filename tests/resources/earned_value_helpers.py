"""The projects of the earned value tests (tests/resources/test_portfolio_earned_value.py,
tests/reporting/test_copil_pack_earned_value.py): figures computed by hand."""

from datetime import date
from decimal import Decimal

from portfolios.models import Project, ProjectStatus
from resources.models import CommitmentStatus, CostCategory, Nature
from tests.portfolios.factories import ProjectFactory
from tests.resources.factories import ActualCostFactory, BudgetLineFactory, CommittedCostFactory

# 2 July 2026: 182 of the 364 days from 1 January to 31 December 2026 have gone by.
TODAY = "2026-07-02T10:00:00+02:00"
D = Decimal


def evm_project(portfolio, *, start, end, percent=None, eac=None, **kwargs):
    project = ProjectFactory(portfolio=portfolio, planned_start=start, planned_end=end, **kwargs)
    Project.objects.filter(pk=project.pk).update(percent_complete=percent, eac=eac)
    project.percent_complete, project.eac = percent, eac
    return project


def budget_line(project, year, amount, nature=Nature.OPEX, category=CostCategory.EXTERNAL_SERVICES):
    BudgetLineFactory(
        project=project, fiscal_year=year, nature=nature, category=category, approved_amount=amount
    )


def actual_cost(project, day, amount):
    ActualCostFactory(project=project, date=day, amount=amount)


def build_evm_world(world) -> dict:
    """Under BU Nord (parent) and its child Portefeuille Nord 1 (p1), as of 2 July 2026:

    ============  =====  ======  ========  =======  =======  =======  =======  ========
    project       node   BAC     % done    PV       EV       AC       EAC      forecast
    ============  =====  ======  ========  =======  =======  =======  =======  ========
    X (active)    p1     300 k   40        150 k    120 k    125 k    330 k    315 k
    Z (active)    p1     50 k    —         (out)    (out)    (out)    60 k     50 k
    Y (on hold)   north  90 k    60        46 k     54 k     40 k     —        (out)
    C (closed 26) north  60 k    100       60 k     60 k     62 k     62 k     64 k
    ============  =====  ======  ========  =======  =======  =======  =======  ========

    X: 200 k OPEX 2026 + 100 k CAPEX 2027; PV = 300 k × 182/364; EV = 40 % × 300 k; AC =
    130 k − a 5 k credit note; forecast = max(200 k, 125 k + 90 k open PO) + 100 k.
    Y: 1 April → 28 September (180 days), 92 gone: PV = 90 k × 92/180 = 46 k.
    C: closed 31 March 2026, planned end passed: PV = BAC; forecast 2025 max(40, 38) + 2026
    max(20, 24). Not counted: a project closed in 2025, an approved one not started, an
    active one without budget lines (all with costs), and PRJ-A / PRJ-B of the world.
    """
    p1, north = world.p1, world.north
    year = (date(2026, 1, 1), date(2026, 12, 31))
    x = evm_project(p1, start=year[0], end=year[1], percent=40, eac=D("330000.00"))
    budget_line(x, 2026, D("200000.00"))
    budget_line(x, 2027, D("100000.00"), Nature.CAPEX, CostCategory.HARDWARE)
    actual_cost(x, date(2026, 3, 10), D("130000.00"))
    actual_cost(x, date(2026, 4, 10), D("-5000.00"))
    CommittedCostFactory(project=x, date=date(2026, 5, 1), amount=D("90000.00"))
    CommittedCostFactory(
        project=x, amount=D("70000.00"), status=CommitmentStatus.CLOSED
    )  # closed: not money still to spend
    z = evm_project(p1, start=year[0], end=year[1], eac=D("60000.00"))
    budget_line(z, 2026, D("50000.00"))
    actual_cost(z, date(2026, 2, 1), D("10000.00"))
    y = evm_project(
        north,
        start=date(2026, 4, 1),
        end=date(2026, 9, 28),
        percent=60,
        status=ProjectStatus.ON_HOLD,
    )
    budget_line(y, 2026, D("90000.00"))
    actual_cost(y, date(2026, 5, 1), D("40000.00"))
    c = evm_project(
        north,
        start=date(2025, 7, 1),
        end=date(2026, 3, 31),
        percent=100,
        eac=D("62000.00"),
        status=ProjectStatus.CLOSED,
        actual_end=date(2026, 3, 31),
    )
    budget_line(c, 2025, D("40000.00"))
    budget_line(c, 2026, D("20000.00"))
    actual_cost(c, date(2025, 10, 1), D("38000.00"))
    actual_cost(c, date(2026, 2, 1), D("24000.00"))
    for status, actual_end in [
        (ProjectStatus.CLOSED, date(2025, 11, 30)),
        (ProjectStatus.APPROVED, None),
    ]:
        other = evm_project(
            p1, start=year[0], end=year[1], percent=50, status=status, actual_end=actual_end
        )
        budget_line(other, 2026, D("10000.00"))
        actual_cost(other, date(2026, 1, 5), D("9000.00"))
    no_budget = evm_project(p1, start=year[0], end=year[1], percent=50, eac=D("5000.00"))
    actual_cost(no_budget, date(2026, 1, 5), D("5000.00"))
    return {"x": x, "z": z, "y": y, "c": c}
