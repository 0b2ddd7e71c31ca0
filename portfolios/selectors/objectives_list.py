"""The objective tree as one queryset in the tree page's order (each node followed by its
subtree, siblings by code), for readers that page through it (the REST API's cursor)."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When

from portfolios.models import ObjectiveKPI, StrategicObjective
from portfolios.selectors.objectives import tree_order

TREE_POSITION = "tree_position"


def objectives_in_tree_order() -> QuerySet[StrategicObjective]:
    """Every objective with its owner and KPIs (in order), annotated with its rank in the
    tree page's order (``tree_position``, from 0) and ordered by it. Objectives are a few
    hundred at most: the order is read in one query and written into the SQL, so a page costs
    two more queries (the objectives, their KPIs) whatever its place in the tree."""
    order = tree_order(StrategicObjective.objects.only("pk", "code", "parent_id"))
    position = Case(
        *[
            When(pk=objective.pk, then=Value(rank))
            for rank, (objective, _depth) in enumerate(order)
        ],
        default=Value(len(order)),
        output_field=IntegerField(),
    )
    return (
        StrategicObjective.objects.select_related("owner")
        .prefetch_related(Prefetch("kpis", queryset=ObjectiveKPI.objects.order_by("order", "name")))
        .annotate(**{TREE_POSITION: position})
        .order_by(TREE_POSITION)
    )
