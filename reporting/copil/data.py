"""The pack's shared read: the meeting, its scope and everything the core sections show.

``read_pack(meeting, today=..., sections=...)`` reads ``PackData`` once (about 25 queries,
about 30 for an exceptions pack, whatever the size of the portfolio: every list is one bulk
query grouped in Python, every figure an SQL aggregate), builds the ``CopilScope`` every
section reads from, and calls each section's ``read(scope)``. On PostgreSQL all of it shares
one REPEATABLE READ snapshot, so the pack shows one consistent state of the portfolio, dated
``snapshot_at``.

Texts are read in full: fitting them to the printed page is the templates' job
(``reporting/templatetags/copil_pack.py``'s ``fit``) and the print CSS's.
"""

from __future__ import annotations

import bisect
import contextlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from pmo_portal import dates
from pmo_portal.registry import CopilScope, CopilSection
from pmo_portal.users import user_label
from portfolios.models import Health, Project
from reporting.copil import exceptions as exception_rules
from reporting.copil import reads
from reporting.copil.exceptions_pack import ExceptionsPack, build_exceptions
from reporting.copil.rows import (
    ZERO,
    AlertLine,
    BudgetRow,
    DecisionRequest,
    FollowUp,
    MilestoneLine,
    ProjectSection,
    RiskLine,
    TeamTension,
    budget_rows,
)
from reporting.models import (
    CopilMeeting,
    CopilSettings,
    DecisionStatus,
    Milestone,
    MilestoneStatus,
)
from reporting.selectors.copil import meeting_projects, previous_meeting
from reporting.selectors.dashboards import health_trend, month_starts
from resources.selectors.alerts import unflagged_alerts
from resources.selectors.budget_totals import approved_totals
from resources.selectors.budgets import NATURES, Figures, envelope_of, project_figures

CAPACITY_MONTHS = 3
CALENDAR_MONTHS = 3
HEALTH_AXES = ("health_schedule", "health_budget", "health_scope", "health_resources")
# What an exceptions pack reads of every project of its scope (the others are read for the
# projects with a page only).
LISTED_FIELDS = (
    "code",
    "name",
    "health_overall",
    "percent_complete",
    "priority_score",
    "eac",
    "created_at",
    "manager__username",
    "manager__first_name",
    "manager__last_name",
)


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
    # An exceptions pack (reporting/copil/exceptions.py): ``projects`` are then only the
    # selected projects that get a page, in severity order; None for the usual pack.
    exceptions: ExceptionsPack | None = None
    alert_count: int = 0  # unflagged budget alerts of every project of the scope
    # Budget at completion (approved, every year) and declared EAC of every project.
    bac_total: Decimal = ZERO
    eac_total: Decimal = ZERO

    @property
    def project_count(self) -> int:
        """Projects the pack covers (an exceptions pack has pages for a few of them)."""
        return self.exceptions.total if self.exceptions else len(self.projects)

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


def _health_label(level: int | None) -> str:
    return str(Health(level).label).lower() if level else _("not reported")


