"""What a project plans to need from each team, per year (issue 12: scenarios limited per
team). Entered on the project's "Team needs" tab by whoever edits its business case; read by
the scenarios of portfolios through ``pmo_portal.registry.TeamNeeds``
(resources/selectors/team_needs.py)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portfolios.models import Project
from resources.models.capacity import Team


class PlannedTeamNeed(models.Model):
    """``fte`` of ``team`` (an annual average, like the business case's FTE) that ``project``
    needs in ``year``. A missing row is 0."""

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="planned_team_needs",
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="planned_needs"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    fte = models.DecimalField(
        _("FTE"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "team", "year"]
        verbose_name = _("planned team need")
        verbose_name_plural = _("planned team needs")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "team", "year"], name="planned_team_need_once"
            ),
            models.CheckConstraint(condition=Q(fte__gte=0), name="planned_team_need_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}/{self.team_id} {self.year}: {self.fte}"
