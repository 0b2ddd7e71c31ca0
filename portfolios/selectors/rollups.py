# ruff: noqa: S608 (SQL built from compiled conditions and the table's name; data go as parameters)
"""Read side of the portfolio roll-ups (portfolios/models/rollups.py).

A reader asks, in one query, for sums of roll-up rows under named conditions (key, period,
nodes) and applies today's date itself. ``readable_nodes`` says whether a user's scope is a
union of whole nodes (then the roll-ups serve them) or not (the caller reads the source
tables, as before the roll-ups).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection
from django.db.models import Q
from django.db.models.sql import Query

from pmo_portal import roles
from pmo_portal.dates import next_month
from portfolios.models import Portfolio, Project, Rollup
from portfolios.services.rollups import rollups_serve_reads


@dataclass(frozen=True)
class NodeScope:
    """The portfolio nodes whose own projects make up a reader's scope; ``nodes`` None means
    every node (the whole company)."""

    nodes: frozenset[int] | None

    def narrowed(self, root_id: int | None) -> NodeScope:
        """The same scope within the subtree of ``root_id`` (a dashboard's portfolio)."""
        if root_id is None:
            return self
        subtree = frozenset(Portfolio.objects.subtree_ids([root_id]))
        return NodeScope(subtree if self.nodes is None else self.nodes & subtree)

    def condition(self, field: str = "portfolio_id") -> Q:
        return Q() if self.nodes is None else Q(**{f"{field}__in": sorted(self.nodes)})

    def within(self, ids: Iterable[int]) -> Q:
        """Nodes of this scope among ``ids`` (a period group's portfolios)."""
        chosen = set(ids) if self.nodes is None else set(ids) & self.nodes
        return Q(portfolio_id__in=sorted(chosen))


def readable_nodes(user) -> NodeScope | None:
    """The nodes ``user`` reads every project of, when the projects they read are exactly
    those (``Project.objects.visible_to``); None when their scope also holds single
    projects (a sponsored project outside their portfolios): read the source tables then.

    Cross-portfolio roles read every node. Members read their portfolios' subtrees; a
    project manager also reads the whole portfolios of the projects they manage or
    deputise. Two to four queries."""
    if not rollups_serve_reads():
        return None
    if not user.is_authenticated or not roles.has_any_role(user):
        return None
    if roles.reads_all_projects(user):
        return NodeScope(None)
    member_of = list(user.portfolios.values_list("pk", flat=True))
    nodes = set(Portfolio.objects.subtree_ids(member_of)) if member_of else set()
    if roles.has_role(user, roles.Role.PROJECT_MANAGER):
        managed = Project.objects.filter(Q(manager=user) | Q(deputies=user))
        nodes |= set(managed.values_list("portfolio_id", flat=True).distinct())
    if Project.objects.filter(sponsor=user).exclude(portfolio_id__in=nodes).exists():
        return None
    return NodeScope(frozenset(nodes))


def rollup_sums(conditions: dict[str, Q]) -> dict[str, dict[tuple[str, date], Decimal]]:
    """{name: {(key, period): sum over the nodes}} for each named condition on roll-up rows
    (key, period, portfolio_id), in one query. Conditions must not overlap (a row counts
    under the first one it meets).

    Each condition is compiled to SQL once and used twice (the CASE that names a row's
    condition, and the WHERE whose OR the index serves): building the same query through
    the queryset API compiled every condition twice and cost more than running it. The SQL
    of the same conditions (a dashboard opened again the same day) is kept in the process."""
    result: dict[str, dict[tuple[str, date], Decimal]] = defaultdict(dict)
    if not conditions:
        return result
    text, params = _sums_sql(tuple(conditions.items()))
    if text is None:
        return result
    with connection.cursor() as cursor:
        cursor.execute(text, params)
        for part, key, period, total in cursor.fetchall():
            result[part][(key, period)] = total
    return result


@functools.lru_cache(maxsize=512)
def _sums_sql(conditions: tuple[tuple[str, Q], ...]) -> tuple[str | None, list]:
    """The SQL and parameters of rollup_sums for ``conditions`` (None: no row can match)."""
    query = Query(Rollup)
    compiler = query.get_compiler(connection=connection)
    cases, wheres, case_params, where_params = [], [], [], []
    for name, condition in conditions:
        try:
            sql, params = query.build_where(condition).as_sql(compiler, connection)
        except EmptyResultSet:  # e.g. nodes of a scope among none: no row
            continue
        except FullResultSet:  # no condition at all: every row
            sql, params = "TRUE", []
        cases.append(f"WHEN ({sql}) THEN %s")
        case_params += [*params, name]
        wheres.append(f"({sql})")
        where_params += params
    if not wheres:
        return None, []
    table = Rollup._meta.db_table
    text = (
        f"SELECT CASE {' '.join(cases)} END AS part, key, period, SUM(value) FROM {table} "
        f"WHERE {' OR '.join(wheres)} GROUP BY 1, 2, 3"
    )
    return text, [*case_params, *where_params]


def dated_condition(key: str, after: date) -> Q:
    """Rows of a ``dated`` key (portfolios.services.rollups.dated) that count the items
    dated after ``after``: whole months from the month after ``after``'s, and the days of
    ``after``'s month (at most 31 a node, whatever the number of items)."""
    months = Q(key=f"{key}_month", period__gte=next_month(after))
    days = Q(key=f"{key}_day", period__gt=after, period__lt=next_month(after))
    return months | days


def dated_after(sums: dict[tuple[str, date], Decimal], key: str, after: date) -> int:
    """Items of ``key`` dated strictly after ``after``, from rows fetched with (at least)
    ``dated_condition(key, after)``."""
    boundary = next_month(after)
    total = Decimal(0)
    for (row_key, period), value in sums.items():
        month = row_key == f"{key}_month" and period >= boundary
        day = row_key == f"{key}_day" and after < period < boundary
        if month or day:
            total += value
    return int(total)
