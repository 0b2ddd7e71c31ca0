"""Everything a COPIL pack shows, read once (``pack_data``) and handed to the PDF templates.

The number of queries does not depend on the number of projects, reports, milestones or
risks: every list is one bulk query grouped in Python (the latest report and the top risks
of every project through a window function), every figure an SQL aggregate. On PostgreSQL
the reads share one REPEATABLE READ snapshot, so the pack shows one consistent state of the
portfolio, dated ``snapshot_at``.

Texts the pack prints are clamped here (``clamp``), so that a project page stays one page
and the renderer can predict the page count (reporting/copil_pdf.py).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from portfolios.filters import user_label
from portfolios.models import Health, Portfolio, PortfolioEnvelope, Project
from reporting.models import (
    CopilMeeting,
    DecisionStatus,
    Milestone,
    MilestoneStatus,
    ProjectOrder,
    RaidItem,
    RaidKind,
    RaidStatus,
    ReportStatus,
    StatusReport,
)
from reporting.selectors.copil import meeting_projects, previous_meeting
from reporting.selectors.dashboards import CRITICAL_EXPOSURE, health_trend, month_starts
from resources.models import Nature
from resources.selectors.alerts import unflagged_alerts
from resources.selectors.budgets import (
    NATURES,
    Figures,
    approved_totals,
    percent,
    project_figures,
)
from resources.selectors.capacity import add_months, demand_by, team_heatmap

ZERO = Decimal("0.00")
# Clamps (characters, lines) that keep a project page on one page (see the print CSS).
TEXT_CLAMP = (360, 6)  # achievements, next steps (two columns)
ESCALATION_CLAMP = (520, 5)  # decisions requested (full width)
SUMMARY_ESCALATION_CLAMP = (320, 3)  # the same, listed in the executive summary
RISK_CLAMP = (130, 2)  # a risk's response
DECISION_CLAMP = (260, 4)  # a decision of the previous COPIL and its follow-up
NAME_CLAMP = 60  # project and milestone names in one-line table cells
MAX_MILESTONES = 5  # rows of a project's milestone table
RECENT_ACHIEVED = 2  # of which at most this many already achieved
TOP_RISKS = 3
CAPACITY_MONTHS = 3
CALENDAR_MONTHS = 3
HEALTH_AXES = ("health_schedule", "health_budget", "health_scope", "health_resources")
# Worst first: stormy, rainy, cloudy, sunny, then projects that never reported.
HEALTH_RANK = {4: 0, 3: 1, 2: 2, 1: 3, None: 4}


def clamp(text: str | None, limit: int, max_lines: int | None = None) -> str:
    """``text`` cut to ``limit`` characters and ``max_lines`` lines at a word boundary, with
    an ellipsis when something was cut; blank lines and trailing spaces dropped."""
    lines = [line.strip() for line in (text or "").strip().splitlines()]
    lines = [line for line in lines if line]
    cut = False
    if max_lines is not None and len(lines) > max_lines:
        lines, cut = lines[:max_lines], True
    result = "\n".join(lines)
    if len(result) > limit:
        result, cut = result[:limit], True
        space = max(result.rfind(" "), result.rfind("\n"))
        if space > limit * 0.7:
            result = result[:space]
    if cut:
        result = re.sub(r"[\s,;:.\-–—]+$", "", result) + "…"
    return result


def _short(text: str, limit: int = NAME_CLAMP) -> str:
    return clamp(text.replace("\n", " "), limit)


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """Whole percents, as the pack's tables print them (resources' ``percent``, rounded)."""
    value = percent(part, whole)
    return None if value is None else value.quantize(Decimal("1"))


# --- data classes -----------------------------------------------------------------------


@dataclass
class BudgetRow:
    """Approved, actual, committed and forecast of one nature (or the total) for the year;
    ``variance`` = forecast − approved (positive: an overrun)."""

    label: str
    approved: Decimal
    actual: Decimal
    committed: Decimal
    forecast: Decimal
    envelope: Decimal | None = None
    is_total: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.approved or self.actual or self.committed or self.envelope)

    @property
    def variance(self) -> Decimal:
        return self.forecast - self.approved

    @property
    def variance_percent(self) -> Decimal | None:
        return _percent(self.variance, self.approved)

    @property
    def consumed_percent(self) -> Decimal | None:
        return _percent(self.actual + self.committed, self.approved)

    @property
    def envelope_gap(self) -> Decimal | None:
        """Forecast − envelope (positive: the envelope will not suffice)."""
        return None if self.envelope is None else self.forecast - self.envelope


def _budget_rows(
    natures: dict[str, Figures], envelope: dict[str, Decimal] | None = None
) -> list[BudgetRow]:
    rows, total = [], Figures()
    for nature in NATURES:
        figures = natures.get(nature) or Figures()
        total.add(figures)
        rows.append(
            BudgetRow(
                Nature(nature).label,
                figures.approved,
                figures.actual,
                figures.committed,
                figures.forecast,
                None if envelope is None else envelope.get(nature, ZERO),
            )
        )
    rows.append(
        BudgetRow(
            _("Total"),
            total.approved,
            total.actual,
            total.committed,
            total.forecast,
            None if envelope is None else sum(envelope.values(), ZERO),
            is_total=True,
        )
    )
    return rows


@dataclass
class MilestoneLine:
    name: str
    project_code: str
    project_name: str
    baseline: date
    forecast: date
    actual: date | None
    status: str  # MilestoneStatus value
    status_label: str
    slip_days: int
    overdue: bool

    @property
    def date(self) -> date:
        return self.actual or self.forecast

    @property
    def project_short(self) -> str:
        """The project's name cut to one line of the calendar's project column."""
        return _short(self.project_name, 32)

    @property
    def short_name(self) -> str:
        """The milestone's name cut to one line of the calendar's milestone column."""
        return _short(self.name, 36)


@dataclass
class RiskLine:
    title: str
    probability: int
    impact: int
    exposure: int
    owner: str
    response: str
    status_label: str

    @property
    def critical(self) -> bool:
        return self.exposure >= CRITICAL_EXPOSURE


@dataclass
class ProjectSection:
    """One project's page."""

    key: str  # the page's anchor (id)
    project: Project
    manager: str
    sponsor: str
    status_label: str
    report_start: date | None
    report_end: date | None
    axes: list[tuple[str, int | None, str]]  # (axis, level, level's name)
    achievements: str
    next_steps: str
    escalations: str
    milestones: list[MilestoneLine]
    more_milestones: int
    risks: list[RiskLine]
    open_risks: int
    budget: list[BudgetRow]  # CAPEX, OPEX, total for the fiscal year
    bac: Decimal  # approved budget, every fiscal year
    end_slip_days: int | None  # forecast end − baseline (or planned) end

    @property
    def budget_rows(self) -> list[BudgetRow]:
        """The natures with a budget or a cost this year, and their total when both have."""
        natures = [row for row in self.budget if not row.is_total and not row.is_empty]
        return [*natures, self.budget[-1]] if len(natures) > 1 else natures

    @property
    def page_name(self) -> str:
        """The name as the page's title prints it (two lines at most)."""
        return _short(self.project.name, 90)

    @property
    def short_name(self) -> str:
        """The name cut to fit one line of the consolidated tables."""
        return _short(self.project.name, 32)

    @property
    def eac(self) -> Decimal | None:
        return self.project.eac

    @property
    def eac_variance(self) -> Decimal | None:
        return None if self.eac is None or not self.bac else self.eac - self.bac

    @property
    def eac_variance_percent(self) -> Decimal | None:
        variance = self.eac_variance
        return None if variance is None else _percent(variance, self.bac)


