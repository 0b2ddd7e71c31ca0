"""Demo data of the portfolio model: a believable French company (used by ``seed_demo``).

Deterministic (a seeded random generator) and idempotent: rows are looked up by their
natural keys (usernames, codes, names) and only missing ones are created, so a second run
changes nothing. ``projects`` scales the number of projects (benchmarks use thousands); the
work is done with bulk inserts, in batches, so 20,000 projects take seconds, not minutes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from simple_history.utils import bulk_create_with_history

from pmo_portal.roles import Role
from portfolios.models import (
    BusinessDomain,
    Health,
    ObjectiveContribution,
    Portfolio,
    PortfolioEnvelope,
    Project,
    ProjectStatus,
    ProjectType,
    StrategicObjective,
)


@dataclass(frozen=True)
class DemoAccount:
    role: Role
    username: str
    first_name: str
    last_name: str

    @property
    def password(self) -> str:
        return f"{self.username}-2026"


# One account per role, printed by seed_demo; their password is "<username>-2026".
ACCOUNTS = [
    DemoAccount(Role.PMO, "pmo", "Claire", "Martin"),
    DemoAccount(Role.PROJECT_MANAGER, "chef.projet", "Julien", "Petit"),
    DemoAccount(Role.EXECUTIVE, "direction", "Hélène", "Dubois"),
    DemoAccount(Role.RESOURCE_MANAGER, "ressources", "Karim", "Benali"),
    DemoAccount(Role.FINANCE, "finance", "Sophie", "Laurent"),
]
OTHER_MANAGERS = [
    ("t.moreau", "Thomas", "Moreau"),
    ("c.leroy", "Camille", "Leroy"),
    ("n.girard", "Nicolas", "Girard"),
    ("e.fournier", "Émilie", "Fournier"),
    ("a.mercier", "Antoine", "Mercier"),
    ("l.bonnet", "Laura", "Bonnet"),
    ("m.haddad", "Mehdi", "Haddad"),
    ("p.roux", "Pauline", "Roux"),
]
OTHER_EXECUTIVES = [
    ("f.chevalier", "François", "Chevalier"),  # directeur général
    ("p.garnier", "Philippe", "Garnier"),  # DSI
    ("i.lambert", "Isabelle", "Lambert"),  # directrice industrielle
]

COMPANY = "Groupe Hexagone Énergie"
# business unit -> (sponsor username, portfolios)
BUSINESS_UNITS = {
    "Direction des Systèmes d'Information": (
        "p.garnier",
        ["Transformation numérique", "Socle et infrastructures SI", "Cybersécurité"],
    ),
    "Direction Industrielle": (
        "i.lambert",
        ["Performance des sites", "Transition énergétique"],
    ),
    "Direction Clients et Services": (
        "direction",
        ["Expérience client", "Offres et marketing", "Fonctions support"],
    ),
}

DOMAINS = [
    ("SI", "Systèmes d'information"),
    ("IND", "Industrie et production"),
    ("COM", "Commercial et marketing"),
    ("RH", "Ressources humaines"),
    ("FIN", "Finance et achats"),
    ("RSE", "RSE et environnement"),
]
TYPES = [
    ("SI-CYCLE-V", "Projet SI (cycle en V)"),
    ("AGILE", "Projet agile"),
    ("INFRA", "Projet d'infrastructure"),
    ("REGL", "Projet réglementaire"),
    ("ORGA", "Projet organisationnel"),
    ("RD", "Projet de R&D"),
]

OBJECTIVES = [
    ("AX1", "Accélérer la transformation numérique", None),
    ("OBJ-1.1", "Digitaliser 80 % des parcours clients", "AX1"),
    ("OBJ-1.2", "Moderniser le socle du système d'information", "AX1"),
    ("AX2", "Réussir la transition énergétique", None),
    ("OBJ-2.1", "Réduire de 30 % les émissions de CO2 d'ici 2030", "AX2"),
    ("OBJ-2.2", "Porter à 40 % la part des énergies renouvelables", "AX2"),
    ("AX3", "Viser l'excellence opérationnelle", None),
    ("OBJ-3.1", "Réduire de 10 % les coûts de structure", "AX3"),
    ("OBJ-3.2", "Garantir la conformité réglementaire (RGPD, NIS2, CSRD)", "AX3"),
]

# (name, portfolio, domain code, type code, objective codes)
PROJECT_CATALOGUE = [
    ("Refonte de l'espace client en ligne", "Expérience client", "COM", "AGILE", ["OBJ-1.1"]),
    (
        "Application mobile de suivi de consommation",
        "Expérience client",
        "COM",
        "AGILE",
        ["OBJ-1.1"],
    ),
    (
        "Chatbot du service client",
        "Transformation numérique",
        "COM",
        "AGILE",
        ["OBJ-1.1", "OBJ-3.1"],
    ),
    (
        "Signature électronique des contrats",
        "Transformation numérique",
        "SI",
        "SI-CYCLE-V",
        ["OBJ-1.1"],
    ),
    ("Centre de contacts omnicanal", "Expérience client", "COM", "INFRA", ["OBJ-1.1"]),
    ("Offre d'autoconsommation solaire", "Offres et marketing", "COM", "ORGA", ["OBJ-2.2"]),
    ("Programme de fidélité", "Offres et marketing", "COM", "AGILE", ["OBJ-1.1"]),
    ("CRM commercial B2B", "Offres et marketing", "COM", "SI-CYCLE-V", ["OBJ-1.1"]),
    ("Tarification dynamique", "Offres et marketing", "FIN", "RD", ["OBJ-3.1"]),
    ("Refonte du site institutionnel", "Offres et marketing", "COM", "AGILE", []),
    (
        "Dématérialisation des factures fournisseurs",
        "Fonctions support",
        "FIN",
        "SI-CYCLE-V",
        ["OBJ-3.1"],
    ),
    ("Nouveau SIRH : module formation", "Fonctions support", "RH", "SI-CYCLE-V", ["OBJ-3.1"]),
    ("Refonte de la paie", "Fonctions support", "RH", "SI-CYCLE-V", ["OBJ-3.1"]),
    ("Portail achats et fournisseurs", "Fonctions support", "FIN", "AGILE", ["OBJ-3.1"]),
    ("Reporting extra-financier CSRD", "Fonctions support", "RSE", "REGL", ["OBJ-3.2", "OBJ-2.1"]),
    ("Plan de mobilité des salariés", "Fonctions support", "RH", "ORGA", ["OBJ-2.1"]),
    (
        "Migration de l'ERP vers S/4HANA",
        "Socle et infrastructures SI",
        "SI",
        "SI-CYCLE-V",
        ["OBJ-1.2"],
    ),
    (
        "Migration vers un cloud souverain",
        "Socle et infrastructures SI",
        "SI",
        "INFRA",
        ["OBJ-1.2"],
    ),
    (
        "Modernisation du réseau WAN (SD-WAN)",
        "Socle et infrastructures SI",
        "SI",
        "INFRA",
        ["OBJ-1.2"],
    ),
    (
        "Plateforme de données groupe",
        "Transformation numérique",
        "SI",
        "AGILE",
        ["OBJ-1.2", "OBJ-1.1"],
    ),
    (
        "Renouvellement du poste de travail",
        "Socle et infrastructures SI",
        "SI",
        "INFRA",
        ["OBJ-1.2"],
    ),
    (
        "Gestion des identités et des accès",
        "Socle et infrastructures SI",
        "SI",
        "INFRA",
        ["OBJ-1.2", "OBJ-3.2"],
    ),
    (
        "Décommissionnement des applications obsolètes",
        "Socle et infrastructures SI",
        "SI",
        "ORGA",
        ["OBJ-3.1"],
    ),
    ("Mise en conformité NIS2", "Cybersécurité", "SI", "REGL", ["OBJ-3.2"]),
    ("SOC managé 24/7", "Cybersécurité", "SI", "INFRA", ["OBJ-3.2"]),
    (
        "Plan de reprise d'activité informatique",
        "Cybersécurité",
        "SI",
        "INFRA",
        ["OBJ-3.2", "OBJ-1.2"],
    ),
    ("Sensibilisation cyber des collaborateurs", "Cybersécurité", "RH", "ORGA", ["OBJ-3.2"]),
    ("Registre RGPD et gestion des consentements", "Cybersécurité", "SI", "REGL", ["OBJ-3.2"]),
    ("Maintenance prédictive des turbines", "Performance des sites", "IND", "RD", ["OBJ-3.1"]),
    ("Déploiement de la GMAO", "Performance des sites", "IND", "SI-CYCLE-V", ["OBJ-3.1"]),
    ("Automatisation du conditionnement", "Performance des sites", "IND", "INFRA", ["OBJ-3.1"]),
    ("Jumeau numérique de l'usine de Fos", "Performance des sites", "IND", "RD", ["OBJ-1.2"]),
    ("Sécurité des sites industriels", "Performance des sites", "IND", "REGL", ["OBJ-3.2"]),
    (
        "Centrale photovoltaïque de Lannemezan",
        "Transition énergétique",
        "RSE",
        "INFRA",
        ["OBJ-2.2"],
    ),
    ("Rénovation thermique du siège", "Transition énergétique", "RSE", "INFRA", ["OBJ-2.1"]),
    (
        "Plan de sobriété énergétique des sites",
        "Transition énergétique",
        "RSE",
        "ORGA",
        ["OBJ-2.1"],
    ),
    (
        "Électrification de la flotte de véhicules",
        "Transition énergétique",
        "RSE",
        "ORGA",
        ["OBJ-2.1"],
    ),
    ("Parc éolien de la Beauce", "Transition énergétique", "RSE", "INFRA", ["OBJ-2.2"]),
    ("Stockage d'énergie par batteries", "Transition énergétique", "IND", "RD", ["OBJ-2.2"]),
    (
        "Bilan carbone et trajectoire SBTi",
        "Transition énergétique",
        "RSE",
        "REGL",
        ["OBJ-2.1", "OBJ-3.2"],
    ),
]

STATUS_WEIGHTS = [
    (ProjectStatus.ACTIVE, 55),
    (ProjectStatus.PROPOSED, 13),
    (ProjectStatus.APPROVED, 10),
    (ProjectStatus.ON_HOLD, 8),
    (ProjectStatus.CLOSED, 10),
    (ProjectStatus.CANCELLED, 4),
]
HEALTH_WEIGHTS = [(Health.SUNNY, 45), (Health.CLOUDY, 33), (Health.RAINY, 16), (Health.STORMY, 6)]
BATCH = 2000


def _pick(rng: random.Random, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _users(stdout) -> dict[str, object]:
    User = get_user_model()
    groups = {group.name: group for group in Group.objects.all()}
    wanted = [(a.username, a.first_name, a.last_name, a.role, a.password) for a in ACCOUNTS]
    wanted += [(u, f, last, Role.PROJECT_MANAGER, None) for u, f, last in OTHER_MANAGERS]
    wanted += [(u, f, last, Role.EXECUTIVE, None) for u, f, last in OTHER_EXECUTIVES]
    users = {}
    for username, first, last, role, password in wanted:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@hexagone-energie.example",
                "is_staff": role == Role.PMO,
            },
        )
        if created:
            # Other colleagues get the same kind of password so any of them can be tried.
            user.set_password(password or f"{username}-2026")
            user.save(update_fields=["password"])
            user.groups.add(groups[role.value])
        users[username] = user
    return users


def _reference(model, rows):
    existing = {obj.code: obj for obj in model.objects.all()}
    for code, name in rows:
        if code not in existing:
            existing[code] = model.objects.create(code=code, name=name)
    return existing


def _objectives(users) -> dict[str, StrategicObjective]:
    existing = {obj.code: obj for obj in StrategicObjective.objects.all()}
    for code, title, parent in OBJECTIVES:
        if code in existing:
            continue
        existing[code] = StrategicObjective.objects.create(
            code=code,
            title=title,
            parent=existing.get(parent) if parent else None,
            horizon_start=date(2025, 1, 1),
            horizon_end=date(2030, 12, 31) if parent is None else date(2028, 12, 31),
            weight=Decimal("1.00") if parent else Decimal("3.00"),
            owner=users["f.chevalier"] if parent is None else users["direction"],
            description=f"{title} : objectif du plan stratégique 2025-2030.",
        )
    return existing


def _portfolios(users) -> dict[str, Portfolio]:
    existing = {p.name: p for p in Portfolio.objects.all()}

    def get(name, parent, owner, description):
        if name not in existing:
            existing[name] = Portfolio.objects.create(
                name=name, parent=parent, owner=owner, description=description
            )
            for year, capex, opex in ((2026, 4_000_000, 2_500_000), (2027, 4_500_000, 2_600_000)):
                PortfolioEnvelope.objects.create(
                    portfolio=existing[name],
                    fiscal_year=year,
                    capex=Decimal(capex) if parent and parent.parent_id else Decimal(0),
                    opex=Decimal(opex) if parent and parent.parent_id else Decimal(0),
                )
        return existing[name]

    company = get(COMPANY, None, users["f.chevalier"], "Le portefeuille de projets du groupe.")
    for bu_name, (sponsor, portfolio_names) in BUSINESS_UNITS.items():
        unit = get(bu_name, company, users[sponsor], f"Portefeuille de la {bu_name}.")
        for name in portfolio_names:
            get(name, unit, users[sponsor], f"Projets « {name} ».")
    return existing


def _memberships(users, portfolios) -> None:
    # The demo executive sits on the COPIL of their business unit and of the industrial one.
    portfolios["Direction Clients et Services"].members.add(users["direction"])
    portfolios["Direction Industrielle"].members.add(users["direction"])
    portfolios[COMPANY].members.add(users["f.chevalier"])
    portfolios["Direction des Systèmes d'Information"].members.add(users["p.garnier"])
    portfolios["Direction Industrielle"].members.add(users["i.lambert"])


def _projects(n, users, portfolios, domains, types, objectives, stdout) -> int:
    rng = random.Random(20261125)
    managers = [users["chef.projet"]] + [users[u] for u, _f, _l in OTHER_MANAGERS]
    sponsors = {bu: users[sponsor] for bu, (sponsor, _names) in BUSINESS_UNITS.items()}
    unit_of = {}
    for bu, (_sponsor, names) in BUSINESS_UNITS.items():
        for name in names:
            unit_of[name] = bu
    existing = set(Project.objects.values_list("code", flat=True))
    today = date(2026, 11, 1)
    created = 0
    pending: list[Project] = []
    pending_links: list[tuple[str, list[str], list]] = []

    def flush():
        nonlocal created
        if not pending:
            return
        bulk_create_with_history(pending, Project, batch_size=BATCH)
        by_code = dict(
            Project.objects.filter(code__in=[p.code for p in pending]).values_list("code", "pk")
        )
        contributions, deputies = [], []
        for code, objective_codes, deputy_users in pending_links:
            for objective_code in objective_codes:
                contributions.append(
                    ObjectiveContribution(
                        project_id=by_code[code],
                        objective=objectives[objective_code],
                        score=rng.choice([2, 3, 3]),
                        rationale="Contribution directe à l'objectif.",
                    )
                )
            for deputy in deputy_users:
                deputies.append(Project.deputies.through(project_id=by_code[code], user=deputy))
        ObjectiveContribution.objects.bulk_create(contributions, batch_size=BATCH)
        Project.deputies.through.objects.bulk_create(deputies, batch_size=BATCH)
        created += len(pending)
        pending.clear()
        pending_links.clear()

    for i in range(1, n + 1):
        name, portfolio_name, domain, type_code, objective_codes = PROJECT_CATALOGUE[
            (i - 1) % len(PROJECT_CATALOGUE)
        ]
        wave = (i - 1) // len(PROJECT_CATALOGUE)
        code = f"PRJ-{i:04d}"
        # Draw every random value even for existing projects, so the sequence stays the same.
        status = _pick(rng, STATUS_WEIGHTS)
        start = today - timedelta(days=rng.randint(-120, 540))
        duration = rng.randint(180, 900)
        cost = Decimal(rng.randint(40, 4800) * 1000)
        manager = managers[0] if i % 7 == 1 else rng.choice(managers)
        health = [_pick(rng, HEALTH_WEIGHTS) for _axis in range(5)]
        percent = rng.randint(5, 95)
        deputy = rng.choice(managers) if rng.random() < 0.3 else None
        if code in existing:
            continue
        if start > today and status in {
            ProjectStatus.ACTIVE,
            ProjectStatus.ON_HOLD,
            ProjectStatus.CLOSED,
        }:
            status = ProjectStatus.APPROVED
        if wave:
            name = f"{name} — lot {wave + 1}"
        end = start + timedelta(days=duration)
        actual_end = None
        if status == ProjectStatus.CLOSED:
            # A closed project ran its course: its baseline ended a month or more ago and it
            # finished up to about two months late (no draw: the sequence stays the same).
            if end > today - timedelta(days=30):
                shift = end - (today - timedelta(days=30))
                start, end = start - shift, end - shift
            actual_end = min(end + timedelta(days=(i % 7) * 9), today)
        reported = status in {ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD}
        overall = max(health[1:]) if reported else None
        pending.append(
            Project(
                code=code,
                name=name,
                portfolio=portfolios[portfolio_name],
                business_domain=domains[domain],
                project_type=types[type_code],
                status=status,
                manager=manager,
                sponsor=sponsors[unit_of[portfolio_name]],
                planned_start=start,
                planned_end=end,
                baseline_start=start,
                baseline_end=end,
                actual_end=actual_end,
                description=f"{name} : projet du portefeuille « {portfolio_name} ».",
                expected_benefits="Gains attendus décrits dans le dossier d'opportunité.",
                estimated_cost=cost,
                health_overall=overall,
                health_schedule=health[1] if reported else None,
                health_budget=health[2] if reported else None,
                health_scope=health[3] if reported else None,
                health_resources=health[4] if reported else None,
                percent_complete=percent if reported else None,
                eac=(cost * Decimal("1.00") + cost * (overall - 1) * Decimal("0.05"))
                if reported
                else None,
                forecast_end=end + timedelta(days=15 * (overall - 1)) if reported else None,
                status_date=today if reported else None,
            )
        )
        pending_links.append(
            (code, objective_codes, [deputy] if deputy and deputy != manager else [])
        )
        if len(pending) >= BATCH:
            flush()
    flush()
    return created


def seed_portfolios(*, projects: int = 60, stdout=None) -> dict[str, int]:
    """Create what is missing of the demo company; returns counts of created rows."""
    users = _users(stdout)
    domains = _reference(BusinessDomain, DOMAINS)
    types = _reference(ProjectType, TYPES)
    objectives = _objectives(users)
    portfolios = _portfolios(users)
    _memberships(users, portfolios)
    created = _projects(projects, users, portfolios, domains, types, objectives, stdout)
    return {"projects": created}
