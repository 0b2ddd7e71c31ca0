"""The dashboards' figures read from the portfolio roll-ups (issue 16), when they can be.

The roll-ups (portfolios/models/rollups.py, figures in reporting/rollup_source.py) hold the
projects under way and not archived, per portfolio node. They serve a dashboard whose
filters are "a portfolio or the whole company, default statuses" (what people open every
day) and whose reader's scope is a union of whole nodes (portfolios.selectors.rollups.
readable_nodes); any other filter or scope reads the source tables (dashboards.py), with
the same figures (tests/reporting/test_dashboard_rollups.py compares both).

One query for every count of the page (health, expected / missing / late, the trend,
milestones, risks, worse projects), whatever the number of projects; the top-10 lists come
from the roll-ups' short lists (dashboard_lists.py).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q

from portfolios.models import ALWAYS
from portfolios.selectors.rollups import (
    NodeScope,
    dated_after,
    dated_condition,
    readable_nodes,
    rollup_sums,
)
from reporting.filters import DashboardFilter

# Figures of the current state summed over every node of the scope ("projects" is read per
# period group: the groups cover every node, reporting.selectors.policies).
NOW_KEYS = [
    *(f"health:{level}" for level in (0, 1, 2, 3, 4)),
    "ms",
    "ms_slip",
    "risks",
    "risks_critical",
]


def rollup_scope(*, user, project_filter: DashboardFilter) -> NodeScope | None:
    """The nodes the dashboard consolidates when the roll-ups can serve it, else None."""
    if project_filter.is_bound and not project_filter.form.is_valid():
        return None
    cleaned = project_filter.cleaned
    if any(cleaned.get(name) for name in project_filter.filters if name != "portfolio"):
        return None
    scope = readable_nodes(user)
    if scope is None:
        return None
    chosen = cleaned.get("portfolio")
    return scope.narrowed(chosen.pk if chosen else None)


def _value(sums: dict, key: str, period: date = ALWAYS) -> int:
    return int(sums.get((key, period), Decimal(0)))


def rollup_counts(
    scope: NodeScope, *, today: date, months: list[date], groups: list, horizon_days: int
) -> dict:
    """Every count of the dashboard for the nodes of ``scope`` (one query): the keys of
    dashboards._scope_counts, the trend (``trend``: one {level: n} a month, "not reported"
    included), the milestone counts (``milestones``), the risk counts (``risks``) and the
    number of worse projects (``worse``)."""
    horizon = today + timedelta(days=horizon_days)
    yesterday = today - timedelta(days=1)
    common = (
        Q(key__in=NOW_KEYS, period=ALWAYS)
        | Q(key__startswith="trend:", period__gte=months[0], period__lte=months[-1])
        | Q(key="created_month", period__lte=months[-1])
        | dated_condition("ms", yesterday)
        | dated_condition("ms", horizon)
        | dated_condition("ms_slip", horizon)
    )
    conditions = {"all": scope.condition() & common}
    for index, group in enumerate(groups):
        previous, current = group.previous, group.current
        conditions[f"g{index}"] = scope.within(group.portfolio_ids) & (
            Q(key="projects", period=ALWAYS)
            | Q(key__in=["sub", "sub_early"], period__in=[current.start, previous.start])
            | dated_condition("start", previous.end)
            | Q(key="worse", period__gte=previous.start)
        )
    sums = rollup_sums(conditions)
    every = sums.get("all", {})
    counts = {
        "total": 0,
        "none": _value(every, "health:0"),
        **{f"h{level}": _value(every, f"health:{level}") for level in (1, 2, 3, 4)},
        "missing": 0,
        "late": 0,
        "worse": 0,
    }
    for index, group in enumerate(groups):
        part = sums.get(f"g{index}", {})
        previous, current = group.previous, group.current
        projects = _value(part, "projects")
        counts["total"] += projects
        started = projects - dated_after(part, "start", previous.end)
        reported_previous = _value(part, "sub", previous.start) - _value(
            part, "sub_early", previous.start
        )
        counts["missing"] += projects - _value(part, "sub", current.start)
        counts["late"] += started - reported_previous
        counts["worse"] += sum(
            int(value)
            for (key, period), value in part.items()
            if key == "worse" and period >= previous.start
        )
    counts["expected"] = counts["total"]
    counts["trend"] = _trend(every, months)
    planned = _value(every, "ms")
    slipped = _value(every, "ms_slip")
    due = planned - dated_after(every, "ms", horizon)
    counts["milestones"] = {
        "all": due + dated_after(every, "ms_slip", horizon),
        "due": due,
        "overdue": planned - dated_after(every, "ms", yesterday),
        "slipped": slipped,
    }
    counts["risks"] = {
        "open": _value(every, "risks"),
        "critical": _value(every, "risks_critical"),
    }
    return counts


def _trend(sums: dict, months: list[date]) -> list[dict]:
    """One {level: n, None: not reported} a month: the projects existing at the month's end
    (created that month or before) without a report covering it are "not reported"."""
    created = sorted(
        (period, int(value)) for (key, period), value in sums.items() if key == "created_month"
    )
    trend = []
    for month in months:
        bar = {level: _value(sums, f"trend:{level}", month) for level in (1, 2, 3, 4)}
        existing = sum(n for period, n in created if period <= month)
        bar[None] = max(0, existing - sum(bar.values()))
        trend.append(bar)
    return trend
