"""Writes of a scoring model's criteria (issue 12): add one, edit its name and definition,
remove one. Every write locks the model at the version its page showed (the model's version
covers its criteria, as for the weights), is recorded in the history with the user and a
reason, and recomputes the priority score of the projects the model applies to.

Weights are never re-normalised behind the PMO's back: a criterion is added with a weight
of 0 (nothing moves until the PMO gives it one on the weights page), and removing one takes
the new weights of the others, which must total 100, in the same transaction.

Rules: one criterion per kind, except "Other" (the PMO's own criteria, which need a name);
the last criterion cannot be removed (a model without criteria scores nothing), nor
strategic fit, the criterion that ties the ranking to the strategic objectives: a weight of
0 leaves it out of the score while its points stay explained.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from pmo_portal.concurrency import EditConflict, lock_version
from portfolios.models import CriterionKind, ProjectScore, ScoringCriterion, ScoringModel
from portfolios.selectors.scoring import projects_using
from portfolios.services.scoring import _check_total, _save_weights, _touch, refresh_priority

ZERO = Decimal("0.00")
KEY_LENGTH = ScoringCriterion._meta.get_field("key").max_length


def available_kinds(model: ScoringModel) -> list[str]:
    """The kinds a new criterion of ``model`` may have: those it does not use yet, and
    "Other" (named criteria of the PMO's own) always."""
    used = {c.kind for c in model.criteria.all()}
    return [
        kind for kind in CriterionKind.values if kind == CriterionKind.OTHER or kind not in used
    ]


def _new_key(model: ScoringModel, kind: str, name: str) -> str:
    """A key of the kind for the standard kinds; for "Other", one made from its name
    ("custom-…", never one of the standard keys). Unique in the model."""
    base = kind if kind != CriterionKind.OTHER else f"custom-{slugify(name)}".rstrip("-")
    base = base[:KEY_LENGTH].rstrip("-") or "custom"
    taken = set(model.criteria.values_list("key", flat=True))
    key, number = base, 2
    while key in taken:
        suffix = f"-{number}"
        key = base[: KEY_LENGTH - len(suffix)] + suffix
        number += 1
    return key


def _check_name(model: ScoringModel, kind: str, name: str, *, exclude: int | None = None):
    if kind == CriterionKind.OTHER and not name:
        raise ValidationError({"name": _("Name this criterion: its kind says nothing of it.")})
    if not name:
        return
    for criterion in model.criteria.all():
        if criterion.pk != exclude and str(criterion.label).casefold() == name.casefold():
            raise ValidationError(
                {"name": _("This model already has a criterion of this name.")}, code="unique"
            )


def _lock(criterion_pk: int, model_pk: int, version: int | None):
    """The model (locked, at ``version``) and its criterion ``criterion_pk``; EditConflict
    when the criterion is gone or belongs to another model now."""
    model = lock_version(ScoringModel, pk=model_pk, version=version)
    criterion = ScoringCriterion.objects.filter(pk=criterion_pk, model=model).first()
    if criterion is None:
        raise EditConflict(model, message=_("This criterion was removed meanwhile."))
    return model, criterion


@transaction.atomic
def add_criterion(
    *,
    model: ScoringModel,
    user,
    kind: str,
    name: str = "",
    definition: str = "",
    version: int | None = None,
) -> ScoringCriterion:
    """A new criterion of ``model``, weighing 0 % (the PMO then sets the weights). Its
    projects' explanations gain a "not scored" line; their scores do not move. The weights
    no longer come from a pairwise comparison over every criterion: the consistency ratio
    is cleared."""
    model = lock_version(ScoringModel, pk=model.pk, version=version)
    name, definition = (name or "").strip(), (definition or "").strip()
    if kind not in available_kinds(model):
        raise ValidationError(
            {"kind": _("This model already has a criterion of this kind.")}, code="unique"
        )
    _check_name(model, kind, name)
    order = model.criteria.aggregate(order=Max("order"))["order"]
    criterion = ScoringCriterion(
        model=model,
        key=_new_key(model, kind, name),
        kind=kind,
        name=name,
        definition=definition,
        weight=ZERO,
        order=0 if order is None else order + 1,
    )
    criterion.full_clean()
    criterion._history_user = user
    criterion._change_reason = "criterion added"
    criterion.save()
    model.consistency_ratio = None
    _touch(model, user, f"criterion added: {criterion.key}")
    refresh_priority(project_ids=projects_using(model.pk))
    return criterion


@transaction.atomic
def update_criterion(
    *,
    criterion: ScoringCriterion,
    user,
    name: str,
    definition: str,
    version: int | None = None,
) -> ScoringCriterion:
    """Rename a criterion (empty: the name of its kind) and rewrite the definition of its
    scale. The explanations name criteria: they are recomputed when the name changes."""
    model, criterion = _lock(criterion.pk, criterion.model_id, version)
    name, definition = (name or "").strip(), (definition or "").strip()
    _check_name(model, criterion.kind, name, exclude=criterion.pk)
    renamed = criterion.name != name
    if not renamed and criterion.definition == definition:
        return criterion
    criterion.name, criterion.definition = name, definition
    criterion.full_clean()
    criterion._history_user = user
    criterion._change_reason = "name and definition edited"
    criterion.save()
    _touch(model, user, f"criterion edited: {criterion.key}")
    if renamed:
        refresh_priority(project_ids=projects_using(model.pk))
    return criterion


def _delete_scores(criterion: ScoringCriterion, user, reason: str) -> int:
    """Delete the criterion's scores, each recorded in their history (user, reason), in a
    fixed number of queries whatever their number: the history rows are written in bulk,
    then the scores deleted in one statement (a plain delete would write one history row
    per score through simple_history's signal, without the reason)."""
    scores = list(ProjectScore.objects.filter(criterion=criterion))
    if not scores:
        return 0
    history = ProjectScore.history.model
    fields = [field.attname for field in history.tracked_fields]
    now = timezone.now()
    history.objects.bulk_create(
        [
            history(
                history_date=now,
                history_user=user,
                history_change_reason=reason,
                history_type="-",
                **{name: getattr(score, name) for name in fields},
            )
            for score in scores
        ]
    )
    queryset = ProjectScore.objects.filter(pk__in=[score.pk for score in scores])
    # No cascade reaches a score (nothing references it), so a raw delete loses nothing.
    return queryset._raw_delete(queryset.db)


@transaction.atomic
def remove_criterion(
    *,
    criterion: ScoringCriterion,
    user,
    weights: Mapping[str, Decimal],
    version: int | None = None,
) -> ScoringModel:
    """Remove a criterion and its projects' scores (kept in the history), and set the
    weights of the criteria left (key → %, they must total 100; a key left out keeps its
    weight) in the same transaction. The pairwise judgements about it go; the consistency
    ratio is cleared. Refused for the last criterion and for strategic fit."""
    model, criterion = _lock(criterion.pk, criterion.model_id, version)
    criteria = list(model.criteria.all())
    if len(criteria) <= 1:
        raise ValidationError(
            _("A model needs at least one criterion: this is the last one of %(model)s.")
            % {"model": model.name}
        )
    if criterion.computed:
        raise ValidationError(
            _(
                "Strategic fit ties the ranking to the strategic objectives: it cannot be "
                "removed. Give it a weight of 0 to leave it out of the priority score."
            )
        )
    left = {c.key: c.weight for c in criteria if c.pk != criterion.pk}
    unknown = set(weights) - set(left)
    if unknown:
        raise ValidationError(
            _("Unknown criteria: %(keys)s.") % {"keys": ", ".join(sorted(unknown))}
        )
    _check_total({**left, **weights})
    reason = f"criterion removed: {criterion.key}"
    _delete_scores(criterion, user, reason)
    key = criterion.key
    criterion._history_user = user
    criterion._change_reason = reason
    criterion.delete()
    model.pairwise = {
        pair: judgement for pair, judgement in model.pairwise.items() if key not in pair.split("|")
    }
    _save_weights(model, user, weights, None, reason)
    model.consistency_ratio = None
    _touch(model, user, reason)
    refresh_priority(project_ids=projects_using(model.pk))
    return model
