"""Read side of the strategic objectives (issue 12): the objective tree with its KPIs and
its roll-up, an objective's page, a project's contributions, the coverage map.

Definitions (also written on the pages):

- A project **serves** an objective when it contributes to it, or to one of its
  sub-objectives, with a score of 1 to 3 (0 means "assessed: does not contribute"); a project
  serving several objectives of a subtree is counted once at their common ancestors.
- Only the projects the reader sees count, never archived ones, and only **live** projects
  (approved, active, on hold): a proposal does not serve the strategy yet, a closed,
  cancelled or rejected project no longer does. The coverage map shows proposals apart, as
  candidates.
- The **budget** of a node is the sum, over the projects serving it, of the CAPEX + OPEX of
  the year shown in their business case (``BusinessCaseYear``); its **FTE** likewise.

Every function runs a fixed number of queries whatever the number of projects and
contributions: the roll-ups are single SQL statements (a recursive closure of the objective
tree, and of the portfolio tree for the coverage map, joined to the contributions of the
reader's scope).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.http import Http404

from pmo_portal import roles
from portfolios.filters import SERVING_SCORE
from portfolios.models import (
    BusinessCaseYear,
    ObjectiveContribution,
    ObjectiveKPI,
    Portfolio,
    Project,
    ProjectStatus,
    StrategicObjective,
)

# Projects that serve the strategy (see the module docstring).
LIVE_STATUSES = (ProjectStatus.APPROVED, ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD)
CANDIDATE_STATUSES = (ProjectStatus.PROPOSED,)
# How many of the live projects serving no objective the coverage map names (the rest are one
# link away, on the filtered project list).
UNSERVED_SHOWN = 10

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def _decimal(value) -> Decimal:
    """A SUM from the database as a Decimal with 2 places (SQLite returns floats)."""
    if value is None:
        return ZERO
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _scope_sql(projects: QuerySet) -> tuple[str, list] | None:
    """The SQL of ``projects`` as ``(id, portfolio_id, status)`` rows; None when the
    queryset is known to be empty (a user without a role)."""
    try:
        sql, params = (
            projects.order_by().values_list("pk", "portfolio_id", "status").query.sql_with_params()
        )
    except EmptyResultSet:
        return None
    return sql, list(params)


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


def serving_scope(user, statuses=LIVE_STATUSES) -> QuerySet[Project]:
    """The projects of ``user``'s scope that may serve an objective: not archived, in
    ``statuses``."""
    return Project.objects.visible_to(user).active().filter(status__in=statuses)


# The closure of the objective tree: (ancestor, node) for every node and each of its
# ancestors, itself included. UNION (not UNION ALL) also ends on a cycle written behind the
# application's back.
_OBJECTIVE_CLOSURE = """
closure(ancestor_id, node_id) AS (
  SELECT o.id, o.id FROM {objective} o{seed}
  UNION
  SELECT c.ancestor_id, o.id FROM closure c JOIN {objective} o ON o.parent_id = c.node_id
)"""

# Distinct (objective, project) pairs: the projects of the scope serving each objective.
_SERVED = """
served AS (
  SELECT DISTINCT cl.ancestor_id, s.id AS project_id, s.portfolio_id, s.status
  FROM closure cl
  JOIN {contribution} oc ON oc.objective_id = cl.node_id AND oc.score >= %s
  JOIN scope s ON s.id = oc.project_id
)"""


def _closure_sql(objective_ids=None) -> tuple[str, list]:
    seed, params = "", []
    if objective_ids is not None:
        seed = f" WHERE o.id IN ({_placeholders(objective_ids)})"
        params = list(objective_ids)
    return (
        _OBJECTIVE_CLOSURE.format(objective=StrategicObjective._meta.db_table, seed=seed),
        params,
    )


@dataclass
class Rollup:
    """What serves an objective (the node and its subtree): projects counted once."""

    projects: int = 0
    capex: Decimal = ZERO
    opex: Decimal = ZERO
    fte: Decimal = ZERO

    @property
    def budget(self) -> Decimal:
        return self.capex + self.opex


def objective_rollups(*, user, year: int, objective_ids=None) -> dict[int, Rollup]:
    """{objective id: Rollup} for every objective (or ``objective_ids`` only) with at least
    one live project of ``user``'s scope serving it; one query."""
    if objective_ids is not None and not objective_ids:
        return {}
    scope = _scope_sql(serving_scope(user))
    if scope is None:
        return {}
    scope_sql, scope_params = scope
    closure_sql, closure_params = _closure_sql(objective_ids)
    sql = (
        "WITH RECURSIVE"
        + closure_sql
        + f",\nscope(id, portfolio_id, status) AS ({scope_sql}),"
        + _SERVED.format(contribution=ObjectiveContribution._meta.db_table)
        + f"""
SELECT sv.ancestor_id, COUNT(*), SUM(b.capex), SUM(b.opex), SUM(b.fte)
FROM served sv
LEFT JOIN {BusinessCaseYear._meta.db_table} b ON b.project_id = sv.project_id AND b.year = %s
GROUP BY sv.ancestor_id"""  # noqa: S608 - table names and placeholders; values are parameters
    )
    params = [*closure_params, *scope_params, SERVING_SCORE, year]
    return {
        objective_id: Rollup(
            projects=count, capex=_decimal(capex), opex=_decimal(opex), fte=_decimal(fte)
        )
        for objective_id, count, capex, opex, fte in _fetch(sql, params)
    }


