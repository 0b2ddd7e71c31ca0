"""Writes of prioritisation (issue 12): priority scores, scoring models and their weights
(direct or by pairwise comparison). A project's scores (entered, proposed, validated,
rejected): portfolios/services/scoring_scores.py; a model's criteria (added, edited,
removed): portfolios/services/scoring_criteria.py.

``refresh_priority`` is called, inside their transaction, by every service that changes an
input of the priority score (contributions, scores, criteria, weights, objective weights).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from pmo_portal.concurrency import lock_version
from portfolios import ahp
from portfolios.models import (
    Portfolio,
    Project,
    ProjectScore,
    ScoringCriterion,
    ScoringModel,
)
from portfolios.selectors.scoring import compute_priorities, model_index, projects_using

HUNDRED = Decimal("100.00")


@transaction.atomic
def refresh_priority(*, project_ids: Iterable[int]) -> None:
    """Recompute ``priority_score`` and ``priority_explanation`` of ``project_ids`` from their
    applicable scoring model. A fixed number of queries (8) whatever the number of projects.

    Computed columns: the project's ``version`` does not move (like the declared status),
    so a project manager's open edit page is not put in conflict by a recomputation; its
    edit service re-reads the row under lock, so it never writes an old score back."""
    ids = {int(pk) for pk in project_ids}
    if not ids:
        return
    rows = list(Project.objects.filter(pk__in=ids).values_list("pk", "portfolio_id"))
    computed = compute_priorities(rows)
    projects = []
    for pk, _portfolio in rows:
        score, explanation = computed[pk]
        projects.append(Project(pk=pk, priority_score=score, priority_explanation=explanation))
    if projects:
        Project.objects.bulk_update(projects, ["priority_score", "priority_explanation"])


def refresh_all_priorities() -> int:
    """Every project's priority (the demo seed, a change of every objective's weight)."""
    ids = list(Project.objects.values_list("pk", flat=True))
    refresh_priority(project_ids=ids)
    return len(ids)


# --- scoring models -------------------------------------------------------------------


def _check_total(weights: Mapping[str, Decimal]) -> None:
    total = sum(weights.values(), Decimal("0"))
    if total != HUNDRED:
        raise ValidationError(
            _("The weights total %(total)s %%; they must total exactly 100 %%.")
            % {"total": total.normalize() if total == total.to_integral() else total},
            code="weights_total",
        )


def _touch(model: ScoringModel, user, reason: str) -> None:
    model._history_user = user
    model._change_reason = reason
    model.full_clean()
    model.save()


def _save_weights(model: ScoringModel, user, weights, definitions, reason: str) -> bool:
    """Write the criteria's weights (and definitions); True when a weight moved."""
    moved = False
    for criterion in model.criteria.all():
        changed = False
        if criterion.key in weights and criterion.weight != weights[criterion.key]:
            criterion.weight = weights[criterion.key]
            changed = moved = True
        if definitions is not None and criterion.key in definitions:
            text = definitions[criterion.key]
            if criterion.definition != text:
                criterion.definition = text
                changed = True
        if changed:
            criterion.full_clean()
            criterion._history_user = user
            criterion._change_reason = reason
            criterion.save()
    return moved


@transaction.atomic
def update_weights(
    *,
    model: ScoringModel,
    user,
    weights: Mapping[str, Decimal],
    definitions: Mapping[str, str] | None = None,
    version: int | None = None,
) -> ScoringModel:
    """Set the criteria's weights (%) directly; they must total 100 (ValidationError, nothing
    saved). The pairwise judgements are kept for the next comparison, but the consistency
    ratio is cleared: these weights do not come from them. EditConflict when the model was
    saved since ``version``."""
    model = lock_version(ScoringModel, pk=model.pk, version=version)
    keys = set(model.criteria.values_list("key", flat=True))
    unknown = set(weights) - keys
    if unknown:
        raise ValidationError(_("Unknown criteria: %(keys)s.") % {"keys": ", ".join(unknown)})
    full = {**dict(model.criteria.values_list("key", "weight")), **weights}
    _check_total(full)
    moved = _save_weights(model, user, weights, definitions, "weights set directly")
    model.consistency_ratio = None
    _touch(model, user, "weights set directly")
    if moved:
        refresh_priority(project_ids=projects_using(model.pk))
    return model


@dataclass(frozen=True)
class PairwiseOutcome:
    model: ScoringModel
    result: ahp.AhpResult
    weights: dict[str, Decimal]


def pairwise_weights(*, keys: list[str], judgements: Mapping[str, object]):
    """The weights (%) and consistency the judgements give, without saving (the preview)."""
    result = ahp.solve(keys, judgements)
    return result, ahp.percentages(result.weights)


