"""The PMO's budget settings: the company thresholds of the overrun scan, and the extra
recipients of a portfolio's budget alerts."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from pmo_portal.concurrency import EditConflict, check_version, lock_version
from pmo_portal.users import user_label
from portfolios.models import Portfolio
from resources.models import AlertRecipient, BudgetSettings
from resources.models.alert_recipients import RECIPIENT_ROLES

BUDGET_SETTINGS_FIELDS = ("eac_tolerance_percent", "alert_step_percent", "escalation_days")


@transaction.atomic
def save_budget_settings(*, data: dict, version: int | None = None) -> BudgetSettings:
    """Change the thresholds (the single row, created on first save). ``version``: the
    version the page showed (0: never saved); EditConflict, nothing saved, if it moved."""
    current = BudgetSettings.objects.select_for_update().order_by("pk").first()
    if current is None:
        check_version(None, version)
        instance = BudgetSettings()
    else:
        instance = lock_version(BudgetSettings, pk=current.pk, version=version)
    for name in BUDGET_SETTINGS_FIELDS:
        if name in data:
            setattr(instance, name, data[name])
    instance.full_clean()
    instance.save()
    return instance


def add_recipient(*, portfolio: Portfolio, user_id: int, added_by) -> AlertRecipient:
    """``user_id`` (an active Finance or PMO user) will receive the budget alerts of the
    projects of ``portfolio`` and of its sub-portfolios. Once per portfolio."""
    user = (
        get_user_model()
        .objects.filter(
            pk=user_id, is_active=True, groups__name__in=[r.value for r in RECIPIENT_ROLES]
        )
        .first()
    )
    if user is None:
        raise ValidationError(
            {"user": _("Choose an active finance controller or PMO member: they read the alerts.")}
        )
    taken = ValidationError(
        {"user": _("%(name)s already receives these alerts.") % {"name": user_label(user)}}
    )
    if AlertRecipient.objects.filter(portfolio=portfolio, user=user).exists():
        raise taken
    recipient = AlertRecipient(portfolio=portfolio, user=user, added_by=added_by)
    recipient.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            recipient.save()
    except IntegrityError as error:  # added by someone else meanwhile
        raise taken from error
    return recipient


@transaction.atomic
def remove_recipient(*, portfolio: Portfolio, recipient_id: int) -> None:
    """Stop sending ``portfolio``'s alerts to that recipient. EditConflict when someone
    removed it already (the page was out of date)."""
    recipient = (
        AlertRecipient.objects.select_for_update()
        .filter(portfolio=portfolio, pk=recipient_id)
        .first()
    )
    if recipient is None:
        raise EditConflict(None, message=_("This recipient was already removed by someone else."))
    recipient.delete()
