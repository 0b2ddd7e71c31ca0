"""Budget-overrun alerts: the daily scan, and the PM's acknowledgement / the PMO's closing.

The scan (``scan_budget_overruns``) is one set-based pass, run by beat every morning:

*Detection* — one SQL statement over every active or on-hold project (not archived) that has
budget lines, per project and nature, for the fiscal year of ``today`` (calendar year):

- ``budget`` = Σ BudgetLine.approved_amount of that fiscal year;
- ``actual`` = Σ ActualCost.amount dated in that fiscal year; ``committed`` = Σ of the open
  CommittedCost rows (whatever their date: an open purchase order is money still to spend);
- **actual** breach (AlertKind.ACTUAL_OVER_BUDGET): actual + committed > budget;
- **EAC** breach (AlertKind.EAC_OVER_BUDGET): the declared EAC (Project.eac, whole project) is
  split per nature *pro rata of the whole project's budget* (all fiscal years): EAC share of
  a nature = EAC × budget of the nature / budget of the project; breach when that share is
  above the nature's whole-project budget × (1 + BudgetSettings.eac_tolerance_percent / 100).
  The alert is recorded under the scanned fiscal year, with the whole-project figures;
- **pace** breach (AlertKind.PACE): the part of the project's planned duration that falls in
  the fiscal year is the window; elapsed = (today − window start + 1) / window length (days).
  While the window is running (0 < elapsed < 1), projection = actual (without commitments) /
  elapsed; breach when projection > budget while actual + committed is still within it (an
  early warning: once the budget is overrun, or the window is over, the actual breach
  covers it).

*Measured figure* and ``overrun_percent`` = (measured − budget) / budget × 100 (capped at
999 999.99, e.g. spending without any budget).

*Flagged by the PM* (the issue: not identified = the latest submitted status report does not
rate budget health red/amber, or its EAC does not show the overrun): an alert is flagged when
both hold —

1. the declared budget health (Project.health_budget, written on submit) is 2, 3 or 4
   (anything but sunny), and
2. the declared EAC shows the overrun: EAC share of the nature ≥ whole-project budget of the
   nature + (measured − budget). For a single-year project this reads "EAC ≥ measured"; an
   EAC alert is therefore flagged as soon as the budget health is not sunny (its measured
   figure is the PM's own EAC).

Flagged alerts are recorded (PMO alerts page) and send no e-mail.

*Steps* — an alert is at step ``1 + floor(overrun_percent / alert_step_percent)``. A breach
not flagged is e-mailed (to the PM and to each PMO person of the portfolio) when its step is
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

import math
import os
import time
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Case, F, Sum, Value, When
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pmo_portal.notifications import Message, enqueue_many, wants
from pmo_portal.tasks import deliver_notifications
from portfolios.models import Project, ProjectStatus
from portfolios.selectors import pmo_people_by_portfolio
from resources.models import (
    ActualCost,
    Alert,
    AlertKind,
    AlertStatus,
    BudgetLine,
    BudgetSettings,
    CommitmentStatus,
    CommittedCost,
    Nature,
)

ALERT_KIND = "budget_alert"
ESCALATION_KIND = "budget_escalation"
PREFERENCE = "email_alerts"
MAX_PERCENT = Decimal("999999.99")
# The highest step an alert records (Alert.step_notified is a smallint). A year with spending
# but no budget line overruns by MAX_PERCENT: uncapped, that is step 100,000 at 10 % a step,
# and the scan failed on the first day of every fiscal year without budget lines yet.
MAX_STEP = 999
SCANNED_STATUSES = (ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD)
# Test hook (the kill -9 test): seconds to sleep between detection and the writes.
PAUSE_ENV = "PMO_OVERRUN_SCAN_TEST_PAUSE"

DETECTION_SQL = """
WITH budget AS (
    SELECT project_id, nature,
           COALESCE(SUM(approved_amount) FILTER (WHERE fiscal_year = %(year)s), 0) AS year_budget,
           SUM(approved_amount) AS whole_budget
    FROM resources_budgetline
    GROUP BY project_id, nature
),
project_budget AS (
    SELECT project_id, SUM(whole_budget) AS total FROM budget GROUP BY project_id
),
actual AS (
    SELECT project_id, nature, SUM(amount) AS amount
    FROM resources_actualcost
    WHERE date BETWEEN %(year_start)s AND %(year_end)s
    GROUP BY project_id, nature
),
committed AS (
    SELECT project_id, nature, SUM(amount) AS amount
    FROM resources_committedcost
    WHERE status = 'open'
    GROUP BY project_id, nature
),
measures AS (
    SELECT b.project_id, b.nature, b.year_budget, b.whole_budget,
           COALESCE(a.amount, 0) AS actual,
           COALESCE(c.amount, 0) AS committed,
           p.eac * b.whole_budget / NULLIF(pb.total, 0) AS eac_share,
           p.health_budget,
           GREATEST(p.planned_start, %(year_start)s::date) AS window_start,
           LEAST(p.planned_end, %(year_end)s::date) AS window_end
    FROM budget b
    JOIN portfolios_project p ON p.id = b.project_id
    JOIN project_budget pb ON pb.project_id = b.project_id
    LEFT JOIN actual a ON a.project_id = b.project_id AND a.nature = b.nature
    LEFT JOIN committed c ON c.project_id = b.project_id AND c.nature = b.nature
    WHERE p.status = ANY(%(statuses)s) AND NOT p.is_archived
),
paced AS (
    SELECT m.*,
           CASE WHEN %(today)s::date >= m.window_start
                     AND %(today)s::date < m.window_end
                THEN m.actual * (m.window_end - m.window_start + 1)
                     / (%(today)s::date - m.window_start + 1)
           END AS projection
    FROM measures m
)
SELECT project_id, nature, year_budget, whole_budget, actual, committed, eac_share,
       health_budget, projection
