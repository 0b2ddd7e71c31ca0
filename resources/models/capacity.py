"""Capacity: teams, skills, people and material resources, availability, FTE allocations."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmo_portal.concurrency import VersionedModel
from pmo_portal.validators import no_control_characters, no_control_characters_multiline
from portfolios.models import MONEY, Project

FTE = {"max_digits": 4, "decimal_places": 2}


def first_of_month(value) -> bool:
    return value is None or value.day == 1


class Team(models.Model):
    """A team or organisational unit owning resources."""

    name = models.CharField(
        _("name"), max_length=120, unique=True, validators=[no_control_characters]
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resource manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_teams",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    name = models.CharField(
        _("name"), max_length=80, unique=True, validators=[no_control_characters]
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        return self.name


class ResourceKind(models.TextChoices):
    PERSON = "person", _("Person")
    EQUIPMENT = "equipment", _("Equipment")
    LICENCE = "licence", _("Licence")
    ROOM = "room", _("Room")
    OTHER = "other", _("Other material")


class Resource(VersionedModel):
    """A person or a material resource. Capacity is FTE per month: ``default_fte`` unless an
    Availability row says otherwise, and zero outside [available_from, available_until]."""

    kind = models.CharField(
        _("kind"), max_length=10, choices=ResourceKind.choices, default=ResourceKind.PERSON
    )
    name = models.CharField(_("name"), max_length=150, validators=[no_control_characters])
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resource",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resources",
    )
    skills = models.ManyToManyField(Skill, verbose_name=_("skills"), blank=True)
    cost_rate_per_day = models.DecimalField(
        _("cost rate per day (€)"),
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
        **MONEY,
    )
    default_fte = models.DecimalField(
        _("default FTE"),
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.00")), MaxValueValidator(Decimal("10.00"))],
        **FTE,
    )
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        constraints = [
            models.CheckConstraint(
                condition=Q(cost_rate_per_day__gte=0), name="resource_rate_positive"
            ),
            models.CheckConstraint(
                condition=Q(default_fte__gte=0) & Q(default_fte__lte=10),
                name="resource_default_fte_0_10",
            ),
            models.CheckConstraint(
                condition=Q(available_from__isnull=True)
                | Q(available_until__isnull=True)
                | Q(available_from__lte=models.F("available_until")),
                name="resource_availability_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Availability(models.Model):
    """Capacity of a resource for one month when it differs from its default (part time,
    leave…). ``month`` is the first day of the month."""

    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.CASCADE, related_name="availability"
    )
    month = models.DateField(_("month"))
    fte = models.DecimalField(
        _("available FTE"),
        validators=[MinValueValidator(Decimal("0.00")), MaxValueValidator(Decimal("10.00"))],
        **FTE,
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["resource", "month"]
        verbose_name = _("availability")
        verbose_name_plural = _("availabilities")
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "month"], name="availability_one_per_resource_month"
            ),
            models.CheckConstraint(
                condition=Q(fte__gte=0) & Q(fte__lte=10), name="availability_fte_0_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource} {self.month:%Y-%m}"

    def clean(self) -> None:
        super().clean()
        if not first_of_month(self.month):
            raise ValidationError({"month": _("A month is given by its first day.")})


class AllocationStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Allocation(VersionedModel):
    """FTE of a resource on a project for a month: requested by the PM, decided by the
    resource manager."""

    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.PROTECT, related_name="allocations"
    )
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="allocations"
    )
    month = models.DateField(_("month"))
    fte = models.DecimalField(
        _("FTE"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("10.00"))],
        **FTE,
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AllocationStatus.choices,
        default=AllocationStatus.REQUESTED,
    )
    comment = models.TextField(
        _("comment"), blank=True, validators=[no_control_characters_multiline]
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "resource", "month"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "project", "month"], name="allocation_one_per_month"
            ),
            models.CheckConstraint(
                condition=Q(fte__gt=0) & Q(fte__lte=10), name="allocation_fte_positive"
            ),
        ]
        indexes = [
            # Capacity heatmap: demand per month over the next 12 months.
            models.Index(fields=["month", "status"], name="allocation_month_status"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} → {self.project.code} {self.month:%Y-%m}: {self.fte}"

    def clean(self) -> None:
        super().clean()
        if not first_of_month(self.month):
            raise ValidationError({"month": _("A month is given by its first day.")})
