"""Demo budgets and costs (to be called by ``seed_demo`` after the portfolio and reporting demo).

For every approved, active or on-hold project, and every project closed this year: budget
lines for the current fiscal year and the next (the current one only for a closed project; one
CAPEX category and one or two OPEX categories, about half the project's estimated cost per
year), actual costs spread over the months already past this year (one
invoice per line and month, a few credit notes; a closed project spent its whole year's budget,
from a tenth under to a third over), references ``FAC-<year>-<project pk><n>``
unique across the demo, and one or two open purchase orders for live projects. About a
quarter of the active projects have no invoice of the current month yet (their supplier
invoices not imported: Finance's "projects without actual costs this month").

Two overruns for the alerts engineer (both ACTIVE, chosen as the first two active projects by
code whose planned dates cover today; with the standard demo of ``seed_demo`` these are
returned by ``seed_budgets`` under ``silent_overrun`` and ``flagged_overrun``, and with the
default ``seed_demo`` (60 projects) they are **PRJ-0004** (silent) and **PRJ-0005** (flagged)):

* **silent overrun** — OPEX actual costs of the current year reach 125 % of the OPEX budget of
  the year, while the project's declared status says all is well: ``health_budget`` 1 (sunny)
  and ``eac`` equal to its total approved budget;
* **flagged overrun** — the same 125 % OPEX overrun, but declared: ``health_budget`` 3 (rainy)
  and ``eac`` 125 % of its total approved budget.

A third, on the demo project manager's ("chef.projet") first active project by code (unless
it is one of those two), returned under ``pm_overrun``: the same 125 % OPEX overrun, silent,
so that their home page shows a budget alert on their projects.

(The declared status is written straight on Project, as the latest status report would.)

Deterministic and idempotent: each project draws from its own random generator seeded with its
code; budget lines are looked up by (project, nature, category, year), costs by reference, and
only missing rows are created, with bulk inserts.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from pmo_portal.dates import month_start, months_between
from pmo_portal.roles import Role
from portfolios.demo import ACCOUNTS
from portfolios.models import Project, ProjectStatus
from resources.models import (
    ActualCost,
    BudgetLine,
    CommitmentStatus,
    CommittedCost,
    CostCategory,
    CostSource,
    Nature,
)

BUDGETED = [
    ProjectStatus.APPROVED,
    ProjectStatus.ACTIVE,
    ProjectStatus.ON_HOLD,
    ProjectStatus.CLOSED,
]
LIVE = {ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD}
CAPEX_CATEGORIES = [CostCategory.HARDWARE, CostCategory.SOFTWARE, CostCategory.EXTERNAL_SERVICES]
OPEX_CATEGORIES = [
    CostCategory.INTERNAL_LABOUR,
    CostCategory.EXTERNAL_SERVICES,
    CostCategory.SOFTWARE,
    CostCategory.OTHER,
]
SUPPLIERS = ["ATOS", "CAPGEMINI", "SOPRA STERIA", "ECONOCOM", "ORANGE BUSINESS", "DELL"]
CHUNK = 500
BATCH = 2000
OVERRUN = Decimal("1.25")
# Share of active projects whose invoices of the current month are not imported yet: drawn
# from a generator of their own, so the project's other draws stay as they were.
LAGGING_SHARE = 0.25
THOUSAND = Decimal("1000")
PROJECT_MANAGER = next(a.username for a in ACCOUNTS if a.role == Role.PROJECT_MANAGER)


def _round(amount: Decimal) -> Decimal:
    return (amount / THOUSAND).quantize(Decimal("1")) * THOUSAND


def _plan_lines(project: dict, year: int, rng: random.Random) -> list[tuple]:
    """(nature, category, fiscal year, amount) of the project's budget."""
    yearly = max(project["estimated_cost"] / 2, Decimal("20000"))
    capex_share = Decimal(rng.choice([30, 40, 50, 60])) / 100
    capex = [rng.choice(CAPEX_CATEGORIES)]
    opex = rng.sample(OPEX_CATEGORIES, rng.choice([1, 2]))
    lines = []
    # A closed project's budget ends with it: no line for next year.
    years = (year,) if project["status"] == ProjectStatus.CLOSED else (year, year + 1)
    for fiscal_year in years:
        for nature, categories, share in (
            (Nature.CAPEX, capex, capex_share),
            (Nature.OPEX, opex, 1 - capex_share),
        ):
            for category in categories:
                amount = _round(yearly * share / len(categories))
                lines.append((nature, category, fiscal_year, amount))
    return lines


