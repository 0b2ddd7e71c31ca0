"""Strategic alignment: objectives' KPIs, the scoring model (criteria, weights, pairwise
comparisons), the scores of each project, the business case and remaining need per year,
dependencies between projects, and scenarios solved by the optimiser (portfolios/optimiser.py).

Imported at the end of portfolios/models/__init__.py (the shared model), so every app names
these through ``portfolios.models``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmo_portal.concurrency import VersionedModel
from pmo_portal.validators import no_control_characters, no_control_characters_multiline
from portfolios.models import MONEY, Portfolio, Project, StrategicObjective

FTE = {"max_digits": 9, "decimal_places": 2}
ZERO = Decimal("0.00")


class ObjectiveKPI(models.Model):
    """A key indicator of an objective: what is measured, its target and its actual value."""

    objective = models.ForeignKey(
        StrategicObjective,
        verbose_name=_("objective"),
        on_delete=models.CASCADE,
        related_name="kpis",
    )
    name = models.CharField(_("indicator"), max_length=150, validators=[no_control_characters])
    unit = models.CharField(
        _("unit"), max_length=20, blank=True, validators=[no_control_characters]
    )
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    actual = models.DecimalField(
        _("actual"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    measured_on = models.DateField(_("measured on"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["objective", "order", "name"]
        verbose_name = _("key indicator")
        verbose_name_plural = _("key indicators")
        constraints = [
            models.UniqueConstraint(fields=["objective", "name"], name="kpi_name_per_objective"),
        ]

    def __str__(self) -> str:
        return self.name


class ScoringModel(VersionedModel):
    """How a portfolio ranks its projects: weighted criteria, each scored 0–5. One company
    default (``is_default``) applies to every portfolio without a model of its own.

    ``pairwise`` keeps the PMO's pairwise comparisons (AHP, Saaty's 1/9…9 scale) as
    ``{"<key a>|<key b>": judgement}`` for a before b; the weights are derived from it when
    the PMO chose that way, and ``consistency_ratio`` is the ratio of that derivation."""

    name = models.CharField(_("name"), max_length=150, validators=[no_control_characters])
    portfolio = models.OneToOneField(
        Portfolio,
        verbose_name=_("portfolio"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="scoring_model",
    )
    is_default = models.BooleanField(_("company default"), default=False)
    pairwise = models.JSONField(_("pairwise comparisons"), default=dict, blank=True)
    consistency_ratio = models.DecimalField(
        _("consistency ratio"), max_digits=6, decimal_places=4, null=True, blank=True
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_default", "name"]
        verbose_name = _("scoring model")
        verbose_name_plural = _("scoring models")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="scoring_one_company_default",
            ),
            models.CheckConstraint(
                condition=Q(is_default=False) | Q(portfolio__isnull=True),
                name="scoring_default_has_no_portfolio",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CriterionKind(models.TextChoices):
    FIT = "fit", _("Strategic fit")
    VALUE = "value", _("Value / ROI")
    RISK = "risk", _("Risk")
    URGENCY = "urgency", _("Urgency")
    REGULATORY = "regulatory", _("Regulatory obligation")
    OTHER = "other", _("Other")


class ScoringCriterion(models.Model):
    """A criterion of a scoring model. Scored 0–5 per project (``ProjectScore``), except
    strategic fit, computed from the project's contributions and the objectives' weights.
    A risk criterion counts inverted (5 − score): the riskier, the fewer points."""

    model = models.ForeignKey(
        ScoringModel,
        verbose_name=_("scoring model"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    key = models.SlugField(_("key"), max_length=30)
    kind = models.CharField(_("kind"), max_length=20, choices=CriterionKind.choices)
    name = models.CharField(
        _("name"),
        max_length=100,
        blank=True,
        help_text=_("Empty: the name of its kind, in the reader's language."),
        validators=[no_control_characters],
    )
    definition = models.TextField(
        _("definition of the scale"),
        blank=True,
        help_text=_("What 0 and 5 mean for this criterion."),
        validators=[no_control_characters_multiline],
    )
    weight = models.DecimalField(
        _("weight (%)"),
        max_digits=6,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("100"))],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["model", "order", "key"]
        verbose_name = _("prioritisation criterion")
        verbose_name_plural = _("prioritisation criteria")
        constraints = [
            models.UniqueConstraint(fields=["model", "key"], name="criterion_key_per_model"),
            # One criterion per kind, except "other" (the PMO's own criteria, named).
            models.UniqueConstraint(
                fields=["model", "kind"],
                condition=~Q(kind="other"),
                name="criterion_kind_once_per_model",
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=0, weight__lte=100), name="criterion_weight_0_100"
            ),
        ]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self):
        return self.name or CriterionKind(self.kind).label

    @property
    def inverted(self) -> bool:
        return self.kind == CriterionKind.RISK

    @property
    def computed(self) -> bool:
        return self.kind == CriterionKind.FIT


class ScoreStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    VALIDATED = "validated", _("Validated")


class ProjectScore(VersionedModel):
    """A project's score (0–5) on a criterion: entered by the PMO (validated at once) or
    proposed by the project's manager and validated by the PMO. Only validated scores count
    in the priority score. ``version`` lets the score pages refuse a save or a decision made
    from a stale page (pmo_portal/concurrency.py)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        ScoringCriterion,
        verbose_name=_("criterion"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    value = models.PositiveSmallIntegerField(_("score"), validators=[MaxValueValidator(5)])
    proposed_value = models.PositiveSmallIntegerField(
        _("proposed score"), null=True, blank=True, validators=[MaxValueValidator(5)]
    )
    rationale = models.TextField(
        _("rationale"), blank=True, validators=[no_control_characters_multiline]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ScoreStatus.choices, default=ScoreStatus.VALIDATED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("validated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "criterion"]
        verbose_name = _("project score")
        verbose_name_plural = _("project scores")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "criterion"], name="score_one_per_project_criterion"
            ),
            models.CheckConstraint(condition=Q(value__lte=5), name="score_value_0_5"),
            models.CheckConstraint(
                condition=Q(proposed_value__isnull=True) | Q(proposed_value__lte=5),
                name="score_proposed_0_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}/{self.criterion_id}: {self.value}"


class BusinessCaseYear(models.Model):
    """One year of a project's business case: what it needs (CAPEX, OPEX, FTE) and the
    benefits expected. For an active project, resources' services write the remaining need
    of the year (``remaining_*``, from budget lines and allocations) so that the optimiser
    never imports resources (shared/DESIGN.md)."""

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="business_case",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    capex = models.DecimalField(_("CAPEX (€)"), default=ZERO, **MONEY)
    opex = models.DecimalField(_("OPEX (€)"), default=ZERO, **MONEY)
    fte = models.DecimalField(_("FTE"), default=ZERO, **FTE)
    benefits = models.DecimalField(_("expected benefits (€)"), default=ZERO, **MONEY)
    remaining_capex = models.DecimalField(
        _("remaining CAPEX (€)"), null=True, blank=True, editable=False, **MONEY
    )
    remaining_opex = models.DecimalField(
        _("remaining OPEX (€)"), null=True, blank=True, editable=False, **MONEY
    )
    remaining_fte = models.DecimalField(
        _("remaining FTE"), null=True, blank=True, editable=False, **FTE
    )
    remaining_at = models.DateTimeField(_("remaining need computed"), null=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "year"]
        verbose_name = _("business case year")
        verbose_name_plural = _("business case years")
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="business_case_one_per_year"),
            models.CheckConstraint(
                condition=Q(capex__gte=0) & Q(opex__gte=0) & Q(fte__gte=0) & Q(benefits__gte=0),
                name="business_case_amounts_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.year}"


class DependencyKind(models.TextChoices):
    REQUIRES = "requires", _("requires")
    EXCLUDES = "excludes", _("excludes")


class ProjectDependency(models.Model):
    """``project`` requires ``other`` (selected only if ``other`` is), or the two exclude
    each other (never both)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="dependencies"
    )
    other = models.ForeignKey(
        Project,
        verbose_name=_("other project"),
        on_delete=models.CASCADE,
        related_name="dependents",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DependencyKind.choices)
    note = models.CharField(
        _("note"), max_length=200, blank=True, validators=[no_control_characters]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "kind", "other"]
        verbose_name = _("project dependency")
        verbose_name_plural = _("project dependencies")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "other", "kind"], name="dependency_once_per_pair"
            ),
            models.CheckConstraint(
                condition=~Q(project=models.F("other")), name="dependency_not_on_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.kind} {self.other_id}"


class ScenarioStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SOLVED = "solved", _("Solved")
    INFEASIBLE = "infeasible", _("Infeasible")
    COMMITTED = "committed", _("Committed")


class Scenario(VersionedModel):
    """A what-if selection among candidate and active projects of a scope (a portfolio and
    its sub-portfolios, or the company) under yearly limits, solved exactly. ``result`` keeps
    what the optimiser returned (selected ids, value, binding limits, frontier, ±10 %)."""

    name = models.CharField(_("name"), max_length=150, validators=[no_control_characters])
    description = models.TextField(
        _("description"), blank=True, validators=[no_control_characters_multiline]
    )
    portfolio = models.ForeignKey(
        Portfolio,
        verbose_name=_("portfolio"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="scenarios",
        help_text=_("Empty: every portfolio."),
    )
    first_year = models.PositiveSmallIntegerField(
        _("first year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    last_year = models.PositiveSmallIntegerField(
        _("last year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ScenarioStatus.choices, default=ScenarioStatus.DRAFT
    )
    result = models.JSONField(_("result"), default=dict, blank=True, editable=False)
    message = models.TextField(_("solver message"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    solved_at = models.DateTimeField(_("solved"), null=True, blank=True, editable=False)
    # Set when a solve is asked for, cleared when the worker has stored its result (or
    # failed): the page shows "solving…" meanwhile (portfolios/tasks.py).
    solving_since = models.DateTimeField(_("solving since"), null=True, blank=True, editable=False)
    committed_at = models.DateTimeField(_("committed"), null=True, blank=True, editable=False)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("committed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        constraints = [
            models.CheckConstraint(
                condition=Q(first_year__lte=models.F("last_year")),
                name="scenario_years_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class LimitKind(models.TextChoices):
    CAPEX = "capex", _("CAPEX (€)")
    OPEX = "opex", _("OPEX (€)")
    FTE = "fte", _("FTE")


class ScenarioLimit(models.Model):
    """At most ``amount`` of ``kind`` in ``year`` for the selected projects. ``kind`` is a
    LimitKind, or ``"fte:<team id>"`` for the FTE of one team (a key, not a foreign key:
    teams belong to resources; ``label`` keeps the team's name as chosen, see
    portfolios/selectors/scenarios_teams.py)."""

    scenario = models.ForeignKey(
        Scenario, verbose_name=_("scenario"), on_delete=models.CASCADE, related_name="limits"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    kind = models.CharField(
        _("kind"), max_length=20, validators=[RegexValidator(r"^(capex|opex|fte(:[1-9]\d*)?)$")]
    )
    label = models.CharField(
        _("team"), max_length=150, blank=True, validators=[no_control_characters]
    )
    amount = models.DecimalField(_("limit"), validators=[MinValueValidator(ZERO)], **MONEY)

    class Meta:
        ordering = ["scenario", "year", "kind"]
        verbose_name = _("scenario limit")
        verbose_name_plural = _("scenario limits")
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "year", "kind"], name="scenario_limit_once_per_year_kind"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="scenario_limit_positive"),
            models.CheckConstraint(
                condition=Q(kind__in=LimitKind.values, label="")
                | (Q(kind__startswith="fte:") & ~Q(label="")),
                name="scenario_limit_kind_or_team",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year} ≤ {self.amount}"


class Forcing(models.TextChoices):
    IN = "in", _("Forced in")
    OUT = "out", _("Forced out")


class ScenarioProject(models.Model):
    """A project the scenario considered: whether the PMO forced it in or out, and whether
    the solution selected it (null before solving)."""

    scenario = models.ForeignKey(
        Scenario, verbose_name=_("scenario"), on_delete=models.CASCADE, related_name="lines"
    )
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="+"
    )
    forcing = models.CharField(_("forced"), max_length=5, choices=Forcing.choices, blank=True)
    selected = models.BooleanField(_("selected"), null=True, editable=False)
    value = models.DecimalField(
        _("value"), max_digits=9, decimal_places=2, default=ZERO, editable=False
    )

    class Meta:
        ordering = ["scenario", "-selected", "-value"]
        verbose_name = _("project of a scenario")
        verbose_name_plural = _("projects of a scenario")
        constraints = [
            models.UniqueConstraint(fields=["scenario", "project"], name="scenario_project_once"),
        ]
        indexes = [
            # The scenario page lists its selected projects, best value first.
            models.Index(fields=["scenario", "selected"], name="scenario_project_selected"),
        ]

    def __str__(self) -> str:
        return f"{self.scenario_id}/{self.project_id}"
