"""Read side of the portfolio roll-ups (portfolios/models/rollups.py).

A reader asks, in one query, for sums of roll-up rows under named conditions (key, period,
nodes) and applies today's date itself. ``readable_nodes`` says whether a user's scope is a
union of whole nodes (then the roll-ups serve them) or not (the caller reads the source
tables, as before the roll-ups).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Case, CharField, Q, Sum, Value, When

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
    under the first one it meets)."""
    result: dict[str, dict[tuple[str, date], Decimal]] = defaultdict(dict)
    if not conditions:
        return result
    either = Q(pk__in=[])
    for condition in conditions.values():
        either |= condition
    rows = (
        Rollup.objects.filter(either)
        .annotate(
            part=Case(
                *[When(condition, then=Value(name)) for name, condition in conditions.items()],
                output_field=CharField(),
            )
        )
        .values("part", "key", "period")
        .annotate(total=Sum("value"))
        .order_by()
    )
    for row in rows:
        result[row["part"]][(row["key"], row["period"])] = row["total"]
    return result


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
