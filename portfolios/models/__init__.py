"""The shared portfolio model (shared/DESIGN.md): every app names these objects."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmo_portal import roles
from pmo_portal.concurrency import VersionedModel
from pmo_portal.validators import no_control_characters, no_control_characters_multiline
from portfolios.models.tree import TreeNode, TreeQuerySet

MONEY = {"max_digits": 14, "decimal_places": 2}


class StrategicObjective(TreeNode):
    code = models.CharField(
        _("code"), max_length=20, unique=True, validators=[no_control_characters]
    )
    title = models.CharField(_("title"), max_length=200, validators=[no_control_characters])
    description = models.TextField(
        _("description"), blank=True, validators=[no_control_characters_multiline]
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent objective"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    horizon_start = models.DateField(_("horizon start"), null=True, blank=True)
    horizon_end = models.DateField(_("horizon end"), null=True, blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_objectives",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("strategic objective")
        verbose_name_plural = _("strategic objectives")
        constraints = [
            models.CheckConstraint(
                condition=Q(horizon_start__isnull=True)
                | Q(horizon_end__isnull=True)
                | Q(horizon_start__lte=models.F("horizon_end")),
                name="objective_horizon_start_before_end",
            ),
            models.CheckConstraint(condition=Q(weight__gte=0), name="objective_weight_positive"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="objective_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("portfolios:objective_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.horizon_start and self.horizon_end and self.horizon_start > self.horizon_end:
            raise ValidationError({"horizon_end": _("The horizon must end after it starts.")})


class Portfolio(TreeNode):
    """A node of the portfolio tree: company → business unit → portfolio."""

    name = models.CharField(
        _("name"), max_length=150, unique=True, validators=[no_control_characters]
    )
    description = models.TextField(
        _("description"), blank=True, validators=[no_control_characters_multiline]
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent portfolio"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_portfolios",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        blank=True,
        related_name="portfolios",
        help_text=_("Members read this portfolio and its sub-portfolios."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("portfolio")
        verbose_name_plural = _("portfolios")
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="portfolio_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PortfolioEnvelope(VersionedModel):
    """The yearly CAPEX/OPEX envelope granted to a portfolio node."""

    portfolio = models.ForeignKey(
        Portfolio,
        verbose_name=_("portfolio"),
        on_delete=models.CASCADE,
        related_name="envelopes",
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    capex = models.DecimalField(_("CAPEX envelope"), default=Decimal("0.00"), **MONEY)
    opex = models.DecimalField(_("OPEX envelope"), default=Decimal("0.00"), **MONEY)

    history = HistoricalRecords()

    class Meta:
        ordering = ["portfolio", "fiscal_year"]
        verbose_name = _("budget envelope")
        verbose_name_plural = _("budget envelopes")
        constraints = [
            models.UniqueConstraint(
                fields=["portfolio", "fiscal_year"], name="envelope_one_per_portfolio_year"
            ),
            models.CheckConstraint(
                condition=Q(capex__gte=0) & Q(opex__gte=0), name="envelope_amounts_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.portfolio} {self.fiscal_year}"


class ReferenceItem(models.Model):
    code = models.CharField(
        _("code"), max_length=30, unique=True, validators=[no_control_characters]
    )
    name = models.CharField(
        _("name"), max_length=100, unique=True, validators=[no_control_characters]
    )
    description = models.TextField(
        _("description"), blank=True, validators=[no_control_characters_multiline]
    )

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BusinessDomain(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = _("business domain")
        verbose_name_plural = _("business domains")


class ProjectType(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = _("project type")
        verbose_name_plural = _("project types")


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    ACTIVE = "active", _("Active")
    ON_HOLD = "on_hold", _("On hold")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")
    # Not selected by a committed scenario (portfolios/services/scenarios.py).
    REJECTED = "rejected", _("Rejected")


class Health(models.IntegerChoices):
    """The météo scale of shared/UI.md (1 best, 4 worst)."""

    SUNNY = 1, _("Sunny")
    CLOUDY = 2, _("Cloudy")
    RAINY = 3, _("Rainy")
    STORMY = 4, _("Stormy")


class ProjectQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_archived=False)

    def visible_to(self, user):
        """Projects ``user`` may read (pmo_portal.roles explains the scope of each role)."""
        if not user.is_authenticated or not roles.has_any_role(user):
            return self.none()
        if roles.reads_all_projects(user):
            return self
        member_of = list(roles.member_portfolio_ids(user))
        portfolio_ids = Portfolio.objects.subtree_ids(member_of) if member_of else set()
        scope = Q(portfolio_id__in=portfolio_ids) | Q(sponsor=user)
        if roles.has_role(user, roles.Role.PROJECT_MANAGER):
            managed_portfolios = (
                Project.objects.filter(Q(manager=user) | Q(deputies=user))
                .values("portfolio_id")
                .distinct()
            )
            scope |= Q(portfolio_id__in=managed_portfolios) | Q(manager=user)
            scope |= Q(pk__in=Project.deputies.through.objects.filter(user=user).values("project"))
        return self.filter(scope)

    def editable_by(self, user):
        """Projects whose data ``user`` may change: all for the PMO, else managed/deputised."""
        if roles.has_role(user, roles.Role.PMO):
            return self
        if not roles.has_role(user, roles.Role.PROJECT_MANAGER):
            return self.none()
        return self.filter(
            Q(manager=user)
            | Q(pk__in=Project.deputies.through.objects.filter(user=user).values("project"))
        )


class Project(VersionedModel):
    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("Unique reference, for example PRJ-0042."),
        validators=[no_control_characters],
    )
    name = models.CharField(_("name"), max_length=200, validators=[no_control_characters])
    portfolio = models.ForeignKey(
        Portfolio, verbose_name=_("portfolio"), on_delete=models.PROTECT, related_name="projects"
    )
    business_domain = models.ForeignKey(
        BusinessDomain,
        verbose_name=_("business domain"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    project_type = models.ForeignKey(
        ProjectType,
        verbose_name=_("project type"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PROPOSED
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("project manager"),
        on_delete=models.PROTECT,
        related_name="managed_projects",
    )
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sponsor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sponsored_projects",
    )
    deputies = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deputies"),
        blank=True,
        related_name="deputised_projects",
    )
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    baseline_start = models.DateField(_("baseline start"), null=True, blank=True)
    baseline_end = models.DateField(_("baseline end"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    description = models.TextField(
        _("description"), blank=True, validators=[no_control_characters_multiline]
    )
    expected_benefits = models.TextField(
        _("expected benefits"), blank=True, validators=[no_control_characters_multiline]
    )
    estimated_cost = models.DecimalField(
        _("estimated cost (€)"),
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
        **MONEY,
    )
    priority_score = models.DecimalField(
        _("priority score"), max_digits=7, decimal_places=2, null=True, blank=True, editable=False
    )
    # Points per criterion behind priority_score (portfolios/services/scoring.py):
    # [{"key", "name", "points"}], so every rank is explained where it is shown.
    priority_explanation = models.JSONField(
        _("priority score explained"), default=list, blank=True, editable=False
    )
    is_mandatory = models.BooleanField(
        _("mandatory (regulatory obligation)"),
        default=False,
        help_text=_("Mandatory projects bypass the ranking: every scenario selects them."),
    )
    # Latest declared status, written by reporting's submit service (shared/DESIGN.md).
    health_overall = models.PositiveSmallIntegerField(
        _("overall health"), choices=Health.choices, null=True, blank=True, editable=False
    )
    health_schedule = models.PositiveSmallIntegerField(
        _("schedule health"), choices=Health.choices, null=True, blank=True, editable=False
    )
    health_budget = models.PositiveSmallIntegerField(
        _("budget health"), choices=Health.choices, null=True, blank=True, editable=False
    )
    health_scope = models.PositiveSmallIntegerField(
        _("scope health"), choices=Health.choices, null=True, blank=True, editable=False
    )
    health_resources = models.PositiveSmallIntegerField(
        _("resources health"), choices=Health.choices, null=True, blank=True, editable=False
    )
    percent_complete = models.PositiveSmallIntegerField(
        _("completion (%)"), null=True, blank=True, editable=False
    )
    eac = models.DecimalField(
        _("estimate at completion (€)"), null=True, blank=True, editable=False, **MONEY
    )
    forecast_end = models.DateField(_("forecast end"), null=True, blank=True, editable=False)
    status_date = models.DateField(_("date of last report"), null=True, blank=True, editable=False)
    is_archived = models.BooleanField(_("archived"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[deputies])

    class Meta:
        ordering = ["code"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_start__lte=models.F("planned_end")),
                name="project_planned_start_before_end",
            ),
            models.CheckConstraint(
                condition=Q(baseline_start__isnull=True)
                | Q(baseline_end__isnull=True)
                | Q(baseline_start__lte=models.F("baseline_end")),
                name="project_baseline_start_before_end",
            ),
            models.CheckConstraint(
                condition=Q(estimated_cost__gte=0), name="project_estimated_cost_positive"
            ),
            models.CheckConstraint(
                condition=Q(eac__isnull=True) | Q(eac__gte=0), name="project_eac_positive"
            ),
            models.CheckConstraint(
                condition=Q(percent_complete__isnull=True) | Q(percent_complete__lte=100),
                name="project_percent_complete_0_100",
            ),
            models.CheckConstraint(
                condition=Q(health_overall__isnull=True)
                | Q(health_overall__gte=1, health_overall__lte=4),
                name="project_health_overall_1_4",
            ),
        ]
        indexes = [
            # Project list filtered by portfolio and status (the default list view).
            models.Index(fields=["portfolio", "status"], name="project_portfolio_status"),
            # "My projects" and the PM's reading scope.
            models.Index(fields=["manager", "status"], name="project_manager_status"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("portfolios:project_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _("The planned end must not be before the planned start.")
        if self.baseline_start and self.baseline_end and self.baseline_end < self.baseline_start:
            errors["baseline_end"] = _("The baseline end must not be before the baseline start.")
        if self.code:
            self.code = self.code.strip().upper()
        if errors:
            raise ValidationError(errors)


class ObjectiveContribution(models.Model):
    class Score(models.IntegerChoices):
        NONE = 0, _("0 — none")
        LOW = 1, _("1 — low")
        MEDIUM = 2, _("2 — medium")
        HIGH = 3, _("3 — high")

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    objective = models.ForeignKey(
        StrategicObjective,
        verbose_name=_("objective"),
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    score = models.PositiveSmallIntegerField(_("score"), choices=Score.choices)
    rationale = models.TextField(
        _("rationale"), blank=True, validators=[no_control_characters_multiline]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["objective", "-score"]
        verbose_name = _("contribution to an objective")
        verbose_name_plural = _("contributions to objectives")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "objective"], name="contribution_one_per_project_objective"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=3), name="contribution_score_0_3"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} → {self.objective.code} ({self.score})"


# The strategic-alignment models (objectives' KPIs, scoring, business case, dependencies,
# scenarios): defined in strategy.py, named from here like the rest of the shared model.
from portfolios.models.rollups import ALWAYS, Rollup, RollupEntry, RollupItem
from portfolios.models.strategy import (
    BusinessCaseYear,
    CriterionKind,
    DependencyKind,
    Forcing,
    LimitKind,
    ObjectiveKPI,
    ProjectDependency,
    ProjectScore,
    Scenario,
    ScenarioLimit,
    ScenarioProject,
    ScenarioStatus,
    ScoreStatus,
    ScoringCriterion,
    ScoringModel,
)