@dataclass
class TeamTension:
    team: str
    cells: list[dict]  # {"month", "utilisation", "over", "demand", "capacity", "scope"}
    scope_fte: Decimal  # FTE the covered projects take from the team over the months


@dataclass
class DecisionRequest:
    key: str  # the project page's anchor
    code: str
    name: str
    health: int | None
    text: str


@dataclass
class AlertLine:
    code: str
    name: str
    nature: str
    kind: str
    status: str
    year: int
    budget: Decimal
    measured: Decimal
    overrun_percent: Decimal


@dataclass
class FollowUp:
    text: str
    project: str
    owner: str
    due_date: date | None
    status: str
    status_label: str
    follow_up: str
    late: bool


@dataclass
class PackData:
    meeting: CopilMeeting
    scope_name: str
    is_portfolio: bool
    scheduled_at: datetime  # local time
    today: date
    year: int
    snapshot_at: datetime
    attendees: list[str]
    agenda: str
    projects: list[ProjectSection]
    health_counts: dict  # level (1..4, None) → count
    trend_months: list[date]
    trend: list[dict]  # one {level: count} per month, oldest first
    budget: list[BudgetRow]  # CAPEX, OPEX, total; ``envelope`` set for a portfolio
    capacity_months: list[date]
    capacity: list[TeamTension]
    decisions_requested: list[DecisionRequest]
    alerts: list[AlertLine]
    calendar_start: date
    calendar_end: date  # exclusive
    calendar: list[tuple[date, list[MilestoneLine]]]  # month → its milestones
    previous: CopilMeeting | None
    follow_ups: list[FollowUp]
    milestone_counts: dict = field(default_factory=dict)  # overdue, slipped, planned
    risk_counts: dict = field(default_factory=dict)  # open, critical

    @property
    def in_difficulty(self) -> int:
        return self.health_counts.get(3, 0) + self.health_counts.get(4, 0)

    @property
    def in_difficulty_change(self) -> int | None:
        """Rainy + stormy now minus as the previous month's reports stated."""
        if len(self.trend) < 2:
            return None
        before = self.trend[-2]
        return self.in_difficulty - before.get(3, 0) - before.get(4, 0)

    @property
    def has_envelope(self) -> bool:
        return self.budget[-1].envelope is not None

    @property
    def budget_total(self) -> BudgetRow:
        return self.budget[-1]

    @property
    def calendar_count(self) -> int:
        return sum(len(rows) for _month, rows in self.calendar)


