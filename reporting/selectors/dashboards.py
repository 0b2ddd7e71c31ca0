"""Read side of the PMO and executive dashboards.

Scope of every figure: the projects the user may read (``Project.objects.visible_to``),
not archived, narrowed by the dashboard filters (reporting/filters.py; with no status
chosen, the projects under way). Every aggregate runs in SQL and the number of queries does
not depend on the number of projects, reports, milestones or risks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.utils import timezone

from pmo_portal.dates import next_month
from portfolios.models import Project, ProjectStatus
from reporting.filters import LIVE_STATUSES, DashboardFilter
from reporting.models import (
    Milestone,
    MilestoneStatus,
    RaidItem,
    RaidKind,
    RaidStatus,
    ReportStatus,
    StatusReport,
)
from reporting.periods import Period, period_containing
from reporting.selectors.dashboard_lists import top_milestones, top_risks, top_worse
from reporting.selectors.dashboard_rollups import rollup_counts, rollup_scope
from reporting.selectors.policies import frequency_by_portfolio
from reporting.selectors.trend import (  # noqa: F401 (views and the COPIL pack read them here)
    HEALTH_KEYS,
    TREND_MONTHS,
    health_trend,
    month_starts,
)
from resources.selectors.budget_rollups import rollup_year_totals
from resources.selectors.budget_totals import budget_kpis

MILESTONE_HORIZON_DAYS = 60
TOP = 10
CRITICAL_EXPOSURE = 12  # probability × impact from which a risk counts as critical (3×4)
LIST_RELATED = ("portfolio", "manager")
RISK_ORDER = ("-exposure", "due_date", "pk")
WORSE_ORDER = ("-health_overall", "code")


def dashboard_filter(*, user, data) -> DashboardFilter:
    """The dashboard filters bound to ``data`` (GET), over the projects ``user`` reads."""
    return DashboardFilter(data=data or None, queryset=Project.objects.visible_to(user))


# --- periods ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodGroup:
    """Portfolios sharing a reporting frequency, with its current and previous periods."""

    frequency: str
    portfolio_ids: tuple[int, ...]
    current: Period
    previous: Period


def period_groups(today: date) -> list[PeriodGroup]:
    """One group per reporting frequency in use (two queries, whatever the tree size)."""
    by_frequency: dict[str, list[int]] = defaultdict(list)
    for portfolio_id, frequency in frequency_by_portfolio().items():
        by_frequency[frequency].append(portfolio_id)
    groups = []
    for frequency, ids in sorted(by_frequency.items()):
        current = period_containing(today, frequency)
        groups.append(PeriodGroup(frequency, tuple(sorted(ids)), current, current.previous()))
    return groups


def _in_group(group: PeriodGroup, groups: list[PeriodGroup]) -> Q:
    """Projects whose portfolio reports at ``group``'s frequency (no condition if only one)."""
    if len(groups) == 1:
        return Q()
    return Q(portfolio_id__in=group.portfolio_ids)


def _submitted_for(start: date) -> QuerySet:
    """Ids of projects with a submitted report for the period starting ``start``."""
    return StatusReport.objects.filter(status=ReportStatus.SUBMITTED, period_start=start).values(
        "project_id"
    )


def missing_condition(groups: list[PeriodGroup]) -> Q:
    """Expected projects (under way) with no submitted report for their current period."""
    condition = Q(pk__in=[])
    for group in groups:
        condition |= _in_group(group, groups) & ~Q(pk__in=_submitted_for(group.current.start))
    return Q(status__in=LIVE_STATUSES) & condition


def late_condition(groups: list[PeriodGroup]) -> Q:
    """Expected projects with no submitted report for their previous (closed) period.

    A project planned to start after that period closed owes nothing for it.
    """
    condition = Q(pk__in=[])
    for group in groups:
        condition |= (
            _in_group(group, groups)
            & Q(planned_start__lte=group.previous.end)
            & ~Q(pk__in=_submitted_for(group.previous.start))
        )
    return Q(status__in=LIVE_STATUSES) & condition


def _period_start_of(groups: list[PeriodGroup], attribute: str):
    """SQL expression: the start of each project's current/previous period."""
    if len(groups) == 1:
        return Value(getattr(groups[0], attribute).start, output_field=DateField())
    return Case(
        *[
            When(portfolio_id__in=g.portfolio_ids, then=Value(getattr(g, attribute).start))
            for g in groups
        ],
        output_field=DateField(),
    )


# --- the dashboard ----------------------------------------------------------------------


