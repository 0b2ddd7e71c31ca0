"""Milestones of a project, managed on their own page (the status report form updates
forecasts through reporting.services.reports)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from pmo_portal.concurrency import EditConflict, version_of
from portfolios.models import Project
from portfolios.services.rollups import refresh_projects
from reporting.models import Milestone

# What the milestone page may change on an existing milestone.
EDITABLE_FIELDS = ("baseline_date", "forecast_date", "actual_date", "status")
CREATE_FIELDS = ("name", *EDITABLE_FIELDS)


@transaction.atomic
def create_milestone(*, project: Project, user, data: Mapping) -> Milestone:
    """Add a milestone to ``project``. ``data`` holds values of CREATE_FIELDS."""
    milestone = Milestone(project=project, **{k: v for k, v in data.items() if k in CREATE_FIELDS})
    milestone.full_clean()
    milestone.save()
    refresh_projects([project.pk])  # the dashboards' roll-ups
    return milestone


@transaction.atomic
def update_milestones(*, project: Project, user, changes: Iterable[Mapping]) -> list[Milestone]:
    """Change several milestones of ``project`` at once: all of them or none.

    Each change is ``{"id": <milestone pk>, <field>: <value>, …}`` with fields of
    EDITABLE_FIELDS; only the fields given are written. Raises ValidationError (nothing
    saved) if a milestone is not the project's or any milestone is invalid; the error
    dict is keyed by milestone pk.

    A change may name the ``version`` and the values (``seen``) of the milestone as the
    page showed it: if the stored milestone moved since, EditConflict, nothing saved; its
    ``details`` are the stored milestones concerned.
    """
    changes = list(changes)
    if not changes:
        return []
    ids = [change["id"] for change in changes]
    milestones = {
        m.pk: m for m in Milestone.objects.select_for_update().filter(project=project, pk__in=ids)
    }
    errors: dict[int, ValidationError] = {}  # pk -> that milestone's messages
    touched: set[str] = set()
    stale = [
        milestones[change["id"]]
        for change in changes
        if change["id"] in milestones and _moved(milestones[change["id"]], change)
    ]
    if stale:
        raise EditConflict(None, details=stale)
    for change in changes:
        milestone = milestones.get(change["id"])
        if milestone is None:
            raise ValidationError(_("This milestone does not belong to the project."))
        for name, value in change.items():
            if name in {"id", "version", "seen"}:
                continue
            if name not in EDITABLE_FIELDS:
                raise ValueError(f"not an editable milestone field: {name}")
            setattr(milestone, name, value)
            touched.add(name)
        try:
            # One query per milestone otherwise: the project is known (the milestones were
            # fetched through it) and the one check constraint, also enforced by the
            # database, is what Milestone.clean() says in words.
            milestone.full_clean(exclude=["project"], validate_constraints=False)
        except ValidationError as error:
            errors[milestone.pk] = ValidationError(error.messages)
    if errors:
        raise ValidationError(errors)
    updated = [milestones[pk] for pk in dict.fromkeys(ids)]
    if touched:
        for milestone in updated:
            milestone.version += 1  # locked rows; bulk_update does not call save()
        # With their history (who changed which date: the baseline's changes show on the
        # project's History tab), in one more query.
        bulk_update_with_history(
            updated, Milestone, [*sorted(touched), "version"], default_user=user
        )
        refresh_projects([project.pk])
    return updated


def _moved(milestone: Milestone, change: Mapping) -> bool:
    """Whether ``milestone`` (locked) is no longer what the page showed."""
    if change.get("version") is not None and version_of(milestone) != change["version"]:
        return True
    seen = change.get("seen")
    return seen is not None and any(
        getattr(milestone, name) != seen[name] for name in EDITABLE_FIELDS
    )
