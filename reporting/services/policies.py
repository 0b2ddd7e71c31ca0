"""A portfolio's reporting policy (frequency and due days), set by the PMO."""

from __future__ import annotations

from django.db import transaction

from pmo_portal.concurrency import check_version, lock_version
from portfolios.models import Portfolio
from reporting.models import ReportingPolicy

FIELDS = ("frequency", "due_days")


@transaction.atomic
def save_policy(*, portfolio: Portfolio, data: dict, version: int | None = None) -> ReportingPolicy:
    """Set (or clear: empty values are inherited) the frequency and the due days of
    ``portfolio``. ``version``: the version the page showed (0: no policy of its own yet);
    EditConflict, nothing saved, if it moved."""
    current = ReportingPolicy.objects.select_for_update().filter(portfolio=portfolio).first()
    if current is None:
        check_version(None, version)
        policy = ReportingPolicy(portfolio=portfolio)
    else:
        policy = lock_version(ReportingPolicy, pk=current.pk, version=version)
    for name in FIELDS:
        if name in data:
            setattr(policy, name, data[name])
    if policy.frequency is None:
        policy.frequency = ""
    policy.full_clean()
    policy.save()
    return policy