# --- The objective tree --------------------------------------------------------------------


def kpi_progress(kpi: ObjectiveKPI) -> Decimal | None:
    """Actual as a percentage of the target (0 decimals), when both make sense."""
    if kpi.actual is None or kpi.target is None or kpi.target <= 0:
        return None
    return (kpi.actual * 100 / kpi.target).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def _with_progress(kpis) -> list[ObjectiveKPI]:
    kpis = list(kpis)
    for kpi in kpis:
        kpi.progress = kpi_progress(kpi)
    return kpis


def kpis_by_objective(objective_ids=None) -> dict[int, list[ObjectiveKPI]]:
    """{objective id: its KPIs, in order, each with ``progress``}: one query."""
    queryset = ObjectiveKPI.objects.order_by("objective_id", "order", "name")
    if objective_ids is not None:
        queryset = queryset.filter(objective_id__in=objective_ids)
    found: dict[int, list[ObjectiveKPI]] = defaultdict(list)
    for kpi in _with_progress(queryset):
        found[kpi.objective_id].append(kpi)
    return found


@dataclass
class ObjectiveNode:
    objective: StrategicObjective
    depth: int
    rollup: Rollup = field(default_factory=Rollup)
    kpis: list[ObjectiveKPI] = field(default_factory=list)
    children: int = 0

    @property
    def served(self) -> bool:
        return self.rollup.projects > 0


def tree_order(objectives) -> list[tuple[StrategicObjective, int]]:
    """(objective, depth) in tree order: each node followed by its subtree, siblings by
    code. A node whose parent is missing from ``objectives`` is a root."""
    objectives = sorted(objectives, key=lambda o: o.code)
    present = {o.pk for o in objectives}
    children: dict[int | None, list[StrategicObjective]] = defaultdict(list)
    for objective in objectives:
        parent = objective.parent_id if objective.parent_id in present else None
        children[parent].append(objective)
    ordered: list[tuple[StrategicObjective, int]] = []
    seen: set[int] = set()

    def walk(objective: StrategicObjective, depth: int) -> None:
        if objective.pk in seen:
            return
        seen.add(objective.pk)
        ordered.append((objective, depth))
        for child in children.get(objective.pk, []):
            walk(child, depth + 1)

    for root in children.get(None, []):
        walk(root, 0)
    return ordered


def objective_tree(*, user, year: int) -> list[ObjectiveNode]:
    """Every objective in tree order with its owner, KPIs and roll-up (projects, budget and
    FTE of ``year``). Three queries of its own, whatever the sizes."""
    objectives = list(StrategicObjective.objects.select_related("owner"))
    kpis = kpis_by_objective()
    rollups = objective_rollups(user=user, year=year)
    child_count: dict[int, int] = defaultdict(int)
    for objective in objectives:
        if objective.parent_id:
            child_count[objective.parent_id] += 1
    return [
        ObjectiveNode(
            objective=objective,
            depth=depth,
            rollup=rollups.get(objective.pk, Rollup()),
            kpis=kpis.get(objective.pk, []),
            children=child_count.get(objective.pk, 0),
        )
        for objective, depth in tree_order(objectives)
    ]


# --- One objective -------------------------------------------------------------------------


def get_objective(pk: int) -> StrategicObjective:
    """The objective ``pk`` with its parent and owner (404 when there is none)."""
    objective = StrategicObjective.objects.select_related("parent", "owner").filter(pk=pk).first()
    if objective is None:
        raise Http404
    return objective


