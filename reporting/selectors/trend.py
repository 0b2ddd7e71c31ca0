"""The dashboards' health trend: projects per declared health level, month by month.

It reads a year of reports (12 × the number of projects), so its result is cached, keyed by
its SQL and by the data version (``data_version``): any change to a report or a project
gives a new key; the expiry is only a safety net.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import date

from django.core.cache import cache
from django.db import connection, connections, router
from django.db.models import Count, QuerySet

from pmo_portal.dates import month_end, month_start, months_until, next_month
from portfolios.models import Project
from reporting.models import ReportStatus, StatusReport

logger = logging.getLogger(__name__)

TREND_MONTHS = 12
TREND_CACHE_SECONDS = 15 * 60
HEALTH_KEYS: tuple[int | None, ...] = (1, 2, 3, 4, None)


def month_starts(today: date, count: int = TREND_MONTHS) -> list[date]:
    """First days of the ``count`` months up to ``today``'s, oldest first."""
    return months_until(today, count)


def _covers_month_end(period_start: date, period_end: date) -> bool:
    """The period holds the last day of the month it starts in (a week starting on the
    30th covers that month's end, whatever day of the week the month ends on)."""
    return period_end >= month_end(period_start)


def data_version() -> str:
    """A value that changes whenever a status report or a project is created, changed or
    deleted: the highest ids of both tables and of their audit history (every save through
    the services, the admin or a PM's form writes a history row; bulk inserts take new
    ids). One query of four index lookups."""
    quote = connection.ops.quote_name
    columns = [
        (StatusReport._meta.db_table, "id"),
        (StatusReport.history.model._meta.db_table, "history_id"),
        (Project._meta.db_table, "id"),
        (Project.history.model._meta.db_table, "history_id"),
    ]
    selects = ", ".join(
        f"(SELECT MAX({quote(column)}) FROM {quote(table)})"  # noqa: S608 (model tables)
        for table, column in columns
    )
    # Read where the rows it versions are read (a read replica in a dashboard's read scope):
    # a version newer than those rows would cache them stale.
    with connections[router.db_for_read(Project)].cursor() as cursor:
        cursor.execute(f"SELECT {selects}")
        return ":".join(str(value) for value in cursor.fetchone())


def _cached_rows(queryset: QuerySet, *, prefix: str) -> list[dict]:
    """``list(queryset)``, cached under its SQL and the data version (see data_version)."""
    source = f"{connection.settings_dict['NAME']}|{data_version()}|{queryset.query}"
    key = f"{prefix}:{hashlib.sha256(source.encode()).hexdigest()}"
    try:
        rows = cache.get(key)
    except Exception:  # the cache is an optimisation: compute when it is unavailable
        logger.warning("dashboard cache unavailable", exc_info=True)
        return list(queryset)
    if rows is None:
        rows = list(queryset)
        try:
            cache.set(key, rows, TREND_CACHE_SECONDS)
        except Exception:
            logger.warning("dashboard cache unavailable", exc_info=True)
    return rows


def health_trend(scope: QuerySet, months: list[date]) -> list[dict]:
    """Projects per declared health level, month by month.

    The rule: a project's health in a month is the overall health of its submitted report
    whose period covers the last day of that month — the month's report for monthly
    reporting, the last week's or fortnight's otherwise (a project that skipped that last
    report counts as not reported that month). The query groups by period and health on
    plain columns; the few period groups are then folded into months here. "Not reported"
    (key ``None``) is filled in by the caller.

    Two queries: the data version, and the aggregate unless the cache has it (the result
    only changes when a report or a project does).
    """
    first, end = months[0], next_month(months[-1])
    queryset = (
        StatusReport.objects.filter(
            status=ReportStatus.SUBMITTED,
            project__in=scope.values("pk"),
            period_start__gte=first,
            period_start__lt=end,
        )
        .values("period_start", "period_end", "health_overall")
        .annotate(n=Count("pk"))
        .order_by()
    )
    series = {month: dict.fromkeys(HEALTH_KEYS, 0) for month in months}
    for row in _cached_rows(queryset, prefix="reporting:trend"):
        if not _covers_month_end(row["period_start"], row["period_end"]):
            continue
        month = month_start(row["period_start"])
        if month in series:
            series[month][row["health_overall"]] += row["n"]
    return [series[month] for month in months]
