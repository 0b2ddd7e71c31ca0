"""Where each project stands: lifecycle, gate reviews and conditions, deliverables,
compliance snapshots (see governance.models)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.models.referential import (
    MethodologyVersion,
    Phase,
    RequiredDeliverable,
    TemplateVersion,
    deliverable_upload_to,
)
from pmo_portal.concurrency import VersionedModel
from pmo_portal.validators import no_control_characters, no_control_characters_multiline
from portfolios.models import Project


class ProjectLifecycle(VersionedModel):
    """Where a project stands in its methodology: the version it follows and its phase
    (None once the last gate is passed)."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="lifecycle")
    methodology_version = models.ForeignKey(
        MethodologyVersion, on_delete=models.PROTECT, related_name="lifecycles"
    )
    current_phase = models.ForeignKey(
        Phase, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project lifecycle")
        verbose_name_plural = _("project lifecycles")

    def __str__(self) -> str:
        return f"{self.project} — {self.current_phase or _('completed')}"


class GateStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    DECIDED = "decided", _("Decided")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class GateDecision(models.TextChoices):
    GO = "go", _("Go")
    GO_WITH_CONDITIONS = "go_conditions", _("Go with conditions")
    NO_GO = "no_go", _("No-go")
    POSTPONE = "postpone", _("Postponed")


class GateReview(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="gate_reviews")
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="reviews")
    status = models.CharField(
        _("status"), max_length=10, choices=GateStatus.choices, default=GateStatus.REQUESTED
    )
    planned_on = models.DateField(_("planned date"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    request_note = models.TextField(
        _("note to the deciders"), blank=True, validators=[no_control_characters_multiline]
    )
    decision = models.CharField(
        _("decision"), max_length=14, choices=GateDecision.choices, blank=True
    )
    reasons = models.TextField(
        _("reasons"), blank=True, validators=[no_control_characters_multiline]
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("gate review")
        verbose_name_plural = _("gate reviews")
        constraints = [
            # One open request per project at a time (two clicks give the same review).
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(status="requested"),
                name="governance_one_open_review_per_project",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} — {self.phase}"


class GateCondition(models.Model):
    """A condition of a "go with conditions": a tracked action."""

    review = models.ForeignKey(GateReview, on_delete=models.CASCADE, related_name="conditions")
    text = models.CharField(_("condition"), max_length=300, validators=[no_control_characters])
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("gate condition")
        verbose_name_plural = _("gate conditions")

    def __str__(self) -> str:
        return self.text


class Deliverable(VersionedModel):
    """A project's answer to a required deliverable: its latest file, or a waiver."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="deliverables")
    requirement = models.ForeignKey(
        RequiredDeliverable, on_delete=models.PROTECT, related_name="submissions"
    )
    file = models.FileField(_("file"), upload_to=deliverable_upload_to, max_length=200, blank=True)
    original_name = models.CharField(
        _("file name"), max_length=200, blank=True, validators=[no_control_characters]
    )
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    template_version = models.ForeignKey(
        TemplateVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliverables",
        verbose_name=_("made from template version"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), null=True, blank=True)
    waived = models.BooleanField(_("waived"), default=False)
    waiver_reason = models.TextField(
        _("reason for the waiver"), blank=True, validators=[no_control_characters_multiline]
    )
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "requirement"]
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "requirement"], name="governance_one_deliverable_per_need"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} — {self.requirement}"


class ComplianceSnapshot(models.Model):
    """A project's compliance counts as of a month (the trend reads these; the current
    month is recomputed daily and upserted, so the task can run twice)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="compliance_snapshots"
    )
    month = models.DateField(_("month"))
    expected = models.PositiveIntegerField(_("deliverables expected"), default=0)
    present = models.PositiveIntegerField(_("deliverables present"), default=0)
    missing = models.PositiveIntegerField(_("deliverables missing"), default=0)
    late = models.PositiveIntegerField(_("deliverables late"), default=0)
    outdated = models.PositiveIntegerField(_("made from an outdated template"), default=0)

    class Meta:
        ordering = ["project", "month"]
        verbose_name = _("compliance snapshot")
        verbose_name_plural = _("compliance snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "month"], name="governance_one_snapshot_per_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} — {self.month:%Y-%m}"


class CurrentCompliance(models.Model):
    """A project's compliance counts as they stand (a roll-up): the services that change an
    input rewrite the project's row in the same transaction and the nightly snapshot task
    reconciles every row, so the compliance overview and the panels sum these rows instead
    of recomputing every deliverable (governance/services/compliance.py)."""

    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, primary_key=True, related_name="current_compliance"
    )
    expected = models.PositiveIntegerField(_("deliverables expected"), default=0)
    present = models.PositiveIntegerField(_("deliverables present"), default=0)
    waived = models.PositiveIntegerField(_("deliverables waived"), default=0)
    missing = models.PositiveIntegerField(_("deliverables missing"), default=0)
    late = models.PositiveIntegerField(_("deliverables late"), default=0)
    outdated = models.PositiveIntegerField(_("made from an outdated template"), default=0)
    refreshed_at = models.DateTimeField(_("refreshed at"), auto_now=True)

    class Meta:
        verbose_name = _("current compliance")
        verbose_name_plural = _("current compliance")

    def __str__(self) -> str:
        return str(self.project)
