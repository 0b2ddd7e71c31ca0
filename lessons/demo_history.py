"""Demo history of closed projects, for the past-performance analytics and the overrun-risk
prediction (called by ``seed_demo`` after the lessons register).

240 closed projects (codes HIST-0001…), closed over the five calendar years before the
current one (relative to today: the demo runs on any day), each with its baseline and actual
dates, its baseline budget lines, its actual costs (half-way and at the end) and its snapshot
half-way through (lessons/models/analytics.py). Variances are believable, not random noise:
- R&D and infrastructure projects run late and over budget, regulatory ones hold their dates
  (a fixed deadline), agile ones their budget; industry and IT domains overrun more;
- bigger projects overrun more (a size effect), and each project manager has a slight bias;
- what a project looked like half-way (budget burnt, slip declared, open risks) foretells,
  with noise, how it finished: what the prediction learns.

They all closed before 1 January of the current year: the budget demo, which plans lines for
the current and next fiscal years and invoices of the current year, adds nothing to their
final figures when it runs again. Deterministic (seeded) and idempotent: a code already in
the portal is skipped, with all it carries.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from lessons.models import ProjectSnapshot
from pmo_portal.roles import Role
from portfolios.models import BusinessDomain, Portfolio, Project, ProjectStatus, ProjectType
from resources.models import ActualCost, BudgetLine, CostCategory, CostSource, Nature

COUNT = 240
PREFIX = "HIST-"
# Project type code -> (cost variance bias, delay bias in months).
TYPE_BIAS = {
    "SI-CYCLE-V": (0.08, 1.4),
    "AGILE": (-0.01, 0.4),
    "INFRA": (0.14, 2.2),
    "REGL": (0.00, 0.0),
    "ORGA": (-0.02, 0.6),
    "RD": (0.25, 3.0),
}
DOMAIN_BIAS = {
    "SI": (0.04, 0.6),
    "IND": (0.07, 1.0),
    "COM": (-0.01, 0.2),
    "RH": (-0.03, 0.0),
    "FIN": (-0.02, 0.0),
    "RSE": (0.02, 0.4),
}
THEMES = [
    "Refonte du portail",
    "Migration de l'ERP",
    "Modernisation du réseau",
    "Dématérialisation des factures",
    "Mise en conformité",
    "Optimisation de la maintenance",
    "Déploiement du CRM",
    "Pilote d'automatisation",
    "Réorganisation des achats",
    "Plateforme de données",
    "Rénovation énergétique",
    "Outil de planification",
]
SITES = ["Lyon", "Lille", "Nantes", "Bordeaux", "Rouen", "Metz", "Dijon", "Toulouse"]
BATCH = 1000


def _round(value: float) -> Decimal:
    return Decimal(round(value / 1000) * 1000)


def _bias(table: dict, code: str, salt: str) -> tuple[float, float]:
    if code in table:
        return table[code]
    rng = random.Random(f"{salt}-{code}")  # noqa: S311 - demo data
    return rng.uniform(-0.02, 0.10), rng.uniform(0.0, 2.0)


def planned_history(*, today: date, types, domains, portfolios, managers) -> list[dict]:
    """Every project of the history as plain values (no database access)."""
    rng = random.Random(20130613)  # noqa: S311 - demo data, reproducible
    first = date(today.year - 5, 1, 1)
    span = (date(today.year - 1, 12, 31) - first).days
    manager_bias = {m.pk: random.Random(f"pm-{m.username}").uniform(-0.04, 0.06) for m in managers}  # noqa: S311
    planned = []
    for number in range(1, COUNT + 1):
        project_type = rng.choice(types)
        domain = rng.choice(domains)
        manager = rng.choice(managers)
        budget = _round(math.exp(rng.uniform(math.log(80_000), math.log(6_000_000))))
        duration = rng.randint(150, 900)
        type_cost, type_slip = _bias(TYPE_BIAS, project_type.code, "type")
        domain_cost, domain_slip = _bias(DOMAIN_BIAS, domain.code, "domain")
        size = math.log2(float(budget) / 250_000)
        cost = type_cost + domain_cost + 0.035 * size + manager_bias[manager.pk]
        cost = max(-0.25, cost + rng.gauss(0, 0.09))
        months = type_slip + domain_slip + 0.35 * size + 12 * manager_bias[manager.pk]
        months = max(-1.0, months + rng.gauss(0, 1.2))
        slip_days = round(months * 30.44)
        actual_end = first + timedelta(days=rng.randrange(span + 1))
        baseline_end = actual_end - timedelta(days=slip_days)
        baseline_start = baseline_end - timedelta(days=duration)
        consumed = 0.5 * (1 + 0.8 * cost + rng.gauss(0, 0.07))
        consumed = min(max(consumed, 0.05), 0.9 * (1 + cost))
        slip_ratio = slip_days / duration
        planned.append(
            {
                "code": f"{PREFIX}{number:04d}",
                "name": f"{rng.choice(THEMES)} — {rng.choice(SITES)}",
                "type": project_type,
                "domain": domain,
                "manager": manager,
                "portfolio": rng.choice(portfolios),
                "budget": budget,
                "capex_share": rng.choice([0.3, 0.4, 0.5, 0.6]),
                "spent": (budget * Decimal(str(round(1 + cost, 4)))).quantize(Decimal("0.01")),
                "baseline_start": baseline_start,
                "baseline_end": baseline_end,
                "actual_end": actual_end,
                "snapshot_on": baseline_start + timedelta(days=duration // 2),
                "elapsed": (duration // 2) / duration,
                "consumed": round(consumed, 4),
                "slip": round(max(-0.1, 0.5 * slip_ratio + rng.gauss(0, 0.03)), 4),
                "risks": max(0, round(2 + 9 * max(cost, 0) + rng.gauss(0, 1.3))),
            }
        )
    return planned


def _costs(row: dict, project_id: int) -> list[ActualCost]:
    """Half-way costs (what the snapshot saw), then the rest at the end; CAPEX and OPEX."""
    half = (row["budget"] * Decimal(str(row["consumed"]))).quantize(Decimal("0.01"))
    rest = row["spent"] - half
    share = Decimal(str(row["capex_share"]))
    costs = []
    for step, when, amount in (
        (1, row["snapshot_on"] - timedelta(days=3), half),
        (2, row["actual_end"] - timedelta(days=10), rest),
    ):
        capex = (amount * share).quantize(Decimal("0.01"))
        for nature, category, value in (
            (Nature.CAPEX, CostCategory.EXTERNAL_SERVICES, capex),
            (Nature.OPEX, CostCategory.INTERNAL_LABOUR, amount - capex),
        ):
            costs.append(
                ActualCost(
                    project_id=project_id,
                    date=when,
                    nature=nature,
                    category=category,
                    amount=value,
                    reference=f"{row['code']}-{nature}-{step}",
                    description="Historique (démo)",
                    source=CostSource.IMPORT,
                )
            )
    return costs


def seed_history(*, today: date | None = None) -> dict[str, int]:
    """Create what is missing of the closed-project history; returns counts of created rows.
    Needs the portfolio demo (types, domains, portfolios, project managers): without them,
    creates nothing."""
    today = today or timezone.localdate()
    types = list(ProjectType.objects.order_by("code"))
    domains = list(BusinessDomain.objects.order_by("code"))
    portfolios = list(Portfolio.objects.filter(children__isnull=True).order_by("name"))
    managers = list(
        get_user_model()
        .objects.filter(groups__name=Role.PROJECT_MANAGER.value)
        .order_by("username")
        .distinct()
    )
    if not (types and domains and portfolios and managers):
        return {"projects": 0, "snapshots": 0}
    planned = planned_history(
        today=today, types=types, domains=domains, portfolios=portfolios, managers=managers
    )
    existing = set(Project.objects.filter(code__startswith=PREFIX).values_list("code", flat=True))
    new = [row for row in planned if row["code"] not in existing]
    projects = [
        Project(
            code=row["code"],
            name=row["name"],
            portfolio=row["portfolio"],
            business_domain=row["domain"],
            project_type=row["type"],
            status=ProjectStatus.CLOSED,
            manager=row["manager"],
            planned_start=row["baseline_start"],
            planned_end=row["baseline_end"],
            baseline_start=row["baseline_start"],
            baseline_end=row["baseline_end"],
            actual_end=row["actual_end"],
            description=f"{row['name']} : projet clos (historique de démonstration).",
            estimated_cost=row["budget"],
            is_archived=False,
        )
        for row in new
    ]
    bulk_create_with_history(projects, Project, batch_size=BATCH)
    ids = dict(
        Project.objects.filter(code__in=[row["code"] for row in new]).values_list("code", "pk")
    )
    lines, costs, snapshots = [], [], []
    for row in new:
        pk = ids[row["code"]]
        capex = _round(float(row["budget"]) * row["capex_share"])
        for nature, category, amount in (
            (Nature.CAPEX, CostCategory.EXTERNAL_SERVICES, capex),
            (Nature.OPEX, CostCategory.INTERNAL_LABOUR, row["budget"] - capex),
        ):
            lines.append(
                BudgetLine(
                    project_id=pk,
                    nature=nature,
                    category=category,
                    fiscal_year=row["baseline_start"].year,
                    approved_amount=amount,
                    baseline_amount=amount,
                )
            )
        costs.extend(_costs(row, pk))
        snapshots.append(
            ProjectSnapshot(
                project_id=pk,
                taken_on=row["snapshot_on"],
                elapsed=row["elapsed"],
                budget=row["budget"],
                budget_consumed=row["consumed"],
                schedule_slip=row["slip"],
                open_risks=row["risks"],
            )
        )
    if lines:
        bulk_create_with_history(
            lines, BudgetLine, batch_size=BATCH, default_change_reason="Demo history"
        )
    ActualCost.objects.bulk_create(costs, batch_size=BATCH)
    ProjectSnapshot.objects.bulk_create(snapshots, batch_size=BATCH)
    return {"projects": len(projects), "snapshots": len(snapshots)}