@dataclass(frozen=True)
class PanelScope:
    """What a deferred dashboard panel reads (``pmo_portal.registry.Panel.deferred``): the
    dashboard's filters, bound to the same GET parameters; ``filter.qs`` its projects."""

    filter: DashboardFilter


@dataclass
class Dashboard:
    filter: DashboardFilter
    today: date
    groups: list[PeriodGroup]
    total: int = 0
    health: dict = field(default_factory=dict)  # level (1..4, None) → count
    trend_months: list[date] = field(default_factory=list)
    trend: list[dict] = field(default_factory=list)  # one {level: count} per month
    expected: int = 0
    missing: int = 0
    late: int = 0
    milestones: dict = field(default_factory=dict)
    milestone_rows: list = field(default_factory=list)
    risks: dict = field(default_factory=dict)
    risk_rows: list = field(default_factory=list)
    worse: int = 0
    worse_rows: list = field(default_factory=list)
    # Budget KPIs of the scope for the current fiscal year (resources.selectors.budgets,
    # one query): {"kpis": [{"value", "label", "url"}]}.
    budget: dict | None = None

    @property
    def single_period(self) -> PeriodGroup | None:
        return self.groups[0] if len(self.groups) == 1 else None

    @property
    def in_difficulty(self) -> int:
        return self.health.get(3, 0) + self.health.get(4, 0)

    @property
    def in_difficulty_last_month(self) -> int | None:
        """Rainy + stormy projects as the previous month's reports stated them."""
        if len(self.trend) < 2:
            return None
        previous = self.trend[-2]
        return previous.get(3, 0) + previous.get(4, 0)

    @property
    def in_difficulty_change(self) -> int | None:
        before = self.in_difficulty_last_month
        return None if before is None else self.in_difficulty - before

    @property
    def in_difficulty_change_size(self) -> int:
        return abs(self.in_difficulty_change or 0)


def _scope_counts(scope: QuerySet, months: list[date], groups: list[PeriodGroup]) -> dict:
    """Health counts, expected/missing/late reports and projects existing at each month's
    end, in one aggregate query over the scope."""
    now = timezone.now()
    aggregates = {
        "total": Count("pk"),
        "none": Count("pk", filter=Q(health_overall__isnull=True)),
        "expected": Count("pk", filter=Q(status__in=LIVE_STATUSES)),
        "missing": Count("pk", filter=missing_condition(groups)),
        "late": Count("pk", filter=late_condition(groups)),
    }
    for level in (1, 2, 3, 4):
        aggregates[f"h{level}"] = Count("pk", filter=Q(health_overall=level))
    tz = timezone.get_current_timezone()
    for index, month in enumerate(months):
        month_end = timezone.make_aware(datetime.combine(next_month(month), time.min), tz)
        aggregates[f"m{index}"] = Count("pk", filter=Q(created_at__lt=min(month_end, now)))
    return scope.order_by().aggregate(**aggregates)


def _milestone_scope(scope: QuerySet) -> QuerySet:
    return Milestone.objects.filter(project__in=scope.values("pk"), status=MilestoneStatus.PLANNED)


def milestone_conditions(today: date) -> dict[str, Q]:
    horizon = today + timedelta(days=MILESTONE_HORIZON_DAYS)
    due = Q(forecast_date__lte=horizon)  # overdue ones (forecast in the past) included
    slipped = Q(forecast_date__gt=F("baseline_date"))
    return {
        "all": due | slipped,
        "due": due,
        "overdue": Q(forecast_date__lt=today),
        "slipped": slipped,
    }


def _risk_scope(scope: QuerySet) -> QuerySet:
    return RaidItem.objects.filter(project__in=scope.values("pk"), kind=RaidKind.RISK).exclude(
        status=RaidStatus.CLOSED
    )


def _recent_report(groups: list[PeriodGroup]) -> Q:
    """Projects whose latest report is for their current or previous period."""
    condition = Q(pk__in=[])
    for group in groups:
        condition |= _in_group(group, groups) & Q(status_date__gte=group.previous.start)
    return condition