def objective_page(*, user, objective: StrategicObjective, year: int) -> dict:
    """The objective's KPIs, its roll-up and its direct sub-objectives with theirs."""
    children = list(StrategicObjective.objects.filter(parent=objective).select_related("owner"))
    ids = [objective.pk, *(child.pk for child in children)]
    rollups = objective_rollups(user=user, year=year, objective_ids=ids)
    kpis = kpis_by_objective([objective.pk])
    return {
        "rollup": rollups.get(objective.pk, Rollup()),
        "kpis": kpis.get(objective.pk, []),
        "children": [
            ObjectiveNode(objective=child, depth=1, rollup=rollups.get(child.pk, Rollup()))
            for child in sorted(children, key=lambda o: o.code)
        ],
    }


def objective_contributions(*, user, objective: StrategicObjective) -> QuerySet:
    """Contributions to ``objective`` itself by the projects ``user`` sees (archived ones
    included, marked on the page), strongest first."""
    visible = Project.objects.visible_to(user)
    return (
        ObjectiveContribution.objects.filter(objective=objective, project__in=visible)
        .select_related("project__portfolio")
        .order_by("-score", "project__code")
    )


def contribution_projects(user) -> QuerySet[Project]:
    """The projects whose contribution the objective page may set: visible, not archived."""
    return Project.objects.visible_to(user).active().order_by("code")


def deletion_blockers(objective: StrategicObjective) -> dict[str, int]:
    """What forbids deleting ``objective``: its sub-objectives and the projects contributing
    to it (score 1 to 3), whoever reads them. Two queries."""
    return {
        "children": StrategicObjective.objects.filter(parent=objective).count(),
        "contributions": ObjectiveContribution.objects.filter(
            objective=objective, score__gte=SERVING_SCORE
        ).count(),
    }


def get_kpi(pk: int) -> ObjectiveKPI:
    kpi = ObjectiveKPI.objects.select_related("objective").filter(pk=pk).first()
    if kpi is None:
        raise Http404
    return kpi


# --- One project ---------------------------------------------------------------------------


def project_objectives(project: Project) -> list[ObjectiveContribution]:
    """The contributions of ``project``, in the objective tree's order (two queries)."""
    contributions = {c.objective_id: c for c in project.contributions.select_related("objective")}
    objectives = StrategicObjective.objects.only("pk", "code", "parent_id")
    return [
        contributions[objective.pk]
        for objective, _depth in tree_order(objectives)
        if objective.pk in contributions
    ]


def objective_choices() -> list[tuple[int, str]]:
    """Every objective as (pk, label) in tree order, sub-objectives indented (one query)."""
    objectives = StrategicObjective.objects.only("pk", "code", "title", "parent_id")
    return [
        (objective.pk, f"{'— ' * depth}{objective.code} — {objective.title}")
        for objective, depth in tree_order(objectives)
    ]


# --- The coverage map ----------------------------------------------------------------------


@dataclass
class CoverageColumn:
    portfolio: Portfolio
    depth: int  # 0: a top-level portfolio, 1: one of its direct children


@dataclass
class CoverageRow:
    objective: StrategicObjective
    depth: int
    cells: list[tuple[CoverageColumn, int]]
    total: int
    candidates: int

    @property
    def served(self) -> bool:
        return self.total > 0


def coverage_columns(user) -> list[CoverageColumn]:
    """The top-level portfolios, each followed by its direct children, by name. For a reader
    scoped to some portfolios, only the columns holding a project they see (or one of their
    portfolios): a column of zeros outside their scope would read as "not served"."""
    portfolios = list(Portfolio.objects.only("pk", "name", "parent_id").order_by("name"))
    keep: set[int] | None = None
    if not roles.reads_all_projects(user):
        parents = {p.pk: p.parent_id for p in portfolios}
        seeds = set(
            Project.objects.visible_to(user).active().values_list("portfolio_id", flat=True)
        )
        seeds |= set(roles.member_portfolio_ids(user))
        keep = set()
        for node in seeds:
            while node is not None and node not in keep:
                keep.add(node)
                node = parents.get(node)
    children: dict[int | None, list[Portfolio]] = defaultdict(list)
    for portfolio in portfolios:
        children[portfolio.parent_id].append(portfolio)
    columns = []
    for top in children.get(None, []):
        if keep is not None and top.pk not in keep:
            continue
        columns.append(CoverageColumn(top, 0))
        columns.extend(
            CoverageColumn(child, 1)
            for child in children.get(top.pk, [])
            if keep is None or child.pk in keep
        )
    return columns


