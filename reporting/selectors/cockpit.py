"""The counts of the role cockpits that reporting owns (home page, reporting/panels.py).

Each count is the row count of the list its panel links to, read with the same conditions
and the same default scope (what the user reads, no filter): the missing and late reports,
the projects worse than last period, the packs due this week, the decisions overdue or due,
the next steering committees, the projects in difficulty. A fixed number of queries,
whatever the number of projects.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime

from django.db.models import Count

from pmo_portal.dates import next_month
from portfolios.models import Health, Portfolio
from reporting.models import CopilPack, PackStatus, ReportStatus, StatusReport
from reporting.selectors import copil
from reporting.selectors.dashboard_rollups import rollup_counts, rollup_scope
from reporting.selectors.dashboards import (
    MILESTONE_HORIZON_DAYS,
    _worse_scope,
    dashboard_filter,
    late_condition,
    missing_condition,
    period_groups,
)
from reporting.selectors.trend import _covers_month_end, health_trend, month_starts


def report_counts(*, user, today: date) -> dict[str, int]:
    """``missing`` (this period), ``late`` (last period) and ``worse`` (latest report worse
    than the one before) among the projects ``user`` reads. Four queries (reporting policies
    and the portfolio tree, one aggregate, the worse count); from the roll-ups when the
    user's scope is whole portfolio nodes (one query instead of the last two)."""
    project_filter = dashboard_filter(user=user, data=None)
    scope = project_filter.qs.order_by()
    groups = period_groups(today)
    served = rollup_scope(user=user, project_filter=project_filter)
    if served is not None:
        counts = rollup_counts(
            served,
            today=today,
            months=month_starts(today),
            groups=groups,
            horizon_days=MILESTONE_HORIZON_DAYS,
        )
        return {name: counts[name] for name in ("missing", "late", "worse")}
    counts = scope.aggregate(
        missing=Count("pk", filter=missing_condition(groups)),
        late=Count("pk", filter=late_condition(groups)),
    )
    counts["worse"] = _worse_scope(scope, groups).count()
    return counts


def packs_due_count(*, user, now: datetime) -> int:
    """Meetings ``user`` reads in the next week whose pack is not ready (one query)."""
    return copil.meetings_for(user, today=now, pack_due=True).order_by().count()


def decisions_count(*, user, show: str, mine: bool, today: date) -> int:
    """The decisions of the decision log's ``show`` tab (one query)."""
    return copil.decisions_for(user, show=show, mine=mine, today=today).order_by().count()


def next_meetings(*, user, now: datetime) -> tuple[int, object, object]:
    """The upcoming meetings ``user`` reads: how many, the next one, and its latest ready
    pack (or None). Two queries."""
    upcoming = copil.meetings_for(user, today=now)
    count = upcoming.order_by().count()
    meeting = upcoming.first() if count else None
    pack = None
    if meeting is not None:
        pack = (
            CopilPack.objects.filter(meeting=meeting, status=PackStatus.DONE)
            .order_by("-created_at", "-pk")
            .first()
        )
    return count, meeting, pack


IN_DIFFICULTY = (Health.RAINY, Health.STORMY)


def difficulty_trend(*, user, today: date) -> tuple[int, int | None]:
    """Live projects ``user`` reads whose declared weather is rainy or stormy, and how many
    were as last month's reports stated them (None when nothing was reported last month), as
    the dashboard compares them. Three queries (the count, the trend's data version and its
    aggregate unless cached)."""
    scope = dashboard_filter(user=user, data=None).qs.order_by()
    now = scope.filter(health_overall__in=IN_DIFFICULTY).count()
    previous = health_trend(scope, month_starts(today, 2))[0]
    if not any(previous.values()):
        return now, None
    return now, sum(previous.get(int(level), 0) for level in IN_DIFFICULTY)


PORTFOLIO_ROWS = 8  # an executive sits on a few portfolios' committees


def portfolio_weather(*, user, today: date) -> list[dict]:
    """The météo of each portfolio ``user`` is a member of (at most ``PORTFOLIO_ROWS``, by
    name), its sub-portfolios included: live projects by declared weather now, how many are
    in difficulty, and how many were as last month's reports stated them (the dashboard's
    rule, reporting/selectors/trend.py; None when nothing was reported last month). Four
    queries whatever the number of projects: the portfolios, the tree, the projects grouped
    by portfolio and weather, last month's reports grouped the same way."""
    portfolios = list(
        Portfolio.objects.filter(members=user).order_by("name", "pk")[:PORTFOLIO_ROWS]
    )
    if not portfolios:
        return []
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in Portfolio.objects.parent_map().items():
        children[parent_id].append(pk)
    scope = dashboard_filter(user=user, data=None).qs.order_by()
    now: dict[int, Counter] = defaultdict(Counter)
    for row in scope.values("portfolio_id", "health_overall").annotate(n=Count("pk")):
        now[row["portfolio_id"]][row["health_overall"]] += row["n"]
    month = month_starts(today, 2)[0]
    before: dict[int, Counter] = defaultdict(Counter)
    reports = (
        StatusReport.objects.filter(
            status=ReportStatus.SUBMITTED,
            project__in=scope.values("pk"),
            period_start__gte=month,
            period_start__lt=next_month(month),
        )
        .values("project__portfolio_id", "period_start", "period_end", "health_overall")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in reports:
        if _covers_month_end(row["period_start"], row["period_end"]):
            before[row["project__portfolio_id"]][row["health_overall"]] += row["n"]
    rows = []
    for portfolio in portfolios:
        subtree = _subtree(children, portfolio.pk)
        counts = sum((now[pk] for pk in subtree), Counter())
        last = sum((before[pk] for pk in subtree), Counter())
        rows.append(
            {
                "portfolio": portfolio,
                "levels": [(level, counts.get(level, 0)) for level in Health.values],
                "not_reported": counts.get(None, 0),
                "projects": sum(counts.values()),
                "difficulty": sum(counts.get(level, 0) for level in IN_DIFFICULTY),
                "before": sum(last.get(level, 0) for level in IN_DIFFICULTY) if last else None,
            }
        )
    return rows


def _subtree(children: dict, root: int) -> set[int]:
    found, stack = set(), [root]
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children.get(pk, []))
    return found
