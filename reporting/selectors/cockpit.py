"""The counts of the role cockpits that reporting owns (home page, reporting/panels.py).

Each count is the row count of the list its panel links to, read with the same conditions
and the same default scope (what the user reads, no filter): the missing and late reports,
the projects worse than last period, the packs due this week, the decisions overdue or due,
the next steering committees, the projects in difficulty. A fixed number of queries,
whatever the number of projects.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Count

from portfolios.models import Health
from reporting.models import CopilPack, PackStatus
from reporting.selectors import copil
from reporting.selectors.dashboards import (
    _worse_scope,
    dashboard_filter,
    late_condition,
    missing_condition,
    period_groups,
)
from reporting.selectors.trend import health_trend, month_starts


def report_counts(*, user, today: date) -> dict[str, int]:
    """``missing`` (this period), ``late`` (last period) and ``worse`` (latest report worse
    than the one before) among the projects ``user`` reads. Four queries (reporting policies
    and the portfolio tree, one aggregate, the worse count)."""
    scope = dashboard_filter(user=user, data=None).qs.order_by()
    groups = period_groups(today)
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