# --- reads ------------------------------------------------------------------------------


def _health_label(level: int | None) -> str:
    return str(Health(level).label).lower() if level else _("not reported")


def _name(user) -> str:
    return user_label(user) if user else ""


def _latest_reports(scope) -> dict[int, StatusReport]:
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


def _milestone_line(milestone: Milestone, project: Project, today: date) -> MilestoneLine:
    return MilestoneLine(
        name=_short(milestone.name),
        project_code=project.code,
        project_name=_short(project.name, 48),
        baseline=milestone.baseline_date,
        forecast=milestone.forecast_date,
        actual=milestone.actual_date,
        status=milestone.status,
        status_label=str(MilestoneStatus(milestone.status).label),
        slip_days=milestone.slip_days,
        overdue=milestone.status == MilestoneStatus.PLANNED and milestone.forecast_date < today,
    )


def _shown_milestones(lines: list[MilestoneLine]) -> list[MilestoneLine]:
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


def _top_risks(scope) -> dict[int, list[RaidItem]]:
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


def _risk_counts(scope) -> dict[int, dict]:
    rows = (
        RaidItem.objects.filter(project__in=scope.values("pk"), kind=RaidKind.RISK)
        .exclude(status=RaidStatus.CLOSED)
        .values("project_id")
        .annotate(open=Count("pk"), critical=Count("pk", filter=Q(exposure__gte=CRITICAL_EXPOSURE)))
        .order_by()
    )
    return {row["project_id"]: row for row in rows}


