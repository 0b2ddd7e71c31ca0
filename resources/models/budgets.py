"""Budgets: CAPEX/OPEX budget lines, actual and committed costs, the overrun settings and
the budget-overrun alerts."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmo_portal.concurrency import VersionedModel
from pmo_portal.validators import no_control_characters, no_control_characters_multiline
from portfolios.models import MONEY, Project


class Nature(models.TextChoices):
    CAPEX = "capex", _("CAPEX")
    OPEX = "opex", _("OPEX")


class CostCategory(models.TextChoices):
    INTERNAL_LABOUR = "internal_labour", _("Internal labour")
    EXTERNAL_SERVICES = "external_services", _("External services")
    HARDWARE = "hardware", _("Hardware")
    SOFTWARE = "software", _("Software")
    OTHER = "other", _("Other")


class BudgetLine(VersionedModel):
    """Approved budget of a project for a nature, a category and a fiscal year.

    ``baseline_amount`` is the amount first approved and never changes; revisions change
    ``approved_amount`` and are kept in the history with their reason (who, when, why).
    """

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="budget_lines"
    )
    nature = models.CharField(_("nature"), max_length=5, choices=Nature.choices)
    category = models.CharField(_("category"), max_length=20, choices=CostCategory.choices)
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    approved_amount = models.DecimalField(
        _("approved budget (€)"), validators=[MinValueValidator(Decimal("0.00"))], **MONEY
    )
    baseline_amount = models.DecimalField(
        _("baseline budget (€)"), validators=[MinValueValidator(Decimal("0.00"))], **MONEY
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "fiscal_year", "nature", "category"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "nature", "category", "fiscal_year"],
                name="budget_line_unique",
            ),
            models.CheckConstraint(
                condition=Q(approved_amount__gte=0) & Q(baseline_amount__gte=0),
                name="budget_line_amounts_positive",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.project.code} · {self.fiscal_year} · {self.get_nature_display()} · "
            f"{self.get_category_display()}"
        )


class CostSource(models.TextChoices):
    MANUAL = "manual", _("Entered")
    IMPORT = "import", _("Imported")
    LABOUR = "labour", _("Derived from allocations")


class ActualCost(models.Model):
    """A cost actually incurred (an invoice line, a credit note when negative)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="actual_costs"
    )
    date = models.DateField(_("date"))
    nature = models.CharField(_("nature"), max_length=5, choices=Nature.choices)
    category = models.CharField(_("category"), max_length=20, choices=CostCategory.choices)
    amount = models.DecimalField(_("amount (€)"), **MONEY)
    supplier = models.CharField(
        _("supplier"), max_length=150, blank=True, validators=[no_control_characters]
    )
    reference = models.CharField(
        _("reference"),
        max_length=60,
        blank=True,
        help_text=_("Document number of the finance system (N° pièce); unique when given."),
        validators=[no_control_characters],
    )
    description = models.CharField(
        _("description"), max_length=250, blank=True, validators=[no_control_characters]
    )
    source = models.CharField(
        _("source"), max_length=10, choices=CostSource.choices, default=CostSource.MANUAL
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "-date"]
        verbose_name = _("actual cost")
        verbose_name_plural = _("actual costs")
        constraints = [
            # De-duplication of finance imports: a document number comes in once.
            models.UniqueConstraint(
                fields=["reference"], condition=~Q(reference=""), name="actual_cost_reference"
            ),
        ]
        indexes = [
            # Overrun scan and budget pages: actuals per project and nature.
            models.Index(fields=["project", "nature"], name="actual_project_nature"),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} · {self.reference or self.date}"


class CommitmentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class CommittedCost(models.Model):
    """A purchase order not yet invoiced (counts as committed while open)."""

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="committed_costs",
    )
    date = models.DateField(_("date"))
    nature = models.CharField(_("nature"), max_length=5, choices=Nature.choices)
    category = models.CharField(_("category"), max_length=20, choices=CostCategory.choices)
    amount = models.DecimalField(
        _("amount (€)"), validators=[MinValueValidator(Decimal("0.00"))], **MONEY
    )
    supplier = models.CharField(
        _("supplier"), max_length=150, blank=True, validators=[no_control_characters]
    )
    reference = models.CharField(
        _("purchase order"), max_length=60, blank=True, validators=[no_control_characters]
    )
    status = models.CharField(
        _("status"), max_length=6, choices=CommitmentStatus.choices, default=CommitmentStatus.OPEN
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "-date"]
        verbose_name = _("committed cost")
        verbose_name_plural = _("committed costs")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="commitment_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} · {self.reference or self.date}"


class BudgetSettings(VersionedModel):
    """The PMO's budget-control settings (a single row, edited on /resources/settings/budget/
    and, for support staff, in the admin)."""

    eac_tolerance_percent = models.DecimalField(
        _("EAC tolerance (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("5.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
        help_text=_("An EAC above the budget by more than this triggers an alert."),
    )
    alert_step_percent = models.DecimalField(
        _("alert step (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10.00"),
        validators=[MinValueValidator(Decimal("1.00"))],
        help_text=_("An alert is sent again when the overrun grows by another step."),
    )
    escalation_days = models.PositiveSmallIntegerField(
        _("escalation after (days)"),
        default=7,
        help_text=_("An alert still not acknowledged after this many days goes to the sponsor."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget control settings")
        verbose_name_plural = _("budget control settings")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> BudgetSettings:
        return cls.objects.first() or cls()


class AlertKind(models.TextChoices):
    ACTUAL_OVER_BUDGET = "actual", _("Actual and committed above budget")
    EAC_OVER_BUDGET = "eac", _("EAC above budget")
    PACE = "pace", _("Spending pace will exceed budget")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    CLOSED = "closed", _("Closed")


class Alert(models.Model):
    """One budget breach of a project, per nature, kind and fiscal year (``period``)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="alerts"
    )
    nature = models.CharField(_("nature"), max_length=5, choices=Nature.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=AlertKind.choices)
    period = models.PositiveSmallIntegerField(_("fiscal year"))
    status = models.CharField(
        _("status"), max_length=12, choices=AlertStatus.choices, default=AlertStatus.OPEN
    )
    budget = models.DecimalField(_("budget (€)"), **MONEY)
    measured = models.DecimalField(_("measured (€)"), **MONEY)
    overrun_percent = models.DecimalField(_("overrun (%)"), max_digits=8, decimal_places=2)
    flagged_by_pm = models.BooleanField(
        _("flagged by the project manager"),
        default=False,
        help_text=_(
            "The latest status report already rates the budget red/amber or its EAC "
            "shows the overrun."
        ),
    )
    step_notified = models.PositiveSmallIntegerField(_("last step notified"), default=0)
    first_detected_at = models.DateTimeField(_("first detected"), auto_now_add=True)
    last_detected_at = models.DateTimeField(_("last detected"), auto_now=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledgement = models.TextField(
        _("acknowledgement comment"), blank=True, validators=[no_control_characters_multiline]
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated to the sponsor"), null=True, blank=True)

    class Meta:
        ordering = ["-first_detected_at"]
        verbose_name = _("budget alert")
        verbose_name_plural = _("budget alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "nature", "kind", "period"], name="alert_one_per_breach"
            ),
        ]
        indexes = [
            # Alerts page: open/acknowledged alerts, newest first.
            models.Index(fields=["status", "first_detected_at"], name="alert_status_age"),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.nature} {self.kind} {self.period}"
