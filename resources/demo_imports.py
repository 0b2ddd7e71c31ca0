"""Demo import log (used by ``seed_demo`` after the budgets): the cost imports Finance
("finance") ran this week, as the import log and the Finance cockpit show them — last
month's ledger extract rejected two days ago for an unknown project code, then imported
corrected the next day, and a purchase-order file rejected yesterday. Dated from today, so a
freshly seeded demo has rejected imports in its last seven days whatever the day.

Idempotent: a run is looked up by its file name, so a second seeding adds nothing.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from pmo_portal.dates import add_months
from resources.models import ImportKind, ImportOutcome, ImportRun

FINANCE = "finance"
# (file name, days ago, hour, seconds it took, result, imported, skipped, rejected, message)
RUNS = [
    (
        "extraction-grand-livre-{month:%Y-%m}.csv",
        2,
        time(9, 12),
        4,
        ImportOutcome.REJECTED,
        0,
        0,
        3,
        "Ligne 14 : code projet PRJ-0999 inconnu",
    ),
    (
        "extraction-grand-livre-{month:%Y-%m}-corrigee.csv",
        1,
        time(10, 5),
        6,
        ImportOutcome.IMPORTED,
        184,
        12,
        0,
        "",
    ),
    (
        "commandes-achats-{month:%Y-%m}.xlsx",
        1,
        time(16, 40),
        2,
        ImportOutcome.REJECTED,
        0,
        0,
        1,
        "Ligne 3 : montant illisible « 12 500,00 € HT »",
    ),
]


def seed_import_log(*, today: date | None = None) -> dict:
    """Create the demo import runs that are missing; returns how many were created."""
    today = today or timezone.localdate()
    user = get_user_model().objects.filter(username=FINANCE).first()
    last_month = add_months(today.replace(day=1), -1)
    tz = timezone.get_current_timezone()
    runs = []
    for name, days, at, seconds, outcome, imported, skipped, rejected, message in RUNS:
        file_name = name.format(month=last_month)
        started = timezone.make_aware(datetime.combine(today - timedelta(days=days), at), tz)
        runs.append(
            ImportRun(
                kind=ImportKind.COSTS,
                file_name=file_name,
                user=user,
                started_at=started,
                finished_at=started + timedelta(seconds=seconds),
                outcome=outcome,
                rows_imported=imported,
                rows_skipped=skipped,
                rows_rejected=rejected,
                message=message,
            )
        )
    existing = set(
        ImportRun.objects.filter(file_name__in=[run.file_name for run in runs]).values_list(
            "file_name", flat=True
        )
    )
    new = [run for run in runs if run.file_name not in existing]
    ImportRun.objects.bulk_create(new)
    return {"imports": len(new)}
