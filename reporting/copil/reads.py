"""Bulk reads of the pack's data: one query (or an SQL aggregate) per list, whatever the
number of projects, grouped in Python."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from portfolios.models import Project
from reporting.copil.rows import ZERO, MilestoneLine, TeamTension
from reporting.models import (
    Milestone,
    MilestoneStatus,
    ProjectOrder,
    RaidItem,
    RaidKind,
    RaidStatus,
    ReportStatus,
    StatusReport,
)
from reporting.selectors.dashboards import CRITICAL_EXPOSURE
from resources.selectors.capacity import demand_by, team_heatmap

MAX_MILESTONES = 5  # rows of a project's milestone table
RECENT_ACHIEVED = 2  # of which at most this many already achieved
TOP_RISKS = 3
# Worst first: stormy, rainy, cloudy, sunny, then projects that never reported.
HEALTH_RANK = {4: 0, 3: 1, 2: 2, 1: 3, None: 4}


def latest_reports(scope) -> dict[int, StatusReport]:
    """The latest submitted report of every project of ``scope`` (one query)."""
    rows = (
        StatusReport.objects.filter(status=ReportStatus.SUBMITTED, project__in=scope.values("pk"))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("project_id")],
                order_by=[F("period_start").desc()],
            )
        )
        .filter(rank=1)
        .only(
            "project_id", "period_start", "period_end", "achievements", "next_steps", "escalations"
        )
    )
    return {report.project_id: report for report in rows}


def milestone_line(milestone: Milestone, project: Project, today: date) -> MilestoneLine:
    return MilestoneLine(
        name=milestone.name,
        project_code=project.code,
        project_name=project.name,
        baseline=milestone.baseline_date,
        forecast=milestone.forecast_date,
        actual=milestone.actual_date,
        status=milestone.status,
        status_label=str(MilestoneStatus(milestone.status).label),
        slip_days=milestone.slip_days,
        overdue=milestone.status == MilestoneStatus.PLANNED and milestone.forecast_date < today,
    )


def shown_milestones(lines: list[MilestoneLine]) -> list[MilestoneLine]:
    """At most MAX_MILESTONES of a project's milestones, in date order: the latest achieved
    ones (at most RECENT_ACHIEVED) and the next planned ones; older achieved ones fill the
    table when few are planned."""
    achieved = sorted((m for m in lines if m.actual), key=lambda m: m.date)
    planned = sorted((m for m in lines if not m.actual), key=lambda m: m.forecast)
    recent = achieved[len(achieved) - min(RECENT_ACHIEVED, len(achieved)) :]
    older = achieved[: len(achieved) - len(recent)]
    upcoming = planned[: MAX_MILESTONES - len(recent)]
    room = MAX_MILESTONES - len(recent) - len(upcoming)
    earlier = older[len(older) - min(room, len(older)) :] if room > 0 else []
    return sorted(earlier + recent + upcoming, key=lambda m: (m.date, m.name))


def milestone_counts(scope, *, today: date) -> dict:
    """Planned milestones of ``scope``: how many, overdue (forecast before ``today``) and
    slipped (later than their baseline), one SQL aggregate (the exceptions pack's summary)."""
    late = Q(actual_date__isnull=True, forecast_date__gt=F("baseline_date")) | Q(
        actual_date__gt=F("baseline_date")
    )
    return Milestone.objects.filter(
        project__in=scope.values("pk"), status=MilestoneStatus.PLANNED
    ).aggregate(
        planned=Count("pk"),
        overdue=Count("pk", filter=Q(forecast_date__lt=today)),
        slipped=Count("pk", filter=late),
    )


def top_risks(scope) -> dict[int, list[RaidItem]]:
    """The TOP_RISKS open risks of highest exposure of every project (one query)."""
    rows = (
        RaidItem.objects.filter(project__in=scope.values("pk"), kind=RaidKind.RISK)
        .exclude(status=RaidStatus.CLOSED)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("project_id")],
                order_by=[F("exposure").desc(), F("due_date").asc(nulls_last=True), F("pk").asc()],
            )
        )
        .filter(rank__lte=TOP_RISKS)
        .select_related("owner")
        .order_by("project_id", "rank")
    )
    grouped: dict[int, list[RaidItem]] = defaultdict(list)
    for risk in rows:
        grouped[risk.project_id].append(risk)
    return grouped


def risk_counts(scope) -> dict[int, dict]:
    rows = (
        RaidItem.objects.filter(project__in=scope.values("pk"), kind=RaidKind.RISK)
        .exclude(status=RaidStatus.CLOSED)
        .values("project_id")
        .annotate(open=Count("pk"), critical=Count("pk", filter=Q(exposure__gte=CRITICAL_EXPOSURE)))
        .order_by()
    )
    return {row["project_id"]: row for row in rows}


def capacity(scope, months: list[date]) -> list[TeamTension]:
    """Teams over-allocated (demand above capacity, approved allocations) in one of
    ``months`` on which the covered projects take some FTE. Four queries."""
    heatmap = team_heatmap(months=months)
    scope_demand = demand_by(group="team", months=months, include_requested=False, projects=scope)
    tensions = []
    for row in heatmap.rows:
        key = row.key or None
        cells, over_with_scope = [], False
        for cell in row.cells:
            taken = scope_demand.get((key, cell.month), ZERO)
            over = cell.state == "over"
            over_with_scope |= over and taken > 0
            cells.append(
                {
                    "month": cell.month,
                    "utilisation": cell.utilisation,
                    "over": over,
                    "demand": cell.demand,
                    "capacity": cell.capacity,
                    "scope": taken,
                }
            )
        if over_with_scope:
            label = row.label or _("Without a team")
            scope_fte = sum((c["scope"] for c in cells), ZERO)
            tensions.append(TeamTension(team=label, cells=cells, scope_fte=scope_fte))
    tensions.sort(key=lambda t: (-max((c["utilisation"] or 0) for c in t.cells), t.team))
    return tensions


def ordered(projects: list[Project], order: str) -> list[Project]:
    """The pack's order: worst health first (then priority), or priority first."""

    def priority(project: Project) -> Decimal:
        return project.priority_score if project.priority_score is not None else Decimal("-1")

    if order == ProjectOrder.PRIORITY:
        return sorted(
            projects,
            key=lambda p: (-priority(p), HEALTH_RANK[p.health_overall], p.code),
        )
    return sorted(projects, key=lambda p: (HEALTH_RANK[p.health_overall], -priority(p), p.code))