def _envelope(portfolio_id: int, year: int) -> dict[str, Decimal]:
    """A portfolio node's CAPEX/OPEX envelope for ``year``: its own, or (none, or zero) the
    sum of its children's, as on the portfolio budget page. Two queries."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in Portfolio.objects.parent_map().items():
        children[parent_id].append(pk)
    own = {
        envelope.portfolio_id: envelope
        for envelope in PortfolioEnvelope.objects.filter(
            fiscal_year=year,
            portfolio_id__in=Portfolio.objects.subtree_ids([portfolio_id]) or [portfolio_id],
        )
    }

    def walk(pk: int, seen: set[int]) -> dict[str, Decimal]:
        envelope = own.get(pk)
        if envelope is not None and (envelope.capex or envelope.opex):
            return {Nature.CAPEX: envelope.capex, Nature.OPEX: envelope.opex}
        total = dict.fromkeys(NATURES, ZERO)
        for child in children.get(pk, []):
            if child in seen:
                continue
            for nature, amount in walk(child, seen | {child}).items():
                total[nature] += amount
        return total

    return walk(portfolio_id, {portfolio_id})


def _capacity(scope, months: list[date]) -> list[TeamTension]:
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


def _order(projects: list[Project], order: str) -> list[Project]:
    def priority(project: Project) -> Decimal:
        return project.priority_score if project.priority_score is not None else Decimal("-1")

    if order == ProjectOrder.PRIORITY:
        return sorted(
            projects,
            key=lambda p: (-priority(p), HEALTH_RANK[p.health_overall], p.code),
        )
    return sorted(projects, key=lambda p: (HEALTH_RANK[p.health_overall], -priority(p), p.code))


def _plus_months(day: date, count: int) -> date:
    """The same day ``count`` months later (the month's last day when it has no such day)."""
    month = add_months(day.replace(day=1), count)
    last = (add_months(month, 1) - timedelta(days=1)).day
    return month.replace(day=min(day.day, last))


def _months_between(first: date, end: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month < end:
        months.append(month)
        month = add_months(month, 1)
    return months


def pack_data(meeting: CopilMeeting, *, today: date) -> PackData:
    """Everything the pack of ``meeting`` shows, as of now, in the active language.

    About 25 queries whatever the size of the portfolio. Forward-looking lists (capacity,
    milestone calendar) start at the meeting's date; the fiscal year is ``today``'s.
    """
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            return _read(meeting, today=today)
    return _read(meeting, today=today)


def _read(meeting: CopilMeeting, *, today: date) -> PackData:
    snapshot_at = timezone.now()
    scheduled_at = timezone.localtime(meeting.scheduled_at)
    meeting_day = scheduled_at.date()
    year = today.year
    scope = meeting_projects(meeting)
    projects = list(scope.select_related("portfolio", "manager", "sponsor"))
    ids = [project.pk for project in projects]
    scope_name = meeting.portfolio.name if meeting.portfolio_id else str(meeting.project)

    reports = _latest_reports(scope)
    lines_by_project: dict[int, list[MilestoneLine]] = defaultdict(list)
    calendar_end = _plus_months(meeting_day, CALENDAR_MONTHS)
    calendar_rows: list[MilestoneLine] = []
    milestone_counts = {"planned": 0, "overdue": 0, "slipped": 0}
    by_pk = {project.pk: project for project in projects}
    for milestone in (
        Milestone.objects.filter(project__in=scope.values("pk"))
        .exclude(status=MilestoneStatus.CANCELLED)
        .order_by("project_id", "forecast_date", "pk")
    ):
        project = by_pk.get(milestone.project_id)
        if project is None:
            continue
        line = _milestone_line(milestone, project, today)
        lines_by_project[project.pk].append(line)
        if milestone.status == MilestoneStatus.PLANNED:
            milestone_counts["planned"] += 1
            milestone_counts["overdue"] += line.overdue
            milestone_counts["slipped"] += line.slip_days > 0
            if meeting_day <= milestone.forecast_date < calendar_end:
                calendar_rows.append(line)
    risks = _top_risks(scope)
    risk_counts = _risk_counts(scope)
    figures = project_figures(projects=scope, year=year)
    totals = approved_totals(projects=scope)

    axis_labels = [_("Schedule"), _("Budget"), _("Scope"), _("Resources")]
    axes = list(zip(HEALTH_AXES, axis_labels, strict=True))
    sections = []
    for project in _order(projects, meeting.project_order):
        report = reports.get(project.pk)
        lines = lines_by_project.get(project.pk, [])
        shown = _shown_milestones(lines)
        planned_end = project.baseline_end or project.planned_end
        sections.append(
            ProjectSection(
                key=f"project-{project.pk}",
                project=project,
                manager=_name(project.manager),
                sponsor=_name(project.sponsor),
                status_label=str(project.get_status_display()),
                report_start=report.period_start if report else None,
                report_end=report.period_end if report else None,
                axes=[
                    (label, getattr(project, name), _health_label(getattr(project, name)))
                    for name, label in axes
                ],
                achievements=clamp(report.achievements if report else "", *TEXT_CLAMP),
                next_steps=clamp(report.next_steps if report else "", *TEXT_CLAMP),
                escalations=clamp(report.escalations if report else "", *ESCALATION_CLAMP),
                milestones=shown,
                more_milestones=len(lines) - len(shown),
                risks=[
                    RiskLine(
                        title=_short(risk.title, 90),
                        probability=risk.probability,
                        impact=risk.impact,
                        exposure=risk.exposure,
                        owner=_name(risk.owner),
                        response=clamp(risk.response, *RISK_CLAMP),
                        status_label=str(risk.get_status_display()),
                    )
                    for risk in risks.get(project.pk, [])
                ],
                open_risks=risk_counts.get(project.pk, {}).get("open", 0),
                budget=_budget_rows(figures.get(project.pk, {})),
                bac=totals.get(project.pk, ZERO),
                end_slip_days=(
                    (project.forecast_end - planned_end).days if project.forecast_end else None
                ),
            )
        )

    health_counts = dict.fromkeys((1, 2, 3, 4, None), 0)
    for project in projects:
        health_counts[project.health_overall] += 1
    months = month_starts(today)
    trend = health_trend(scope, months)
    now = timezone.now()
    tz = timezone.get_current_timezone()
    for month, bar in zip(months, trend, strict=True):
        month_end = timezone.make_aware(datetime.combine(add_months(month, 1), time.min), tz)
        existing = sum(1 for p in projects if p.created_at < min(month_end, now))
        bar[None] = max(0, existing - sum(n for level, n in bar.items() if level is not None))

    year_figures: dict[str, Figures] = {nature: Figures() for nature in NATURES}
    for natures in figures.values():
        for nature, entry in natures.items():
            year_figures[nature].add(entry)
    envelope = _envelope(meeting.portfolio_id, year) if meeting.portfolio_id else None
    if envelope is not None and not any(envelope.values()):
        envelope = None  # no envelope granted this year: compare with the approved budget

    capacity_months = [add_months(meeting_day.replace(day=1), i) for i in range(CAPACITY_MONTHS)]
    capacity = _capacity(scope, capacity_months) if ids else []

    previous = previous_meeting(meeting)
    follow_ups = []
    if previous is not None:
        for decision in previous.decisions.all():
            follow_ups.append(
                FollowUp(
                    text=clamp(decision.text, *DECISION_CLAMP),
                    project=decision.project.code if decision.project else "",
                    owner=_name(decision.owner),
                    due_date=decision.due_date,
                    status=decision.status,
                    status_label=str(decision.get_status_display()),
                    follow_up=clamp(decision.follow_up, *DECISION_CLAMP),
                    late=bool(
                        decision.due_date
                        and decision.due_date < today
                        and decision.status in (DecisionStatus.OPEN, DecisionStatus.IN_PROGRESS)
                    ),
                )
            )

    alerts = [
        AlertLine(
            code=alert.project.code,
            name=_short(alert.project.name, 40),
            nature=str(alert.get_nature_display()),
            kind=str(alert.get_kind_display()),
            status=str(alert.get_status_display()),
            year=alert.period,
            budget=alert.budget,
            measured=alert.measured,
            overrun_percent=alert.overrun_percent,
        )
        for alert in unflagged_alerts(projects=scope)
    ]

    calendar: dict[date, list[MilestoneLine]] = {}
    for month in _months_between(meeting_day, calendar_end):
        calendar[month] = []
    for line in sorted(calendar_rows, key=lambda m: (m.forecast, m.project_code, m.name)):
        calendar.setdefault(line.forecast.replace(day=1), []).append(line)

    return PackData(
        meeting=meeting,
        scope_name=scope_name,
        is_portfolio=bool(meeting.portfolio_id),
        scheduled_at=scheduled_at,
        today=today,
        year=year,
        snapshot_at=snapshot_at,
        attendees=sorted(_name(user) for user in meeting.attendees.all()),
        agenda=clamp(meeting.agenda, 700, 10),
        projects=sections,
        health_counts=health_counts,
        trend_months=months,
        trend=trend,
        budget=_budget_rows(year_figures, envelope),
        capacity_months=capacity_months,
        capacity=capacity,
        decisions_requested=[
            DecisionRequest(
                key=section.key,
                code=section.project.code,
                name=_short(section.project.name),
                health=section.project.health_overall,
                text=clamp(section.escalations, *SUMMARY_ESCALATION_CLAMP),
            )
            for section in sections
            if section.escalations
        ],
        alerts=alerts,
        calendar_start=meeting_day,
        calendar_end=calendar_end,
        calendar=sorted(calendar.items()),
        previous=previous,
        follow_ups=follow_ups,
        milestone_counts=milestone_counts,
        risk_counts={
            "open": sum(row["open"] for row in risk_counts.values()),
            "critical": sum(row["critical"] for row in risk_counts.values()),
        },
    )