@contextlib.contextmanager
def _snapshot():
    """One REPEATABLE READ, read-only transaction on PostgreSQL (outside a transaction)."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield
    else:
        yield


def read_pack(
    meeting: CopilMeeting,
    *,
    today: date,
    sections: list[CopilSection],
    exceptions_over: int | None = None,
) -> tuple[CopilScope, list[tuple[CopilSection, object]]]:
    """The scope of ``meeting``'s pack and each of ``sections`` with its data (sections
    whose read returns None are left out), in one snapshot, in the active language.

    ``exceptions_over``: above this many projects, an exceptions pack (default: the PMO's
    setting). The scope's projects are then those with a page (the sections of other apps
    list them, as the pack does); the consolidated figures of reporting's own sections read
    every project through ``PackData``."""
    with _snapshot():
        data = pack_data(meeting, today=today, exceptions_over=exceptions_over)
        ids = [section.project.pk for section in data.projects]
        position = Case(
            *[When(pk=pk, then=Value(index)) for index, pk in enumerate(ids)],
            output_field=IntegerField(),
        )
        projects = Project.objects.filter(pk__in=ids)
        if ids:
            projects = projects.annotate(pack_position=position).order_by("pack_position")
        scope = CopilScope(
            meeting=meeting,
            projects=projects,
            project_ids=ids,
            today=today,
            language=meeting.language,
            pack=data,
        )
        read = [(section, section.read(scope)) for section in sections]
    return scope, [(section, value) for section, value in read if value is not None]


def pack_data(
    meeting: CopilMeeting, *, today: date, exceptions_over: int | None = None
) -> PackData:
    """Everything the core sections of ``meeting``'s pack show, as of now.

    Forward-looking lists (capacity, milestone calendar) start at the meeting's date; the
    fiscal year is ``today``'s. A scope of more than ``exceptions_over`` projects (default:
    ``CopilSettings.exceptions_over``) gives an exceptions pack: project pages, milestones,
    risks and texts are read for the selected projects only; the summary's figures still
    count every project (SQL aggregates).
    """
    snapshot_at = timezone.now()
    scheduled_at = timezone.localtime(meeting.scheduled_at)
    meeting_day = scheduled_at.date()
    year = today.year
    scope = meeting_projects(meeting)
    scope_name = meeting.portfolio.name if meeting.portfolio_id else str(meeting.project)
    figures = project_figures(projects=scope, year=year)
    if exceptions_over is None:
        exceptions_over = CopilSettings.current().exceptions_over
    exceptions = None
    if scope.count() <= exceptions_over:
        projects = list(scope.select_related("portfolio", "manager", "sponsor"))
        detail, detail_scope = projects, scope
    else:
        # Thousands of projects: only the columns the summary and the listing print (a
        # model instance costs the same whatever its columns; two per project, not four).
        projects = list(scope.select_related("manager").only(*LISTED_FIELDS))
        selection = exception_rules.select(scope, meeting_day=meeting_day, today=today)
        exceptions, paged = build_exceptions(
            projects, selection, figures, threshold=exceptions_over
        )
        detail_scope = Project.objects.filter(pk__in=[p.pk for p in paged])
        full = detail_scope.select_related("portfolio", "manager", "sponsor").in_bulk()
        detail = [full[p.pk] for p in paged]

    reports = reads.latest_reports(detail_scope)
    lines_by_project: dict[int, list[MilestoneLine]] = defaultdict(list)
    calendar_end = dates.same_day_months_later(meeting_day, CALENDAR_MONTHS)
    calendar_rows: list[MilestoneLine] = []
    milestone_counts = {"planned": 0, "overdue": 0, "slipped": 0}
    by_pk = {project.pk: project for project in detail}
    for milestone in (
        Milestone.objects.filter(project__in=detail_scope.values("pk"))
        .exclude(status=MilestoneStatus.CANCELLED)
        .order_by("project_id", "forecast_date", "pk")
    ):
        project = by_pk.get(milestone.project_id)
        if project is None:
            continue
        line = reads.milestone_line(milestone, project, today)
        lines_by_project[project.pk].append(line)
        if milestone.status == MilestoneStatus.PLANNED:
            milestone_counts["planned"] += 1
            milestone_counts["overdue"] += line.overdue
            milestone_counts["slipped"] += line.slip_days > 0
            if meeting_day <= milestone.forecast_date < calendar_end:
                calendar_rows.append(line)
    if exceptions is not None:  # the summary counts every project's milestones
        milestone_counts = reads.milestone_counts(scope, today=today)
    risks = reads.top_risks(detail_scope)
    risk_counts = reads.risk_counts(scope)
    totals = approved_totals(projects=scope)

    axis_labels = [_("Schedule"), _("Budget"), _("Scope"), _("Resources")]
    axes = list(zip(HEALTH_AXES, axis_labels, strict=True))
    sections = []
    if exceptions is None:
        detail = reads.ordered(projects, meeting.project_order)
    for project in detail:
        report = reports.get(project.pk)
        lines = lines_by_project.get(project.pk, [])
        shown = reads.shown_milestones(lines)
        planned_end = project.baseline_end or project.planned_end
        sections.append(
            ProjectSection(
                key=f"project-{project.pk}",
                project=project,
                manager=user_label(project.manager),
                sponsor=user_label(project.sponsor),
                status_label=str(project.get_status_display()),
                report_start=report.period_start if report else None,
                report_end=report.period_end if report else None,
                axes=[
                    (label, getattr(project, name), _health_label(getattr(project, name)))
                    for name, label in axes
                ],
                achievements=(report.achievements if report else "").strip(),
                next_steps=(report.next_steps if report else "").strip(),
                escalations=(report.escalations if report else "").strip(),
                milestones=shown,
                more_milestones=len(lines) - len(shown),
                risks=[
                    RiskLine(
                        title=risk.title,
                        probability=risk.probability,
                        impact=risk.impact,
                        exposure=risk.exposure,
                        owner=user_label(risk.owner),
                        response=risk.response.strip(),
                        status_label=str(risk.get_status_display()),
                    )
                    for risk in risks.get(project.pk, [])
                ],
                open_risks=risk_counts.get(project.pk, {}).get("open", 0),
                budget=budget_rows(figures.get(project.pk, {})),
                bac=totals.get(project.pk, ZERO),
                end_slip_days=(
                    (project.forecast_end - planned_end).days if project.forecast_end else None
                ),
                reasons=exceptions.reasons_of(project.pk) if exceptions else [],
            )
        )

    health_counts = dict.fromkeys((1, 2, 3, 4, None), 0)
    for project in projects:
        health_counts[project.health_overall] += 1
    months = month_starts(today)
    trend = health_trend(scope, months)
    now = timezone.now()
    tz = timezone.get_current_timezone()
    created = sorted(p.created_at for p in projects)  # thousands of projects, 12 months
    for month, bar in zip(months, trend, strict=True):
        month_end = timezone.make_aware(datetime.combine(dates.next_month(month), time.min), tz)
        existing = bisect.bisect_left(created, min(month_end, now))
        bar[None] = max(0, existing - sum(n for level, n in bar.items() if level is not None))

    year_figures: dict[str, Figures] = {nature: Figures() for nature in NATURES}
    for natures in figures.values():
        for nature, entry in natures.items():
            year_figures[nature].add(entry)
    envelope = envelope_of(meeting.portfolio_id, year) if meeting.portfolio_id else None
    if envelope is not None and not any(envelope.values()):
        envelope = None  # no envelope granted this year: compare with the approved budget

    capacity_months = dates.months_from(meeting_day, CAPACITY_MONTHS)
    capacity = reads.capacity(scope, capacity_months) if projects else []

    previous = previous_meeting(meeting)
    follow_ups = []
    if previous is not None:
        for decision in previous.decisions.all():
            follow_ups.append(
                FollowUp(
                    text=decision.text.strip(),
                    project=decision.project.code if decision.project else "",
                    owner=user_label(decision.owner),
                    due_date=decision.due_date,
                    status=decision.status,
                    status_label=str(decision.get_status_display()),
                    follow_up=decision.follow_up.strip(),
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
            name=alert.project.name,
            nature=str(alert.get_nature_display()),
            kind=str(alert.get_kind_display()),
            status=str(alert.get_status_display()),
            year=alert.period,
            budget=alert.budget,
            measured=alert.measured,
            overrun_percent=alert.overrun_percent,
        )
        for alert in unflagged_alerts(projects=detail_scope)
    ]
    # An exceptions pack lists the alerts of the projects with a page; the summary's figure
    # counts them all.
    alert_count = unflagged_alerts(projects=scope).count() if exceptions else len(alerts)

    calendar: dict[date, list[MilestoneLine]] = {
        month: [] for month in dates.months_between(meeting_day, calendar_end)
    }
    for line in sorted(calendar_rows, key=lambda m: (m.forecast, m.project_code, m.name)):
        calendar.setdefault(dates.month_start(line.forecast), []).append(line)

    return PackData(
        meeting=meeting,
        scope_name=scope_name,
        is_portfolio=bool(meeting.portfolio_id),
        scheduled_at=scheduled_at,
        today=today,
        year=year,
        snapshot_at=snapshot_at,
        attendees=sorted(user_label(user) for user in meeting.attendees.all()),
        agenda=meeting.agenda.strip(),
        projects=sections,
        health_counts=health_counts,
        trend_months=months,
        trend=trend,
        budget=budget_rows(year_figures, envelope),
        capacity_months=capacity_months,
        capacity=capacity,
        decisions_requested=[
            DecisionRequest(
                key=section.key,
                code=section.project.code,
                name=section.project.name,
                health=section.project.health_overall,
                text=section.escalations,
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
        exceptions=exceptions,
        alert_count=alert_count,
        bac_total=sum(totals.values(), ZERO),
        eac_total=sum((p.eac for p in projects if p.eac is not None), ZERO),
    )
