"""Read side of the objective exports (issue 12): the objective tree with each objective's
parent path, and the coverage map with every live project serving no objective. The same
figures as the pages (portfolios/selectors/objectives.py), in a fixed number of queries
whatever the number of objectives and projects."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from portfolios.models import Project
from portfolios.selectors.objectives import (
    ObjectiveNode,
    coverage_matrix,
    objective_tree,
    unserved_queryset,
)


@dataclass
class ExportedObjective:
    node: ObjectiveNode
    path: list[str]  # codes of its ancestors, the top-level one first


def objective_tree_export(*, user, year: int) -> list[ExportedObjective]:
    """Every objective in tree order with its owner, KPIs, roll-up of ``year`` and the codes
    of its ancestors (three queries, as the tree page)."""
    nodes = objective_tree(user=user, year=year)
    codes = {node.objective.pk: node.objective.code for node in nodes}
    paths: dict[int, list[str]] = {}
    exported = []
    for node in nodes:  # tree order: a parent comes before its children
        objective = node.objective
        parent = objective.parent_id if objective.parent_id in codes else None
        paths[objective.pk] = [*paths.get(parent, []), codes[parent]] if parent else []
        exported.append(ExportedObjective(node=node, path=paths[objective.pk]))
    return exported


def coverage_export(*, user) -> dict:
    """The coverage matrix (columns, rows, objectives nobody serves) and ``unserved``: every
    live project of ``user``'s scope serving no objective, by code, with its portfolio and
    manager (a queryset to iterate: one query, however many)."""
    unserved: QuerySet[Project] = unserved_queryset(user).select_related("portfolio", "manager")
    return {**coverage_matrix(user=user), "unserved": unserved}