@transaction.atomic
def set_pairwise(
    *,
    model: ScoringModel,
    user,
    judgements: Mapping[str, object],
    version: int | None = None,
) -> PairwiseOutcome:
    """Derive the weights from pairwise judgements (AHP) and store judgements, weights
    (rounded to total exactly 100) and the consistency ratio. Inconsistent judgements
    (CR > 0.10) are saved all the same: the page warns, the PMO decides."""
    model = lock_version(ScoringModel, pk=model.pk, version=version)
    keys = [c.key for c in model.criteria.all()]
    stored = {}
    for index, a in enumerate(keys):
        for b in keys[index + 1 :]:
            value = judgements.get(ahp.pair_key(a, b))
            if value is None:
                continue
            try:
                stored[ahp.pair_key(a, b)] = round(ahp.parse_judgement(value), 6)
            except ValueError as exc:
                raise ValidationError(
                    _("A judgement must be on Saaty's scale, from 1/9 to 9.")
                ) from exc
    result, weights = pairwise_weights(keys=keys, judgements=stored)
    reason = f"pairwise comparison (CR {result.consistency_ratio:.3f})"
    moved = _save_weights(model, user, weights, None, reason)
    model.pairwise = stored
    model.consistency_ratio = ahp.ratio_decimal(result.consistency_ratio)
    _touch(model, user, reason)
    if moved:
        refresh_priority(project_ids=projects_using(model.pk))
    return PairwiseOutcome(model=model, result=result, weights=weights)


def _move_scores(*, project_ids, source_id, target_id, user, reason: str) -> None:
    """Move the scores of ``project_ids`` from the criteria of model ``source_id`` to the
    criteria of the same key of model ``target_id`` (the model that now applies to them), so
    a project keeps its scores when its portfolio gets or loses a model of its own. A fixed
    number of queries per criterion, whatever the number of projects; the history records
    the move."""
    if not project_ids or source_id is None or target_id is None or source_id == target_id:
        return
    source = dict(ScoringCriterion.objects.filter(model_id=source_id).values_list("key", "pk"))
    target = dict(ScoringCriterion.objects.filter(model_id=target_id).values_list("key", "pk"))
    pairs = [(source[key], target[key]) for key in source if key in target]
    if not pairs:
        return
    targets = [pk for _source, pk in pairs]
    ProjectScore.objects.filter(project_id__in=project_ids, criterion_id__in=targets).delete()
    for source_pk, target_pk in pairs:
        ProjectScore.objects.filter(project_id__in=project_ids, criterion_id=source_pk).update(
            criterion_id=target_pk, version=F("version") + 1
        )
    moved = list(ProjectScore.objects.filter(project_id__in=project_ids, criterion_id__in=targets))
    if moved:
        ProjectScore.history.bulk_history_create(
            moved, update=True, default_user=user, default_change_reason=reason
        )


@transaction.atomic
def create_portfolio_model(*, portfolio: Portfolio, user) -> ScoringModel:
    """A scoring model of its own for ``portfolio``: a copy of the model that applied to it
    (the company default, unless a parent portfolio has its own) — criteria, definitions,
    weights, judgements — which the PMO then edits. The projects of the portfolio (and of
    its sub-portfolios without a model of their own) are ranked by it from now on; their
    scores move to its criteria."""
    if ScoringModel.objects.filter(portfolio=portfolio).exists():
        raise ValidationError(_("This portfolio already has its own scoring model."))
    source_id = model_index(with_criteria=False).model_id_for(portfolio.pk)
    source = ScoringModel.objects.filter(pk=source_id).first() if source_id else None
    if source is None:
        raise ValidationError(_("There is no company default model to copy."))
    model = ScoringModel(
        name=portfolio.name,
        portfolio=portfolio,
        pairwise=dict(source.pairwise),
        consistency_ratio=source.consistency_ratio,
    )
    model.full_clean()
    model._history_user = user
    model._change_reason = f"copy of the model {source.pk}"
    model.save()
    for criterion in source.criteria.all():
        copy = ScoringCriterion(
            model=model,
            key=criterion.key,
            kind=criterion.kind,
            name=criterion.name,
            definition=criterion.definition,
            weight=criterion.weight,
            order=criterion.order,
        )
        copy.full_clean()
        copy._history_user = user
        copy.save()
    affected = projects_using(model.pk)
    _move_scores(
        project_ids=affected,
        source_id=source.pk,
        target_id=model.pk,
        user=user,
        reason=f"moved to the model of {portfolio.name}"[:100],
    )
    refresh_priority(project_ids=affected)
    return model


@transaction.atomic
def delete_portfolio_model(*, model: ScoringModel, user, version: int | None = None) -> None:
    """Remove a portfolio's own model: its projects follow the nearest ancestor's model (or
    the company default) again, and their scores move back to that model's criteria. The
    company default cannot be removed."""
    model = lock_version(ScoringModel, pk=model.pk, version=version)
    if model.is_default:
        raise ValidationError(_("The company default model cannot be removed."))
    affected = projects_using(model.pk)
    index = model_index(with_criteria=False)
    parent_id = index.parents.get(model.portfolio_id)
    inherited = index.model_id_for(parent_id) if parent_id is not None else index.default_id
    _move_scores(
        project_ids=affected,
        source_id=model.pk,
        target_id=inherited,
        user=user,
        reason="moved back to the inherited model",
    )
    model._history_user = user
    model._change_reason = "removed: the portfolio follows the inherited model"
    model.delete()
    refresh_priority(project_ids=affected)
