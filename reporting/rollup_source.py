# ruff: noqa: S608 (SQL built from the code's own table names and enum values; data go as parameters)
"""Reporting's figures of the portfolio roll-ups (pmo_portal/rollup_sources.py), per project
under way (the dashboards' default scope), in SQL:

- ``sub`` at a period start: a submitted report of that period; ``sub_early``: the same,
  for a period that ended before the project's planned start (it owes nothing for it, so
  "late" does not subtract it);
- ``trend:<level>`` at a month: the submitted report whose period covers that month's last
  day declares that overall health (reporting.selectors.trend's rule);
- ``ms`` / ``ms_slip``: open (planned) milestones, and those forecast after their
  baseline; ``ms_day`` / ``ms_month`` and ``ms_slip_day`` / ``ms_slip_month``: the same by
  forecast date, so that "due within 60 days" and "overdue" are read for any day;
- ``risks`` / ``risks_critical``: open risks, and those of exposure ≥ 12;
- ``worse`` at the declared status date: the latest submitted report declares a worse
  overall health than the submitted report before it (reporting.selectors.dashboards).

And the items of the dashboards' short lists (``reporting_items``, portfolios.models.
RollupItem; read by reporting.selectors.dashboard_lists), per project under way:

- ``risk``: open risks, sorted by exposure (highest first), due date, id;
- ``ms`` / ``ms_slip``: open (planned) milestones, and those forecast after their baseline,
  sorted by forecast date (``sort_date``), id;
- ``worse``: the project when counted in ``worse``, sorted by declared health (worst
  first), code; ``sort_date`` is its status date (the reader keeps the recent ones).
"""

from __future__ import annotations

from portfolios.models import ALWAYS
from portfolios.services.rollups import dated, live_sql
from reporting.models import MilestoneStatus, RaidKind, RaidStatus, ReportStatus

CRITICAL_EXPOSURE = 12  # reporting.selectors.dashboards.CRITICAL_EXPOSURE


def reporting_source() -> tuple[str, list]:
    live = live_sql()
    submitted = ReportStatus.SUBMITTED.value
    reports = (
        "rollup_projects p JOIN reporting_statusreport r "
        f"ON r.project_id = p.id AND r.status = '{submitted}'"
    )
    milestones = (
        "rollup_projects p JOIN reporting_milestone m "
        f"ON m.project_id = p.id AND m.status = '{MilestoneStatus.PLANNED.value}'"
    )
    risks = (
        "rollup_projects p JOIN reporting_raiditem i ON i.project_id = p.id "
        f"AND i.kind = '{RaidKind.RISK.value}' AND i.status <> '{RaidStatus.CLOSED.value}'"
    )
    slipped = f"{live} AND m.forecast_date > m.baseline_date"
    branches = [
        f"SELECT p.id, p.portfolio_id, 'sub', r.period_start, 1 FROM {reports} WHERE {live}",
        f"SELECT p.id, p.portfolio_id, 'sub_early', r.period_start, 1 FROM {reports} "
        f"WHERE {live} AND p.planned_start > r.period_end",
        "SELECT p.id, p.portfolio_id, 'trend:' || r.health_overall, "
        f"date_trunc('month', r.period_start)::date, 1 FROM {reports} WHERE {live} "
        "AND r.period_end >= (date_trunc('month', r.period_start) "
        "+ interval '1 month' - interval '1 day')::date",
        f"SELECT p.id, p.portfolio_id, 'ms', %s::date, 1 FROM {milestones} WHERE {live}",
        f"SELECT p.id, p.portfolio_id, 'ms_slip', %s::date, 1 FROM {milestones} WHERE {slipped}",
        dated("ms", "m.forecast_date", milestones, live),
        dated("ms_slip", "m.forecast_date", milestones, slipped),
        f"SELECT p.id, p.portfolio_id, 'risks', %s::date, 1 FROM {risks} WHERE {live}",
        f"SELECT p.id, p.portfolio_id, 'risks_critical', %s::date, 1 FROM {risks} "
        f"WHERE {live} AND i.exposure >= %s",
        "SELECT p.id, p.portfolio_id, 'worse', p.status_date, 1 FROM rollup_projects p "
        f"WHERE {live} AND {_worse_sql()}",
    ]
    params = [ALWAYS, ALWAYS, ALWAYS, ALWAYS, CRITICAL_EXPOSURE]
    return " UNION ALL ".join(branches), params


def _worse_sql(alias: str = "p") -> str:
    """SQL condition: the project ``alias``'s latest submitted report declares a worse overall
    health than the submitted report before it (``worse``)."""
    submitted = ReportStatus.SUBMITTED.value
    return (
        f"{alias}.health_overall > 1 AND {alias}.health_overall > ("
        "SELECT b.health_overall FROM reporting_statusreport b "
        f"WHERE b.project_id = {alias}.id AND b.status = '{submitted}' "
        f"AND b.period_end < {alias}.status_date ORDER BY b.period_start DESC LIMIT 1)"
    )


def reporting_items() -> tuple[str, list]:
    """The rows of the dashboards' top-10 lists (pmo_portal/rollup_sources.py, items)."""
    live = live_sql()
    milestones = (
        "rollup_projects p JOIN reporting_milestone m "
        f"ON m.project_id = p.id AND m.status = '{MilestoneStatus.PLANNED.value}'"
    )
    branches = [
        "SELECT p.id, p.portfolio_id, 'risk', -i.exposure, '', i.due_date, i.id "
        "FROM rollup_projects p JOIN reporting_raiditem i ON i.project_id = p.id "
        f"AND i.kind = '{RaidKind.RISK.value}' AND i.status <> '{RaidStatus.CLOSED.value}' "
        f"WHERE {live}",
        f"SELECT p.id, p.portfolio_id, 'ms', 0, '', m.forecast_date, m.id FROM {milestones} "
        f"WHERE {live}",
        f"SELECT p.id, p.portfolio_id, 'ms_slip', 0, '', m.forecast_date, m.id FROM {milestones} "
        f"WHERE {live} AND m.forecast_date > m.baseline_date",
        "SELECT p.id, p.portfolio_id, 'worse', -p.health_overall, p.code, p.status_date, p.id "
        f"FROM rollup_projects p WHERE {live} AND {_worse_sql()}",
    ]
    return " UNION ALL ".join(branches), []
