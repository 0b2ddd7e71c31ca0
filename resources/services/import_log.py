"""The import log (ImportRun rows): one row per confirmed import of a file, imported or
rejected. The import services write it; a rejection rolls its own transaction back, so its
row is written after that transaction (the callers keep it out of any outer one that the
rejection would roll back, see resources/views/imports.py)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from resources.models import ImportOutcome, ImportRun


def record_import_run(
    *,
    kind: str,
    user,
    file_name: str,
    started_at: datetime,
    imported: bool,
    rows_imported: int = 0,
    rows_skipped: int = 0,
    rows_rejected: int = 0,
    message: str = "",
) -> ImportRun:
    """Write down one import and its result (``imported``: saved, else rejected)."""
    run = ImportRun(
        kind=kind,
        file_name=(file_name or "")[:255],
        user=user if getattr(user, "pk", None) else None,
        started_at=started_at,
        finished_at=timezone.now(),
        outcome=ImportOutcome.IMPORTED if imported else ImportOutcome.REJECTED,
        rows_imported=rows_imported,
        rows_skipped=rows_skipped,
        rows_rejected=rows_rejected,
        message=str(message)[:500],
    )
    run.full_clean(exclude=["user"])
    run.save()
    return run
