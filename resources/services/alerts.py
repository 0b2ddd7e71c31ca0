"""Budget-overrun alerts: the daily scan, and the PM's acknowledgement / the PMO's closing.

The scan (``scan_budget_overruns``) is one set-based pass, run by beat every morning:

*Detection* and the *flagged by the PM* rule: resources/services/alert_detection.py.

*Steps* — an alert is at step ``1 + floor(overrun_percent / alert_step_percent)``. A breach
not flagged is e-mailed (to the PM, to each PMO person of the portfolio and to the extra
recipients the PMO set on the portfolio or an ancestor: ``AlertRecipient``) when its step is
above ``step_notified``: once on detection, then once more each time it grows past the next
step. Growing past the next step also reopens an acknowledged or closed alert (what was
acknowledged or closed was a smaller overrun); a closed alert whose breach is still there or
re-appears at the same step stays closed, silently.

*Escalation* — an alert not flagged, still OPEN ``escalation_days`` after it was first
detected and still in breach, is e-mailed once to the project's sponsor (``escalated_at``).

Everything runs in one transaction; e-mails go through the outbox (unique de-duplication keys
``budget-alert:{alert}:step{n}:{user}`` and ``budget-escalation:{alert}:{user}``) and are
delivered after commit. A rerun (or a run killed and retried) sends nothing twice. The number
of queries does not depend on the number of projects.
"""

from __future__ import annotations

import os
import time
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from pmo_portal.emails import render_email
from pmo_portal.notifications import Message, enqueue_many, wants
from pmo_portal.tasks import deliver_notifications
from pmo_portal.users import user_label
from portfolios.selectors import pmo_people_by_portfolio
from resources.models import Alert, AlertKind, AlertStatus, BudgetSettings, Nature
from resources.selectors.settings import recipients_by_portfolio
from resources.services.alert_detection import (  # noqa: F401 (the detection's public names)
    DETECTION_SQL,
    MAX_PERCENT,
    MAX_STEP,
    SCANNED_STATUSES,
    Breach,
    detect_breaches,
    is_flagged,
    overrun_percent,
    step_of,
)

ALERT_KIND = "budget_alert"
ESCALATION_KIND = "budget_escalation"
PREFERENCE = "email_alerts"
# Test hook (the kill -9 test): seconds to sleep between detection and the writes.
PAUSE_ENV = "PMO_OVERRUN_SCAN_TEST_PAUSE"


def _base_url() -> str:
    return str(getattr(settings, "PORTAL_BASE_URL", "http://127.0.0.1:8000")).rstrip("/")


def _amount(value: Decimal) -> str:
    """An amount as the portal's pages write it in the active language (1 234,56 € in
    French, 1,234.56 € in English)."""
    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True) + "\xa0€"


def _percent(value: Decimal) -> str:
    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


def _context(alert: Alert, user) -> dict:
    """What the alert e-mails say (figures formatted here, words in the templates)."""
    return {
        "recipient": user_label(user),
        "code": alert.project.code,
        "name": alert.project.name,
        "nature": Nature(alert.nature).label,
        "year": str(alert.period),
        "kind": AlertKind(alert.kind).label,
        "budget": _amount(alert.budget),
        "measured": _amount(alert.measured),
        "percent": _percent(alert.overrun_percent),
        "url": _base_url() + reverse("resources:alert_detail", args=[alert.pk]),
    }


def _alert_message(alert: Alert, step: int, user) -> Message:
    context = _context(alert, user) | {"first_step": step <= 1}
    subject, body = render_email("resources/email/budget_alert", context)
    return Message(
        dedup_key=f"budget-alert:{alert.pk}:step{step}:{user.pk}",
        kind=ALERT_KIND,
        recipient=user,
        subject=subject,
        body=body,
    )


def _escalation_message(alert: Alert, days: int, user) -> Message:
    context = _context(alert, user) | {"days": str(days)}
    subject, body = render_email("resources/email/budget_escalation", context)
    return Message(
        dedup_key=f"budget-escalation:{alert.pk}:{user.pk}",
        kind=ESCALATION_KIND,
        recipient=user,
        subject=subject,
        body=body,
    )