def _coverage_counts(user, columns: list[CoverageColumn]):
    """({(objective, portfolio column): live projects}, {objective: live}, {objective:
    candidates}): one query."""
    scope = _scope_sql(serving_scope(user, (*LIVE_STATUSES, *CANDIDATE_STATUSES)))
    cells: dict[tuple[int, int], int] = {}
    totals: dict[int, int] = {}
    candidates: dict[int, int] = {}
    if scope is None:
        return cells, totals, candidates
    scope_sql, scope_params = scope
    closure_sql, closure_params = _closure_sql()
    column_ids = [column.portfolio.pk for column in columns] or [0]
    live = [str(status) for status in LIVE_STATUSES]
    portfolio = Portfolio._meta.db_table
    sql = (
        "WITH RECURSIVE"  # noqa: S608 - table names and placeholders only
        + closure_sql
        + f",\nscope(id, portfolio_id, status) AS ({scope_sql}),"
        + _SERVED.format(contribution=ObjectiveContribution._meta.db_table)
        + f""",
pclosure(ancestor_id, node_id) AS (
  SELECT p.id, p.id FROM {portfolio} p WHERE p.id IN ({_placeholders(column_ids)})
  UNION
  SELECT c.ancestor_id, p.id FROM pclosure c JOIN {portfolio} p ON p.parent_id = c.node_id
)
SELECT sv.ancestor_id, pc.ancestor_id, 1, COUNT(*)
FROM served sv JOIN pclosure pc ON pc.node_id = sv.portfolio_id
WHERE sv.status IN ({_placeholders(live)})
GROUP BY sv.ancestor_id, pc.ancestor_id
UNION ALL
SELECT sv.ancestor_id, NULL, CASE WHEN sv.status IN ({_placeholders(live)}) THEN 1 ELSE 0 END,
       COUNT(*)
FROM served sv
GROUP BY sv.ancestor_id, CASE WHEN sv.status IN ({_placeholders(live)}) THEN 1 ELSE 0 END"""  # noqa: S608
    )
    params = [
        *closure_params,
        *scope_params,
        SERVING_SCORE,
        *column_ids,
        *live,
        *live,
        *live,
    ]
    for objective_id, portfolio_id, is_live, count in _fetch(sql, params):
        if portfolio_id is not None:
            cells[(objective_id, portfolio_id)] = count
        elif is_live:
            totals[objective_id] = count
        else:
            candidates[objective_id] = count
    return cells, totals, candidates


def unserved_queryset(user) -> QuerySet[Project]:
    """The live projects of ``user``'s scope serving no objective, by code."""
    serving = ObjectiveContribution.objects.filter(score__gte=SERVING_SCORE).values("project_id")
    return serving_scope(user).exclude(pk__in=serving).order_by("code")


def unserved_projects(user) -> tuple[int, list[Project]]:
    """The live projects of ``user``'s scope serving no objective: how many, and the first
    ``UNSERVED_SHOWN`` by code (two queries)."""
    projects = unserved_queryset(user)
    count = projects.count()
    first = list(projects.select_related("portfolio", "manager")[:UNSERVED_SHOWN])
    return count, first


def coverage_matrix(*, user) -> dict:
    """Objectives (rows, tree order) × portfolios (columns): the live projects serving each
    objective in each portfolio and below; the objectives nobody serves. A fixed number of
    queries whatever the number of projects."""
    columns = coverage_columns(user)
    objectives = list(StrategicObjective.objects.only("pk", "code", "title", "parent_id"))
    cells, totals, candidates = _coverage_counts(user, columns)
    rows = [
        CoverageRow(
            objective=objective,
            depth=depth,
            cells=[
                (column, cells.get((objective.pk, column.portfolio.pk), 0)) for column in columns
            ],
            total=totals.get(objective.pk, 0),
            candidates=candidates.get(objective.pk, 0),
        )
        for objective, depth in tree_order(objectives)
    ]
    return {
        "columns": columns,
        "rows": rows,
        "not_served": [row for row in rows if not row.served],
    }


def coverage_map(*, user) -> dict:
    """The coverage matrix, and the live projects serving no objective (how many, the
    first few)."""
    unserved_count, unserved_first = unserved_projects(user)
    return {
        **coverage_matrix(user=user),
        "unserved_count": unserved_count,
        "unserved_projects": unserved_first,
    }
