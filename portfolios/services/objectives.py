"""Writes of the strategic objectives (issue 12): objectives, their KPIs, and the
contributions of projects to them. The PMO's use cases (``portfolios.manage_objectives``);
views, commands and the demo call them alike.

Concurrent edits: objectives and KPIs are not versioned rows, but every save writes an
audit-history record. An edit page carries the id of the latest record it was opened at (its
*revision*); the service locks the row and refuses the save (``EditConflict``, nothing
written) when a newer record exists — the same contract as ``pmo_portal.concurrency``.

Contributions are set, not edited: the form states the whole new value (score and
rationale) for a project × objective pair, so the last one set wins, and each change is in
the pair's history.

The priority score reads the contributions and the objectives' weights (strategic fit:
``portfolios.selectors.scoring``, with W_max the largest weight of all objectives), so every
change of those calls ``refresh_priority`` for the projects concerned, in the same
transaction.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pmo_portal.concurrency import EditConflict
from portfolios.filters import SERVING_SCORE
from portfolios.models import (
    ObjectiveContribution,
    ObjectiveKPI,
    Project,
    StrategicObjective,
)
from portfolios.selectors.objectives import deletion_blockers
from portfolios.services.scoring import refresh_priority

OBJECTIVE_FIELDS = (
    "code",
    "title",
    "description",
    "parent",
    "horizon_start",
    "horizon_end",
    "weight",
    "owner",
)
KPI_FIELDS = ("name", "unit", "target", "actual", "measured_on", "order")


# --- Revisions (optimistic locking through the audit history) -----------------------------


def revision_of(instance) -> int:
    """The id of ``instance``'s latest history record: what an edit page was opened at
    (0 for a row without history, say one bulk-inserted)."""
    if instance is None or instance.pk is None:
        return 0
    latest = instance.history.order_by("-history_id").values_list("history_id", flat=True)
    return latest.first() or 0


def _lock(model, *, pk: int, revision: int | None):
    """Inside the write transaction: the row ``pk`` locked until the end of the transaction;
    EditConflict if it is gone or was saved since ``revision`` (None: no check)."""
    current = model.objects.select_for_update(of=("self",)).filter(pk=pk).first()
    if current is None:
        raise EditConflict(None, message=_("It was deleted in the meantime."))
    if revision is not None and revision_of(current) != revision:
        raise EditConflict(current)
    return current


# --- Priority refresh ------------------------------------------------------------------------


def _max_weight() -> Decimal | None:
    return StrategicObjective.objects.aggregate(m=Max("weight"))["m"]


def _projects_serving(objective_ids=None) -> list[int]:
    contributions = ObjectiveContribution.objects.filter(score__gte=SERVING_SCORE)
    if objective_ids is not None:
        contributions = contributions.filter(objective_id__in=objective_ids)
    return list(contributions.values_list("project_id", flat=True).distinct())


def _refresh_after_weights(*, objective_ids, changed: bool, max_before) -> None:
    """The fit of a project weighs each contribution by w_o / W_max: when the largest weight
    moved, every contributing project's score moves; when only these objectives' weights
    did, the projects contributing to them."""
    if _max_weight() != max_before:
        refresh_priority(project_ids=_projects_serving())
    elif changed:
        refresh_priority(project_ids=_projects_serving(objective_ids))


# --- Objectives --------------------------------------------------------------------------------


@transaction.atomic
def create_objective(*, user, fields: dict) -> StrategicObjective:
    """Create an objective. ``fields`` are model field values (OBJECTIVE_FIELDS); validated
    (unique code, horizon in order, weight ≥ 0, no control characters) before saving."""
    unknown = set(fields) - set(OBJECTIVE_FIELDS)
    if unknown:
        raise TypeError(f"not objective fields: {sorted(unknown)}")
    max_before = _max_weight()
    objective = StrategicObjective(**fields)
    objective.full_clean()
    objective._history_user = user
    objective.save()
    _refresh_after_weights(objective_ids=[objective.pk], changed=False, max_before=max_before)
    return objective


@transaction.atomic
def update_objective(
    *, objective: StrategicObjective, user, fields: dict, revision: int | None = None
) -> StrategicObjective:
    """Change an objective. A parent under which the objective would sit below itself is
    refused (TreeNode.clean). ``revision``: the history record the page was opened at;
    EditConflict (nothing saved) when someone saved the objective since (None: no check)."""
    unknown = set(fields) - set(OBJECTIVE_FIELDS)
    if unknown:
        raise TypeError(f"not objective fields: {sorted(unknown)}")
    current = _lock(StrategicObjective, pk=objective.pk, revision=revision)
    max_before = _max_weight()
    old_weight = current.weight
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean()
    current._history_user = user
    current.save()
    _refresh_after_weights(
        objective_ids=[current.pk], changed=current.weight != old_weight, max_before=max_before
    )
    return current


@transaction.atomic
def delete_objective(*, objective: StrategicObjective, user) -> None:
    """Delete an objective that nothing depends on: no sub-objective, no project
    contributing to it (score 1–3). Its KPIs and its "0 — none" assessments go with it.
    ValidationError naming what blocks otherwise (nothing deleted)."""
    current = _lock(StrategicObjective, pk=objective.pk, revision=None)
    blockers = deletion_blockers(current)
    children, contributing = blockers["children"], blockers["contributions"]
    errors = []
    if children:
        errors.append(
            ngettext(
                "It has %(count)s sub-objective: move or delete it first.",
                "It has %(count)s sub-objectives: move or delete them first.",
                children,
            )
            % {"count": children}
        )
    if contributing:
        errors.append(
            ngettext(
                "%(count)s project contributes to it: remove its contribution first.",
                "%(count)s projects contribute to it: remove their contributions first.",
                contributing,
            )
            % {"count": contributing}
        )
    if errors:
        raise ValidationError(errors)
    max_before = _max_weight()
    current._history_user = user
    for assessment in ObjectiveContribution.objects.filter(objective=current):
        assessment._history_user = user
        assessment.delete()
    for kpi in ObjectiveKPI.objects.filter(objective=current):
        kpi._history_user = user
        kpi.delete()
    current.delete()
    _refresh_after_weights(objective_ids=[], changed=False, max_before=max_before)


# --- KPIs ----------------------------------------------------------------------------------


def _check_kpi_name(kpi: ObjectiveKPI) -> None:
    same = ObjectiveKPI.objects.filter(objective_id=kpi.objective_id, name__iexact=kpi.name)
    if kpi.pk:
        same = same.exclude(pk=kpi.pk)
    if kpi.name and same.exists():
        raise ValidationError(
            {"name": _("This objective already has an indicator with this name.")}
        )


@transaction.atomic
def create_kpi(*, user, objective: StrategicObjective, fields: dict) -> ObjectiveKPI:
    """Add a key indicator to ``objective`` (names unique per objective, case ignored)."""
    unknown = set(fields) - set(KPI_FIELDS)
    if unknown:
        raise TypeError(f"not KPI fields: {sorted(unknown)}")
    _lock(StrategicObjective, pk=objective.pk, revision=None)
    kpi = ObjectiveKPI(objective=objective, **fields)
    _check_kpi_name(kpi)  # before full_clean: its message, not the constraint's
    kpi.full_clean()
    kpi._history_user = user
    kpi.save()
    return kpi


@transaction.atomic
def update_kpi(
    *, kpi: ObjectiveKPI, user, fields: dict, revision: int | None = None
) -> ObjectiveKPI:
    """Change a key indicator (its target, its latest actual value…); EditConflict when
    someone saved it since ``revision``."""
    unknown = set(fields) - set(KPI_FIELDS)
    if unknown:
        raise TypeError(f"not KPI fields: {sorted(unknown)}")
    current = _lock(ObjectiveKPI, pk=kpi.pk, revision=revision)
    for name, value in fields.items():
        setattr(current, name, value)
    _check_kpi_name(current)
    current.full_clean()
    current._history_user = user
    current.save()
    return current


@transaction.atomic
def delete_kpi(*, kpi: ObjectiveKPI, user) -> None:
    current = ObjectiveKPI.objects.select_for_update().filter(pk=kpi.pk).first()
    if current is None:
        return  # already gone: deleting twice is not an error
    current._history_user = user
    current.delete()


# --- Contributions -------------------------------------------------------------------------


def _check_open(project: Project) -> None:
    if project.is_archived:
        raise ValidationError(
            _("Project %(code)s is archived: its contributions can no longer change.")
            % {"code": project.code}
        )


@transaction.atomic
def set_contribution(
    *, user, project: Project, objective: StrategicObjective, score: int, rationale: str = ""
) -> ObjectiveContribution:
    """Set how much ``project`` contributes to ``objective`` (0–3, with its rationale):
    creates the pair or changes it. Refreshes the project's priority score."""
    project = Project.objects.select_for_update(of=("self",)).get(pk=project.pk)
    _check_open(project)
    contribution = (
        ObjectiveContribution.objects.select_for_update()
        .filter(project=project, objective=objective)
        .first()
    )
    if contribution is None:
        contribution = ObjectiveContribution(project=project, objective=objective)
    elif contribution.score == score and contribution.rationale == rationale:
        return contribution  # nothing changed: no history record, no recomputation
    contribution.score = score
    contribution.rationale = rationale
    contribution.full_clean()
    contribution._history_user = user
    contribution.save()
    refresh_priority(project_ids=[project.pk])
    return contribution


@transaction.atomic
def remove_contribution(*, user, project: Project, objective: StrategicObjective) -> bool:
    """Remove the link between ``project`` and ``objective``; False when there was none.
    Refreshes the project's priority score."""
    project = Project.objects.select_for_update(of=("self",)).get(pk=project.pk)
    _check_open(project)
    contribution = ObjectiveContribution.objects.filter(
        project=project, objective=objective
    ).first()
    if contribution is None:
        return False
    contribution._history_user = user
    contribution.delete()
    refresh_priority(project_ids=[project.pk])
    return True
