# ruff: noqa: S608, S611 (SQL built from the code's own table and column names; data go as parameters)
"""The dashboards' top-10 lists read from the roll-ups' short lists (issue 16).

The roll-ups keep, per project under way, the items each list may show with the values it
is sorted by (portfolios.models.RollupItem, written by reporting/rollup_source.py's
``reporting_items``). Within one node the index ``rollupitem_node_order`` holds a list's
items in the list's order, so the first ten of each node of the scope are read from the
index (``CROSS JOIN LATERAL … ORDER BY … LIMIT 10``) and the best ten of those are the
list: the work depends on the number of nodes of the scope, not on the number of projects,
risks or milestones. The ten rows are then read from their own table, in the query that
picks them (one query a list, as the scans of dashboards.py).

Served in the same cases as the counts (dashboard_rollups.rollup_scope); the rows are those
the scans give (tests/reporting/test_dashboard_rollups.py compares both).
"""

from __future__ import annotations

from datetime import date

from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from portfolios.models import Project, RollupItem
from portfolios.selectors.rollups import NodeScope
from reporting.models import Milestone, RaidItem

ITEMS = RollupItem._meta.db_table
ORDER = "sort_number, sort_text, sort_date, item_id"


def _nodes(scope: NodeScope, groups: list, *, since_previous: bool) -> tuple[list, list]:
    """The scope's node ids, with the start of their previous period when ``since_previous``
    (else None): the arrays the lateral join walks."""
    ids, since = [], []
    for group in groups:
        if scope.nodes is None:
            chosen = list(group.portfolio_ids)
        else:
            chosen = sorted(set(group.portfolio_ids) & scope.nodes)
        ids += chosen
        since += [group.previous.start if since_previous else None] * len(chosen)
    return ids, since


def _listed(model, parts: list[tuple[str, list]], nodes: tuple[list, list], limit: int) -> QuerySet:
    """The rows of ``model`` that are the first ``limit`` items over the nodes, from the
    union of ``parts`` (each a condition on ``i`` and its parameters, ``n`` being the node).

    ``id = ANY(ARRAY(…))``: the ids are computed once, then the rows read by primary key
    (with ``IN (…)`` the planner may hash the ids and scan the whole table instead)."""
    selects, params = [], []
    for condition, condition_params in parts:
        selects.append(
            f"(SELECT {ORDER} FROM {ITEMS} i "
            f"WHERE i.portfolio_id = n.id AND {condition} ORDER BY {ORDER} LIMIT %s)"
        )
        params += [*condition_params, limit]
    sql = (
        "SELECT t.item_id FROM unnest(%s::bigint[], %s::date[]) AS n (id, since) "
        f"CROSS JOIN LATERAL ({' UNION '.join(selects)}) AS t ORDER BY {ORDER} LIMIT %s"
    )
    table = model._meta.db_table
    listed = RawSQL(
        f'"{table}"."id" = ANY(ARRAY({sql}))',
        [nodes[0], nodes[1], *params, limit],
        output_field=BooleanField(),
    )
    return model.objects.filter(listed)


def top_risks(scope: NodeScope, groups: list, *, order: tuple, limit: int) -> QuerySet:
    """Open risks of the scope's projects under way, highest exposure first."""
    nodes = _nodes(scope, groups, since_previous=False)
    return _listed(RaidItem, [("i.key = 'risk'", [])], nodes, limit).order_by(*order)


def top_milestones(scope: NodeScope, groups: list, *, horizon: date, limit: int) -> QuerySet:
    """Open milestones forecast by ``horizon`` (overdue included) or slipped, soonest first.

    Those due are a prefix of a node's milestones in forecast order (``sort_number`` and
    ``sort_text`` are constant for them, so the index range ends at the horizon); the
    slipped ones have a list of their own. A milestone in the first ten of the scope is in
    the first ten of one of the two within its node."""
    due = (
        "i.key = 'ms' AND i.sort_number = 0 AND i.sort_text = '' AND i.sort_date <= %s",
        [horizon],
    )
    slipped = ("i.key = 'ms_slip'", [])
    nodes = _nodes(scope, groups, since_previous=False)
    return _listed(Milestone, [due, slipped], nodes, limit).order_by("forecast_date", "pk")


def top_worse(scope: NodeScope, groups: list, *, order: tuple, limit: int) -> QuerySet:
    """Projects counted in ``worse`` (their latest report, of this period or the last, is
    worse than the one before), worst declared health first."""
    recent = ("i.key = 'worse' AND i.sort_date >= n.since", [])
    nodes = _nodes(scope, groups, since_previous=True)
    return _listed(Project, [recent], nodes, limit).order_by(*order)
