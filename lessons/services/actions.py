"""Writes of improvement actions (lessons/models/actions.py): create, edit (optimistic
concurrency), mark done. The PMO creates and edits them; the PMO or the owner marks one done
(lessons/rules_closure.py)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lessons.models import ActionStatus, ImprovementAction
from pmo_portal.concurrency import lock_version

ACTION_FIELDS = (
    "title",
    "description",
    "lesson",
    "analytic_reference",
    "owner",
    "due_date",
    "status",
    "methodology_version",
    "template_version",
)


def _prepare(action: ImprovementAction) -> None:
    if action.methodology_version_id and action.template_version_id:
        raise ValidationError(
            {
                "template_version": _(
                    "An action leads to one governance change: a methodology "
                    "version or a template version, not both."
                )
            }
        )
    if action.status == ActionStatus.DONE:
        action.done_at = action.done_at or timezone.now()
    else:
        action.done_at = None
    action.full_clean()


@transaction.atomic
def create_action(*, user, fields: dict) -> ImprovementAction:
    action = ImprovementAction(**fields, created_by=user)
    _prepare(action)
    action._history_user = user
    action.save()
    return action


@transaction.atomic
def update_action(*, action: ImprovementAction, user, fields: dict, version: int | None = None):
    """EditConflict when someone saved the action since ``version``."""
    action = lock_version(ImprovementAction, pk=action.pk, version=version)
    for name, value in fields.items():
        setattr(action, name, value)
    _prepare(action)
    action._history_user = user
    action.save()
    return action


@transaction.atomic
def mark_done(*, action: ImprovementAction, user) -> ImprovementAction:
    action = ImprovementAction.objects.select_for_update().get(pk=action.pk)
    if action.status in (ActionStatus.DONE, ActionStatus.CANCELLED):
        raise ValidationError(_("This action is already closed."))
    action.status = ActionStatus.DONE
    action.done_at = timezone.now()
    action._history_user = user
    action.save()
    return action
