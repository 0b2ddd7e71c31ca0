"""The drafted COPIL summary (issue 13, "AI, on premise and honest"): the extractive draft of
a steering committee's period, each sentence with its source (project code, report date), an
optional rewrite by the operator's on-premise model, and the text the PMO edits and approves
for the pack. One row per meeting."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pmo_portal.concurrency import VersionedModel
from pmo_portal.validators import no_control_characters_multiline


class SummaryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class CopilSummary(VersionedModel):
    meeting = models.OneToOneField(
        "reporting.CopilMeeting",
        on_delete=models.CASCADE,
        related_name="summary",
        verbose_name=_("steering committee"),
    )
    draft = models.TextField(_("extractive draft"), blank=True)
    # The draft's sentences: [{"kind", "text", "project", "date", "figures"}], in order.
    sources = models.JSONField(_("sources"), default=list, blank=True)
    rewrite = models.TextField(_("generated rewrite"), blank=True)
    rewritten_at = models.DateTimeField(_("rewritten"), null=True, blank=True)
    # Set when the PMO asks for a rewrite, cleared by the worker that asked the model
    # (lessons/tasks_copil_summary.py): the page shows "being written" while it is set.
    rewrite_requested_at = models.DateTimeField(_("rewrite requested"), null=True, blank=True)
    # Why the last rewrite was not kept (timeout, HTTP error, refusal); empty when it was.
    rewrite_note = models.CharField(_("rewrite note"), max_length=300, blank=True)
    edited = models.TextField(
        _("edited text"), blank=True, validators=[no_control_characters_multiline]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SummaryStatus.choices, default=SummaryStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("COPIL summary")
        verbose_name_plural = _("COPIL summaries")

    def __str__(self) -> str:
        return str(self.meeting)

    @property
    def text(self) -> str:
        """What the pack shows once approved: the PMO's text, else the rewrite, else the
        draft."""
        return self.edited or self.rewrite or self.draft

    @property
    def generated(self) -> bool:
        """The text comes from the model, unedited."""
        return not self.edited and bool(self.rewrite)
