"""Detection of budget overruns: which (project, nature) of the scanned fiscal year breach
their budget, and whether the PM has flagged it (resources.services.alerts records and
e-mails them).

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
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import Case, F, Sum, Value, When

from portfolios.models import Project, ProjectStatus
from resources.models import (
    ActualCost,
    AlertKind,
    BudgetLine,
    CommitmentStatus,
    CommittedCost,
)

MAX_PERCENT = Decimal("999999.99")
# The highest step an alert records (Alert.step_notified is a smallint). A year with spending
# but no budget line overruns by MAX_PERCENT: uncapped, that is step 100,000 at 10 % a step,
# and the scan failed on the first day of every fiscal year without budget lines yet.
MAX_STEP = 999
SCANNED_STATUSES = (ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD)

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
