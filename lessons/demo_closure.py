"""Demo closure reviews and improvement actions (called by ``seed_demo`` after the lessons).

The closed projects of the demo company that have a budget get a closure review, their
figures captured through the services like a real one: a third stay drafts, a third are
submitted to the PMO, a third validated with the lesson drafted from them. Six improvement
actions follow, from validated lessons or an analytic, two leading to governance versions, one
overdue, one done. Deterministic and idempotent (a project with a review, an action with the
same title, are left alone).
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from governance.models import MethodologyVersion, TemplateVersion, VersionStatus
from lessons.models import ActionStatus, ClosureReview, ImprovementAction, Lesson, LessonStatus
from lessons.services import actions, closure
from portfolios.models import Project, ProjectStatus
from resources.models import BudgetLine

MAX_REVIEWS = 12

REVIEW_TEXTS = [
    (
        "Sponsor présent à chaque comité ; équipe stable du cadrage à la recette.",
        "Données de recette livrées avec trois semaines de retard ; recette compressée.",
        "Anticiper les jeux de données de recette",
        "Préparer et anonymiser les données de recette dès la conception.",
    ),
    (
        "Découpage en lots courts : chaque lot mis en service à la date prévue.",
        "Le fournisseur a changé deux fois de chef de projet ; montée en compétence lente.",
        "Exiger la stabilité de l'équipe du fournisseur",
        "Inscrire au contrat la stabilité des rôles clés du fournisseur et un préavis.",
    ),
    (
        "Conduite du changement lancée tôt, avec des relais métier dans chaque site.",
        "Les experts métier n'étaient disponibles qu'un jour par semaine en réalisation.",
        "Réserver la disponibilité des experts métier",
        "Obtenir du sponsor un engagement écrit de disponibilité des experts métier.",
    ),
]

ACTIONS = [
    ("Ajouter un jalon « données de recette prêtes » à la méthode", "methodology", 40, None),
    ("Nouvelle version du modèle de note de cadrage", "template", -20, ActionStatus.DONE),
    ("Clause de stabilité des équipes dans les contrats fournisseurs", None, -10, None),
    ("Former les chefs de projet à la planification des recettes", None, 60, None),
    ("Revue trimestrielle des écarts de délai par type de projet", None, 90, None),
    ("Engagement de disponibilité des experts métier au lancement", None, 30, None),
]


def seed_closure() -> dict[str, int]:
    users = {user.username: user for user in get_user_model().objects.all()}
    pmo = users.get("pmo")
    if pmo is None:
        return {"reviews": 0, "actions": 0}
    budgeted = BudgetLine.objects.values("project")
    projects = (
        Project.objects.filter(status=ProjectStatus.CLOSED, pk__in=budgeted)
        .exclude(pk__in=ClosureReview.objects.values("project"))
        .select_related("manager", "business_domain", "project_type")
        .order_by("code")[:MAX_REVIEWS]
    )
    reviews = 0
    for index, project in enumerate(projects):
        well, badly, title, recommendation = REVIEW_TEXTS[index % len(REVIEW_TEXTS)]
        manager = project.manager
        review = closure.start_review(project=project, user=manager)
        review = closure.update_review(
            review=review,
            user=pmo,
            fields={
                "scope_delivered": 100 - 5 * (index % 4),
                "scope_notes": "",
                "went_well": well,
                "went_badly": badly,
            },
        )
        reviews += 1
        if index % 3 == 0:
            continue
        closure.draft_lesson(
            review=review,
            user=manager,
            fields={
                "title": title,
                "context": badly,
                "what_happened": "",
                "recommendation": recommendation,
                "category": "planning",
                "phase": "Recette",
                "tags": "bilan de clôture",
                "impact": "high",
                "language": "fr",
                "date": project.actual_end,
            },
        )
        review = closure.submit_review(review=review, user=manager)
        if index % 3 == 2:
            closure.validate_review(review=review, user=pmo)
    return {"reviews": reviews, "actions": _seed_actions(pmo, users)}


def _seed_actions(pmo, users) -> int:
    today = timezone.localdate()
    lessons = list(Lesson.objects.filter(status=LessonStatus.VALIDATED).order_by("pk")[:6])
    method = (
        MethodologyVersion.objects.filter(status=VersionStatus.PUBLISHED)
        .order_by("-number", "pk")
        .first()
    )
    template = TemplateVersion.objects.filter(status=VersionStatus.PUBLISHED).order_by("pk").first()
    owner = users.get("chef.projet", pmo)
    existing = set(ImprovementAction.objects.values_list("title", flat=True))
    created = 0
    for index, (title, change, days, status) in enumerate(ACTIONS):
        if title in existing:
            continue
        lesson = lessons[index] if index < len(lessons) and index % 2 == 0 else None
        actions.create_action(
            user=pmo,
            fields={
                "title": title,
                "description": "",
                "lesson": lesson,
                "analytic_reference": "" if lesson else "Écarts de délai par type de projet",
                "owner": owner if index % 2 else pmo,
                "due_date": today + timedelta(days=days),
                "status": status or ActionStatus.OPEN,
                "methodology_version": method if change == "methodology" else None,
                "template_version": template if change == "template" else None,
            },
        )
        created += 1
    return created
