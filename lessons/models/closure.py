"""The closure review (bilan de clôture) of a project (issue 13).

When a project is closed (its status set to "closed" on the project's edit page: portfolios has
no hook for it), its manager or the PMO starts the review from the project's "Closure review"
tab. The final figures are captured from the other apps at that moment and stored, so that
the review keeps saying what the project finished at even if a late invoice arrives:

- schedule: planned end (the baseline end when there is one) against the actual end;
- cost by nature (CAPEX, OPEX): approved, actual and committed, the budget page's figures
  (resources.selectors.budgets.project_budget), every fiscal year together;
- gates passed: the gate reviews of governance decided "go" or "go with conditions".

The manager writes what went well and what went badly, the scope delivered, and drafts lessons
from it (Lesson rows with the project as their source); they submit it, the PMO validates it,
which validates its draft lessons too (lessons/services/closure.py).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from pmo_portal.concurrency import VersionedModel
from pmo_portal.validators import no_control_characters_multiline
from portfolios.models import MONEY

DAYS_PER_MONTH = Decimal("30.44")


class ClosureStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    VALIDATED = "validated", pgettext_lazy("closure review", "Validated")


class ClosureReview(VersionedModel):
    project = models.OneToOneField(
        "portfolios.Project",
        on_delete=models.PROTECT,
        related_name="closure_review",
        verbose_name=_("project"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ClosureStatus.choices, default=ClosureStatus.DRAFT
    )
    # --- Figures captured from the other apps when the review starts ---------------------
    captured_at = models.DateTimeField(_("figures captured at"))
    planned_end = models.DateField(_("planned end"))
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    capex_approved = models.DecimalField(_("CAPEX approved"), **MONEY)
    capex_actual = models.DecimalField(_("CAPEX actual"), **MONEY)
    capex_committed = models.DecimalField(_("CAPEX committed"), **MONEY)
    opex_approved = models.DecimalField(_("OPEX approved"), **MONEY)
    opex_actual = models.DecimalField(_("OPEX actual"), **MONEY)
    opex_committed = models.DecimalField(_("OPEX committed"), **MONEY)
    gates_passed = models.PositiveSmallIntegerField(_("gates passed"), default=0)
    gates_decided = models.PositiveSmallIntegerField(_("gates decided"), default=0)
    # --- What the manager writes ----------------------------------------------------------
    scope_delivered = models.PositiveSmallIntegerField(
        _("scope delivered (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    scope_notes = models.TextField(
        _("scope delivered and left out"),
        blank=True,
        validators=[no_control_characters_multiline],
    )
    went_well = models.TextField(
        _("what went well"), blank=True, validators=[no_control_characters_multiline]
    )
    went_badly = models.TextField(
        _("what went badly"), blank=True, validators=[no_control_characters_multiline]
    )
    lessons = models.ManyToManyField(
        "lessons.Lesson", blank=True, related_name="+", verbose_name=_("lessons drafted")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("started by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validated by"),
    )
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("closure review")
        verbose_name_plural = _("closure reviews")
        constraints = [
            models.CheckConstraint(
                condition=Q(scope_delivered__isnull=True) | Q(scope_delivered__lte=100),
                name="closure_scope_0_100",
            ),
            models.CheckConstraint(
                condition=~Q(status="validated") | Q(validated_at__isnull=False),
                name="closure_validated_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="closure_status_created")]

    def __str__(self) -> str:
        return str(_("Closure review of %(project)s") % {"project": self.project})

    def get_absolute_url(self) -> str:
        return reverse("lessons:closure_review", args=[self.project_id])

    # --- Variances (positive: late, over budget) --------------------------------------------

    @property
    def schedule_variance_days(self) -> int | None:
        if self.actual_end is None:
            return None
        return (self.actual_end - self.planned_end).days

    @property
    def schedule_variance_months(self) -> Decimal | None:
        days = self.schedule_variance_days
        if days is None:
            return None
        return (Decimal(days) / DAYS_PER_MONTH).quantize(Decimal("0.1"))

    @property
    def capex_variance(self) -> Decimal:
        return self.capex_actual + self.capex_committed - self.capex_approved

    @property
    def opex_variance(self) -> Decimal:
        return self.opex_actual + self.opex_committed - self.opex_approved

    @property
    def total_approved(self) -> Decimal:
        return self.capex_approved + self.opex_approved

    @property
    def total_variance(self) -> Decimal:
        return self.capex_variance + self.opex_variance

    @property
    def cost_variance_percent(self) -> Decimal | None:
        if not self.total_approved:
            return None
        return (self.total_variance * 100 / self.total_approved).quantize(Decimal("0.1"))
