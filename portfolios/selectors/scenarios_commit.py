"""Read side of the scenario's commit page (issue 12): the status changes committing would
make, in the database (a queryset to paginate) with their totals, so that a 2,000-project
scenario's confirmation costs the same few queries as a 20-project one. The rule itself
(which status becomes which) is the one the commit applies:
``portfolios.selectors.scenarios_pages._new_status``, read here for every status."""

from __future__ import annotations

from django.db.models import Case, CharField, Count, Q, QuerySet, Value, When

from portfolios.models import ProjectStatus, Scenario, ScenarioProject
from portfolios.selectors.scenarios_pages import _new_status


def transitions() -> list[tuple[bool, str, str]]:
    """(selected, status now, status after) for every status the commit changes."""
    return [
        (selected, status, new)
        for selected in (True, False)
        for status in ProjectStatus.values
        if (new := _new_status(status, selected)) is not None
    ]


def change_lines(scenario: Scenario) -> QuerySet[ScenarioProject]:
    """The lines of ``scenario`` whose project's status the commit changes (the projects of
    ``pages.planned_changes``), by project code, each with ``new_status`` and its project
    and manager."""
    rules = transitions()
    changed = Q()
    for selected, status, _new in rules:
        changed |= Q(selected=selected, project__status=status)
    new_status = Case(
        *(
            When(selected=selected, project__status=status, then=Value(new))
            for selected, status, new in rules
        ),
        output_field=CharField(),
    )
    return (
        ScenarioProject.objects.filter(scenario=scenario, project__is_archived=False)
        .filter(changed)
        .annotate(new_status=new_status)
        .select_related("project__manager")
        .order_by("project__code", "pk")
    )


def change_totals(scenario: Scenario) -> list[dict]:
    """How many projects go from which status to which, in the order of ``transitions``
    (only those that occur): [{"old", "new", "old_label", "new_label", "count"}]. One
    query."""
    counted = {
        (row["project__status"], row["new_status"]): row["count"]
        for row in change_lines(scenario)
        .order_by()
        .values("project__status", "new_status")
        .annotate(count=Count("pk"))
    }
    totals = []
    for _selected, old, new in transitions():
        if counted.get((old, new)):
            totals.append(
                {
                    "old": old,
                    "new": new,
                    "old_label": ProjectStatus(old).label,
                    "new_label": ProjectStatus(new).label,
                    "count": counted[(old, new)],
                }
            )
    return totals
