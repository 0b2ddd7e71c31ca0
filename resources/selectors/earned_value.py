"""Earned value and estimate at completion rolled up over portfolios: the portfolio budget
page (one row per node) and the COPIL pack's consolidated budget (the meeting's scope).

Method (said on both):

* **counted projects**: not archived; active or on hold, or closed with an actual end in
  ``today``'s year; with a budget at completion (BAC = approved amount of every fiscal year)
  above zero. Proposed, approved (not started), cancelled and rejected projects are not;
* **per project**, the project budget page's figures, from the same function
  (``resources.selectors.budgets.earned_value``): PV = BAC spread linearly over the planned
  dates as of ``today``, EV = declared % complete × BAC, AC = every actual cost;
* **per node**, PV, EV and AC are the sums over the counted projects of the node and of its
  sub-tree that have declared a % complete (the others, counted in ``without_percent``, are
  left out of all three so that the indices compare the same projects);
  CPI = ΣEV / ΣAC and SPI = ΣEV / ΣPV: ratios of the sums, so a project weighs by its
  budget, never a mean of the projects' ratios;
* **computed forecast** of a project: the project budget page's total forecast, the sum over
  its (fiscal year, nature, category) of max(approved, actual + committed);
* **declared EAC** (``Project.eac``, from the latest status report) against that computed
  forecast, over the counted projects that declared one: ``eac``, ``forecast`` and
  ``difference`` = ``eac`` − ``forecast`` (positive: the project managers expect to spend
  more than the figures say); ``without_eac`` counts the counted projects that declared none.

Two queries whatever the number of projects; the per-project arithmetic runs in Python so
that each project's figures are exactly the project budget page's (one rule, one place).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import F, Q, QuerySet, Sum, Value
from django.db.models.functions import ExtractYear

from portfolios.models import Project, ProjectStatus
from resources.models import ActualCost, BudgetLine, CommitmentStatus, CommittedCost
from resources.selectors.budgets import ZERO, earned_value

RATIO = Decimal("0.01")
FIELDS = ("projects", "without_percent", "pv", "ev", "ac", "without_eac", "eac", "forecast")


@dataclass
class RolledUpValue:
    """Earned value and EAC of a set of projects (a portfolio node and its sub-tree)."""

    projects: int = 0  # counted projects
    without_percent: int = 0  # counted, no declared % complete: out of PV, EV and AC
    pv: Decimal = ZERO
    ev: Decimal = ZERO
    ac: Decimal = ZERO
    without_eac: int = 0  # counted, no declared EAC: out of eac, forecast and difference
    eac: Decimal = ZERO
    forecast: Decimal = ZERO

    def add(self, other: RolledUpValue) -> None:
        for name in FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def measured(self) -> int:
        """Counted projects in PV, EV and AC."""
        return self.projects - self.without_percent

    @property
    def declared(self) -> int:
        """Counted projects in the EAC comparison."""
        return self.projects - self.without_eac

    @property
    def cpi(self) -> Decimal | None:
        return (self.ev / self.ac).quantize(RATIO) if self.measured and self.ac > 0 else None

    @property
    def spi(self) -> Decimal | None:
        return (self.ev / self.pv).quantize(RATIO) if self.measured and self.pv > 0 else None

    @property
    def difference(self) -> Decimal | None:
        """Declared EAC − computed forecast (None when no counted project declared one)."""
        return self.eac - self.forecast if self.declared else None


def counted_projects(projects: QuerySet[Project], *, today: date) -> QuerySet[Project]:
    """``projects`` whose status counts (the BAC > 0 condition is checked on the figures)."""
    return projects.filter(is_archived=False).filter(
        Q(status__in=(ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD))
        | Q(status=ProjectStatus.CLOSED, actual_end__year=today.year)
    )


def _amounts(ids: QuerySet) -> QuerySet:
    """(kind, project, year, nature, category, amount): approved budget, actual and open
    committed amounts of the projects ``ids``, grouped as the project budget page's lines
    are (a cost's year is its date's). One query (a UNION)."""
    key = ("project_id", "nature", "category")

    def grouped(queryset, kind: str, year, amount: str) -> QuerySet:
        return (
            queryset.filter(project__in=ids)
            .values(*key, year=year)
            .annotate(kind=Value(kind), amount=Sum(amount))
            .values_list("kind", *key, "year", "amount")
            .order_by()
        )

    return grouped(BudgetLine.objects, "approved", F("fiscal_year"), "approved_amount").union(
        grouped(ActualCost.objects, "actual", ExtractYear("date"), "amount"),
        grouped(
            CommittedCost.objects.filter(status=CommitmentStatus.OPEN),
            "committed",
            ExtractYear("date"),
            "amount",
        ),
        all=True,
    )


def project_values(*, projects: QuerySet[Project], today: date) -> list[tuple[int, RolledUpValue]]:
    """(portfolio id, figures of one project) of each counted project of ``projects``."""
    counted = counted_projects(projects, today=today).order_by()
    rows = {
        row["pk"]: row
        for row in counted.values(
            "pk", "portfolio_id", "planned_start", "planned_end", "percent_complete", "eac"
        )
    }
    if not rows:
        return []
    lines: dict[int, dict[tuple, dict[str, Decimal]]] = defaultdict(
        lambda: defaultdict(lambda: {"approved": ZERO, "actual": ZERO, "committed": ZERO})
    )
    for kind, project_id, nature, category, year, amount in _amounts(counted.values("pk")):
        lines[project_id][(year, nature, category)][kind] += amount
    result = []
    for project_id, row in rows.items():
        bac = actual = forecast = ZERO
        for line in lines.get(project_id, {}).values():
            bac += line["approved"]
            actual += line["actual"]
            forecast += max(line["approved"], line["actual"] + line["committed"])
        if bac <= 0:
            continue
        result.append(
            (row["portfolio_id"], _one(row, bac=bac, ac=actual, forecast=forecast, today=today))
        )
    return result


def _one(row: dict, *, bac: Decimal, ac: Decimal, forecast: Decimal, today: date) -> RolledUpValue:
    value = RolledUpValue(projects=1)
    project = Project(
        planned_start=row["planned_start"],
        planned_end=row["planned_end"],
        percent_complete=row["percent_complete"],
    )
    evm = earned_value(project=project, bac=bac, ac=ac, today=today)
    if evm.ev is None:
        value.without_percent = 1
    else:
        value.pv, value.ev, value.ac = evm.pv, evm.ev, evm.ac
    if row["eac"] is None:
        value.without_eac = 1
    else:
        value.eac, value.forecast = row["eac"], forecast
    return value


def total_value(*, projects: QuerySet[Project], today: date) -> RolledUpValue:
    """The figures of ``projects`` taken together (a COPIL meeting's scope). Two queries."""
    total = RolledUpValue()
    for _portfolio_id, value in project_values(projects=projects, today=today):
        total.add(value)
    return total


def node_values(
    *, projects: QuerySet[Project], children: dict[int | None, list[int]], today: date
) -> dict[int, RolledUpValue]:
    """{portfolio node id: figures of the counted ``projects`` of the node and its sub-tree}
    over the whole tree ``children`` (``{parent id: child ids}``, None for the roots). Two
    queries."""
    own: dict[int, RolledUpValue] = defaultdict(RolledUpValue)
    for portfolio_id, value in project_values(projects=projects, today=today):
        own[portfolio_id].add(value)
    result: dict[int, RolledUpValue] = {}

    def walk(pk: int, seen: frozenset[int]) -> RolledUpValue:
        value = RolledUpValue()
        value.add(own.get(pk, RolledUpValue()))
        for child in children.get(pk, []):
            if child not in seen:
                value.add(walk(child, seen | {child}))
        result[pk] = value
        return value

    roots: Iterable[int] = children.get(None, [])
    for root in roots:
        walk(root, frozenset({root}))
    return result
