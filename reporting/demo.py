"""Demo reporting history (used by ``seed_demo`` after the portfolio demo).

For every active, on-hold or closed project: milestones, ``history`` submitted status reports
going back from the current period (closed projects: up to their end), milestone snapshots
whose forecasts slip for some milestones (the slip chart tells a story), and a RAID log.
The current period is already submitted for about half of the live projects, a draft for
some and missing for the others, so the dashboards show missing and late reports.

Deterministic and idempotent like ``portfolios.demo``: every project draws from its own
random generator seeded with its code, rows are looked up by their natural keys (project
and period, project and milestone name, report and milestone, project/kind/title) and only
missing ones are created, with bulk inserts in batches, so 20,000 projects take a minute or
two, not hours.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from portfolios.models import Portfolio, Project, ProjectStatus
from reporting.models import (
    HEALTH_FIELDS,
    Milestone,
    MilestoneSnapshot,
    MilestoneStatus,
    RaidItem,
    RaidKind,
    RaidStatus,
    ReportingPolicy,
    ReportStatus,
    StatusReport,
)
from reporting.periods import Frequency, Period, period_containing
from reporting.selectors.policies import frequency_by_portfolio

BATCH = 2000  # rows per INSERT
CHUNK = 500  # projects planned and inserted together (about 20,000 rows)
# The project's declared status, as reporting's submit service writes it (with status_date).
DECLARED = (*HEALTH_FIELDS, "percent_complete", "eac", "forecast_end")
REPORTED = (ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD, ProjectStatus.CLOSED)
# Agile projects report every two weeks: shows that a portfolio's policy is honoured.
FORTNIGHTLY_PORTFOLIOS = ("Transformation numérique",)

# In lifecycle order, with where each one falls in the project (share of its duration);
# a project takes 2 to 4 of them, in this order.
MILESTONES = [
    ("Cadrage validé", 0.08),
    ("Choix de la solution", 0.2),
    ("Conception détaillée validée", 0.32),
    ("Fin des développements", 0.58),
    ("Recette utilisateur", 0.72),
    ("Mise en production", 0.85),
    ("Déploiement sur les sites", 0.93),
    ("Bilan de clôture", 1.0),
]

ACHIEVEMENTS = [
    "Ateliers de conception menés avec les métiers ; spécifications fonctionnelles validées.",
    "Recette du lot {lot} terminée : {k} anomalies ouvertes, aucune bloquante.",
    "COPIL tenu ; arbitrages obtenus sur le périmètre du lot {lot}.",
    "Contrat signé avec le prestataire retenu après consultation.",
    "Environnement de préproduction livré et opérationnel.",
    "Reprise des données de test réalisée à {pct} %.",
    "Formation des utilisateurs clés démarrée ({k} sessions planifiées).",
    "Plan de conduite du changement présenté aux managers.",
    "Études d'exécution terminées ; dossier d'autorisation déposé.",
    "Premiers équipements livrés sur site.",
    "Sprint {n} clôturé : {k} user stories livrées.",
    "Démonstration de fin de sprint réalisée devant les utilisateurs.",
    "Analyse d'impact réglementaire finalisée avec la direction juridique.",
    "Tests de performance concluants sur le périmètre du lot {lot}.",
    "Pilote mis en service sans incident majeur.",
    "Revue de passage en phase de réalisation obtenue (go).",
]
NEXT_STEPS = [
    "Lancer la recette utilisateur du lot {lot}.",
    "Préparer le support du prochain COPIL.",
    "Finaliser le plan de bascule et le valider avec l'exploitation.",
    "Démarrer les développements du lot {lot}.",
    "Organiser les sessions de formation des utilisateurs finaux.",
    "Consolider le reste à faire avec le prestataire.",
    "Mettre à jour le registre des risques avec les métiers.",
    "Valider le planning détaillé de déploiement sur les sites.",
    "Planifier le sprint {n} et affiner le backlog.",
    "Préparer la revue de passage de la phase suivante.",
]
ESCALATIONS = [
    "Arbitrage attendu sur le périmètre du lot {lot} : report de la date ou réduction du "
    "périmètre.",
    "Renfort de {fte} ETP demandé sur l'équipe de réalisation.",
    "Budget complémentaire de {amount} k€ à valider par le COPIL.",
    "Retard du prestataire : escalade demandée auprès de sa direction.",
    "Indisponibilité des experts métier : priorisation à trancher par la direction.",
    "Décision attendue sur le décalage de la mise en production.",
]
COMMENTS = [
    "Rien de particulier à signaler.",
    "Point d'attention sur la disponibilité des équipes d'exploitation.",
    "Clôture comptable en cours : disponibilité réduite de la direction financière.",
    "Bonne dynamique de l'équipe ; sponsor impliqué.",
]
ON_HOLD_COMMENT = "Projet suspendu dans l'attente d'un arbitrage budgétaire du COPIL."

# (title, description, response)
RISKS = [
    (
        "Indisponibilité des experts métier",
        "Les experts métier sont mobilisés par l'activité courante et la clôture annuelle.",
        "Planifier les ateliers trois mois à l'avance ; désigner des suppléants.",
    ),
    (
        "Retard de livraison du prestataire",
        "Le prestataire a déjà décalé deux livraisons intermédiaires.",
        "Pénalités contractuelles rappelées ; point hebdomadaire avec son directeur de projet.",
    ),
    (
        "Dérive du périmètre",
        "De nouvelles demandes arrivent hors du processus de gestion des changements.",
        "Toute demande passe par le comité des changements ; arbitrage en COPIL.",
    ),
    (
        "Sous-estimation des charges de réalisation",
        "Les premiers lots consomment plus que prévu.",
        "Réestimer le reste à faire à la fin du lot en cours.",
    ),
    (
        "Qualité insuffisante des données à reprendre",
        "Doublons et données incomplètes dans les référentiels existants.",
        "Lancer un chantier de nettoyage des données avec les métiers.",
    ),
    (
        "Résistance au changement des utilisateurs",
        "Les équipes terrain craignent une charge supplémentaire.",
        "Renforcer l'accompagnement : ambassadeurs, formations, communication du sponsor.",
    ),
    (
        "Dépendance à un autre projet du portefeuille",
        "Le projet attend une brique livrée par un autre projet.",
        "Jalons de dépendance suivis en comité de portefeuille.",
    ),
    (
        "Départ d'une personne clé de l'équipe projet",
        "Le référent technique pourrait quitter l'entreprise.",
        "Documenter les choix techniques ; binômer les tâches critiques.",
    ),
    (
        "Hausse du coût des matériaux",
        "Tension sur les prix de l'acier et des composants électroniques.",
        "Commandes anticipées ; clause d'indexation négociée.",
    ),
    (
        "Délais d'obtention des autorisations administratives",
        "L'instruction des dossiers par les services de l'État peut dépasser six mois.",
        "Dépôt anticipé ; échanges réguliers avec la préfecture.",
    ),
    (
        "Défaillance de l'intégration avec le SI existant",
        "Les interfaces avec l'ERP sont mal documentées.",
        "Prototype d'intégration en début de réalisation.",
    ),
    (
        "Non-conformité réglementaire détectée tardivement",
        "Les exigences réglementaires évoluent pendant le projet.",
        "Revue de conformité à chaque jalon avec la direction juridique.",
    ),
]
ISSUES = [
    ("Anomalie bloquante en recette", "Le calcul des factures échoue sur certains contrats."),
    ("Environnement de test indisponible", "Panne de l'environnement d'intégration."),
    ("Livraison incomplète du prestataire", "Le lot livré ne couvre pas tout le périmètre."),
    ("Absence du sponsor aux derniers COPIL", "Les arbitrages sont reportés faute de sponsor."),
    ("Budget de l'exercice consommé", "Les dépenses engagées atteignent l'enveloppe annuelle."),
]
ACTIONS = [
    "Relancer le prestataire sur son plan de rattrapage",
    "Organiser un atelier de priorisation avec les métiers",
    "Mettre à jour le planning détaillé",
    "Obtenir un renfort d'un développeur",
    "Préparer la note d'arbitrage pour le COPIL",
]
DECISIONS = [
    ("Report de la mise en production validé par le COPIL", "Nouvelle date actée en COPIL."),
    ("Réduction du périmètre du lot 2", "Les fonctions secondaires passent dans un lot 3."),
    ("Choix de la solution éditeur entériné", "Solution retenue après analyse comparative."),
    ("Budget complémentaire accordé", "Rallonge accordée sur la réserve du portefeuille."),
]

# Share of live projects whose current-period report is submitted / a draft / missing.
CURRENT_STATE = {
    ProjectStatus.ACTIVE: [("submitted", 50), ("draft", 25), ("missing", 25)],
    ProjectStatus.ON_HOLD: [("submitted", 30), ("draft", 20), ("missing", 50)],
}
PROFILES = [("steady", 55), ("bumpy", 20), ("deteriorating", 13), ("recovering", 12)]
AXES = ("health_schedule", "health_budget", "health_scope", "health_resources")
# Monthly EAC drift (per mille) by budget health.
EAC_DRIFT = {1: (-3, 3), 2: (2, 10), 3: (12, 28), 4: (25, 50)}


@dataclass
class ReportPlan:
    period: Period
    submitted: bool
    values: dict
    submitted_at: datetime | None
    # milestone name → (forecast, actual) stated by this report (submitted reports only)
    milestones: dict[str, tuple[date, date | None]] = field(default_factory=dict)


@dataclass
class MilestonePlan:
    name: str
    baseline: date
    forecast: date
    actual: date | None
    share: float  # where it falls in the project: the project's slip pushes it that much


@dataclass
class ProjectPlan:
    reports: list[ReportPlan]
    milestones: list[MilestonePlan]
    raid: list[dict]


def _pick(rng: random.Random, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _fill(rng: random.Random, template: str, percent: int = 50) -> str:
    return template.format(
        lot=rng.randint(1, 3),
        n=rng.randint(3, 24),
        k=rng.randint(2, 12),
        fte=rng.randint(1, 3),
        pct=max(10, min(100, percent + rng.randint(-10, 20))),
        amount=rng.choice([80, 120, 150, 250, 400]),
    )


def _money(value: Decimal) -> Decimal:
    """Rounded to the thousand euros, as a PM states an EAC."""
    return ((value / 1000).quantize(Decimal("1")) * 1000).quantize(Decimal("0.01"))


def _walk(rng: random.Random, count: int, profile: str) -> list[int]:
    """Overall health per report (1 sunny … 4 stormy), oldest first."""
    turn = min(rng.randint(2, 4), max(count - 1, 0))
    if profile == "recovering":
        level, base = rng.choice([3, 3, 4]), rng.choice([1, 2])
    else:
        base = rng.choice([1, 1, 2]) if profile != "bumpy" else 2
        level = base
    levels = []
    for i in range(count):
        late = i >= count - turn
        if profile == "deteriorating" and late:
            if rng.random() < 0.75:
                level = min(4, level + 1)
        elif profile == "recovering":
            if late and rng.random() < 0.8:
                level = max(base, level - 1)
        elif profile == "bumpy":
            step = rng.random()
            if step < 0.25:
                level = min(4, level + 1)
            elif step < 0.55 and level > 1:
                level -= 1 if level > base or rng.random() < 0.5 else 0
        else:  # steady: now and then a cloudier period, then back to its usual weather
            level = min(3, base + 1) if rng.random() < 0.18 else base
        levels.append(level)
    return levels


def _submitted_at(rng: random.Random, period: Period, today: date, current: bool) -> datetime:
    if current:
        day = period.start + timedelta(days=rng.randint(0, max((today - period.start).days - 1, 0)))
    else:
        day = min(period.end + timedelta(days=rng.choice([0, 1, 1, 2, 3, 5, 8])), today)
    moment = time(rng.randint(8, 18), rng.choice([0, 15, 30, 45]))
    return timezone.make_aware(datetime.combine(day, moment))


def _periods(project: dict, frequency: str, today: date, history: int, rng: random.Random):
    """(submitted periods oldest first, current period if a draft is due there, else None)."""
    current = period_containing(today, frequency)
    draft = None
    if project["status"] == ProjectStatus.CLOSED:
        end = min(project["actual_end"] or today, today)
        last = period_containing(end, frequency)
    else:
        state = _pick(rng, CURRENT_STATE[project["status"]])
        if state == "submitted" and today == current.start:
            state = "draft"  # nobody has submitted on the first day of the period
        last = current if state == "submitted" else current.previous()
        if state == "draft":
            draft = current
    periods = [last]
    while len(periods) < history and periods[-1].start > project["planned_start"]:
        periods.append(periods[-1].previous())
    periods = [p for p in periods if p.end >= project["planned_start"]]
    return list(reversed(periods)), draft


def _plan(project: dict, frequency: str, today: date, history: int) -> ProjectPlan:
    rng = random.Random(f"pmo-demo-reporting:{project['code']}")  # noqa: S311
    status = project["status"]
    closed = status == ProjectStatus.CLOSED
    submitted, draft = _periods(project, frequency, today, history, rng)
    periods = [*submitted, *([draft] if draft else [])]
    current = period_containing(today, frequency)
    profile = _pick(rng, PROFILES)
    levels = _walk(rng, len(periods), profile)
    driver = rng.choice(["health_schedule"] * 3 + ["health_budget"] * 2 + list(AXES))

    start = project["baseline_start"] or project["planned_start"]
    end = project["baseline_end"] or project["planned_end"]
    span = max((end - start).days, 1)
    cost = project["estimated_cost"] or Decimal("100000.00")
    eac = _money(cost)
    slip = 0
    percent = 0
    hold_from = len(periods) - rng.randint(2, 4) if status == ProjectStatus.ON_HOLD else None

    # Milestones: 2 to 4 in lifecycle order, baselines spread over the project (a closed
    # project's over what it actually lasted, so nothing looks reached long before its date).
    count = rng.randint(2, 4)
    chosen = [MILESTONES[i] for i in sorted(rng.sample(range(len(MILESTONES)), count))]
    length = span
    if closed and project["actual_end"]:
        length = max((min(project["actual_end"], end) - start).days, 1)
    milestones = []
    for name, share in chosen:
        fraction = min(1.0, share + rng.uniform(-0.04, 0.04)) if share < 1 else 1.0
        baseline = start + timedelta(days=round(length * fraction))
        milestones.append(MilestonePlan(name, baseline, baseline, None, fraction))
    slip_profile = {
        m.name: _pick(rng, [("none", 50), ("gradual", 32), ("jump", 18)]) for m in milestones
    }

    reports = []
    for index, (period, level) in enumerate(zip(periods, levels, strict=True)):
        is_draft = period is draft
        values = {"health_overall": level}
        for axis in AXES:
            values[axis] = level if axis == driver else min(level, rng.choice([1, 1, 1, 2, 2, 3]))
        # % complete follows elapsed time, lagging when the weather is bad; never goes back.
        elapsed = (period.end - start).days / span * 100
        target = round(elapsed - (level - 1) * 4 + rng.randint(-3, 3))
        if hold_from is None or index < hold_from:
            percent = min(95, max(percent + rng.randint(0, 2), target, 1))
        # EAC drifts with budget health; forecast end slips with schedule health.
        low, high = EAC_DRIFT[values["health_budget"]]
        eac = max(
            _money(eac * (1 + Decimal(rng.randint(low, high)) / 1000)), _money(cost * 95 / 100)
        )
        schedule = values["health_schedule"]
        if schedule >= 3:
            slip += rng.choice([7, 14, 21, 30])
        elif schedule == 2 and rng.random() < 0.2:
            slip += rng.choice([7, 14])
        last_closed = closed and index == len(periods) - 1
        if not is_draft:
            _move_milestones(rng, milestones, slip_profile, period, schedule, slip, last_closed)
        # The project ends with its last milestone at the earliest.
        forecast_end = max(end + timedelta(days=slip), *(m.forecast for m in milestones))
        if last_closed:
            percent = 100
            forecast_end = min(project["actual_end"] or period.end, period.end)
        values.update(
            percent_complete=percent,
            eac=eac,
            forecast_end=forecast_end,
            achievements="\n".join(
                _fill(rng, text, percent) for text in rng.sample(ACHIEVEMENTS, rng.randint(1, 2))
            ),
            next_steps=""
            if last_closed
            else "\n".join(_fill(rng, text) for text in rng.sample(NEXT_STEPS, rng.randint(1, 2))),
            escalations=_fill(rng, rng.choice(ESCALATIONS)) if level >= 3 else "",
            comment=ON_HOLD_COMMENT
            if hold_from is not None and index >= hold_from
            else (rng.choice(COMMENTS) if rng.random() < 0.2 else ""),
        )
        report = ReportPlan(
            period=period,
            submitted=not is_draft,
            values=values,
            submitted_at=None
            if is_draft
            else _submitted_at(rng, period, today, current=period == current),
        )
        if not is_draft:
            report.milestones = {m.name: (m.forecast, m.actual) for m in milestones}
        reports.append(report)

    latest_level = levels[-1] if levels else 1
    return ProjectPlan(
        reports=reports, milestones=milestones, raid=_raid(rng, project, today, latest_level)
    )


def _move_milestones(
    rng, milestones, slip_profile, period: Period, schedule: int, slip: int, closing: bool
):
    """What this report states about each milestone: some forecasts slip, some are reached.

    Besides its own slips, a milestone moves with the project's forecast end (``slip`` days
    late) in proportion to where it falls, so the closing milestone meets the forecast end.
    """
    for milestone in milestones:
        if milestone.actual is not None:
            continue
        pushed = milestone.baseline + timedelta(days=round(slip * milestone.share))
        milestone.forecast = max(milestone.forecast, pushed)
        ahead = (milestone.forecast - period.end).days
        kind = slip_profile[milestone.name]
        if ahead > 0 and kind == "gradual" and ahead <= 150:
            if rng.random() < (0.7 if schedule >= 3 else 0.35):
                milestone.forecast += timedelta(days=rng.choice([7, 14, 21]))
        elif ahead > 0 and kind == "jump" and ahead <= 90 and rng.random() < 0.5:
            milestone.forecast += timedelta(days=rng.choice([30, 45, 60, 90]))
            slip_profile[milestone.name] = "gradual"
        if milestone.forecast <= period.end:
            milestone.actual = milestone.forecast
        elif closing:  # reached before the date last forecast, as the project closed
            milestone.actual = period.end


def _raid(rng: random.Random, project: dict, today: date, level: int) -> list[dict]:
    owner = project["manager_id"]
    items = []
    closed = project["status"] == ProjectStatus.CLOSED
    risk_count = rng.randint(1, 2) if closed else rng.randint(1, 4) + (1 if level >= 3 else 0)
    for index, (title, description, response) in enumerate(rng.sample(RISKS, min(risk_count, 4))):
        probability = rng.choice([1, 2, 2, 3, 3, 4])
        impact = rng.choice([1, 2, 3, 3, 4])
        if index == 0 and level >= 3:  # what makes the weather bad
            probability, impact = rng.choice([3, 4]), rng.choice([3, 4])
        items.append(
            {
                "kind": RaidKind.RISK,
                "title": title,
                "description": description,
                "response": response,
                "probability": probability,
                "impact": impact,
                "status": RaidStatus.CLOSED
                if closed
                else _pick(
                    rng,
                    [(RaidStatus.OPEN, 60), (RaidStatus.IN_PROGRESS, 30), (RaidStatus.CLOSED, 10)],
                ),
                "owner_id": owner if rng.random() < 0.9 else None,
                "due_date": today + timedelta(days=rng.randint(-20, 120)),
            }
        )
    if not closed and (level >= 3 or rng.random() < 0.2):
        title, description = rng.choice(ISSUES)
        items.append(
            {
                "kind": RaidKind.ISSUE,
                "title": title,
                "description": description,
                "status": RaidStatus.OPEN if level >= 3 else RaidStatus.IN_PROGRESS,
                "owner_id": owner,
                "due_date": today + timedelta(days=rng.randint(-10, 30)),
            }
        )
    for title in rng.sample(ACTIONS, 0 if closed else rng.randint(0, 2)):
        items.append(
            {
                "kind": RaidKind.ACTION,
                "title": title,
                "status": _pick(
                    rng,
                    [(RaidStatus.OPEN, 50), (RaidStatus.IN_PROGRESS, 35), (RaidStatus.CLOSED, 15)],
                ),
                "owner_id": owner,
                "due_date": today + timedelta(days=rng.randint(-15, 45)),
            }
        )
    if rng.random() < (0.5 if level >= 3 else 0.25):
        title, description = rng.choice(DECISIONS)
        items.append(
            {
                "kind": RaidKind.DECISION,
                "title": title,
                "description": description,
                "status": RaidStatus.CLOSED,
                "owner_id": owner,
            }
        )
    return items


def _policies(counts: Counter) -> None:
    for name in FORTNIGHTLY_PORTFOLIOS:
        portfolio = Portfolio.objects.filter(name=name).first()
        if portfolio is None:
            continue
        _policy, created = ReportingPolicy.objects.get_or_create(
            portfolio=portfolio, defaults={"frequency": Frequency.FORTNIGHTLY}
        )
        counts["policies"] += created


def _seed_chunk(chunk, frequencies, users, today, history, counts) -> None:
    ids = [p["pk"] for p in chunk]
    plans = {
        p["pk"]: _plan(p, frequencies.get(p["portfolio_id"], Frequency.MONTHLY), today, history)
        for p in chunk
    }
    manager_of = {p["pk"]: p["manager_id"] for p in chunk}

    milestone_ids = {
        (project_id, name): pk
        for pk, project_id, name in Milestone.objects.filter(project_id__in=ids).values_list(
            "pk", "project_id", "name"
        )
    }
    new_milestones = [
        Milestone(
            project_id=project_id,
            name=m.name,
            baseline_date=m.baseline,
            forecast_date=m.forecast,
            actual_date=m.actual,
            status=MilestoneStatus.ACHIEVED if m.actual else MilestoneStatus.PLANNED,
        )
        for project_id, plan in plans.items()
        for m in plan.milestones
        if (project_id, m.name) not in milestone_ids
    ]
    for milestone in Milestone.objects.bulk_create(new_milestones, batch_size=BATCH):
        milestone_ids[(milestone.project_id, milestone.name)] = milestone.pk
    counts["milestones"] += len(new_milestones)

    report_ids, submitted_ids = {}, set()
    for pk, project_id, start, status in StatusReport.objects.filter(
        project_id__in=ids
    ).values_list("pk", "project_id", "period_start", "status"):
        report_ids[(project_id, start)] = pk
        if status == ReportStatus.SUBMITTED:
            submitted_ids.add(pk)
    new_reports = []
    for project_id, plan in plans.items():
        for r in plan.reports:
            if (project_id, r.period.start) in report_ids:
                continue
            author = users.get(manager_of[project_id])
            report = StatusReport(
                project_id=project_id,
                period_start=r.period.start,
                period_end=r.period.end,
                frequency=r.period.frequency,
                status=ReportStatus.SUBMITTED if r.submitted else ReportStatus.DRAFT,
                author=author,
                submitted_by=author if r.submitted else None,
                submitted_at=r.submitted_at,
                version=2 if r.submitted else 1,
                **r.values,
            )
            report._history_user = author
            if r.submitted_at:
                report._history_date = r.submitted_at
            new_reports.append(report)
    for report in bulk_create_with_history(new_reports, StatusReport, batch_size=BATCH):
        report_ids[(report.project_id, report.period_start)] = report.pk
        if report.status == ReportStatus.SUBMITTED:
            submitted_ids.add(report.pk)
    counts["reports"] += sum(r.status == ReportStatus.SUBMITTED for r in new_reports)
    counts["drafts"] += sum(r.status == ReportStatus.DRAFT for r in new_reports)

    existing = set(
        MilestoneSnapshot.objects.filter(milestone__project_id__in=ids).values_list(
            "report_id", "milestone_id"
        )
    )
    snapshots = []
    for project_id, plan in plans.items():
        for r in plan.reports:
            report_id = report_ids[(project_id, r.period.start)]
            if report_id not in submitted_ids:
                continue  # snapshots belong to submitted reports only
            for name, (forecast, actual) in r.milestones.items():
                milestone_id = milestone_ids[(project_id, name)]
                if (report_id, milestone_id) not in existing:
                    snapshots.append(
                        MilestoneSnapshot(
                            report_id=report_id,
                            milestone_id=milestone_id,
                            forecast_date=forecast,
                            actual_date=actual,
                        )
                    )
    MilestoneSnapshot.objects.bulk_create(snapshots, batch_size=BATCH)
    counts["snapshots"] += len(snapshots)

    raid_keys = set(
        RaidItem.objects.filter(project_id__in=ids).values_list("project_id", "kind", "title")
    )
    new_items = []
    for project_id, plan in plans.items():
        for item in plan.raid:
            if (project_id, item["kind"], item["title"]) in raid_keys:
                continue
            raid = RaidItem(project_id=project_id, **item)
            raid._history_user = users.get(manager_of[project_id])
            new_items.append(raid)
    bulk_create_with_history(new_items, RaidItem, batch_size=BATCH)
    counts["raid_items"] += len(new_items)

    _declare(ids)


def _declare(project_ids: list[int]) -> None:
    """Write each project's declared status from its latest submitted report.

    Not through ``portfolios.services.record_declared_status`` per project: this is seed
    data, so no audit-history row per project is wanted (the reports carry the history), and
    20,000 service calls would take minutes. The values are exactly those the submit service
    writes (``reporting.services.reports._publish``); a project without any submitted report
    declares nothing. One parameterised UPDATE by primary key, sent with ``executemany``:
    ``bulk_update`` builds a CASE expression per field and row, which costs more than the
    rest of the seed at 20,000 projects.
    """
    latest: dict[int, dict] = {}
    reports = (
        StatusReport.objects.filter(project_id__in=project_ids, status=ReportStatus.SUBMITTED)
        .order_by("project_id", "-period_start")
        .values("project_id", "period_end", *DECLARED)
    )
    for report in reports:
        latest.setdefault(report["project_id"], report)
    rows = []
    for pk in project_ids:
        report = latest.get(pk)
        values = [report[name] if report else None for name in DECLARED]
        rows.append([*values, report["period_end"] if report else None, pk])
    meta, quote = Project._meta, connection.ops.quote_name
    assignments = ", ".join(
        f"{quote(meta.get_field(name).column)} = %s" for name in (*DECLARED, "status_date")
    )
    statement = (
        f"UPDATE {quote(meta.db_table)} SET {assignments} "  # noqa: S608 - names from the model
        f"WHERE {quote(meta.pk.column)} = %s"
    )
    with connection.cursor() as cursor:
        cursor.executemany(statement, rows)


def seed_reporting(*, history: int = 12, today: date | None = None, stdout=None) -> dict:
    """Create what is missing of the demo reporting history; returns counts of created rows.

    ``history`` is the number of submitted reports per project (fewer when the project
    started more recently); ``today`` fixes the current period (default: today).
    """
    today = today or timezone.localdate()
    counts: Counter = Counter()
    if history <= 0:
        return dict(counts)
    _policies(counts)
    frequencies = frequency_by_portfolio()
    projects = list(
        Project.objects.filter(status__in=REPORTED)
        .order_by("pk")
        .values(
            "pk",
            "code",
            "status",
            "portfolio_id",
            "manager_id",
            "planned_start",
            "planned_end",
            "baseline_start",
            "baseline_end",
            "actual_end",
            "estimated_cost",
        )
    )
    users = {
        user.pk: user
        for user in get_user_model().objects.filter(pk__in={p["manager_id"] for p in projects})
    }
    for offset in range(0, len(projects), CHUNK):
        _seed_chunk(projects[offset : offset + CHUNK], frequencies, users, today, history, counts)
        if stdout is not None and len(projects) > CHUNK:
            done = min(offset + CHUNK, len(projects))
            stdout.write(f"  reporting history: {done}/{len(projects)} projects")
    return {
        name: counts[name]
        for name in ("policies", "milestones", "reports", "drafts", "snapshots", "raid_items")
    }
