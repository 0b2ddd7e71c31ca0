"""The embedded demo (SQLite) scans with the portable detection: same rows as PostgreSQL's
single SQL pass, on the demo company."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from resources.services import alert_detection as alerts

pytestmark = pytest.mark.django_db


def test_portable_detection_matches_the_sql_pass():
    call_command("seed_demo", "--projects", "60", stdout=io.StringIO())
    today = timezone.localdate()
    params = {
        "year": today.year,
        "year_start": date(today.year, 1, 1),
        "year_end": date(today.year, 12, 31),
        "today": today,
        "statuses": [str(s) for s in alerts.SCANNED_STATUSES],
        "eac_factor": Decimal("1.05"),
    }
    with connection.cursor() as cursor:
        cursor.execute(alerts.DETECTION_SQL, params)
        by_sql = {row[:2]: row for row in cursor.fetchall()}
    portable = {row[:2]: row for row in alerts._detection_rows_portable(**params)}
    assert portable.keys() == by_sql.keys()
    assert len(portable) >= 2  # the demo's silent and flagged overruns at least
    for key, row in portable.items():
        expected = by_sql[key]
        for mine, theirs in zip(row[2:], expected[2:], strict=True):
            if mine is None or theirs is None:
                assert mine == theirs, key
            else:
                assert round(Decimal(mine), 2) == round(Decimal(theirs), 2), key
