"""Overrun-risk prediction: will a project finish more than 10 % over its baseline budget?

Learnt from closed projects as they were about half-way (lessons.models.ProjectSnapshot)
against how they finished (lessons/selectors_analytics.py): budget burnt against time gone,
schedule slip declared so far, size, open risks, project type and business domain. A logistic
regression on standardised features, calibrated (CalibratedClassifierCV, sigmoid), so its
probability means what it says; its quality is measured out of fold (stratified 5-fold cross
validation: ROC AUC and Brier score) and stored with it (lessons.models.PredictionModel).

Honesty rules (issue 13):
- no model below ``MIN_CLOSED`` closed projects with a snapshot and final figures;
- never trained on the project it predicts: a live project is not closed, so it is not in the
  training set; a closed one that is, is predicted by a model refitted without it
  (leave-one-out), see ``predict_project``;
- the prediction is shown with its top factors and the model's measured quality.
"""

from __future__ import annotations

import math
import pickle
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from sklearn.base import clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from lessons.models import PredictionModel, ProjectSnapshot
from lessons.selectors_analytics import closed_outcomes
from portfolios.models import Project, ProjectStatus
from reporting.models import RaidItem
from resources.models import ActualCost, BudgetLine

MIN_CLOSED = 50
OVERRUN = 0.10  # the predicted event: final cost more than 10 % over the baseline budget
NUMERIC = ("burn", "slip", "size", "risks")
FOLDS = 5


@dataclass(frozen=True)
class Row:
    project_id: int
    features: dict[str, float | str]
    overran: bool


def features(
    *, budget: Decimal, consumed: float, elapsed: float, slip: float, risks: int, type_code: str,
    domain_code: str,
) -> dict[str, float | str]:  # fmt: skip
    """The model's inputs. ``burn``: share of the budget consumed / share of the time gone
    (1.0 = spending to plan); ``size``: log10 of the baseline budget in euros."""
    return {
        "burn": consumed / max(elapsed, 0.05),
        "slip": slip,
        "size": math.log10(max(float(budget or 0), 1000.0)),
        "risks": float(risks),
        "type": type_code,
        "domain": domain_code,
    }


def training_rows(*, exclude: int | None = None) -> list[Row]:
    """Closed projects with a snapshot and a final cost figure (two queries), except
    ``exclude`` (a project's pk)."""
    outcomes = {o.project_id: o for o in closed_outcomes()}
    snapshots = (
        ProjectSnapshot.objects.filter(project__status=ProjectStatus.CLOSED)
        .exclude(project_id=exclude)
        .values_list(
            "project_id",
            "budget",
            "budget_consumed",
            "elapsed",
            "schedule_slip",
            "open_risks",
            "project__project_type__code",
            "project__business_domain__code",
        )
        .order_by("project_id")
    )
    rows = []
    for pk, budget, consumed, elapsed, slip, risks, type_code, domain_code in snapshots:
        outcome = outcomes.get(pk)
        if outcome is None or outcome.cost_variance is None or pk == exclude:
            continue
        rows.append(
            Row(
                pk,
                features(
                    budget=budget,
                    consumed=consumed,
                    elapsed=elapsed,
                    slip=slip,
                    risks=risks,
                    type_code=type_code,
                    domain_code=domain_code,
                ),
                outcome.cost_variance > OVERRUN,
            )
        )
    return rows


def columns(rows: list[Row]) -> list[str]:
    types = sorted({str(r.features["type"]) for r in rows})
    domains = sorted({str(r.features["domain"]) for r in rows})
    return [*NUMERIC, *(f"type:{t}" for t in types), *(f"domain:{d}" for d in domains)]


def vector(values: dict, names: list[str]) -> list[float]:
    out = []
    for name in names:
        if ":" in name:
            kind, code = name.split(":", 1)
            out.append(1.0 if values[kind] == code else 0.0)
        else:
            out.append(float(values[name]))
    return out


