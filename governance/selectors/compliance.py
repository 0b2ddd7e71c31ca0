"""Compliance with the référentiel: per project, per portfolio node, per phase, over time.

Definitions (also written on the compliance page):

- A project under a methodology (it has a ``ProjectLifecycle``) is *expected* to hold the
  required deliverables of the phases it has reached: the phases whose order is at most its
  current phase's, or every phase once its lifecycle is completed.
- Each expected deliverable is **present** (a ``Deliverable`` with a file, not waived),
  **waived** (by the PMO: it counts as compliant) or **missing** (no file, not waived).
  A missing one is **late** when its phase's gate was passed (a gate review of that phase
  decided go or go with conditions). A present one is **outdated** when it was made from a
  template version whose major is below the highest major of its template's published
  versions.
- **Compliant** = waived, or present and not outdated. The **compliance score** of a project is
  compliant / expected, in %; a portfolio node's score is the same ratio over all the projects
  of the node and its sub-portfolios (not an average of averages). Projects without a
  lifecycle are counted apart: "not under a methodology".
- The **trend** sums, over the projects in scope, the monthly ``ComplianceSnapshot`` rows (a
  daily beat task upserts the current month's); its current month is the current figure.

The overview, the portfolio tree and the dashboard panel sum each project's
``CurrentCompliance`` row (a roll-up, so they cost the same at 200 and 30,000 projects): the
services that change an input rewrite the project's row in their transaction
(``governance.services.compliance.refresh_compliance``, computed by ``figures_by_project``
below, the one live definition) and the nightly snapshot task reconciles every row. The
project and deliverable lists (paginated) and the COPIL section compute live.

Scope: the projects the user reads, never archived ones, narrowed by the project list's
filters (``portfolios.filters.ProjectFilter``). Every function runs a fixed number of
queries whatever the number of projects (SQL in governance/selectors/compliance_sql.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import UTC, date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from governance.models import ComplianceSnapshot, Phase
from governance.selectors.compliance_sql import (
    COUNTS_CTE,
    EXPECTED_CTES,
    STATE_CASE,
    fetch,
    fetch_one,
    with_scope,
)
from portfolios.filters import ProjectFilter
from portfolios.models import Portfolio, Project, ProjectStatus
from portfolios.selectors import portfolio_tree

# GET parameters of the project list that narrow the compliance scope (``o`` and
# ``archived`` are left out: archived projects are never counted).
SCOPE_PARAMS = ("q", "portfolio", "status", "health", "project_type", "business_domain", "manager")

# Filters of the project list (``state``): what a project's deliverables show.
PROJECT_STATES = {
    "missing": _("with missing deliverables"),
    "late": _("with late deliverables"),
    "outdated": _("with outdated deliverables"),
    "compliant": _("fully compliant"),
    "none": _("not under a methodology"),
}
# States of one expected deliverable (the deliverable list's ``state`` filter).
DELIVERABLE_STATES = {
    "missing": _("Missing"),
    "late": _("Late"),
    "outdated": _("Outdated"),
    "waived": _("Waived"),
    "ok": _("Present"),
}

_PROJECT_CONDITIONS = {
    "missing": "COALESCE(c.missing, 0) > 0",
    "late": "COALESCE(c.late, 0) > 0",
    "outdated": "COALESCE(c.outdated, 0) > 0",
    "compliant": "lc.id IS NOT NULL AND COALESCE(c.missing, 0) = 0 AND COALESCE(c.outdated, 0) = 0",
    "none": "lc.id IS NULL",
}
_DELIVERABLE_CONDITIONS = {
    "missing": "NOT e.present AND NOT e.waived",
    "late": "NOT e.present AND NOT e.waived AND e.passed",
    "outdated": "e.old",
    "waived": "e.waived",
    "ok": "e.present AND NOT e.old",
}
COUNT_FIELDS = ("expected", "present", "waived", "missing", "late", "outdated")


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` / ``whole`` in %, one decimal; None when nothing is expected."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class Figures:
    """Compliance counts of one project or of a set of projects."""

    projects: int = 0
    governed: int = 0  # under a methodology
    expected: int = 0
    present: int = 0
    waived: int = 0
    missing: int = 0
    late: int = 0
    outdated: int = 0

    @property
    def ungoverned(self) -> int:
        return self.projects - self.governed

    @property
    def compliant(self) -> int:
        return self.expected - self.missing - self.outdated

    @property
    def score(self) -> Decimal | None:
        return percent(self.compliant, self.expected)

    def add(self, other: Figures) -> None:
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))

    @classmethod
    def of(cls, row: dict) -> Figures:
        return cls(**{item.name: int(row.get(item.name) or 0) for item in fields(cls)})


def compliance_scope(*, user, data=None) -> ProjectFilter:
    """The projects the compliance pages count: those ``user`` reads, not archived,
    narrowed by the project list's filters found in ``data``."""
    bound = None
    if data:
        bound = data.copy()
        for name in list(bound.keys()):
            if name not in SCOPE_PARAMS:
                del bound[name]
    return ProjectFilter(data=bound or None, queryset=Project.objects.visible_to(user))


