"""An uploaded file waiting between its preview and its confirmation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resources.import_limits import STAGED_IMPORT_MAX_AGE


class ImportKind(models.TextChoices):
    COSTS = "costs", _("Actual costs")
    ALLOCATIONS = "allocations", _("Allocations")
    CAPACITY = "capacity", _("Capacity")
    # The lessons register (lessons/services/lesson_import.py stages its files here too).
    LESSONS = "lessons", _("Lessons register")


class StagedImport(models.Model):
    """The bytes of a previewed file, kept in the database (not in the session, which is
    loaded and saved with every request) until its owner confirms the import or uploads
    another file of the same kind; purged after STAGED_IMPORT_MAX_AGE in any case."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staged_imports",
        verbose_name=_("owner"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=10)  # csv | xlsx
    content = models.BinaryField(_("content"), blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Set (and the content emptied) when the import is confirmed: a second confirmation of
    # the same preview then says so instead of importing again.
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("staged import")
        verbose_name_plural = _("staged imports")
        indexes = [
            # The purge of expired rows: WHERE created_at < now - 24 h.
            models.Index(fields=["created_at"], name="stagedimport_created_idx"),
            # Replacing the owner's previous file of the same kind at each upload.
            models.Index(fields=["owner", "kind"], name="stagedimport_owner_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"

    @property
    def is_expired(self) -> bool:
        return self.created_at < timezone.now() - STAGED_IMPORT_MAX_AGE


class ImportOutcome(models.TextChoices):
    IMPORTED = "imported", _("Imported")
    REJECTED = "rejected", _("Rejected")


class ImportRun(models.Model):
    """One confirmed import of a file (actual costs, allocations, capacity) and its result,
    kept whether it was imported or rejected: the import log Finance and the PMO read."""

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_runs",
    )
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    outcome = models.CharField(_("result"), max_length=10, choices=ImportOutcome.choices)
    rows_imported = models.PositiveIntegerField(_("rows imported"), default=0)
    rows_skipped = models.PositiveIntegerField(_("rows already imported"), default=0)
    rows_rejected = models.PositiveIntegerField(_("rows with errors"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        indexes = [
            # The import log, newest first, and the Finance cockpit's rejected runs of the
            # last seven days (WHERE outcome = 'rejected' AND started_at >= …).
            models.Index(fields=["outcome", "started_at"], name="importrun_outcome_started"),
            models.Index(fields=["started_at"], name="importrun_started_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.file_name or self.get_kind_display()} ({self.get_outcome_display()})"