def _worse_scope(scope: QuerySet, groups: list[PeriodGroup]) -> QuerySet:
    """Projects whose latest submitted report, of this period or the last, declares a worse
    overall health than the submitted report before it.

    The latest report's health is the project's declared status (``health_overall`` and
    ``status_date``, written when it was submitted), so one correlated subquery finds the
    previous report, and only for projects that can have got worse (declared 2 to 4) and
    reported lately (a project silent for months is a missing report, not a new worsening).
    """
    previous = (
        StatusReport.objects.filter(
            project=OuterRef("pk"),
            status=ReportStatus.SUBMITTED,
            period_end__lt=OuterRef("status_date"),
        )
        .order_by("-period_start")
        .values("health_overall")[:1]
    )
    return (
        scope.filter(_recent_report(groups), health_overall__gt=1)
        .annotate(previous_health=Subquery(previous, output_field=IntegerField()))
        .filter(health_overall__gt=F("previous_health"))
    )


def company_dashboard(*, user, data, today: date | None = None) -> Dashboard:
    """Every figure of the dashboard for ``user`` and the filters in ``data``.

    Served by the roll-ups (dashboard_rollups.rollup_scope): six queries (tree, policies,
    every count, the three top-10 lists from the short lists). Otherwise ten (tree,
    policies, scope counts, data version and trend, milestone counts and rows, risk counts
    and rows, worse projects; nine when the trend is cached). Plus the reader's scope,
    whatever the size of the portfolio.
    """
    today = today or timezone.localdate()
    project_filter = dashboard_filter(user=user, data=data)
    groups = period_groups(today)
    months = month_starts(today)
    board = Dashboard(filter=project_filter, today=today, groups=groups, trend_months=months)

    served = rollup_scope(user=user, project_filter=project_filter)
    scope = None if served is not None else project_filter.qs  # (a portfolio's: one query)
    if served is not None:  # the roll-ups: one query whatever the number of projects
        counts = rollup_counts(
            served, today=today, months=months, groups=groups, horizon_days=MILESTONE_HORIZON_DAYS
        )
        board.trend = counts["trend"]
        board.milestones = counts["milestones"]
        board.risks = counts["risks"]
        board.worse = counts["worse"]
        _lists_from_rollups(board, served, groups)
    else:
        counts = _scope_counts(scope, months, groups)
        board.trend = health_trend(scope, months)
        for index, bar in enumerate(board.trend):
            reported = sum(n for level, n in bar.items() if level is not None)
            bar[None] = max(0, counts[f"m{index}"] - reported)
    board.total = counts["total"]
    board.health = {level: counts[f"h{level}"] for level in (1, 2, 3, 4)} | {None: counts["none"]}
    board.expected, board.missing, board.late = (
        counts["expected"],
        counts["missing"],
        counts["late"],
    )
    if served is None:
        _lists_from_scans(board, scope, groups)
    return board


def _lists_from_rollups(board: Dashboard, served, groups: list[PeriodGroup]) -> None:
    """The three top-10 lists from the roll-ups' short lists (dashboard_lists.py): a cost
    that depends on the number of portfolio nodes, not of projects."""
    horizon = board.today + timedelta(days=MILESTONE_HORIZON_DAYS)
    board.milestone_rows = list(
        top_milestones(served, groups, horizon=horizon, limit=TOP).select_related("project")
    )
    board.risk_rows = list(
        top_risks(served, groups, order=RISK_ORDER, limit=TOP).select_related("project", "owner")
    )
    board.worse_rows = list(
        top_worse(served, groups, order=WORSE_ORDER, limit=TOP).select_related(*LIST_RELATED)
    )


def _lists_from_scans(board: Dashboard, scope: QuerySet, groups: list[PeriodGroup]) -> None:
    """Milestone and risk counts and the three top-10 lists from the source tables (a
    filter or a scope the roll-ups do not serve)."""
    conditions = milestone_conditions(board.today)
    milestones = _milestone_scope(scope)
    board.milestones = milestones.aggregate(
        **{name: Count("pk", filter=condition) for name, condition in conditions.items()}
    )
    board.milestone_rows = list(
        milestones.filter(conditions["all"])
        .select_related("project")
        .order_by("forecast_date", "pk")[:TOP]
    )

    risks = _risk_scope(scope)
    board.risks = risks.aggregate(
        open=Count("pk"), critical=Count("pk", filter=Q(exposure__gte=CRITICAL_EXPOSURE))
    )
    # The ten ids first, then their rows: joining every open risk to its project before
    # the top-10 sort costs more than the sort itself.
    top_ids = risks.order_by(*RISK_ORDER).values("pk")[:TOP]
    board.risk_rows = list(
        RaidItem.objects.filter(pk__in=Subquery(top_ids))
        .select_related("project", "owner")
        .order_by(*RISK_ORDER)
    )

    worse_rows = list(
        _worse_scope(scope, groups)
        .annotate(total=Window(Count("pk")))
        .select_related(*LIST_RELATED)
        .order_by(*WORSE_ORDER)[:TOP]
    )
    board.worse = worse_rows[0].total if worse_rows else 0
    board.worse_rows = worse_rows


