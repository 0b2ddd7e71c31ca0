"""Improvement actions (issue 13): what the PMO decides to change after a lesson or an
analytic, who does it by when, and the governance change it led to — a new version of a
methodology or of a document template (governance versions both).

The trace goes both ways on the lessons side only (governance, a lower layer, never reads
lessons): an action's page links to the governance version; the page "Changes by governance
item" lists, for each methodology or template version, the actions that introduced it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from pmo_portal.concurrency import VersionedModel
from pmo_portal.validators import no_control_characters, no_control_characters_multiline


class ActionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("improvement action", "Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


# Statuses of an action still to be done (an overdue action is one of them past its date).
PENDING = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class ImprovementAction(VersionedModel):
    title = models.CharField(_("title"), max_length=200, validators=[no_control_characters])
    description = models.TextField(
        _("description"), blank=True, validators=[no_control_characters_multiline]
    )
    lesson = models.ForeignKey(
        "lessons.Lesson",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="improvement_actions",
        verbose_name=_("from the lesson"),
    )
    analytic_reference = models.CharField(
        _("from the analytic"),
        max_length=200,
        blank=True,
        validators=[no_control_characters],
        help_text=_("The analysis it comes from, e.g. “Late projects by type, 2025”."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    methodology_version = models.ForeignKey(
        "governance.MethodologyVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("methodology version it led to"),
    )
    template_version = models.ForeignKey(
        "governance.TemplateVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("template version it led to"),
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")
        constraints = [
            models.CheckConstraint(
                condition=Q(methodology_version__isnull=True) | Q(template_version__isnull=True),
                name="action_one_governance_change",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_at__isnull=False),
                name="action_done_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="action_status_due")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("lessons:action_detail", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return self.status in PENDING and self.due_date < timezone.localdate()

    @property
    def governance_change(self):
        return self.methodology_version or self.template_version
