"""What the governance demo holds: the PMO's two methods and its template library.

The classic method (cycle en V) goes to every project type but the agile one; the agile
method (Scrum à l'échelle) to the agile type. A methodology belongs to one project type
(``Methodology.project_type``), so each classic type gets its own copy of the classic method.
The classic method has a version 2 (Recette split in two, an analyse de risques added to the
cadrage) published a few months ago: projects started before it still follow version 1.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from governance import demo_files
from governance.models import DeciderRole, TemplateFormat


@dataclass(frozen=True)
class PhaseSpec:
    key: str
    name: str
    gate_name: str
    criteria: str
    decider: str
    # (deliverable name, template name or "")
    deliverables: tuple[tuple[str, str], ...]
    description: str = ""


@dataclass(frozen=True)
class VersionSpec:
    number: int
    days_ago: int  # published this many days before the seeding day
    change_note: str
    phases: tuple[PhaseSpec, ...]


@dataclass(frozen=True)
class MethodSpec:
    name: str
    description: str
    versions: tuple[VersionSpec, ...]


NOTE = "Note de lancement"
COPIL = "Rapport de COPIL"
BUDGET = "Suivi budgétaire"
RECETTE = "Plan de recette"

CADRAGE = PhaseSpec(
    "cadrage",
    "Cadrage",
    "Revue de lancement",
    "Objectifs, périmètre et budget validés par le sponsor.\n"
    "Note de lancement et fiche projet à jour.\n"
    "Chef de projet et équipe nommés.",
    DeciderRole.SPONSOR,
    ((NOTE, NOTE), ("Fiche projet", "")),
    "Comprendre le besoin, fixer les objectifs, le périmètre, le budget et l'organisation.",
)
CONCEPTION = PhaseSpec(
    "conception",
    "Conception",
    "Revue de conception",
    "Solution retenue décrite et validée par les métiers.\n"
    "Planning de référence (baseline) établi.\n"
    "Risques majeurs identifiés avec leurs actions.",
    DeciderRole.PMO,
    (("Dossier de conception", ""), ("Planning de référence", "")),
    "Concevoir la solution (spécifications générales et détaillées) et planifier la réalisation.",
)
REALISATION = PhaseSpec(
    "realisation",
    "Réalisation",
    "Revue de fin de réalisation",
    "Développements terminés et testés unitairement.\n"
    "Plan de recette validé.\n"
    "Suivi budgétaire à jour, écart au budget validé expliqué.",
    DeciderRole.PMO,
    ((RECETTE, RECETTE), (BUDGET, BUDGET), (COPIL, COPIL)),
    "Construire la solution, lot par lot, et préparer la recette.",
)
RECETTE_V1 = PhaseSpec(
    "recette",
    "Recette",
    "Revue de fin de recette",
    "Campagne de recette exécutée.\nAucune anomalie bloquante ouverte.\nPV de recette signé.",
    DeciderRole.PMO,
    (("PV de recette", ""),),
    "Vérifier que la solution répond au besoin exprimé.",
)
DEPLOIEMENT = PhaseSpec(
    "deploiement",
    "Déploiement",
    "Revue de mise en service",
    "Plan de déploiement exécuté, utilisateurs formés.\n"
    "Support et exploitation prêts (transfert réalisé).\n"
    "Décision de mise en service prise par le sponsor.",
    DeciderRole.SPONSOR,
    (("Plan de déploiement", ""), ("PV de mise en service", "")),
    "Mettre la solution à disposition des utilisateurs et accompagner le changement.",
)
CLOTURE = PhaseSpec(
    "cloture",
    "Clôture",
    "Revue de clôture",
    "Bénéfices attendus mesurés ou leur mesure planifiée.\n"
    "Budget soldé, ressources libérées.\n"
    "Retours d'expérience (REX) partagés.",
    DeciderRole.PMO,
    (("Bilan de clôture", ""), ("Retours d'expérience (REX)", "")),
    "Dresser le bilan, capitaliser et libérer les ressources.",
)
CLASSIC_V1 = (CADRAGE, CONCEPTION, REALISATION, RECETTE_V1, DEPLOIEMENT, CLOTURE)
CLASSIC_V2 = (
    replace(CADRAGE, deliverables=(*CADRAGE.deliverables, ("Analyse de risques initiale", ""))),
    CONCEPTION,
    REALISATION,
    PhaseSpec(
        "recette",
        "Recette fonctionnelle",
        "Revue de fin de recette fonctionnelle",
        "Campagne de recette fonctionnelle exécutée par les utilisateurs clés.\n"
        "Aucune anomalie bloquante ouverte.\n"
        "PV de recette signé.",
        DeciderRole.PMO,
        (("PV de recette", ""),),
        "Vérifier avec les métiers que la solution répond au besoin exprimé.",
    ),
    PhaseSpec(
        "homologation",
        "Homologation sécurité et performance",
        "Revue d'homologation",
        "Tests d'intrusion et tests de charge passés.\nRisques résiduels acceptés par le sponsor.",
        DeciderRole.PMO,
        (("Dossier d'homologation", ""),),
        "Vérifier la sécurité (NIS2) et la tenue en charge avant la mise en service.",
    ),
    DEPLOIEMENT,
    CLOTURE,
)
AGILE_V1 = (
    PhaseSpec(
        "cadrage",
        "Cadrage",
        "Revue de lancement",
        "Vision produit et objectifs partagés.\n"
        "Backlog initial priorisé, budget de la première période validé.",
        DeciderRole.SPONSOR,
        ((NOTE, NOTE), ("Backlog produit initial", "")),
        "Partager la vision produit, constituer les équipes et le backlog initial.",
    ),
    PhaseSpec(
        "increments",
        "Incréments",
        "Revue de fin d'incréments",
        "Incréments livrés et démontrés en revue.\n"
        "Valeur métier mesurée, dette technique maîtrisée.",
        DeciderRole.PMO,
        ((COPIL, COPIL), (BUDGET, BUDGET)),
        "Livrer la valeur par incréments de programme (PI) de 10 semaines.",
    ),
    PhaseSpec(
        "mise_en_production",
        "Mise en production",
        "Go/no-go de mise en production",
        "Recette utilisateurs concluante.\nExploitation et support prêts.",
        DeciderRole.SPONSOR,
        (("PV de recette", ""), ("Plan de déploiement", "")),
        "Mettre en production et accompagner les utilisateurs.",
    ),
    PhaseSpec(
        "cloture",
        "Clôture",
        "Revue de clôture",
        "Objectifs produit atteints ou transférés au run.\nREX partagés.",
        DeciderRole.PMO,
        (("Bilan de clôture", ""),),
        "Transférer le produit au run, dresser le bilan et capitaliser.",
    ),
)

CLASSIC = MethodSpec(
    "Méthode classique (cycle en V)",
    "Le référentiel projet du PMO pour les projets à périmètre stable : six phases, chacune "
    "conclue par une revue de passage (jalon de décision).",
    (
        VersionSpec(1, 730, "Première version du référentiel projet.", CLASSIC_V1),
        VersionSpec(
            2,
            150,
            "La recette est scindée en recette fonctionnelle et homologation sécurité et "
            "performance (NIS2) ; une analyse de risques initiale est demandée au cadrage.",
            CLASSIC_V2,
        ),
    ),
)
AGILE = MethodSpec(
    "Méthode agile (Scrum à l'échelle)",
    "Pour les produits numériques : cadrage court, incréments de programme, mise en "
    "production et clôture, avec des revues de passage allégées.",
    (VersionSpec(1, 600, "Première version de la méthode agile.", AGILE_V1),),
)
AGILE_TYPES = ("AGILE",)


def method_for(type_code: str) -> MethodSpec:
    return AGILE if type_code in AGILE_TYPES else CLASSIC


def method_name(spec: MethodSpec, type_code: str, type_name: str) -> str:
    """The classic method keeps its plain name on the SI type, other types say theirs."""
    if spec is AGILE or type_code == "SI-CYCLE-V":
        return spec.name
    return f"{spec.name} — {type_name}"


@dataclass(frozen=True)
class TemplateVersionSpec:
    major: int
    minor: int
    days_ago: int
    change_note: str


@dataclass(frozen=True)
class TemplateSpec:
    name: str
    description: str
    format: str
    extension: str
    phase_keys: tuple[str, ...]
    build: Callable[[TemplateVersionSpec], tuple[bytes, list[str]]]
    versions: tuple[TemplateVersionSpec, ...] = field(default=())

    def file_name(self, version: TemplateVersionSpec) -> str:
        slug = self.name.lower().replace(" ", "-").replace("é", "e").replace("è", "e")
        return f"{slug}-v{version.major}.{version.minor}.0.{self.extension}"


TEMPLATES = (
    TemplateSpec(
        NOTE,
        "Le document de référence du cadrage : identification, objectifs, périmètre, "
        "planning, budget et gouvernance. Se remplit avec les données du projet.",
        TemplateFormat.DOCX,
        "docx",
        ("cadrage",),
        lambda v: demo_files.note_de_lancement(v.major),
        (
            TemplateVersionSpec(1, 0, 700, "Première version."),
            TemplateVersionSpec(
                2,
                0,
                200,
                "Nouvelle structure : sections Budget (budget validé) et Gouvernance et "
                "parties prenantes ajoutées, code projet dans l'en-tête. Les notes faites "
                "avec la version 1 sont à reprendre à la prochaine revue.",
            ),
        ),
    ),
    TemplateSpec(
        COPIL,
        "Le support de COPIL d'un projet : synthèse, météo, avancement, budget, risques "
        "et décisions attendues.",
        TemplateFormat.DOCX,
        "docx",
        ("realisation", "increments"),
        lambda v: demo_files.rapport_copil(v.minor),
        (
            TemplateVersionSpec(1, 0, 700, "Première version."),
            TemplateVersionSpec(1, 1, 90, "Section « Décisions attendues du COPIL » ajoutée."),
        ),
    ),
    TemplateSpec(
        BUDGET,
        "Le classeur de suivi budgétaire mensuel : budget validé, engagé, réalisé, reste à faire.",
        TemplateFormat.XLSX,
        "xlsx",
        ("realisation", "increments"),
        lambda v: demo_files.suivi_budgetaire(v.major),
        (
            TemplateVersionSpec(1, 0, 700, "Première version."),
            TemplateVersionSpec(
                2,
                0,
                60,
                "Suivi séparé CAPEX / OPEX et colonne atterrissage (estimation à "
                "terminaison) ajoutés : le format change, reprendre les suivis en cours.",
            ),
        ),
    ),
    TemplateSpec(
        RECETTE,
        "Le plan de recette : stratégie, organisation, cas de test et procès-verbal.",
        TemplateFormat.DOCX,
        "docx",
        ("realisation", "recette"),
        lambda v: demo_files.plan_de_recette(v.minor),
        (
            TemplateVersionSpec(1, 0, 650, "Première version."),
            TemplateVersionSpec(
                1, 1, 120, "Section « Tests de sécurité et de performance » ajoutée."
            ),
        ),
    ),
)
