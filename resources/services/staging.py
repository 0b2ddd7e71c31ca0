"""Files waiting between their preview and their import (StagedImport rows).

One staged file per owner and kind: a new upload replaces the previous one. Rows older than
STAGED_IMPORT_MAX_AGE are purged at every upload and by a beat task. Confirming marks the row
imported in the same transaction as the import, so a second confirmation (a double click, a
replayed form) imports nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.db import transaction
from django.utils import timezone

from resources.import_limits import STAGED_IMPORT_MAX_AGE
from resources.models import StagedImport

T = TypeVar("T")


class StagedImportGone(Exception):
    """The staged file expired (or was purged meanwhile)."""


class AlreadyImported(Exception):
    """The staged file was already imported (a second confirmation)."""


def purge_expired_staged_imports() -> int:
    """Delete the staged files older than STAGED_IMPORT_MAX_AGE; idempotent."""
    deleted, _by_model = StagedImport.objects.filter(
        created_at__lt=timezone.now() - STAGED_IMPORT_MAX_AGE
    ).delete()
    return deleted


def stage_import(*, owner, kind: str, name: str, file_format: str, data: bytes) -> StagedImport:
    """Keep ``data`` (already checked by check_upload) until its owner confirms it."""
    with transaction.atomic():
        purge_expired_staged_imports()
        StagedImport.objects.filter(owner=owner, kind=kind).delete()
        staged = StagedImport(
            owner=owner,
            kind=kind,
            name=name[:255],
            file_format=file_format,
            content=data,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
        staged.full_clean()
        staged.save()
    return staged


def consume_staged_import(
    *,
    staged: StagedImport,
    run: Callable[[StagedImport], T],
    done: Callable[[T], bool] = lambda _result: True,
) -> T:
    """Run ``run(staged)`` (the import) with the staged row locked, and mark it imported (its
    content dropped) in the same transaction. A second confirmation, concurrent or later,
    gets AlreadyImported and imports nothing. If ``run`` raises, or ``done(result)`` is false
    (rows with errors, nothing saved), the row stays as it was for the preview to show why."""
    with transaction.atomic():
        locked = StagedImport.objects.select_for_update().filter(pk=staged.pk).first()
        if locked is None or locked.is_expired:
            raise StagedImportGone
        if locked.imported_at is not None:
            raise AlreadyImported
        result = run(locked)
        if done(result):
            locked.imported_at = timezone.now()
            locked.content = b""
            locked.save(update_fields=["imported_at", "content"])
    return result
