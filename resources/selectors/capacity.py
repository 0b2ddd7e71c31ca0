"""Read side of capacity and allocations. Aggregates run in SQL (GROUP BY team or resource
and month); query counts never depend on the number of resources or allocations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Case, DecimalField, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from pmo_portal import roles
from pmo_portal.dates import (
    add_months,  # noqa: F401 (still imported from here by the COPIL pack)
    months_from,
    next_month,
)
from portfolios.models import Portfolio, Project
from resources.models import Allocation, AllocationStatus, Availability, Resource, Team

HORIZON = 12
OVER = Decimal("100")
IDLE = Decimal("50")


def months_ahead(today: date | None = None, count: int = HORIZON) -> list[date]:
    """The first days of the ``count`` months starting with the current one."""
    return months_from(today or timezone.localdate(), count)


# --- Project allocation grid ------------------------------------------------------------


@dataclass
class GridRow:
    resource: Resource
    cells: dict = field(default_factory=dict)  # month -> Allocation


def project_allocations(project: Project, months: list[date]) -> QuerySet[Allocation]:
    """The allocations of ``project`` in ``months`` (every status), by resource name and
    month: the project's allocation grid, row by row."""
    return (
        Allocation.objects.filter(project=project, month__gte=months[0], month__lte=months[-1])
        .select_related("resource__team")
        .order_by("resource__name", "resource_id", "month")
    )


def project_allocation_rows(project: Project, months: list[date], extra_ids=()) -> list[GridRow]:
    """The resources allocated to ``project`` in ``months`` (plus ``extra_ids``), each with
    its allocations by month. Two queries."""
    allocations = project_allocations(project, months)
    rows: dict[int, GridRow] = {}
    for allocation in allocations:
        row = rows.setdefault(allocation.resource_id, GridRow(allocation.resource))
        row.cells[allocation.month] = allocation
    missing = [pk for pk in extra_ids if pk not in rows]
    if missing:
        for resource in Resource.objects.filter(pk__in=missing).select_related("team"):
            rows[resource.pk] = GridRow(resource)
    return sorted(rows.values(), key=lambda row: (row.resource.name, row.resource.pk))


def addable_resources(exclude_ids) -> QuerySet[Resource]:
    return (
        Resource.objects.filter(is_active=True)
        .exclude(pk__in=list(exclude_ids))
        .select_related("team")
        .order_by("team__name", "name")
    )


# --- Decisions ----------------------------------------------------------------------------


def decidable_allocations(user) -> QuerySet[Allocation]:
    """Requested allocations ``user`` may decide (mirrors ``resources.decide_allocation``)."""
    base = Allocation.objects.filter(status=AllocationStatus.REQUESTED)
    if roles.has_role(user, roles.Role.PMO):
        return base
    if not roles.has_role(user, roles.Role.RESOURCE_MANAGER):
        return base.none()
    return base.filter(
        Q(resource__team__isnull=True)
        | Q(resource__team__manager__isnull=True)
        | Q(resource__team__manager=user)
    )


@dataclass
class PendingGroup:
    project: Project
    allocations: list = field(default_factory=list)

    @property
    def total_fte(self) -> Decimal:
        return sum((a.fte for a in self.allocations), Decimal("0"))


def pending_by_project(user, project_ids=None) -> list[PendingGroup]:
    """Requested allocations ``user`` may decide, grouped by project (one query)."""
    queryset = decidable_allocations(user).select_related(
        "project", "resource__team", "requested_by"
    )
    if project_ids is not None:
        queryset = queryset.filter(project_id__in=project_ids)
    groups: dict[int, PendingGroup] = {}
    for allocation in queryset.order_by("project__code", "resource__name", "month"):
        groups.setdefault(allocation.project_id, PendingGroup(allocation.project))
        groups[allocation.project_id].allocations.append(allocation)
    return list(groups.values())


# --- Capacity heatmap -----------------------------------------------------------------------