def _lagging(project: dict) -> bool:
    """An active project whose invoices of the current month are not imported yet."""
    if project["status"] != ProjectStatus.ACTIVE:
        return False
    return random.Random(f"budget-lag-{project['code']}").random() < LAGGING_SHARE  # noqa: S311


def _plan_costs(project: dict, lines: list[tuple], today: date, rng, overrun: bool) -> list[dict]:
    """Invoices of the current year for each line, month by month up to last month."""
    year = today.year
    start = max(project["planned_start"], date(year, 1, 1))
    end = min(project["actual_end"] or today, today - timedelta(days=1))
    if _lagging(project) and not overrun:
        end = min(end, month_start(today) - timedelta(days=1))
    months = months_between(start, end + timedelta(days=1)) if start <= end else []
    if project["status"] == ProjectStatus.APPROVED:
        months = []
    if overrun and not months:
        months = [month_start(today)]
    costs, number = [], 0
    for nature, category, fiscal_year, amount in lines:
        if fiscal_year != year or not months:
            continue
        if overrun and nature == Nature.OPEX:
            spent = amount * OVERRUN  # 125 % of the line, spread over the months gone
        elif project["status"] == ProjectStatus.CLOSED:
            # Its whole budget spent, from a tenth under to a third over, as closed ones are.
            spent = amount * Decimal(rng.randint(90, 133)) / 100
        else:
            spent = amount * Decimal(rng.randint(55, 95)) / 100 * len(months) / 12
        monthly = (spent / len(months)).quantize(Decimal("0.01"))
        for index, month in enumerate(months):
            number += 1
            value = monthly
            if index == len(months) - 1:
                value = spent.quantize(Decimal("0.01")) - monthly * (len(months) - 1)
            day = min(month + timedelta(days=rng.randint(4, 26)), max(today, month))
            costs.append(
                {
                    "date": day,
                    "nature": nature,
                    "category": category,
                    "amount": value,
                    "supplier": rng.choice(SUPPLIERS),
                    "reference": f"FAC-{year}-{project['pk']:06d}{number:03d}",
                    "description": f"Facture {month:%m/%Y}",
                }
            )
        if not overrun and rng.random() < 0.15:
            number += 1
            costs.append(
                {
                    "date": months[-1] + timedelta(days=27),
                    "nature": nature,
                    "category": category,
                    "amount": -(monthly / 10).quantize(Decimal("0.01")),
                    "supplier": rng.choice(SUPPLIERS),
                    "reference": f"AV-{year}-{project['pk']:06d}{number:03d}",
                    "description": "Avoir",
                }
            )
    # A credit note may fall after today at the end of the current month: keep it in the past.
    for cost in costs:
        cost["date"] = min(cost["date"], today)
    return costs


def _plan_commitments(project: dict, lines: list[tuple], today: date, rng) -> list[dict]:
    if project["status"] not in LIVE:
        return []
    current = [line for line in lines if line[2] == today.year]
    commitments = []
    for number in range(1, rng.choice([1, 2]) + 1):
        nature, category, _year, amount = rng.choice(current)
        commitments.append(
            {
                "date": today - timedelta(days=rng.randint(0, 60)),
                "nature": nature,
                "category": category,
                "amount": _round(amount / 10) or Decimal("1000"),
                "supplier": rng.choice(SUPPLIERS),
                "reference": f"PO-{today.year}-{project['pk']:06d}{number:02d}",
            }
        )
    return commitments


def _overrun_projects(projects: list[dict], today: date) -> tuple[dict | None, dict | None]:
    live = [
        project
        for project in sorted(projects, key=lambda project: project["code"])
        if project["status"] == ProjectStatus.ACTIVE
        and project["planned_start"] <= today <= project["planned_end"]
    ]
    return (live[0] if live else None, live[1] if len(live) > 1 else None)


def _pm_overrun(projects: list[dict], taken: set[int]) -> dict | None:
    manager = get_user_model().objects.filter(username=PROJECT_MANAGER).first()
    mine = [
        project
        for project in sorted(projects, key=lambda project: project["code"])
        if manager is not None
        and project["manager_id"] == manager.pk
        and project["status"] == ProjectStatus.ACTIVE
    ]
    return mine[0] if mine and mine[0]["pk"] not in taken else None


