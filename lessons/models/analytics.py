"""Past-performance analytics and the overrun-risk prediction (issue 13).

``ProjectSnapshot``: what a project looked like at a comparable point of its life (about half
of its planned duration): the features the prediction learns from. Captured once per project
(the demo history writes them at closure, from the figures it generated).

``PredictionModel``: one trained overrun-risk model (lessons/prediction.py), with its
cross-validated quality and what it was trained on. The newest row is the one in use; older
rows stay as the history of the model's quality.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portfolios.models import MONEY, Project


class ProjectSnapshot(models.Model):
    project = models.OneToOneField(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="lessons_snapshot",
    )
    taken_on = models.DateField(_("taken on"))
    # Share of the planned (baseline) duration gone on ``taken_on`` (0.5 = half-way).
    elapsed = models.FloatField(_("share of the planned duration elapsed"))
    budget = models.DecimalField(_("baseline budget (€)"), **MONEY)
    # Actual costs to date / baseline budget.
    budget_consumed = models.FloatField(_("share of the budget consumed"))
    # (forecast end - baseline end) / baseline duration, as declared on ``taken_on``.
    schedule_slip = models.FloatField(_("schedule slip so far"))
    open_risks = models.PositiveSmallIntegerField(_("open risks"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("project snapshot")
        verbose_name_plural = _("project snapshots")
        constraints = [
            models.CheckConstraint(
                condition=Q(elapsed__gt=0) & Q(budget__gte=0) & Q(budget_consumed__gte=0),
                name="lessons_snapshot_figures_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} @ {self.taken_on}"


class PredictionModel(models.Model):
    trained_at = models.DateTimeField(_("trained at"))
    n = models.PositiveIntegerField(_("closed projects learnt from"))
    positives = models.PositiveIntegerField(_("of which overran"))
    auc = models.FloatField(_("cross-validated ROC AUC"))
    brier = models.FloatField(_("cross-validated Brier score"))
    # {"features": [...], "coef": [...], "mean": [...], "scale": [...], "intercept": float}:
    # the logistic regression behind the calibrated model, to explain a prediction.
    explanation = models.JSONField(_("coefficients"), default=dict)
    # Primary keys of the closed projects it was trained on (never the predicted one).
    project_ids = models.JSONField(_("training projects"), default=list)
    # The fitted scikit-learn estimator, pickled by lessons/prediction.py (written only there).
    estimator = models.BinaryField(_("fitted model"))

    class Meta:
        ordering = ["-trained_at"]
        get_latest_by = "trained_at"
        verbose_name = _("prediction model")
        verbose_name_plural = _("prediction models")
        constraints = [
            models.CheckConstraint(
                condition=Q(auc__gte=0, auc__lte=1) & Q(brier__gte=0, brier__lte=1),
                name="lessons_prediction_quality_0_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trained_at:%Y-%m-%d} (n={self.n}, AUC={self.auc:.2f})"