@dataclass
class HeatCell:
    month: date
    demand: Decimal
    capacity: Decimal

    @property
    def utilisation(self) -> Decimal | None:
        if not self.capacity:
            return None
        return (self.demand * 100 / self.capacity).quantize(Decimal("1"))

    @property
    def state(self) -> str:
        """ "over" above 100 %, "idle" below 50 %, "ok" between; "none" without capacity."""
        if not self.capacity:
            return "over" if self.demand else "none"
        if self.utilisation > OVER:
            return "over"
        if self.utilisation < IDLE:
            return "idle"
        return "ok"


@dataclass
class HeatRow:
    key: int | None
    label: str
    cells: list


@dataclass
class Heatmap:
    months: list
    rows: list
    by: str
    over_count: int = 0


def _resources(*, team_id=None, skill_id=None, resource_ids=None) -> QuerySet[Resource]:
    queryset = Resource.objects.filter(is_active=True)
    if team_id == 0:
        queryset = queryset.filter(team__isnull=True)
    elif team_id:
        queryset = queryset.filter(team_id=team_id)
    if skill_id:
        queryset = queryset.filter(skills=skill_id)
    if resource_ids is not None:
        queryset = queryset.filter(pk__in=list(resource_ids))
    return queryset


def _present(month: date, prefix: str = "") -> Q:
    """The resource is there for part of ``month`` (between its arrival and departure)."""
    return (
        Q(**{f"{prefix}available_from__isnull": True})
        | Q(**{f"{prefix}available_from__lt": next_month(month)})
    ) & (
        Q(**{f"{prefix}available_until__isnull": True})
        | Q(**{f"{prefix}available_until__gte": month})
    )


def capacity_by(
    *, months: list[date], group: str, team_id=None, skill_id=None, resource_ids=None
) -> dict:
    """Available FTE per (team or resource, month): the Availability row of the month, else
    ``default_fte``; zero for a month outside [available_from, available_until].

    Two aggregate queries, portable (PostgreSQL and the SQLite demo): the default capacity
    of every month as one conditional SUM per month, then the corrections of the
    Availability rows (their FTE minus the default) grouped by month.
    """
    column = "team_id" if group == "team" else "pk"
    resources = _resources(team_id=team_id, skill_id=skill_id, resource_ids=resource_ids)
    zero = Value(Decimal("0.00"), output_field=DecimalField(max_digits=8, decimal_places=2))
    sums = {
        f"m{i}": Coalesce(
            Sum(Case(When(_present(month), then=F("default_fte")), default=zero)), zero
        )
        for i, month in enumerate(months)
    }
    totals: dict = {}
    for row in resources.values(column).annotate(**sums).order_by():
        for i, month in enumerate(months):
            totals[(row[column], month)] = row[f"m{i}"]
    present = Q(pk__in=[])
    for month in months:
        present |= Q(month=month) & _present(month, "resource__")
    corrections = (
        Availability.objects.filter(resource__in=resources)
        .filter(present)
        .values(f"resource__{column}" if column == "team_id" else "resource_id", "month")
        .annotate(delta=Sum(F("fte") - F("resource__default_fte")))
        .order_by()
    )
    key_name = "resource__team_id" if column == "team_id" else "resource_id"
    for row in corrections:
        key = (row[key_name], row["month"])
        totals[key] = totals.get(key, Decimal("0.00")) + row["delta"]
    return totals


def _demand_queryset(
    *, months, include_requested, team_id=None, skill_id=None, portfolio=None, projects=None
) -> QuerySet[Allocation]:
    """Allocations of ``months`` (approved, and requested if asked), narrowed to a team, a
    skill, a portfolio's subtree, or ``projects`` (a queryset of projects, e.g. the ones a
    COPIL covers)."""
    statuses = [AllocationStatus.APPROVED]
    if include_requested:
        statuses.append(AllocationStatus.REQUESTED)
    queryset = Allocation.objects.filter(
        month__gte=months[0],
        month__lte=months[-1],
        status__in=statuses,
        resource__is_active=True,
    )
    if team_id == 0:
        queryset = queryset.filter(resource__team__isnull=True)
    elif team_id:
        queryset = queryset.filter(resource__team_id=team_id)
    if skill_id:
        queryset = queryset.filter(resource__skills=skill_id)
    if portfolio is not None:
        queryset = queryset.filter(
            project__portfolio_id__in=Portfolio.objects.subtree_ids([portfolio.pk])
        )
    if projects is not None:
        queryset = queryset.filter(project__in=projects.order_by().values("pk"))
    return queryset


