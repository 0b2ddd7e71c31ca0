"""Reads behind resources' cockpit cards (resources/panels_roles.py) and the list filters the
cards link to, so that each card counts exactly the rows its list shows."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from pmo_portal.dates import month_start, next_month
from portfolios.models import Project, ProjectStatus
from resources.models import ActualCost, BudgetLine, Team
from resources.selectors.capacity import Heatmap, months_ahead, team_heatmap

# The resource manager's card looks at the current month and the next two.
OVER_ALLOCATION_MONTHS = 3
MISSING = "missing"  # the project list's ``actuals`` value: no actual cost this month


def without_actuals(queryset: QuerySet[Project], *, today: date) -> QuerySet[Project]:
    """Active projects of ``queryset`` that have a budget line for ``today``'s fiscal year
    and no actual cost dated in ``today``'s month: Finance's "projects without actuals this
    month" (the card and the project list's ``actuals=missing``)."""
    first = month_start(today)
    budgeted = BudgetLine.objects.filter(fiscal_year=today.year).values("project_id")
    costed = ActualCost.objects.filter(date__gte=first, date__lt=next_month(first)).values(
        "project_id"
    )
    return queryset.filter(status=ProjectStatus.ACTIVE, pk__in=budgeted).exclude(pk__in=costed)


def filter_actuals(queryset, name, value):
    """The project list's filter method (pmo_portal.registry.ProjectListFilter)."""
    if value != MISSING:
        return queryset
    return without_actuals(queryset, today=timezone.localdate())


def team_rows(heatmap: Heatmap, *, over: bool = False, manager=None) -> Heatmap:
    """The team heatmap narrowed to the rows with an over-allocated cell (``over``) and to
    the teams ``manager`` manages (one query)."""
    rows = heatmap.rows
    if manager is not None:
        managed = set(Team.objects.filter(manager=manager).values_list("pk", flat=True))
        rows = [row for row in rows if row.key in managed]
    if over:
        rows = [row for row in rows if any(cell.state == "over" for cell in row.cells)]
    over_count = sum(1 for row in rows for cell in row.cells if cell.state == "over")
    return replace(heatmap, rows=rows, over_count=over_count)


def over_allocated_teams(*, user, today: date | None = None) -> int:
    """The teams ``user`` manages whose approved demand exceeds capacity in at least one of
    the next OVER_ALLOCATION_MONTHS months (this one included): the rows the capacity page
    shows with ``months=3&over=on&mine=on``. Four queries."""
    months = months_ahead(today, OVER_ALLOCATION_MONTHS)
    return len(team_rows(team_heatmap(months=months), over=True, manager=user).rows)