def dashboard_budget(*, user, data, today: date | None = None) -> dict | None:
    """The budget block of the dashboard for the same scope and filters (resources'
    selectors). Served as its own partial, loaded after the page: its sums read every budget
    line and cost of the scope, which would double the dashboard's time at 20,000 projects."""
    filters = dashboard_filter(user=user, data=data)
    today = today or timezone.localdate()
    served = rollup_scope(user=user, project_filter=filters)
    budget = budget_kpis(
        projects=filters.qs,
        today=today,
        scope_params=filters.query_params(for_project_list=True),
        totals=None if served is None else rollup_year_totals(scope=served, year=today.year),
    )
    if budget is not None:
        chosen = filters.statuses_chosen or LIVE_STATUSES
        budget["statuses"] = [ProjectStatus(status).label for status in chosen]
    return budget


# --- the lists behind the figures --------------------------------------------------------


def report_gaps(
    *, user, data, which: str = "missing", today: date | None = None
) -> tuple[DashboardFilter, QuerySet, list[PeriodGroup]]:
    """Projects missing this period's report (``which="missing"``) or last period's
    (``"late"``), with the period concerned and the state of its report if one exists."""
    today = today or timezone.localdate()
    project_filter = dashboard_filter(user=user, data=data)
    groups = period_groups(today)
    attribute = "previous" if which == "late" else "current"
    condition = late_condition(groups) if which == "late" else missing_condition(groups)
    report = StatusReport.objects.filter(project=OuterRef("pk"), period_start=OuterRef("gap_start"))
    queryset = (
        project_filter.qs.filter(condition)
        .annotate(gap_start=_period_start_of(groups, attribute))
        .annotate(gap_report=Subquery(report.values("status")[:1]))
        .select_related(*LIST_RELATED)
        .order_by("portfolio__name", "code")
    )
    return project_filter, queryset, groups


def milestones_ahead(
    *, user, data, show: str = "all", today: date | None = None
) -> tuple[DashboardFilter, QuerySet]:
    """Open milestones due within 60 days (or overdue) or slipped, soonest first."""
    today = today or timezone.localdate()
    project_filter = dashboard_filter(user=user, data=data)
    conditions = milestone_conditions(today)
    queryset = (
        _milestone_scope(project_filter.qs)
        .filter(conditions.get(show, conditions["all"]))
        .select_related("project__portfolio", "project__manager")
        .order_by("forecast_date", "pk")
    )
    return project_filter, queryset


def open_risks(*, user, data) -> tuple[DashboardFilter, QuerySet]:
    """Open risks of the scope, highest exposure first."""
    project_filter = dashboard_filter(user=user, data=data)
    # Prefetched for the page shown only: joining every open risk before the sort costs more.
    queryset = (
        _risk_scope(project_filter.qs)
        .prefetch_related("project__portfolio", "owner")
        .order_by(*RISK_ORDER)
    )
    return project_filter, queryset


def worse_projects(*, user, data, today: date | None = None) -> tuple[DashboardFilter, QuerySet]:
    """Projects whose latest report is worse than the one before it (see _worse_scope)."""
    project_filter = dashboard_filter(user=user, data=data)
    groups = period_groups(today or timezone.localdate())
    queryset = (
        _worse_scope(project_filter.qs, groups).select_related(*LIST_RELATED).order_by(*WORSE_ORDER)
    )
    return project_filter, queryset


def status_table(
    *, user, data, today: date | None = None
) -> tuple[DashboardFilter, QuerySet, list[PeriodGroup]]:
    """The consolidated status table (Excel export): one row per project of the scope,
    with the state of its report for the current period (``period_report``: submitted,
    draft, or None when missing)."""
    today = today or timezone.localdate()
    project_filter = dashboard_filter(user=user, data=data)
    groups = period_groups(today)
    report = StatusReport.objects.filter(
        project=OuterRef("pk"), period_start=OuterRef("period_start")
    )
    queryset = (
        project_filter.qs.annotate(period_start=_period_start_of(groups, "current"))
        .annotate(period_report=Subquery(report.values("status")[:1]))
        .select_related(*LIST_RELATED)
        .order_by("portfolio__name", "code")
    )
    return project_filter, queryset, groups
