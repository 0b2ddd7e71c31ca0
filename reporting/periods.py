"""Reporting periods: weekly, fortnightly or monthly, each named by its first day.

A period is the half-open range [start, next start). Fortnights start on the Monday of an
even ISO-week distance from ANCHOR, so every project of a fortnightly portfolio shares them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from pmo_portal.dates import month_start, next_month


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    FORTNIGHTLY = "fortnightly", _("Fortnightly")
    MONTHLY = "monthly", _("Monthly")


ANCHOR = date(2024, 1, 1)  # a Monday


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date  # last day, inclusive
    frequency: str

    @property
    def next_start(self) -> date:
        return self.end + timedelta(days=1)

    def previous(self) -> Period:
        return period_containing(self.start - timedelta(days=1), self.frequency)

    def following(self) -> Period:
        return period_containing(self.next_start, self.frequency)


def period_containing(day: date, frequency: str) -> Period:
    if frequency == Frequency.MONTHLY:
        start = month_start(day)
        next_start = next_month(start)
    elif frequency == Frequency.WEEKLY:
        start = day - timedelta(days=day.weekday())
        next_start = start + timedelta(days=7)
    elif frequency == Frequency.FORTNIGHTLY:
        monday = day - timedelta(days=day.weekday())
        weeks = (monday - ANCHOR).days // 7
        start = monday - timedelta(days=7 * (weeks % 2))
        next_start = start + timedelta(days=14)
    else:
        raise ValueError(f"unknown reporting frequency {frequency!r}")
    return Period(start=start, end=next_start - timedelta(days=1), frequency=frequency)


def last_periods(day: date, frequency: str, count: int) -> list[Period]:
    """The ``count`` periods up to the one containing ``day``, oldest first."""
    periods = [period_containing(day, frequency)]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return list(reversed(periods))