def demand_by(*, group: str, resource_ids=None, **filters) -> dict:
    """Allocated FTE per (team or resource, month). One query (GROUP BY)."""
    column = "resource__team_id" if group == "team" else "resource_id"
    queryset = _demand_queryset(**filters)
    if resource_ids is not None:
        queryset = queryset.filter(resource_id__in=list(resource_ids))
    rows = queryset.values(column, "month").annotate(total=Sum("fte")).order_by()
    return {(row[column], row["month"]): row["total"] for row in rows}


def _cells(key, months, demand, capacity) -> list[HeatCell]:
    zero = Decimal("0")
    return [
        HeatCell(month, demand.get((key, month), zero), capacity.get((key, month), zero))
        for month in months
    ]


def team_heatmap(
    *, months, include_requested=False, team_id=None, skill_id=None, portfolio=None
) -> Heatmap:
    """Team × month (teams without any resource are left out). Three queries."""
    filters = {"team_id": team_id, "skill_id": skill_id}
    capacity = capacity_by(months=months, group="team", **filters)
    demand = demand_by(
        group="team",
        months=months,
        include_requested=include_requested,
        portfolio=portfolio,
        **filters,
    )
    keys = {key for key, _month in capacity} | {key for key, _month in demand}
    teams = {team.pk: team.name for team in Team.objects.filter(pk__in=[k for k in keys if k])}
    rows = []
    for key in sorted(keys, key=lambda k: (k is None, teams.get(k, ""))):
        label = teams.get(key) if key is not None else None
        rows.append(
            HeatRow(key if key is not None else 0, label, _cells(key, months, demand, capacity))
        )
    return _finish(Heatmap(months, rows, "team"))


def resource_heatmap(
    *, months, resources: list[Resource], include_requested=False, portfolio=None, **filters
) -> Heatmap:
    """Resource × month for the resources of one page. Two queries."""
    ids = [resource.pk for resource in resources]
    capacity = capacity_by(months=months, group="resource", resource_ids=ids)
    demand = demand_by(
        group="resource",
        resource_ids=ids,
        months=months,
        include_requested=include_requested,
        portfolio=portfolio,
    )
    rows = [
        HeatRow(resource.pk, resource.name, _cells(resource.pk, months, demand, capacity))
        for resource in resources
    ]
    return _finish(Heatmap(months, rows, "resource"))


def _finish(heatmap: Heatmap) -> Heatmap:
    heatmap.over_count = sum(
        1 for row in heatmap.rows for cell in row.cells if cell.state == "over"
    )
    return heatmap


def filter_resources(*, team_id=None, skill_id=None, kind=None, active_only=True):
    queryset = Resource.objects.select_related("team").order_by("name", "pk")
    if active_only:
        queryset = queryset.filter(is_active=True)
    if team_id == 0:
        queryset = queryset.filter(team__isnull=True)
    elif team_id:
        queryset = queryset.filter(team_id=team_id)
    if skill_id:
        queryset = queryset.filter(skills=skill_id)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset


def cell_allocations(
    *, month, include_requested, team_id=None, resource_id=None, skill_id=None, portfolio=None
) -> QuerySet[Allocation]:
    """The allocations behind one heatmap cell."""
    queryset = _demand_queryset(
        months=[month],
        include_requested=include_requested,
        team_id=team_id,
        skill_id=skill_id,
        portfolio=portfolio,
    )
    if resource_id:
        queryset = queryset.filter(resource_id=resource_id)
    return queryset.select_related("resource__team", "project").order_by(
        "resource__name", "project__code"
    )


