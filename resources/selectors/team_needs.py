"""FTE needs per team (issue 12: scenarios limited per team): what resources gives the
scenarios of portfolios through ``pmo_portal.registry.TeamNeeds`` (resources/contributions.py),
and the project's "Team needs" tab.

The need of a project from a team in a year, as a yearly average FTE (like the business
case's FTE):

- an ACTIVE project, in a year where it has allocations from the current month on
  (requested or approved: the demand of the capacity plan, as resources/services/
  remaining_need.py counts it): Σ FTE of those allocations of the team's resources / 12 —
  the split by team of ``BusinessCaseYear.remaining_fte``. Allocations of a resource without
  a team count for no team;
- otherwise (a candidate, or an active project in a year without allocations): the FTE
  planned on the tab (``PlannedTeamNeed``); none planned is 0.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from pmo_portal.dates import month_start
from portfolios.models import BusinessCaseYear, Project, ProjectStatus
from resources.models import Allocation, PlannedTeamNeed, Team
from resources.services.remaining_need import DEMAND

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
MONTHS = Decimal("12")
# The tab's years when the project has no business case yet: this year and the next two.
DEFAULT_YEARS = 3


# --- what scenarios read (pmo_portal.registry.TeamNeeds) -------------------------------


def teams() -> list[tuple[int, str]]:
    """Every team, by name (one query)."""
    return list(Team.objects.order_by("name", "pk").values_list("pk", "name"))


def needs(
    *,
    project_ids: Iterable[int],
    active_ids: Iterable[int],
    years: Iterable[int],
    today: date | None = None,
) -> dict[tuple[int, int, int], Decimal]:
    """(project, year, team) → FTE for ``project_ids`` over ``years`` (rules in the module
    docstring; ``active_ids``: the active projects among them). Two queries at most,
    whatever the number of projects."""
    ids, years = list(project_ids), sorted(set(years))
    if not ids or not years:
        return {}
    active = set(active_ids) & set(ids)
    found: dict[tuple[int, int, int], Decimal] = {}
    allocated: set[tuple[int, int]] = set()
    if active:
        rows = (
            Allocation.objects.filter(
                project_id__in=sorted(active),
                month__gte=month_start(today or timezone.localdate()),
                month__year__gte=years[0],
                month__year__lte=years[-1],
                status__in=DEMAND,
            )
            .annotate(year=ExtractYear("month"))
            .values_list("project_id", "year", "resource__team_id")
            .annotate(total=Sum("fte"))
            .order_by()
        )
        for project_id, year, team_id, total in rows:
            allocated.add((project_id, year))
            if team_id is not None and total:
                found[(project_id, year, team_id)] = (Decimal(total) / MONTHS).quantize(
                    CENT, ROUND_HALF_UP
                )
    planned = PlannedTeamNeed.objects.filter(
        project_id__in=ids, year__gte=years[0], year__lte=years[-1], fte__gt=0
    ).values_list("project_id", "year", "team_id", "fte")
    for project_id, year, team_id, fte in planned:
        if (project_id, year) not in allocated:
            found[(project_id, year, team_id)] = fte
    return {key: fte for key, fte in found.items() if fte}


# --- the project's tab -------------------------------------------------------------------


@dataclass
class TeamNeedsGrid:
    """The tab's grid: teams (rows) × years (columns), the planned FTE stored per cell."""

    project: Project
    years: list[int]
    teams: list[Team]
    stored: dict[tuple[int, int], Decimal]  # (team, year) → FTE
    digest: str
    active: bool


def needs_digest(rows: Iterable) -> str:
    """A fingerprint of a project's planned needs (PlannedTeamNeed rows, or (team, year,
    fte) triples): the page carries the one it was opened at; a save whose digest no longer
    matches the stored rows is a conflict."""
    lines = sorted(
        f"{team}|{year}|{Decimal(fte).quantize(CENT)}"
        for team, year, fte in (
            (row.team_id, row.year, row.fte) if isinstance(row, PlannedTeamNeed) else row
            for row in rows
        )
    )
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def grid_years(project: Project, stored_years: Iterable[int], today: date | None = None):
    """The business case's years and those already planned; this year and the next two for
    a project without either (one query)."""
    years = set(stored_years) | set(
        BusinessCaseYear.objects.filter(project=project).values_list("year", flat=True)
    )
    if not years:
        first = (today or timezone.localdate()).year
        years = set(range(first, first + DEFAULT_YEARS))
    return sorted(years)


def team_needs_grid(project: Project) -> TeamNeedsGrid:
    """The tab of ``project``: three queries."""
    rows = list(PlannedTeamNeed.objects.filter(project=project))
    stored = {(row.team_id, row.year): row.fte for row in rows}
    return TeamNeedsGrid(
        project=project,
        years=grid_years(project, {year for _team, year in stored}),
        teams=list(Team.objects.order_by("name", "pk")),
        stored=stored,
        digest=needs_digest(rows),
        active=project.status == ProjectStatus.ACTIVE,
    )
