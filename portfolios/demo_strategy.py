"""Demo data of strategic alignment (issue 12), on top of the demo company of
portfolios/demo.py: weighted objectives with their key indicators, 30 candidate projects for
the 2027 plan with their business cases (2027–2029), contributions to objectives, validated
scores on every scored criterion of the company's model, two mandatory projects, four
dependencies; then every project's priority score is computed.

Idempotent: rows are looked up by their natural keys (objective code and indicator name,
project code, project and year, project and criterion, the pair of projects) and only missing
ones are created, so a second run creates nothing. Called by ``seed_demo`` after
``seed_portfolios`` (it reuses that module's users, reference tables, objectives and
portfolios, creating what is missing of them the same way).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from portfolios import demo as company
from portfolios.models import (
    BusinessCaseYear,
    BusinessDomain,
    CriterionKind,
    DependencyKind,
    ObjectiveContribution,
    ObjectiveKPI,
    Project,
    ProjectDependency,
    ProjectScore,
    ProjectStatus,
    ProjectType,
    ScoreStatus,
    ScoringCriterion,
)
from portfolios.services.scoring import refresh_priority

YEARS = (2027, 2028, 2029)
MEASURED_ON = date(2026, 10, 31)

# Weights of the objectives (set the first time, while an objective has no indicator yet: a
# weight the PMO has changed since is left alone).
WEIGHTS = {
    "AX1": "3.00",
    "OBJ-1.1": "3.00",
    "OBJ-1.2": "2.00",
    "AX2": "3.00",
    "OBJ-2.1": "3.00",
    "OBJ-2.2": "2.50",
    "AX3": "2.00",
    "OBJ-3.1": "1.50",
    "OBJ-3.2": "2.50",
}

# objective code -> [(indicator, unit, target, actual)]
KPIS = {
    "AX1": [
        ("Part des parcours clients digitalisés", "%", "80", "46"),
        ("Taux d'adoption de l'espace client", "%", "70", "52"),
    ],
    "OBJ-1.1": [
        ("Parcours clients digitalisés de bout en bout", "parcours", "40", "18"),
        ("Satisfaction client (NPS)", "pts", "45", "31"),
        ("Demandes traitées en libre-service", "%", "60", "35"),
    ],
    "OBJ-1.2": [
        ("Applications hébergées dans le cloud", "%", "70", "28"),
        ("Applications obsolètes décommissionnées", "applications", "120", "41"),
    ],
    "AX2": [
        ("Émissions de CO2 des scopes 1 et 2", "kt CO2", "350", "455"),
        ("Part des énergies renouvelables dans la production", "%", "40", "24"),
    ],
    "OBJ-2.1": [
        ("Réduction des émissions par rapport à 2019", "%", "30", "12"),
        ("Véhicules électriques dans la flotte", "%", "60", "18"),
    ],
    "OBJ-2.2": [
        ("Capacité renouvelable installée", "MW", "800", "410"),
        ("Production renouvelable annuelle", "GWh", "1500", "620"),
    ],
    "AX3": [
        ("Coûts de structure rapportés au chiffre d'affaires", "%", "11", "13.4"),
        ("Disponibilité des sites de production", "%", "97", "94.5"),
    ],
    "OBJ-3.1": [
        ("Économies annuelles sur les coûts de structure", "M€", "45", "17"),
        ("Factures fournisseurs traitées sans intervention", "%", "85", "40"),
    ],
    "OBJ-3.2": [
        ("Écarts de conformité ouverts", "écarts", "0", "14"),
        ("Collaborateurs sensibilisés à la cybersécurité", "%", "95", "68"),
        ("Exigences NIS2 couvertes", "%", "100", "55"),
    ],
}

# Capex per year as shares of the project's total, by kind of project.
PROFILES = {
    "build": (Decimal("0.55"), Decimal("0.35"), Decimal("0.10")),
    "even": (Decimal("0.40"), Decimal("0.40"), Decimal("0.20")),
    "late": (Decimal("0.25"), Decimal("0.45"), Decimal("0.30")),
}
FTE_SHAPE = (Decimal("1.00"), Decimal("0.80"), Decimal("0.40"))
BENEFIT_RAMP = (Decimal("0.10"), Decimal("0.50"), Decimal("1.00"))


# code, name, portfolio, domain, type, status, {objective: contribution 0–3},
# CAPEX total (k€), OPEX per year (k€), FTE in the first year, yearly benefits at full
# speed (k€), CAPEX profile, scores (value, risk, urgency, regulatory), mandatory
# fmt: off
CANDIDATES = [
    ("CAND-2027-01", "Espace client B2B en libre-service", "Expérience client", "COM", "AGILE",
     "proposed", {"OBJ-1.1": 3}, 1400, 180, "6.0", 900, "even", (4, 2, 3, 0), False),
    ("CAND-2027-02", "Portail des données de consommation des compteurs communicants",
     "Transformation numérique", "SI", "AGILE", "approved", {"OBJ-1.1": 2, "OBJ-2.1": 1},
     1100, 150, "5.0", 600, "even", (3, 2, 3, 1), False),
    ("CAND-2027-03", "IA générative pour le service client", "Transformation numérique", "COM",
     "RD", "proposed", {"OBJ-1.1": 3, "OBJ-3.1": 2}, 900, 260, "4.5", 1300, "even",
     (5, 4, 3, 0), False),
    ("CAND-2027-04", "Facturation électronique obligatoire (réforme 2026-2027)",
     "Fonctions support", "FIN", "REGL", "approved", {"OBJ-3.2": 3, "OBJ-3.1": 1}, 1300, 120,
     "5.5", 250, "build", (2, 2, 5, 5), True),
    ("CAND-2027-05", "Refonte du parcours de souscription en ligne", "Expérience client",
     "COM", "AGILE", "proposed", {"OBJ-1.1": 3}, 800, 90, "4.0", 700, "even", (4, 1, 3, 0),
     False),
    ("CAND-2027-06", "Application mobile des techniciens d'intervention",
     "Performance des sites", "IND", "AGILE", "proposed", {"OBJ-1.1": 1, "OBJ-3.1": 2}, 600,
     80, "3.0", 450, "even", (3, 1, 2, 0), False),
    ("CAND-2027-07", "Catalogue et gouvernance des données groupe", "Transformation numérique",
     "SI", "AGILE", "approved", {"OBJ-1.2": 3}, 1200, 200, "5.0", 300, "build", (2, 2, 3, 1),
     False),
    ("CAND-2027-08", "Migration du datacenter de Lyon vers le cloud",
     "Socle et infrastructures SI", "SI", "INFRA", "proposed", {"OBJ-1.2": 3, "OBJ-3.1": 1},
     2600, 420, "7.0", 1100, "build", (4, 3, 3, 1), False),
    ("CAND-2027-09", "Modernisation sur site du datacenter de Lyon",
     "Socle et infrastructures SI", "SI", "INFRA", "proposed", {"OBJ-1.2": 1}, 1900, 250,
     "4.0", 500, "build", (2, 1, 3, 1), False),
    ("CAND-2027-10", "Mise en conformité AI Act des usages de l'IA", "Cybersécurité", "SI",
     "REGL", "approved", {"OBJ-3.2": 3}, 350, 140, "2.5", 0, "build", (1, 2, 5, 5), True),
    ("CAND-2027-11", "Détection des menaces sur les systèmes industriels (OT)",
     "Cybersécurité", "IND", "INFRA", "proposed", {"OBJ-3.2": 2}, 1500, 300, "4.0", 200,
     "build", (2, 3, 4, 3), False),
    ("CAND-2027-12", "Segmentation Zero Trust du réseau", "Cybersécurité", "SI", "INFRA",
     "proposed", {"OBJ-3.2": 2, "OBJ-1.2": 1}, 1700, 180, "4.5", 150, "even", (2, 3, 3, 2),
     False),
    ("CAND-2027-13", "Remplacement de l'outil de gestion des achats", "Fonctions support",
     "FIN", "SI-CYCLE-V", "proposed", {"OBJ-3.1": 2}, 900, 160, "4.0", 650, "even",
     (3, 2, 2, 0), False),
    ("CAND-2027-14", "Centre de services partagés comptabilité", "Fonctions support", "FIN",
     "ORGA", "approved", {"OBJ-3.1": 3}, 300, 220, "6.0", 1500, "late", (4, 3, 2, 0), False),
    ("CAND-2027-15", "Plateforme de recrutement et marque employeur", "Fonctions support",
     "RH", "AGILE", "proposed", {"OBJ-3.1": 1}, 400, 90, "2.0", 250, "even", (2, 1, 2, 0),
     False),
    # The project everyone likes: a large CAPEX in 2027 and the best strategic fit.
    ("CAND-2027-16", "Parc solaire flottant de l'étang de Berre", "Transition énergétique",
     "RSE", "INFRA", "proposed", {"OBJ-2.2": 3, "OBJ-2.1": 3, "AX2": 2}, 7800, 150, "5.0",
     2400, "build", (4, 3, 3, 1), False),
    ("CAND-2027-17", "Repowering du parc éolien de Picardie", "Transition énergétique", "RSE",
     "INFRA", "approved", {"OBJ-2.2": 3}, 5200, 120, "3.5", 1900, "build", (4, 2, 3, 0),
     False),
    ("CAND-2027-18", "Électrolyseur pilote d'hydrogène vert à Fos", "Transition énergétique",
     "IND", "RD", "proposed", {"OBJ-2.1": 2, "OBJ-2.2": 2}, 4200, 200, "4.0", 500, "late",
     (2, 5, 2, 0), False),
    ("CAND-2027-19", "Bornes de recharge pour les clients entreprises", "Offres et marketing",
     "COM", "INFRA", "proposed", {"OBJ-2.1": 2, "OBJ-1.1": 1}, 2100, 130, "3.0", 1200,
     "even", (4, 2, 3, 0), False),
    ("CAND-2027-20", "Offre de rénovation énergétique clés en main", "Offres et marketing",
     "COM", "ORGA", "proposed", {"OBJ-2.1": 2}, 500, 240, "4.0", 950, "late", (3, 2, 2, 0),
     False),
    ("CAND-2027-21", "Pilotage intelligent de la demande (effacement)", "Offres et marketing",
     "COM", "RD", "proposed", {"OBJ-2.1": 2, "OBJ-2.2": 1}, 1300, 170, "4.0", 800, "even",
     (3, 3, 2, 0), False),
    ("CAND-2027-22", "Récupération de chaleur fatale de l'usine de Fos",
     "Performance des sites", "IND", "INFRA", "approved", {"OBJ-2.1": 3, "OBJ-3.1": 1}, 3100,
     90, "3.0", 1400, "build", (4, 2, 2, 1), False),
    ("CAND-2027-23", "Modernisation du contrôle-commande des centrales",
     "Performance des sites", "IND", "SI-CYCLE-V", "proposed", {"OBJ-1.2": 1, "OBJ-3.2": 2},
     2700, 110, "5.0", 300, "even", (2, 3, 4, 2), False),
    ("CAND-2027-24", "Inspection par drones des lignes et des parcs", "Performance des sites",
     "IND", "RD", "proposed", {"OBJ-3.1": 2}, 700, 120, "2.5", 550, "even", (3, 3, 2, 0),
     False),
    ("CAND-2027-25", "Optimisation des stocks de pièces détachées", "Performance des sites",
     "IND", "ORGA", "approved", {"OBJ-3.1": 2}, 250, 60, "2.0", 600, "late", (3, 1, 2, 0),
     False),
    ("CAND-2027-26", "Rénovation des postes de transformation", "Performance des sites",
     "IND", "INFRA", "proposed", {"OBJ-3.2": 1, "OBJ-3.1": 1}, 3400, 70, "3.0", 350, "build",
     (2, 2, 3, 3), False),
    ("CAND-2027-27", "Supervision unifiée du système d'information",
     "Socle et infrastructures SI", "SI", "INFRA", "proposed", {"OBJ-1.2": 2}, 650, 140,
     "3.0", 300, "even", (2, 1, 3, 0), False),
    ("CAND-2027-28", "Programme de fidélité « énergie verte »", "Offres et marketing", "COM",
     "AGILE", "proposed", {"OBJ-1.1": 1, "OBJ-2.1": 1}, 450, 200, "3.0", 700, "even",
     (3, 2, 1, 0), False),
    ("CAND-2027-29", "Télérelève des compteurs de gaz industriels", "Expérience client",
     "IND", "INFRA", "approved", {"OBJ-1.1": 2, "OBJ-3.1": 1}, 1800, 100, "3.0", 800,
     "build", (3, 2, 3, 1), False),
    ("CAND-2027-30", "Académie interne des métiers de la transition", "Fonctions support",
     "RH", "ORGA", "proposed", {"OBJ-2.2": 1, "OBJ-3.1": 1}, 200, 180, "2.5", 150, "late",
     (2, 1, 2, 0), False),
]

# (project, requires / excludes, other, note)
DEPENDENCIES = [
    ("CAND-2027-03", DependencyKind.REQUIRES, "CAND-2027-07",
     "L'IA s'appuie sur les données clients du catalogue groupe."),
    ("CAND-2027-21", DependencyKind.REQUIRES, "CAND-2027-02",
     "L'effacement a besoin des données de consommation des compteurs."),
    ("CAND-2027-08", DependencyKind.EXCLUDES, "CAND-2027-09",
     "Deux options pour le même datacenter : l'une ou l'autre."),
    ("CAND-2027-18", DependencyKind.EXCLUDES, "CAND-2027-22",
     "Même emprise foncière sur le site de Fos."),
]
# fmt: on

SCORED_KINDS = (
    CriterionKind.VALUE,
    CriterionKind.RISK,
    CriterionKind.URGENCY,
    CriterionKind.REGULATORY,
)
RATIONALES = {
    CriterionKind.VALUE: "Bénéfices attendus du dossier d'opportunité rapportés au coût.",
    CriterionKind.RISK: "Maturité de la technologie et stabilité du périmètre.",
    CriterionKind.URGENCY: "Échéances du plan stratégique et des engagements clients.",
    CriterionKind.REGULATORY: "Obligations légales ou réglementaires identifiées.",
}


def _euros(thousands) -> Decimal:
    return (Decimal(thousands) * 1000).quantize(Decimal("1"), ROUND_HALF_UP)


def _objectives(users, counts: Counter) -> dict:
    objectives = company._objectives(users)
    with_kpis = set(
        ObjectiveKPI.objects.filter(objective__in=objectives.values()).values_list(
            "objective_id", "name"
        )
    )
    has_any = {objective_id for objective_id, _name in with_kpis}
    new_kpis = []
    for code, indicators in KPIS.items():
        objective = objectives.get(code)
        if objective is None:
            continue
        if objective.pk not in has_any and code in WEIGHTS:
            objective.weight = Decimal(WEIGHTS[code])
            objective.full_clean()
            objective.save()
            counts["objectives_weighted"] += 1
        for order, (name, unit, target, actual) in enumerate(indicators):
            if (objective.pk, name) in with_kpis:
                continue
            kpi = ObjectiveKPI(
                objective=objective,
                name=name,
                unit=unit,
                target=Decimal(target),
                actual=Decimal(actual),
                measured_on=MEASURED_ON,
                order=order,
            )
            kpi.full_clean()
            new_kpis.append(kpi)
    if new_kpis:
        bulk_create_with_history(new_kpis, ObjectiveKPI)
    counts["kpis"] += len(new_kpis)
    return objectives


def _projects(users, objectives, counts: Counter) -> dict[str, Project]:
    domains = company._reference(BusinessDomain, company.DOMAINS)
    types = company._reference(ProjectType, company.TYPES)
    portfolios = company._portfolios(users)
    sponsors = {}
    for sponsor, names in company.BUSINESS_UNITS.values():
        for name in names:
            sponsors[name] = users[sponsor]
    managers = [users["chef.projet"]] + [users[u] for u, _f, _l in company.OTHER_MANAGERS]
    existing = {p.code: p for p in Project.objects.filter(code__in=[c[0] for c in CANDIDATES])}
    for index, candidate in enumerate(CANDIDATES):
        code, name, portfolio, domain, type_code, status = candidate[:6]
        capex_total, mandatory = candidate[7], candidate[13]
        if code in existing:
            continue
        start = date(2027, 1 + index % 6, 1)
        project = Project(
            code=code,
            name=name,
            portfolio=portfolios[portfolio],
            business_domain=domains[domain],
            project_type=types[type_code],
            status=ProjectStatus(status),
            manager=managers[index % len(managers)],
            sponsor=sponsors[portfolio],
            planned_start=start,
            planned_end=date(2029, 6 + index % 6, 30),
            description=f"{name} : projet candidat au plan 2027 du portefeuille « {portfolio} ».",
            expected_benefits="Gains décrits année par année dans le dossier d'opportunité.",
            estimated_cost=_euros(capex_total),
            is_mandatory=mandatory,
        )
        project.full_clean()
        project.save()
        existing[code] = project
        counts["projects"] += 1
    return existing


def _business_cases(projects, counts: Counter) -> None:
    stored = set(
        BusinessCaseYear.objects.filter(project__in=projects.values()).values_list(
            "project_id", "year"
        )
    )
    rows = []
    for candidate in CANDIDATES:
        project = projects[candidate[0]]
        capex, opex, fte, benefits, profile = candidate[7:12]
        for index, year in enumerate(YEARS):
            if (project.pk, year) in stored:
                continue
            row = BusinessCaseYear(
                project=project,
                year=year,
                capex=_euros(Decimal(capex) * PROFILES[profile][index]),
                opex=_euros(Decimal(opex) * (Decimal("0.8") + Decimal("0.1") * index)),
                fte=(Decimal(fte) * FTE_SHAPE[index]).quantize(Decimal("0.01")),
                benefits=_euros(Decimal(benefits) * BENEFIT_RAMP[index]),
            )
            row.full_clean(exclude=["project"], validate_unique=False, validate_constraints=False)
            rows.append(row)
    if rows:
        bulk_create_with_history(rows, BusinessCaseYear)
    counts["business_case_years"] += len(rows)


def _contributions(projects, objectives, counts: Counter) -> None:
    stored = set(
        ObjectiveContribution.objects.filter(project__in=projects.values()).values_list(
            "project_id", "objective_id"
        )
    )
    rows = []
    for candidate in CANDIDATES:
        project = projects[candidate[0]]
        for code, score in candidate[6].items():
            objective = objectives[code]
            if (project.pk, objective.pk) in stored:
                continue
            rows.append(
                ObjectiveContribution(
                    project=project,
                    objective=objective,
                    score=score,
                    rationale=f"Contribution attendue à « {objective.title} ».",
                )
            )
    if rows:
        bulk_create_with_history(rows, ObjectiveContribution)
    counts["contributions"] += len(rows)


def _scores(projects, pmo, counts: Counter) -> None:
    criteria = {
        criterion.kind: criterion
        for criterion in ScoringCriterion.objects.filter(
            model__is_default=True, kind__in=SCORED_KINDS
        )
    }
    stored = set(
        ProjectScore.objects.filter(project__in=projects.values()).values_list(
            "project_id", "criterion_id"
        )
    )
    rows = []
    for candidate in CANDIDATES:
        project = projects[candidate[0]]
        for kind, value in zip(SCORED_KINDS, candidate[12], strict=True):
            criterion = criteria.get(kind)
            if criterion is None or (project.pk, criterion.pk) in stored:
                continue
            rows.append(
                ProjectScore(
                    project=project,
                    criterion=criterion,
                    value=value,
                    rationale=RATIONALES[kind],
                    status=ScoreStatus.VALIDATED,
                    validated_by=pmo,
                )
            )
    if rows:
        bulk_create_with_history(rows, ProjectScore, default_user=pmo)
    counts["scores"] += len(rows)


def _dependencies(projects, counts: Counter) -> None:
    stored = set(
        ProjectDependency.objects.filter(project__in=projects.values()).values_list(
            "project_id", "kind", "other_id"
        )
    )
    for code, kind, other_code, note in DEPENDENCIES:
        project, other = projects[code], projects[other_code]
        if (project.pk, kind, other.pk) in stored:
            continue
        dependency = ProjectDependency(project=project, other=other, kind=kind, note=note)
        dependency.full_clean()
        dependency.save()
        counts["dependencies"] += 1


COUNTED = (
    "objectives_weighted",
    "kpis",
    "projects",
    "business_case_years",
    "contributions",
    "scores",
    "dependencies",
)


@transaction.atomic
def seed_strategy(*, stdout=None) -> dict[str, int]:
    """Create what is missing of the strategic-alignment demo; returns counts of created rows
    (and of objectives weighted). Then recomputes every project's priority score."""
    counts: Counter = Counter(dict.fromkeys(COUNTED, 0))
    users = company._users(stdout)
    objectives = _objectives(users, counts)
    projects = _projects(users, objectives, counts)
    _business_cases(projects, counts)
    _contributions(projects, objectives, counts)
    _scores(projects, users["pmo"], counts)
    _dependencies(projects, counts)
    refresh_priority(project_ids=Project.objects.values_list("pk", flat=True))
    if stdout is not None:
        stdout.write(
            "Strategic alignment: {projects} candidate projects, {kpis} key indicators, "
            "{scores} scores, {dependencies} dependencies created.".format(**counts)
        )
    return dict(counts)