def resource_months(resource: Resource, months: list[date]) -> list[dict]:
    """Capacity, availability override and demand of one resource per month (three queries)."""
    overrides = dict(
        resource.availability.filter(month__gte=months[0], month__lte=months[-1]).values_list(
            "month", "fte"
        )
    )
    capacity = capacity_by(months=months, group="resource", resource_ids=[resource.pk])
    demand = dict(
        resource.allocations.filter(
            month__gte=months[0], month__lte=months[-1], status=AllocationStatus.APPROVED
        )
        .values("month")
        .annotate(total=Sum("fte"))
        .order_by()
        .values_list("month", "total")
    )
    return [
        {
            "month": month,
            "override": overrides.get(month),
            "capacity": capacity.get((resource.pk, month), Decimal("0")),
            "demand": demand.get(month, Decimal("0")),
        }
        for month in months
    ]


# --- Portfolio FTE consumption --------------------------------------------------------------


@dataclass
class ConsumptionRow:
    project: Project
    cells: list  # [(month, planned, approved)]

    @property
    def planned_total(self) -> Decimal:
        return sum((planned for _m, planned, _a in self.cells), Decimal("0"))

    @property
    def approved_total(self) -> Decimal:
        return sum((approved for _m, _p, approved in self.cells), Decimal("0"))


def fte_projects(*, user, portfolio=None) -> QuerySet[Project]:
    """Projects of ``user``'s scope (in ``portfolio``'s subtree) with an allocation that is
    requested or approved in the next months."""
    months = months_ahead()
    queryset = Project.objects.visible_to(user).filter(
        allocations__month__gte=months[0],
        allocations__month__lte=months[-1],
        allocations__status__in=[AllocationStatus.REQUESTED, AllocationStatus.APPROVED],
    )
    if portfolio is not None:
        queryset = queryset.filter(portfolio_id__in=Portfolio.objects.subtree_ids([portfolio.pk]))
    return queryset.distinct().select_related("portfolio").order_by("code")


def fte_consumption(projects: list[Project], months: list[date]) -> list[ConsumptionRow]:
    """Planned (requested + approved) and approved FTE per project and month (one query)."""
    totals = (
        Allocation.objects.filter(
            project__in=[project.pk for project in projects],
            month__gte=months[0],
            month__lte=months[-1],
        )
        .values("project_id", "month")
        .annotate(
            planned=Sum(
                "fte",
                filter=Q(status__in=[AllocationStatus.REQUESTED, AllocationStatus.APPROVED]),
            ),
            approved=Sum("fte", filter=Q(status=AllocationStatus.APPROVED)),
        )
        .order_by()
    )
    zero = Decimal("0")
    found = {
        (row["project_id"], row["month"]): (row["planned"] or zero, row["approved"] or zero)
        for row in totals
    }
    return [
        ConsumptionRow(
            project,
            [(month, *found.get((project.pk, month), (zero, zero))) for month in months],
        )
        for project in projects
    ]


def fte_portfolio_totals(projects_queryset: QuerySet[Project], months: list[date]) -> list:
    """Planned and approved FTE per month over every project of the selection (one query)."""
    rows = (
        Allocation.objects.filter(
            project__in=projects_queryset.order_by().values("pk"),
            month__gte=months[0],
            month__lte=months[-1],
        )
        .values("month")
        .annotate(
            planned=Sum(
                "fte",
                filter=Q(status__in=[AllocationStatus.REQUESTED, AllocationStatus.APPROVED]),
            ),
            approved=Sum("fte", filter=Q(status=AllocationStatus.APPROVED)),
        )
        .order_by()
    )
    zero = Decimal("0")
    found = {row["month"]: (row["planned"] or zero, row["approved"] or zero) for row in rows}
    return [(month, *found.get(month, (zero, zero))) for month in months]
