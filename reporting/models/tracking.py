"""Status tracking: status reports, milestones and the RAID log."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmo_portal.concurrency import VersionedModel
from pmo_portal.constraints import PythonCheckConstraintsMixin
from pmo_portal.validators import no_control_characters, no_control_characters_multiline
from portfolios.models import MONEY, Health, Portfolio, Project
from reporting.periods import Frequency, Period

HEALTH_FIELDS = (
    "health_overall",
    "health_schedule",
    "health_budget",
    "health_scope",
    "health_resources",
)


class ReportingPolicy(VersionedModel):
    """How often the projects of a portfolio report, and how many days after the end of a
    period the report is due. Each value left empty is inherited from the nearest ancestor
    that sets it (reporting/selectors/policies.py); with none, the company defaults: monthly,
    and ``settings.REPORT_GRACE_DAYS`` days."""

    portfolio = models.OneToOneField(
        Portfolio,
        verbose_name=_("portfolio"),
        on_delete=models.CASCADE,
        related_name="reporting_policy",
    )
    frequency = models.CharField(
        _("reporting frequency"),
        max_length=12,
        choices=Frequency.choices,
        default=Frequency.MONTHLY,
        blank=True,
        help_text=_("Empty: inherited from the parent portfolio (the company default: monthly)."),
    )
    due_days = models.PositiveSmallIntegerField(
        _("report due (days after the period)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(31)],
        help_text=_(
            "Days after the end of the period by which the report is due; after them the PMO "
            "is told it is late. Empty: inherited from the parent portfolio, or the company "
            "default."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporting policy")
        verbose_name_plural = _("reporting policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_days__isnull=True) | Q(due_days__lte=31),
                name="reporting_policy_due_days_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.portfolio}: {self.get_frequency_display()}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class StatusReport(PythonCheckConstraintsMixin, models.Model):
    """A project manager's report for one period. Submitted reports are locked; the PMO
    may reopen one, and the reason is kept in the history (``history_change_reason``)."""

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="status_reports",
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    frequency = models.CharField(_("reporting frequency"), max_length=12, choices=Frequency.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    health_overall = models.PositiveSmallIntegerField(_("overall health"), choices=Health.choices)
    health_schedule = models.PositiveSmallIntegerField(_("schedule"), choices=Health.choices)
    health_budget = models.PositiveSmallIntegerField(_("budget"), choices=Health.choices)
    health_scope = models.PositiveSmallIntegerField(_("scope"), choices=Health.choices)
    health_resources = models.PositiveSmallIntegerField(_("resources"), choices=Health.choices)
    percent_complete = models.PositiveSmallIntegerField(
        _("completion (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    achievements = models.TextField(
        _("achievements of the period"), blank=True, validators=[no_control_characters_multiline]
    )
    next_steps = models.TextField(
        _("next steps"), blank=True, validators=[no_control_characters_multiline]
    )
    escalations = models.TextField(
        _("escalations and decisions needed from the steering committee"),
        blank=True,
        validators=[no_control_characters_multiline],
    )
    forecast_end = models.DateField(_("forecast end date"), null=True, blank=True)
    eac = models.DecimalField(
        _("estimate at completion (€)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.00"))],
        **MONEY,
    )
    comment = models.TextField(
        _("comment"), blank=True, validators=[no_control_characters_multiline]
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "-period_start"]
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "period_start"], name="report_one_per_project_period"
            ),
            models.CheckConstraint(
                condition=Q(period_start__lte=F("period_end")), name="report_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(percent_complete__lte=100), name="report_percent_0_100"
            ),
            models.CheckConstraint(
                condition=Q(eac__isnull=True) | Q(eac__gte=0), name="report_eac_positive"
            ),
            models.CheckConstraint(
                condition=Q(health_overall__gte=1, health_overall__lte=4)
                & Q(health_schedule__gte=1, health_schedule__lte=4)
                & Q(health_budget__gte=1, health_budget__lte=4)
                & Q(health_scope__gte=1, health_scope__lte=4)
                & Q(health_resources__gte=1, health_resources__lte=4),
                name="report_health_1_4",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="report_submitted_has_date",
            ),
        ]
        indexes = [
            # Dashboards: submitted reports of a period (missing/late counts, trend). The
            # project column lets PostgreSQL answer from the index alone.
            models.Index(fields=["status", "period_start", "project"], name="report_status_period"),
            # A project's submitted reports, latest first: the dashboards' "worse since the
            # last report" (the report before the declared one) and the roll-ups' refresh.
            models.Index(
                fields=["project", "status", "period_start"], name="report_project_status_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.period_start:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:report_detail", args=[self.pk])

    @property
    def period(self) -> Period:
        return Period(start=self.period_start, end=self.period_end, frequency=self.frequency)

    @property
    def is_locked(self) -> bool:
        return self.status == ReportStatus.SUBMITTED


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACHIEVED = "achieved", _("Achieved")
    CANCELLED = "cancelled", _("Cancelled")


class Milestone(VersionedModel):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    name = models.CharField(_("name"), max_length=200, validators=[no_control_characters])
    baseline_date = models.DateField(_("baseline date"))
    forecast_date = models.DateField(_("forecast date"))
    actual_date = models.DateField(_("actual date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MilestoneStatus.choices,
        default=MilestoneStatus.PLANNED,
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "baseline_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="achieved") | Q(actual_date__isnull=False),
                name="milestone_achieved_has_date",
            ),
        ]
        indexes = [
            # Dashboard: milestones due in the next 60 days.
            models.Index(fields=["forecast_date"], name="milestone_forecast"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def slip_days(self) -> int:
        """Days late against the baseline: (actual, else forecast) − baseline."""
        return ((self.actual_date or self.forecast_date) - self.baseline_date).days

    def clean(self) -> None:
        super().clean()
        if self.status == MilestoneStatus.ACHIEVED and not self.actual_date:
            raise ValidationError({"actual_date": _("An achieved milestone needs its date.")})


class MilestoneSnapshot(models.Model):
    """The forecast of a milestone as a submitted report stated it (the slip chart)."""

    report = models.ForeignKey(
        StatusReport, on_delete=models.CASCADE, related_name="milestone_snapshots"
    )
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="snapshots")
    forecast_date = models.DateField(_("forecast date"))
    actual_date = models.DateField(_("actual date"), null=True, blank=True)

    class Meta:
        ordering = ["milestone", "report__period_start"]
        verbose_name = _("milestone snapshot")
        verbose_name_plural = _("milestone snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "milestone"], name="snapshot_one_per_report_milestone"
            )
        ]

    def __str__(self) -> str:
        return f"{self.milestone} @ {self.report}"


class RaidKind(models.TextChoices):
    RISK = "risk", _("Risk")
    ISSUE = "issue", _("Issue")
    ACTION = "action", _("Action")
    DECISION = "decision", _("Decision")


class RaidStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


class RaidItem(VersionedModel):
    """One line of a project's RAID log. Risks carry probability × impact (1–4 each)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="raid_items"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=RaidKind.choices)
    title = models.CharField(_("title"), max_length=200, validators=[no_control_characters])
    description = models.TextField(
        _("description"), blank=True, validators=[no_control_characters_multiline]
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="raid_items",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RaidStatus.choices, default=RaidStatus.OPEN
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    probability = models.PositiveSmallIntegerField(
        _("probability"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=_("1 (unlikely) to 4 (almost certain)"),
    )
    impact = models.PositiveSmallIntegerField(
        _("impact"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=_("1 (minor) to 4 (critical)"),
    )
    exposure = models.GeneratedField(
        expression=F("probability") * F("impact"),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
        verbose_name=_("exposure"),
    )
    response = models.TextField(
        _("response"), blank=True, validators=[no_control_characters_multiline]
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "kind", "-created_at"]
        verbose_name = _("RAID item")
        verbose_name_plural = _("RAID items")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="risk")
                | Q(probability__gte=1, probability__lte=4, impact__gte=1, impact__lte=4),
                name="raid_risk_has_probability_impact",
            ),
        ]
        indexes = [
            # Dashboards: open risks (count, top 10 by exposure across a portfolio). Partial,
            # so both read a small index, the project column included.
            models.Index(
                fields=["-exposure", "project"],
                condition=Q(kind="risk") & ~Q(status="closed"),
                name="raid_open_risks",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.kind == RaidKind.RISK:
            errors = {}
            if self.probability is None:
                errors["probability"] = _("A risk needs a probability (1 to 4).")
            if self.impact is None:
                errors["impact"] = _("A risk needs an impact (1 to 4).")
            if errors:
                raise ValidationError(errors)