def seed_budgets(*, today: date | None = None) -> dict:
    """Create what is missing of the demo budgets and costs; returns counts of created rows and
    the codes of the overrun projects (see the module docstring)."""
    today = today or timezone.localdate()
    counts: Counter = Counter()
    projects = list(
        Project.objects.filter(status__in=BUDGETED)
        # A project closed before this year has no budget this year (the closed history of
        # lessons/demo_history.py carries its own).
        .exclude(status=ProjectStatus.CLOSED, actual_end__lt=date(today.year, 1, 1))
        .order_by("pk")
        .values(
            "pk",
            "code",
            "status",
            "manager_id",
            "planned_start",
            "planned_end",
            "actual_end",
            "estimated_cost",
        )
    )
    silent, flagged = _overrun_projects(projects, today)
    overrun_pks = {project["pk"] for project in (silent, flagged) if project}
    mine = _pm_overrun(projects, overrun_pks)
    overrun_pks |= {mine["pk"]} if mine else set()
    totals: dict[int, Decimal] = {}
    for offset in range(0, len(projects), CHUNK):
        chunk = projects[offset : offset + CHUNK]
        _seed_chunk(chunk, today, overrun_pks, totals, counts)
    declared = ((silent, 1, Decimal("1")), (flagged, 3, OVERRUN), (mine, 1, Decimal("1")))
    for project, health, factor in declared:
        if project is None:
            continue
        # The declared status, as the latest status report would have written it.
        Project.objects.filter(pk=project["pk"]).update(
            health_budget=health, eac=(totals[project["pk"]] * factor).quantize(Decimal("0.01"))
        )
    return {
        "budget_lines": counts["budget_lines"],
        "actual_costs": counts["actual_costs"],
        "committed_costs": counts["committed_costs"],
        "silent_overrun": silent["code"] if silent else None,
        "flagged_overrun": flagged["code"] if flagged else None,
        "pm_overrun": mine["code"] if mine else None,
    }


def _seed_chunk(chunk, today, overrun_pks, totals, counts) -> None:
    pks = [project["pk"] for project in chunk]
    existing_lines = set(
        BudgetLine.objects.filter(project_id__in=pks).values_list(
            "project_id", "nature", "category", "fiscal_year"
        )
    )
    existing_actuals = set(
        ActualCost.objects.filter(project_id__in=pks).values_list("reference", flat=True)
    )
    existing_commitments = set(
        CommittedCost.objects.filter(project_id__in=pks).values_list("project_id", "reference")
    )
    new_lines, new_actuals, new_commitments = [], [], []
    for project in chunk:
        rng = random.Random(f"budget-{project['code']}")  # noqa: S311 (demo data)
        lines = _plan_lines(project, today.year, rng)
        totals[project["pk"]] = sum((line[3] for line in lines), Decimal("0.00"))
        for nature, category, fiscal_year, amount in lines:
            if (project["pk"], nature, category, fiscal_year) in existing_lines:
                continue
            new_lines.append(
                BudgetLine(
                    project_id=project["pk"],
                    nature=nature,
                    category=category,
                    fiscal_year=fiscal_year,
                    approved_amount=amount,
                    baseline_amount=amount,
                )
            )
        overrun = project["pk"] in overrun_pks
        for cost in _plan_costs(project, lines, today, rng, overrun):
            if cost["reference"] not in existing_actuals:
                new_actuals.append(
                    ActualCost(project_id=project["pk"], source=CostSource.IMPORT, **cost)
                )
        for commitment in _plan_commitments(project, lines, today, rng):
            if (project["pk"], commitment["reference"]) not in existing_commitments:
                new_commitments.append(
                    CommittedCost(
                        project_id=project["pk"], status=CommitmentStatus.OPEN, **commitment
                    )
                )
    if new_lines:
        bulk_create_with_history(
            new_lines, BudgetLine, batch_size=BATCH, default_change_reason="Demo budget"
        )
    ActualCost.objects.bulk_create(new_actuals, batch_size=BATCH)
    CommittedCost.objects.bulk_create(new_commitments, batch_size=BATCH)
    counts["budget_lines"] += len(new_lines)
    counts["actual_costs"] += len(new_actuals)
    counts["committed_costs"] += len(new_commitments)
