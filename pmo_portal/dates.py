"""Month arithmetic, in one place (business periods name a month by its first day).

Built on dateutil's ``relativedelta``: adding a month to the 31st lands on the month's last
day, never on the first days of the month after (the bug of ``day + timedelta(days=32)``
when ``day`` is not the first of its month).
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta


def month_start(day: date) -> date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def add_months(day: date, count: int) -> date:
    """The first day of the month ``count`` months after ``day``'s (before, if negative)."""
    return month_start(day) + relativedelta(months=count)


def next_month(day: date) -> date:
    """The first day of the month after ``day``'s, whatever day of its month ``day`` is."""
    return add_months(day, 1)


def same_day_months_later(day: date, count: int) -> date:
    """The same day ``count`` months later (the month's last day when it has no such day:
    31 January + 1 month is 28 or 29 February)."""
    return day + relativedelta(months=count)


def month_end(day: date) -> date:
    """The last day of ``day``'s month."""
    return month_start(day) + relativedelta(months=1, days=-1)


def months_from(first: date, count: int) -> list[date]:
    """The first days of ``count`` months, starting with ``first``'s month."""
    start = month_start(first)
    return [start + relativedelta(months=offset) for offset in range(count)]


def months_until(day: date, count: int) -> list[date]:
    """The first days of the ``count`` months up to ``day``'s, oldest first."""
    return months_from(add_months(day, 1 - count), count)


def months_between(first: date, end: date) -> list[date]:
    """The first days of the months from ``first``'s up to ``end`` (excluded)."""
    months, month = [], month_start(first)
    while month < end:
        months.append(month)
        month = next_month(month)
    return months