FROM paced
WHERE actual + committed > year_budget
   OR eac_share > whole_budget * %(eac_factor)s
   OR (projection > year_budget AND actual + committed <= year_budget)
"""


@dataclass
class Breach:
    project_id: int
    nature: str
    kind: str
    budget: Decimal
    measured: Decimal
    overrun_percent: Decimal
    flagged: bool


def overrun_percent(budget: Decimal, measured: Decimal) -> Decimal:
    if budget <= 0:
        return MAX_PERCENT
    value = ((measured - budget) * 100 / budget).quantize(Decimal("0.01"))
    return min(value, MAX_PERCENT)


def step_of(percent: Decimal, step_percent: Decimal) -> int:
    """Step 1 from the first cent of overrun, one more per ``step_percent``, at most
    ``MAX_STEP`` (an overrun of a zero budget is as high as an overrun gets)."""
    return min(MAX_STEP, 1 + math.floor(max(percent, Decimal(0)) / step_percent))


def is_flagged(*, health, eac_share, whole_budget, budget, measured) -> bool:
    """The PM has flagged the overrun: budget health not sunny (2, 3 or 4) and an EAC share
    of the nature showing at least the measured excess over the whole-project budget."""
    return (
        health is not None
        and health >= 2
        and eac_share is not None
        and eac_share >= whole_budget + (measured - budget)
    )


def _money(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


def detect_breaches(*, year: int, today: date, eac_tolerance: Decimal) -> list[Breach]:
    """The detection pass: one SQL statement, whatever the number of projects."""
    factor = 1 + eac_tolerance / 100
    params = {
        "year": year,
        "year_start": date(year, 1, 1),
        "year_end": date(year, 12, 31),
        "today": today,
        "statuses": [str(s) for s in SCANNED_STATUSES],
        "eac_factor": factor,
    }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(DETECTION_SQL, params)
            rows = cursor.fetchall()
    else:
        rows = _detection_rows_portable(**params)
    breaches = []
    for (
        project_id,
        nature,
        year_budget,
        whole_budget,
        actual,
        committed,
        eac_share,
        health,
        projection,
    ) in rows:
        candidates = []
        spent = actual + committed
        if spent > year_budget:
            candidates.append((AlertKind.ACTUAL_OVER_BUDGET, year_budget, spent))
        if eac_share is not None and eac_share > whole_budget * factor:
            candidates.append((AlertKind.EAC_OVER_BUDGET, whole_budget, eac_share))
        if projection is not None and projection > year_budget and spent <= year_budget:
            candidates.append((AlertKind.PACE, year_budget, projection))
        for kind, budget, measured in candidates:
            budget, measured = _money(budget), _money(measured)
            breaches.append(
                Breach(
                    project_id=project_id,
                    nature=nature,
                    kind=str(kind),
                    budget=budget,
                    measured=measured,
                    overrun_percent=overrun_percent(budget, measured),
                    flagged=is_flagged(
                        health=health,
                        eac_share=None if eac_share is None else _money(eac_share),
                        whole_budget=whole_budget,
                        budget=budget,
                        measured=measured,
                    ),
                )
            )
    return breaches


def _detection_rows_portable(
    *, year, year_start, year_end, today, statuses, eac_factor
) -> list[tuple]:
    """The rows of DETECTION_SQL computed with four grouped ORM queries and a join in Python:
    the same figures on any database (the embedded SQLite demo). PostgreSQL uses the single
    SQL pass, which is faster at scale."""
    zero = Decimal("0.00")
    budgets = (
        BudgetLine.objects.values("project_id", "nature")
        .annotate(
            year_budget=Sum(
                Case(When(fiscal_year=year, then=F("approved_amount")), default=Value(zero))
            ),
            whole_budget=Sum("approved_amount"),
        )
        .order_by()
    )
    actual = {
        (r["project_id"], r["nature"]): r["total"]
        for r in ActualCost.objects.filter(date__range=(year_start, year_end))
        .values("project_id", "nature")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    committed = {
        (r["project_id"], r["nature"]): r["total"]
        for r in CommittedCost.objects.filter(status=CommitmentStatus.OPEN)
        .values("project_id", "nature")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    projects = {
        p["pk"]: p
        for p in Project.objects.filter(
            status__in=statuses,
            is_archived=False,
            pk__in=BudgetLine.objects.values("project_id"),
        ).values("pk", "eac", "health_budget", "planned_start", "planned_end")
    }
    budget_rows = [row for row in budgets if row["project_id"] in projects]
    totals: dict[int, Decimal] = {}
    for row in budget_rows:
        totals[row["project_id"]] = totals.get(row["project_id"], zero) + row["whole_budget"]
    rows = []
    for row in budget_rows:
        project = projects[row["project_id"]]
        key = (row["project_id"], row["nature"])
        spent_actual = actual.get(key) or zero
        spent_committed = committed.get(key) or zero
        total = totals[row["project_id"]]
        eac_share = (
            project["eac"] * row["whole_budget"] / total
            if project["eac"] is not None and total
            else None
        )
        start = max(project["planned_start"], year_start)
        end = min(project["planned_end"], year_end)
        projection = None
        if start <= today < end:
            projection = spent_actual * ((end - start).days + 1) / ((today - start).days + 1)
        year_budget = row["year_budget"]
        if (
            spent_actual + spent_committed > year_budget
            or (eac_share is not None and eac_share > row["whole_budget"] * eac_factor)
            or (
                projection is not None
                and projection > year_budget
                and spent_actual + spent_committed <= year_budget
            )
        ):
            rows.append(
                (
                    row["project_id"],
                    row["nature"],
                    year_budget,
                    row["whole_budget"],
                    spent_actual,
                    spent_committed,
                    eac_share,
                    project["health_budget"],
                    projection,
                )
            )
    return rows


def _base_url() -> str:
    return str(getattr(settings, "PORTAL_BASE_URL", "http://127.0.0.1:8000")).rstrip("/")


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _amount(value: Decimal) -> str:
    return f"{value:,.2f} €".replace(",", "\u202f")


def _facts(alert: Alert) -> str:
    project = alert.project
    return "\n".join(
        [
            f"{project.code} — {project.name}",
            gettext("Nature: %(nature)s, fiscal year %(year)s")
            % {"nature": Nature(alert.nature).label, "year": alert.period},
            gettext("Breach: %(kind)s") % {"kind": AlertKind(alert.kind).label},
            gettext("Budget: %(amount)s") % {"amount": _amount(alert.budget)},
            gettext("Measured: %(amount)s") % {"amount": _amount(alert.measured)},
            gettext("Overrun: %(percent)s %%") % {"percent": alert.overrun_percent},
            _base_url() + reverse("resources:alert_detail", args=[alert.pk]),
        ]
    )


def _alert_message(alert: Alert, step: int, user) -> Message:
    project = alert.project
    subject = gettext("Budget overrun on %(code)s (%(nature)s): +%(percent)s %%") % {
        "code": project.code,
        "nature": Nature(alert.nature).label,
        "percent": alert.overrun_percent,
    }
    intro = (
        gettext(
            "The budget of this project is overrun and its latest status report does not "
            "show it. Please check the figures and acknowledge the alert with a comment."
        )
        if step <= 1
        else gettext("The overrun of this project has grown past a further alert step.")
    )
    body = "\n\n".join([gettext("Hello %(name)s,") % {"name": _name(user)}, intro, _facts(alert)])
    return Message(
        dedup_key=f"budget-alert:{alert.pk}:step{step}:{user.pk}",
        kind=ALERT_KIND,
        recipient=user,
        subject=subject,
        body=body + "\n",
    )


def _escalation_message(alert: Alert, days: int, user) -> Message:
    subject = gettext("Budget overrun not acknowledged on %(code)s") % {"code": alert.project.code}
    intro = gettext(
        "You sponsor this project. Its budget overrun has not been acknowledged by the "
        "project manager %(days)s days after it was detected."
    ) % {"days": days}
    body = "\n\n".join([gettext("Hello %(name)s,") % {"name": _name(user)}, intro, _facts(alert)])
    return Message(
        dedup_key=f"budget-escalation:{alert.pk}:{user.pk}",
        kind=ESCALATION_KIND,
        recipient=user,
        subject=subject,
        body=body + "\n",
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
        pmo = pmo_people_by_portfolio({a.project.portfolio_id for a in alerts})
        messages: list[Message] = []
        with translation.override(settings.LANGUAGE_CODE):
            for alert in alerts:
                if alert.pk in to_notify:
                    step = to_notify[alert.pk]
                    recipients = [alert.project.manager, *pmo.get(alert.project.portfolio_id, [])]
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