def _base():
    return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000))


@dataclass
class Fitted:
    estimator: object
    names: list[str]
    explanation: dict
    project_ids: list[int]
    positives: int
    auc: float | None = None
    brier: float | None = None


def fit(rows: list[Row], *, evaluate: bool = True) -> Fitted | None:
    """Fit the calibrated model on ``rows`` (None when too few, or too few of either class
    for the folds); ``evaluate``: also measure it out of fold."""
    y = np.array([r.overran for r in rows], dtype=int)
    if len(rows) < MIN_CLOSED or min(int(y.sum()), int(len(y) - y.sum())) < FOLDS:
        return None
    names = columns(rows)
    x = np.array([vector(r.features, names) for r in rows])
    fitted = Fitted(
        CalibratedClassifierCV(_base(), method="sigmoid", cv=FOLDS).fit(x, y),
        names,
        {},
        [r.project_id for r in rows],
        int(y.sum()),
    )
    if evaluate:
        folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=13)
        out_of_fold = cross_val_predict(
            CalibratedClassifierCV(_base(), method="sigmoid", cv=3),
            x,
            y,
            cv=folds,
            method="predict_proba",
        )[:, 1]
        fitted.auc = float(roc_auc_score(y, out_of_fold))
        fitted.brier = float(brier_score_loss(y, out_of_fold))
    plain = clone(_base()).fit(x, y)
    scaler, regression = (
        plain.named_steps["standardscaler"],
        plain.named_steps["logisticregression"],
    )
    fitted.explanation = {
        "features": names,
        "coef": [float(c) for c in regression.coef_[0]],
        "mean": [float(m) for m in scaler.mean_],
        "scale": [float(s) for s in scaler.scale_],
        "intercept": float(regression.intercept_[0]),
    }
    return fitted


def train_model(*, now=None) -> PredictionModel | None:
    """Train on every closed project with a snapshot and store the model with its measured
    quality; None (nothing stored) below MIN_CLOSED projects."""
    fitted = fit(training_rows())
    if fitted is None:
        return None
    with transaction.atomic():
        return PredictionModel.objects.create(
            trained_at=now or timezone.now(),
            n=len(fitted.project_ids),
            positives=fitted.positives,
            auc=fitted.auc,
            brier=fitted.brier,
            explanation=fitted.explanation,
            project_ids=fitted.project_ids,
            estimator=pickle.dumps(fitted.estimator),
        )


def ensure_model() -> PredictionModel | None:
    """The current model, trained now if there is none yet (the demo: its page shows a
    prediction right away, not after the first Monday's retraining)."""
    return current_model() or train_model()


def current_model() -> PredictionModel | None:
    return PredictionModel.objects.order_by("-trained_at", "-pk").first()


# --- Predicting one project ------------------------------------------------------------------


def live_features(project: Project, *, today: date | None = None) -> dict[str, float | str]:
    """``project``'s inputs today (three queries): costs to date against its baseline budget,
    the time gone, the declared forecast end against the baseline end, its open risks."""
    today = today or timezone.localdate()
    budget = BudgetLine.objects.filter(project=project).aggregate(t=Sum("baseline_amount"))["t"]
    budget = budget or project.estimated_cost or Decimal("0")
    spent = ActualCost.objects.filter(project=project, date__lte=today).aggregate(t=Sum("amount"))[
        "t"
    ] or Decimal("0")
    start = project.baseline_start or project.planned_start
    end = project.baseline_end or project.planned_end
    duration = max((end - start).days, 1)
    risks = RaidItem.objects.filter(project=project, kind="risk").exclude(status="closed").count()
    return features(
        budget=budget,
        consumed=float(spent / budget) if budget else 0.0,
        elapsed=min(max((today - start).days / duration, 0.05), 2.0),
        slip=((project.forecast_end or end) - end).days / duration,
        risks=risks,
        type_code=project.project_type.code,
        domain_code=project.business_domain.code,
    )