def scope_params(scope: ProjectFilter, *, without: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The scope's filters in force as GET parameters (for drill-down links and exports)."""
    if not scope.is_bound:
        return []
    data = scope.data
    return [
        (name, value)
        for name in SCOPE_PARAMS
        if name not in without
        for value in data.getlist(name)
        if value
    ]


# --- Aggregates ---------------------------------------------------------------------------

# The roll-up rows of the projects under a methodology (``lc``): figures_by_portfolio and
# total_figures sum them; figures_by_project (the live definition) is what refreshes them.
CURRENT_JOIN = "LEFT JOIN governance_currentcompliance c ON c.project_id = lc.project_id"


def figures_by_portfolio(*, projects: QuerySet[Project]) -> dict[int, Figures]:
    """{portfolio id: Figures of its own projects among ``projects``}: one query (sums the
    ``CurrentCompliance`` roll-up rows)."""
    head, params = with_scope(projects)
    sums = ", ".join(f"COALESCE(SUM(c.{name}), 0) AS {name}" for name in COUNT_FIELDS)
    sql = f"""{head}
    SELECT s.portfolio_id, COUNT(*) AS projects, COUNT(lc.id) AS governed, {sums}
    FROM scope s
    LEFT JOIN governance_projectlifecycle lc ON lc.project_id = s.id
    {CURRENT_JOIN}
    GROUP BY s.portfolio_id"""  # noqa: S608 - fixed SQL, values are parameters
    return {row["portfolio_id"]: Figures.of(row) for row in fetch(sql, params)}


def total_figures(*, projects: QuerySet[Project]) -> Figures:
    """Figures of ``projects`` as a whole: one query (sums the ``CurrentCompliance`` rows)."""
    head, params = with_scope(projects)
    sums = ", ".join(f"COALESCE(SUM(c.{name}), 0)" for name in COUNT_FIELDS)
    sql = f"""{head}
    SELECT COUNT(*), COUNT(lc.id), {sums}
    FROM scope s
    LEFT JOIN governance_projectlifecycle lc ON lc.project_id = s.id
    {CURRENT_JOIN}"""  # noqa: S608
    row = fetch_one(sql, params)
    return Figures(*[int(value or 0) for value in row])


def figures_by_project(*, projects: QuerySet[Project]) -> dict[int, Figures]:
    """{project id: Figures} of the projects of ``projects`` under a methodology: one
    query (the snapshot task and the COPIL section read this)."""
    head, params = with_scope(projects, EXPECTED_CTES, COUNTS_CTE)
    columns = ", ".join(f"COALESCE(c.{name}, 0) AS {name}" for name in COUNT_FIELDS)
    sql = f"""{head}
    SELECT s.id AS project_id, 1 AS projects, 1 AS governed, {columns}
    FROM scope s
    JOIN governance_projectlifecycle lc ON lc.project_id = s.id
    LEFT JOIN counts c ON c.project_id = s.id"""  # noqa: S608
    return {row["project_id"]: Figures.of(row) for row in fetch(sql, params)}


# --- The portfolio tree -------------------------------------------------------------------


@dataclass
class NodeRow:
    node: Portfolio
    depth: int
    figures: Figures = field(default_factory=Figures)


def _children(parents: dict[int, int | None]) -> dict[int | None, list[int]]:
    children: dict[int | None, list[int]] = {}
    for pk, parent in parents.items():
        children.setdefault(parent, []).append(pk)
    return children


def compliance_tree(*, user, projects: QuerySet[Project]) -> tuple[list[NodeRow], Figures]:
    """The portfolio tree (the nodes ``user`` sees) with, per node, the figures of
    ``projects`` in it and below it, and the figures of the whole: four queries."""
    tree = portfolio_tree(user=user)
    own = figures_by_portfolio(projects=projects)
    rows = [NodeRow(node=tree_row.node, depth=tree_row.depth) for tree_row in tree]
    by_pk = {row.node.pk: row for row in rows}
    # Consolidate bottom-up on the full tree (rows may hide nodes the user does not see).
    children = _children(Portfolio.objects.parent_map())

    def walk(pk: int) -> Figures:
        figures = Figures()
        if pk in own:
            figures.add(own[pk])
        for child in children.get(pk, []):
            figures.add(walk(child))
        if pk in by_pk:
            by_pk[pk].figures = figures
        return figures

    total = Figures()
    for root in children.get(None, []):
        total.add(walk(root))
    return rows, total


# --- Trend --------------------------------------------------------------------------------


def month_start(day: date, back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def compliance_trend(*, projects: QuerySet[Project], today: date, current: Figures) -> list[dict]:
    """The last 12 months, oldest first: {month, expected, compliant, score}. Past months sum
    the ``ComplianceSnapshot`` rows of ``projects``; the current month is ``current`` (the
    live figures). One query."""
    months = [month_start(today, back) for back in range(11, -1, -1)]
    sums = {
        row["month"]: row
        for row in ComplianceSnapshot.objects.filter(
            project__in=projects.order_by().values("pk"), month__gte=months[0], month__lt=months[-1]
        )
        .values("month")
        .annotate(expected=Sum("expected"), missing=Sum("missing"), outdated=Sum("outdated"))
        .order_by()
    }
    points = []
    for month in months:
        if month == months[-1]:
            expected, compliant = current.expected, current.compliant
        else:
            row = sums.get(month) or {}
            expected = row.get("expected") or 0
            compliant = expected - (row.get("missing") or 0) - (row.get("outdated") or 0)
        points.append(
            {
                "month": month,
                "expected": expected,
                "compliant": compliant,
                "score": percent(compliant, expected),
            }
        )
    return points


# --- Lists (paginated with django's Paginator, exported whole) ------------------------------


class SqlRows:
    """A list computed by one SQL statement: ``count()`` and slices for the Paginator (two
    queries a page), iteration for the exports (one query)."""

    def __init__(self, sql: str, params: list, order: str, convert):
        self.sql, self.params, self.order, self.convert = sql, params, order, convert
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = fetch_one(f"SELECT COUNT(*) FROM ({self.sql}) AS q", self.params)[0]  # noqa: S608
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            raise TypeError("SqlRows only slices")
        start, stop = key.start or 0, key.stop
        # SQLite accepts OFFSET only after a LIMIT; both accept a limit this large.
        count = 2**62 if stop is None else int(stop) - int(start)
        # Ordered by output columns of a subquery: SQLite would find "code" ambiguous
        # between the select list and the scope's columns.
        sql = (
            f"SELECT * FROM ({self.sql}) AS q ORDER BY {self.order}"  # noqa: S608
            f" LIMIT {count} OFFSET {int(start)}"
        )
        return [self.convert(row) for row in fetch(sql, self.params)]

    def __iter__(self):
        return iter(self[0:None])


def _status_label(status: str) -> str:
    try:
        return ProjectStatus(status).label
    except ValueError:
        return status


def _project_row(row: dict) -> dict:
    row["figures"] = Figures.of(row | {"projects": 1, "governed": int(row["governed"])})
    row["status_label"] = _status_label(row["status"])
    return row


def project_rows(
    *, projects: QuerySet[Project], phase: str = "", state: str = "", governed_only=False
) -> SqlRows:
    """The compliance of each project of ``projects`` (by code), narrowed to its current
    ``phase`` key and to a ``state`` of PROJECT_STATES."""
    head, params = with_scope(projects, EXPECTED_CTES, COUNTS_CTE)
    columns = ", ".join(f"COALESCE(c.{name}, 0) AS {name}" for name in COUNT_FIELDS)
    conditions = ["TRUE"]
    if phase:
        conditions.append("cur.key = %s")
        params.append(phase)
    if state in _PROJECT_CONDITIONS:
        conditions.append(_PROJECT_CONDITIONS[state])
    if governed_only:
        conditions.append("lc.id IS NOT NULL")
    sql = f"""{head}
    SELECT s.id, p.code, p.name, p.status, pf.name AS portfolio, m.name AS methodology,
           mv.number AS version, cur.name AS phase, cur.key AS phase_key,
           lc.completed_at, (lc.id IS NOT NULL) AS governed, {columns}
    FROM scope s
    JOIN portfolios_project p ON p.id = s.id
    JOIN portfolios_portfolio pf ON pf.id = s.portfolio_id
    LEFT JOIN governance_projectlifecycle lc ON lc.project_id = s.id
    LEFT JOIN governance_methodologyversion mv ON mv.id = lc.methodology_version_id
    LEFT JOIN governance_methodology m ON m.id = mv.methodology_id
    LEFT JOIN governance_phase cur ON cur.id = lc.current_phase_id
    LEFT JOIN counts c ON c.project_id = s.id
    WHERE {" AND ".join(conditions)}"""  # noqa: S608
    return SqlRows(sql, params, "code, id", _project_row)


def _aware(value):
    """A timestamp read by raw SQL as a timezone-aware datetime: SQLite hands back text or
    a naive datetime (stored in UTC), PostgreSQL an aware one."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def _deliverable_row(row: dict) -> dict:
    row["uploaded_at"] = _aware(row["uploaded_at"])
    row["state_label"] = DELIVERABLE_STATES.get(row["state"], row["state"])
    major = row.pop("tv_major")
    row["template_version"] = (
        f"v{major}.{row.pop('tv_minor')}.{row.pop('tv_patch')}" if major is not None else ""
    )
    return row


def deliverable_rows(*, projects: QuerySet[Project], phase: str = "", state: str = "") -> SqlRows:
    """Every expected deliverable of ``projects`` (by project code, phase, order) with its
    state, narrowed to the phase key ``phase`` and to a ``state`` of DELIVERABLE_STATES
    ("missing" includes the late ones)."""
    head, params = with_scope(projects, EXPECTED_CTES)
    conditions = ["TRUE"]
    if phase:
        conditions.append("e.phase_key = %s")
        params.append(phase)
    if state in _DELIVERABLE_CONDITIONS:
        conditions.append(_DELIVERABLE_CONDITIONS[state])
    sql = f"""{head}
    SELECT e.project_id, p.code, p.name, e.phase_name, e.phase_key, e.phase_order,
           e.requirement_id, e.requirement_name, e.requirement_order, {STATE_CASE} AS state,
           e.tv_major, e.tv_minor, e.tv_patch, e.uploaded_at
    FROM expected e
    JOIN portfolios_project p ON p.id = e.project_id
    WHERE {" AND ".join(conditions)}"""  # noqa: S608
    return SqlRows(
        sql,
        params,
        "code, project_id, phase_order, requirement_order, requirement_name, requirement_id",
        _deliverable_row,
    )


def phase_choices() -> list[tuple[str, str]]:
    """(key, name) of the phases of every methodology version, by order then key: one
    query. A key used with several names shows the first."""
    seen: dict[str, str] = {}
    for key, name in Phase.objects.order_by("order", "key", "pk").values_list("key", "name"):
        seen.setdefault(key, name)
    return list(seen.items())


# --- The overview page --------------------------------------------------------------------


def compliance_overview(*, user, data, today: date) -> dict:
    """The compliance page: the portfolio tree with each node's figures (the projects in
    scope whatever node is chosen), the chosen node's (or the whole scope's) figures and
    their 12-month trend. ``selected`` is None when no node is chosen; ``unknown_node`` is
    True when the chosen one is not in the user's tree. About six queries."""
    scope = compliance_scope(user=user, data=data)
    whole = compliance_scope(user=user, data=_without(data, "portfolio"))
    rows, total = compliance_tree(user=user, projects=whole.qs)
    try:
        chosen = int((data or {}).get("portfolio") or 0)
    except ValueError:
        chosen = 0
    selected = next((row for row in rows if row.node.pk == chosen), None)
    figures = selected.figures if selected else total
    trend = compliance_trend(
        projects=scope.qs if selected else whole.qs, today=today, current=figures
    )
    return {
        "scope": scope,
        "rows": rows,
        "total": total,
        "selected": selected.node if selected else None,
        "unknown_node": bool(chosen) and selected is None,
        "figures": figures,
        "trend": trend,
    }


def _without(data, name: str):
    if not data or name not in data:
        return data
    copy = data.copy()
    del copy[name]
    return copy
