"""Reads of the import log (ImportRun): the list page and the Finance cockpit's card."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import QuerySet

from resources.filters import LOGGED_KINDS, ImportRunFilter
from resources.models import ImportOutcome, ImportRun

# The Finance cockpit counts the rejected imports of the last seven days (today included).
RECENT_DAYS = 7


def reads_all_imports(user) -> bool:
    """The PMO and Finance read every import (resources.view_all_imports); anyone else
    their own."""
    return user.has_perm("resources.view_all_imports")


def import_runs_for(user) -> QuerySet[ImportRun]:
    """The imports ``user`` reads, newest first."""
    queryset = ImportRun.objects.filter(kind__in=LOGGED_KINDS)
    if not reads_all_imports(user):
        queryset = queryset.filter(user=user)
    return queryset.order_by("-started_at", "-pk")


def filter_import_runs(*, user, data) -> ImportRunFilter:
    """The import log page: the filter (its ``qs``: the matching runs, newest first, with
    their user). An invalid value shows on the form; the others still apply."""
    base = import_runs_for(user).select_related("user")
    return ImportRunFilter(data=data or None, queryset=base)


def recent_since(today: date) -> date:
    return today - timedelta(days=RECENT_DAYS - 1)


def recent_rejections(*, user, today: date) -> tuple[int, ImportRun | None]:
    """The number of rejected imports since ``recent_since(today)`` and the latest import
    (any result) the user reads: two queries."""
    runs = import_runs_for(user)
    count = runs.filter(
        outcome=ImportOutcome.REJECTED, started_at__date__gte=recent_since(today)
    ).count()
    return count, runs.first()
