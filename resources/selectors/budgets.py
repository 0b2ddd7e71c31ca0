"""Read side of budgets: a project's budget page, the portfolio budget tree, dashboard KPIs.

Definitions (shown on the pages too):

* approved: the approved amount of the budget lines; baseline: the amount first approved;
* actual: actual costs (invoices, credit notes negative), dated in the fiscal year;
* committed: open purchase orders not yet invoiced;
* forecast of a project for a nature and year: max(approved, actual + committed) — what the
  year will cost at least, never less than the budget still available;
* consumed: (actual + committed) / approved.

Every aggregate runs in SQL; query counts do not depend on the number of rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from portfolios.filters import ProjectFilter
from portfolios.models import Portfolio, PortfolioEnvelope, Project
from portfolios.selectors import get_project_for_user, portfolio_tree
from resources.models import (
    ActualCost,
    BudgetLine,
    CommitmentStatus,
    CommittedCost,
    CostCategory,
    Nature,
)

ZERO = Decimal("0.00")
NATURES = [Nature.CAPEX, Nature.OPEX]


def percent(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


@dataclass
class Figures:
    """Approved, actual, committed and forecast amounts of one scope (a nature or all)."""

    baseline: Decimal = ZERO
    approved: Decimal = ZERO
    actual: Decimal = ZERO
    committed: Decimal = ZERO
    forecast: Decimal = ZERO

    def add(self, other: Figures) -> None:
        self.baseline += other.baseline
        self.approved += other.approved
        self.actual += other.actual
        self.committed += other.committed
        self.forecast += other.forecast

    @property
    def remaining(self) -> Decimal:
        return self.approved - self.actual - self.committed

    @property
    def consumed_percent(self) -> Decimal | None:
        return percent(self.actual + self.committed, self.approved)

    @property
    def variance(self) -> Decimal:
        """Forecast minus approved: positive is an overrun."""
        return self.forecast - self.approved

    @property
    def over(self) -> bool:
        return self.actual + self.committed > self.approved


# --- Project budget page --------------------------------------------------------------------


@dataclass
class LineRow:
    fiscal_year: int
    nature: str
    category: str
    line: BudgetLine | None
    figures: Figures

    @property
    def nature_label(self) -> str:
        return Nature(self.nature).label

    @property
    def category_label(self) -> str:
        return CostCategory(self.category).label


@dataclass
class EarnedValue:
    bac: Decimal
    pv: Decimal
    ev: Decimal | None
    ac: Decimal
    cpi: Decimal | None
    spi: Decimal | None


def earned_value(*, project: Project, bac: Decimal, ac: Decimal, today: date) -> EarnedValue:
    """Simple earned value: PV = BAC spread linearly over the planned dates, EV = declared
    % complete × BAC, AC = actual costs to date; CPI = EV / AC, SPI = EV / PV."""
    start, end = project.planned_start, project.planned_end
    if today <= start:
        elapsed = Decimal(0)
    elif today >= end:
        elapsed = Decimal(1)
    else:
        elapsed = Decimal((today - start).days) / Decimal(max((end - start).days, 1))
    pv = (bac * elapsed).quantize(Decimal("0.01"))
    ev = None
    if project.percent_complete is not None:
        ev = (bac * project.percent_complete / 100).quantize(Decimal("0.01"))
    cpi = (ev / ac).quantize(Decimal("0.01")) if ev is not None and ac > 0 else None
    spi = (ev / pv).quantize(Decimal("0.01")) if ev is not None and pv > 0 else None
    return EarnedValue(bac=bac, pv=pv, ev=ev, ac=ac, cpi=cpi, spi=spi)


def project_budget(*, project: Project, today: date | None = None) -> dict:
    """Budget lines of ``project`` with their actual and committed amounts, totals per nature,
    EAC and earned value. Three queries."""
    today = today or timezone.localdate()
    rows: dict[tuple, LineRow] = {}
    for line in BudgetLine.objects.filter(project=project):
        key = (line.fiscal_year, line.nature, line.category)
        rows[key] = LineRow(
            *key,
            line=line,
            figures=Figures(baseline=line.baseline_amount, approved=line.approved_amount),
        )

    def row_for(key):
        if key not in rows:
            rows[key] = LineRow(*key, line=None, figures=Figures())
        return rows[key]

    actuals = (
        ActualCost.objects.filter(project=project)
        .annotate(year=ExtractYear("date"))
        .values("year", "nature", "category")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for item in actuals:
        row_for((item["year"], item["nature"], item["category"])).figures.actual = item["total"]
    commitments = (
        CommittedCost.objects.filter(project=project, status=CommitmentStatus.OPEN)
        .annotate(year=ExtractYear("date"))
        .values("year", "nature", "category")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for item in commitments:
        row_for((item["year"], item["nature"], item["category"])).figures.committed = item["total"]

    by_nature = {nature: Figures() for nature in NATURES}
    total = Figures()
    for row in rows.values():
        figures = row.figures
        figures.forecast = max(figures.approved, figures.actual + figures.committed)
        by_nature[row.nature].add(figures)
        total.add(figures)
    lines = sorted(rows.values(), key=lambda row: (row.fiscal_year, row.nature, row.category))
    bac = total.approved
    eac = project.eac
    return {
        "lines": lines,
        "by_nature": [(Nature(nature).label, figures) for nature, figures in by_nature.items()],
        "total": total,
        "eac": eac,
        "vac": bac - eac if eac is not None else None,
        "evm": earned_value(project=project, bac=bac, ac=total.actual, today=today),
        "today": today,
    }


def project_actual_costs(*, project: Project) -> QuerySet[ActualCost]:
    return (
        ActualCost.objects.filter(project=project)
        .select_related("created_by")
        .order_by("-date", "-pk")
    )


def get_actual_cost_for_user(user, pk: int) -> ActualCost:
    """The actual cost ``pk`` if ``user`` reads its project's budget: 404 when there is none
    or its project is outside ``user``'s scope, 403 without ``resources.view_budget`` on it
    (the project budget page's answers)."""
    cost = ActualCost.objects.select_related("created_by").filter(pk=pk).first()
    if cost is None:
        raise Http404
    get_project_for_user(user, cost.project_id, perm="resources.view_budget")
    return cost


def open_commitments(*, project: Project) -> QuerySet[CommittedCost]:
    return CommittedCost.objects.filter(project=project, status=CommitmentStatus.OPEN).order_by(
        "-date", "-pk"
    )


# --- Portfolio budget page ------------------------------------------------------------------


@dataclass
class NodeBudget:
    node: Portfolio
    depth: int
    envelope: dict = field(default_factory=lambda: dict.fromkeys(NATURES, ZERO))
    by_nature: dict = field(default_factory=lambda: {nature: Figures() for nature in NATURES})
    projects: int = 0
    earned: object = None  # resources.selectors.earned_value.RolledUpValue of the node

    @property
    def total(self) -> Figures:
        total = Figures()
        for figures in self.by_nature.values():
            total.add(figures)
        return total

    @property
    def envelope_total(self) -> Decimal:
        return sum(self.envelope.values(), ZERO)

    @property
    def natures(self) -> list[tuple[str, Decimal, Figures, Decimal | None]]:
        """(label, envelope, figures, forecast − envelope or None without an envelope)."""
        rows = []
        for nature in NATURES:
            envelope, figures = self.envelope[nature], self.by_nature[nature]
            gap = figures.forecast - envelope if envelope else None
            rows.append((Nature(nature).label, envelope, figures, gap))
        # The total of both natures: the figure the dashboard calls "Approved budget <year>".
        envelope, total = self.envelope_total, self.total
        rows.append((_("Total"), envelope, total, total.forecast - envelope if envelope else None))
        return rows


def project_figures(*, projects: QuerySet[Project], year: int) -> dict[int, dict[str, Figures]]:
    """{project id: {nature: Figures}} of ``projects`` for fiscal ``year``: three GROUP BY
    queries whatever the number of projects."""
    figures: dict[int, dict[str, Figures]] = defaultdict(
        lambda: {nature: Figures() for nature in NATURES}
    )
    ids = projects.values("pk")
    for item in (
        BudgetLine.objects.filter(project__in=ids, fiscal_year=year)
        .values("project_id", "nature")
        .annotate(approved=Sum("approved_amount"), baseline=Sum("baseline_amount"))
        .order_by()
    ):
        entry = figures[item["project_id"]][item["nature"]]
        entry.approved, entry.baseline = item["approved"], item["baseline"]
    for item in (
        ActualCost.objects.filter(project__in=ids, date__year=year)
        .values("project_id", "nature")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        figures[item["project_id"]][item["nature"]].actual = item["total"]
    for item in (
        CommittedCost.objects.filter(project__in=ids, date__year=year, status=CommitmentStatus.OPEN)
        .values("project_id", "nature")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        figures[item["project_id"]][item["nature"]].committed = item["total"]
    for natures in figures.values():
        for entry in natures.values():
            entry.forecast = max(entry.approved, entry.actual + entry.committed)
    return figures


def _children(parents: dict[int, int | None]) -> dict[int | None, list[int]]:
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in parents.items():
        children[parent_id].append(pk)
    return children


def portfolio_envelopes(
    *, year: int, root: int | None = None, parents: dict[int, int | None] | None = None
) -> dict[int, dict[str, Decimal]]:
    """{node id: {nature: amount}}: the CAPEX/OPEX envelope of every portfolio node for
    ``year`` (of ``root``'s sub-tree only, with ``root``). The rule, in this one place: a
    node's envelope is its own for the year, or else (none, or zero) the sum of its
    children's. Two queries (one with ``parents``, the ``Portfolio.objects.parent_map()``
    the caller already has)."""
    parents = Portfolio.objects.parent_map() if parents is None else parents
    children = _children(parents)
    granted = PortfolioEnvelope.objects.filter(fiscal_year=year)
    if root is not None:
        granted = granted.filter(portfolio_id__in=_subtree(children, root))
    own = {envelope.portfolio_id: envelope for envelope in granted}
    result: dict[int, dict[str, Decimal]] = {}

    def walk(pk: int, seen: frozenset[int]) -> dict[str, Decimal]:
        envelope = own.get(pk)
        if envelope is not None and (envelope.capex or envelope.opex):
            total = {Nature.CAPEX: envelope.capex, Nature.OPEX: envelope.opex}
            for child in children.get(pk, []):  # the children's own envelopes still count
                if child not in seen:
                    walk(child, seen | {child})
        else:
            total = dict.fromkeys(NATURES, ZERO)
            for child in children.get(pk, []):
                if child in seen:
                    continue
                for nature, amount in walk(child, seen | {child}).items():
                    total[nature] += amount
        result[pk] = total
        return total

    for start in [root] if root is not None else children.get(None, []):
        walk(start, frozenset({start}))
    return result


def envelope_of(portfolio_id: int, year: int) -> dict[str, Decimal]:
    """One portfolio node's CAPEX/OPEX envelope for ``year`` (see ``portfolio_envelopes``);
    two queries."""
    return portfolio_envelopes(year=year, root=portfolio_id)[portfolio_id]


def _subtree(children: dict[int | None, list[int]], root: int) -> set[int]:
    found, stack = set(), [root]
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children.get(pk, []))
    return found


# The GET parameters of the project list (portfolios.filters.ProjectFilter) that narrow the
# projects the budget page counts; ``portfolio`` chooses a node instead, and archived
# projects are never counted.
SCOPE_PARAMS = ("status", "health", "project_type", "business_domain", "manager")


def budget_scope(*, user, data=None) -> ProjectFilter:
    """The projects the portfolio budget page counts: those ``user`` reads, not archived,
    narrowed by the project list's filters in ``data`` (status, health, type, domain,
    manager). The dashboard links here with its own filters spelled out, so that its budget
    figures and this page's count the same projects."""
    scope = {name: data.getlist(name) for name in SCOPE_PARAMS if data and data.getlist(name)}
    bound = {
        name: values if name in ("status", "health") else values[0]
        for name, values in scope.items()
    }
    return ProjectFilter(data=bound or None, queryset=Project.objects.visible_to(user))


def portfolio_budget(
    *, user, year: int, portfolio_pk: int | None = None, page=None, data=None
) -> dict:
    """The portfolio tree with, per node, envelope vs approved vs actual vs forecast per nature
    (consolidated over the sub-tree, projects ``user`` may read narrowed by ``budget_scope``),
    and the projects of the chosen node. A node's envelope is its own for the year, or else
    (none, or zero) the sum of its children's. Each row's ``earned``: the node's earned value
    and declared EAC vs computed forecast as of today, whatever ``year``
    (resources.selectors.earned_value).
    """
    tree = portfolio_tree(user=user)
    scope = budget_scope(user=user, data=data)
    projects = scope.qs.active().order_by()
    figures = project_figures(projects=projects, year=year)
    portfolio_of = dict(projects.values_list("pk", "portfolio_id"))
    own: dict[int, dict[str, Figures]] = defaultdict(
        lambda: {nature: Figures() for nature in NATURES}
    )
    counts: dict[int, int] = defaultdict(int)
    for project_id, portfolio_id in portfolio_of.items():
        counts[portfolio_id] += 1
        for nature, entry in figures.get(project_id, {}).items():
            own[portfolio_id][nature].add(entry)

    rows = [NodeBudget(node=tree_row.node, depth=tree_row.depth) for tree_row in tree]
    by_pk = {row.node.pk: row for row in rows}
    # Consolidate bottom-up on the full tree (rows may hide nodes the user does not see).
    nodes = {row.node.pk: row.node for row in rows}
    parents = Portfolio.objects.parent_map()
    children = _children(parents)
    envelopes = portfolio_envelopes(year=year, parents=parents)

    def walk(pk: int) -> tuple[dict, int]:
        natures = {nature: Figures() for nature in NATURES}
        if pk in own:
            for nature in NATURES:
                natures[nature].add(own[pk][nature])
        count = counts.get(pk, 0)
        for child in children.get(pk, []):
            child_natures, child_count = walk(child)
            for nature in NATURES:
                natures[nature].add(child_natures[nature])
            count += child_count
        if pk in by_pk:
            by_pk[pk].by_nature = natures
            by_pk[pk].envelope = envelopes.get(pk) or dict.fromkeys(NATURES, ZERO)
            by_pk[pk].projects = count
        return natures, count

    for root in children.get(None, []):
        walk(root)
    from resources.selectors.earned_value import node_values  # that module builds on this one

    earned = node_values(projects=projects, children=children, today=timezone.localdate())
    for row in rows:
        row.earned = earned.get(row.node.pk)

    selected = nodes.get(portfolio_pk) if portfolio_pk else None
    project_page = None
    if selected is not None:
        subtree = Portfolio.objects.subtree_ids([selected.pk])
        queryset = (
            projects.filter(portfolio_id__in=subtree)
            .select_related("portfolio", "manager")
            .order_by("code")
        )
        project_page = Paginator(queryset, settings.PAGINATE_BY).get_page(page)
        for project in project_page.object_list:
            natures = figures.get(project.pk) or {nature: Figures() for nature in NATURES}
            project.budget_natures = [(Nature(n).label, natures[n]) for n in NATURES]
            project.budget_total = Figures()
            for entry in natures.values():
                project.budget_total.add(entry)
    return {
        "rows": rows,
        "selected": selected,
        "project_page": project_page,
        "year": year,
        "scope": scope,
    }