@dataclass(frozen=True)
class Factor:
    label: str
    raises: bool  # True: pushes the risk up
    weight: float  # its term in the regression (log-odds)


@dataclass(frozen=True)
class Prediction:
    probability: float
    factors: list[Factor]
    model: PredictionModel
    left_out: bool  # the project was a training row: predicted by a model refitted without it
    trained_on: int


def _label(name: str, values: dict, shown: dict) -> str:
    if name == "burn":
        return _("Budget burnt against time elapsed: %(value).2f") % {"value": values["burn"]}
    if name == "slip":
        return _("Schedule slip so far: %(value)+.0f %% of the planned duration") % {
            "value": 100 * values["slip"]
        }
    if name == "size":
        return _("Size: %(value).1f M€ baseline budget") % {"value": 10 ** values["size"] / 1e6}
    if name == "risks":
        return _("Open risks: %(value)d") % {"value": values["risks"]}
    kind, code = name.split(":", 1)
    label = _("Project type: %(name)s") if kind == "type" else _("Business domain: %(name)s")
    return label % {"name": shown.get(name, code)}


def factors(
    explanation: dict, values: dict, *, top: int = 3, shown: dict | None = None
) -> list[Factor]:
    """The ``top`` largest terms of the regression for ``values`` (standardised feature ×
    coefficient); one-hot columns only for the project's own type and domain, named by
    ``shown`` ({"type:RD": "Projet de R&D"}; the code otherwise)."""
    terms = []
    for name, coef, mean, scale in zip(
        explanation["features"],
        explanation["coef"],
        explanation["mean"],
        explanation["scale"],
        strict=True,
    ):
        x = vector(values, [name])[0]
        if ":" in name and x == 0.0:
            continue
        term = coef * (x - mean) / (scale or 1.0)
        terms.append(Factor(_label(name, values, shown or {}), term > 0, round(term, 2)))
    return sorted(terms, key=lambda f: -abs(f.weight))[:top]


def _snapshot_features(project: Project) -> dict | None:
    snapshot = ProjectSnapshot.objects.filter(project=project).first()
    if snapshot is None:
        return None
    return features(
        budget=snapshot.budget,
        consumed=snapshot.budget_consumed,
        elapsed=snapshot.elapsed,
        slip=snapshot.schedule_slip,
        risks=snapshot.open_risks,
        type_code=project.project_type.code,
        domain_code=project.business_domain.code,
    )


def predict_project(project: Project, *, today: date | None = None) -> Prediction | None:
    """The overrun risk of ``project`` with its top factors, or None (no model, or a model
    trained on fewer than MIN_CLOSED projects). A closed project is read as it was half-way
    (its snapshot) and predicted without itself in the training set."""
    model = current_model()
    if model is None or model.n < MIN_CLOSED:
        return None
    if project.status == ProjectStatus.CLOSED:
        values = _snapshot_features(project)
        if values is None:
            return None
    else:
        values = live_features(project, today=today)
    names, explanation = model.explanation["features"], model.explanation
    left_out = project.pk in set(model.project_ids)
    trained_on = model.n
    if left_out:
        fitted = fit(training_rows(exclude=project.pk), evaluate=False)
        if fitted is None:
            return None
        estimator, names, explanation = fitted.estimator, fitted.names, fitted.explanation
        trained_on = len(fitted.project_ids)
    else:
        estimator = pickle.loads(bytes(model.estimator))  # noqa: S301 - written by train_model
    probability = float(estimator.predict_proba(np.array([vector(values, names)]))[0, 1])
    shown = {
        f"type:{project.project_type.code}": project.project_type.name,
        f"domain:{project.business_domain.code}": project.business_domain.name,
    }
    return Prediction(
        probability, factors(explanation, values, shown=shown), model, left_out, trained_on
    )