def _save_notified(alerts: list[Alert]) -> None:
    """Write step_notified, status and escalated_at of these alerts in one UPDATE (Django's
    bulk_update builds a CASE per row, far too slow for tens of thousands of alerts)."""
    if not alerts:
        return
    if connection.vendor != "postgresql":
        Alert.objects.bulk_update(
            alerts, ["step_notified", "status", "escalated_at"], batch_size=500
        )
        return
    table = Alert._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {table} AS a
            SET step_notified = v.step, status = v.status, escalated_at = v.escalated_at
            FROM unnest(%s::bigint[], %s::int[], %s::text[], %s::timestamptz[])
                AS v(id, step, status, escalated_at)
            WHERE a.id = v.id
            """,  # noqa: S608 - the table name is ours, the values are parameters
            [
                [a.pk for a in alerts],
                [a.step_notified for a in alerts],
                [a.status for a in alerts],
                [a.escalated_at for a in alerts],
            ],
        )


def _pause() -> None:
    seconds = float(os.environ.get(PAUSE_ENV) or 0)
    if seconds > 0:
        time.sleep(seconds)


def scan_budget_overruns(*, today: date | None = None) -> dict:
    """Detect budget overruns, record them as Alert rows and e-mail the ones the PM has not
    flagged (see the module docstring for every rule). Idempotent; a constant number of
    queries. Returns counts: ``breaches``, ``created`` (new alerts), ``flagged``,
    ``notified`` (alerts e-mailed this run), ``escalated``, ``messages`` (enqueued now).
    """
    today = today or timezone.localdate()
    year = today.year
    budget_settings = BudgetSettings.current()
    step_percent = budget_settings.alert_step_percent
    breaches = detect_breaches(
        year=year, today=today, eac_tolerance=budget_settings.eac_tolerance_percent
    )
    _pause()
    counts = {
        "breaches": len(breaches),
        "created": 0,
        "flagged": sum(b.flagged for b in breaches),
        "notified": 0,
        "escalated": 0,
        "messages": 0,
    }
    if not breaches:
        return counts
    now = timezone.now()
    escalate_before = now - timedelta(days=budget_settings.escalation_days)
    with transaction.atomic():
        existing = {
            (a.project_id, a.nature, a.kind): a
            for a in Alert.objects.select_for_update()
            .filter(period=year, project_id__in={b.project_id for b in breaches})
            .only(
                "pk",
                "project_id",
                "nature",
                "kind",
                "status",
                "step_notified",
                "escalated_at",
                "first_detected_at",
            )
        }
        rows = []
        for breach in breaches:
            rows.append(
                Alert(
                    project_id=breach.project_id,
                    nature=breach.nature,
                    kind=breach.kind,
                    period=year,
                    budget=breach.budget,
                    measured=breach.measured,
                    overrun_percent=breach.overrun_percent,
                    flagged_by_pm=breach.flagged,
                )
            )
        counts["created"] = sum((b.project_id, b.nature, b.kind) not in existing for b in breaches)
        Alert.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["project", "nature", "kind", "period"],
            update_fields=[
                "budget",
                "measured",
                "overrun_percent",
                "flagged_by_pm",
                "last_detected_at",
            ],
        )
        # What to send: decided from the state before this run.
        to_notify: dict[int, int] = {}  # alert pk → step
        to_escalate: set[int] = set()
        for breach, row in zip(breaches, rows, strict=True):
            if breach.flagged:
                continue
            before = existing.get((breach.project_id, breach.nature, breach.kind))
            step = step_of(breach.overrun_percent, step_percent)
            if step > (before.step_notified if before else 0):
                to_notify[row.pk] = step
            elif (
                before is not None
                and before.status == AlertStatus.OPEN
                and before.escalated_at is None
                and before.first_detected_at <= escalate_before
            ):
                to_escalate.add(row.pk)
        if not (to_notify or to_escalate):
            return counts
        alerts = list(
            Alert.objects.filter(pk__in=[*to_notify, *to_escalate]).select_related(
                "project__manager__notification_preference",
                "project__sponsor__notification_preference",
            )
        )
        portfolio_ids = {a.project.portfolio_id for a in alerts}
        pmo = pmo_people_by_portfolio(portfolio_ids)
        extra = recipients_by_portfolio(portfolio_ids)  # finance controllers... (PMO's pages)
        messages: list[Message] = []
        with translation.override(settings.LANGUAGE_CODE):
            for alert in alerts:
                if alert.pk in to_notify:
                    step = to_notify[alert.pk]
                    portfolio_id = alert.project.portfolio_id
                    recipients = [
                        alert.project.manager,
                        *pmo.get(portfolio_id, []),
                        *extra.get(portfolio_id, []),
                    ]
                    seen = set()
                    for user in recipients:
                        if user.pk in seen or not user.is_active or not wants(user, PREFERENCE):
                            continue
                        seen.add(user.pk)
                        messages.append(_alert_message(alert, step, user))
                    alert.step_notified = step
                    if alert.status != AlertStatus.OPEN:
                        alert.status = AlertStatus.OPEN
                    counts["notified"] += 1
                else:
                    sponsor = alert.project.sponsor
                    if sponsor is None:
                        continue
                    if sponsor.is_active and wants(sponsor, PREFERENCE):
                        messages.append(
                            _escalation_message(alert, budget_settings.escalation_days, sponsor)
                        )
                    alert.escalated_at = now
                    counts["escalated"] += 1
        _save_notified(alerts)
        created = enqueue_many(messages)
        counts["messages"] = len(created)
        if created:
            transaction.on_commit(lambda: deliver_notifications.delay(), robust=True)
    return counts


# --- The PM's acknowledgement, the PMO's closing -------------------------------------------


def acknowledge_alert(*, alert: Alert, user, comment: str) -> Alert:
    """The PM (or the PMO) has seen the overrun: status acknowledged, with a comment."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say what is being done about the overrun.")})
    if alert.status != AlertStatus.OPEN:
        raise ValidationError(_("Only an open alert can be acknowledged."))
    with transaction.atomic():
        alert.status = AlertStatus.ACKNOWLEDGED
        alert.acknowledgement = comment
        alert.acknowledged_by = user
        alert.acknowledged_at = timezone.now()
        alert.full_clean()
        alert.save()
    return alert


def close_alert(*, alert: Alert, user) -> Alert:
    """The PMO closes the alert (dealt with). It reopens only if the overrun grows a step."""
    if alert.status == AlertStatus.CLOSED:
        raise ValidationError(_("This alert is already closed."))
    with transaction.atomic():
        alert.status = AlertStatus.CLOSED
        alert.closed_by = user
        alert.closed_at = timezone.now()
        alert.full_clean()
        alert.save()
    return alert
