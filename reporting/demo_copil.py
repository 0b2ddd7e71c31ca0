"""Demo steering committees: a monthly COPIL of the "Direction Clients et Services" portfolio
(first Tuesday, 10:00), two held with their decision logs, the next ones planned; idempotent."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from pmo_portal.dates import add_months
from portfolios.models import Portfolio
from reporting.models import CopilDecision, CopilSettings, DecisionStatus, MeetingStatus
from reporting.selectors.copil import meeting_projects
from reporting.services import copil as services

PORTFOLIO = "Direction Clients et Services"
TITLE = "COPIL Direction Clients et Services"
ATTENDEES = ("direction", "pmo", "f.chevalier")
AGENDA = (
    "1. Relevé de décisions du dernier COPIL\n"
    "2. Météo du portefeuille et points d'attention\n"
    "3. Budget : atterrissage CAPEX / OPEX\n"
    "4. Arbitrages demandés par les chefs de projet\n"
    "5. Questions diverses"
)
DECISIONS = [
    (
        "Valider le passage en production du nouvel espace client au 1er trimestre, "
        "sous réserve de la recette de charge.",
        DecisionStatus.DONE,
        "Recette de charge passée le 12 ; mise en production confirmée.",
    ),
    (
        "Renforcer l'équipe data de 1 ETP pendant trois mois pour tenir le jalon de migration.",
        DecisionStatus.IN_PROGRESS,
        "Recrutement d'un prestataire en cours ; arrivée prévue sous deux semaines.",
    ),
    (
        "Revoir le périmètre du lot 3 afin de rester dans l'enveloppe OPEX de l'exercice.",
        DecisionStatus.OPEN,
        "",
    ),
]


def seed_copil(*, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    portfolio = Portfolio.objects.filter(name=PORTFOLIO).first()
    if portfolio is None:
        return {"meetings": 0, "decisions": 0}
    users = {u.username: u for u in get_user_model().objects.filter(username__in=ATTENDEES)}
    settings = CopilSettings.current()
    if not settings.pk:
        settings.organisation = "Groupe Hexagone Énergie"
        settings.save()
    created, _skipped = services.plan_series(
        user=users.get("pmo"),
        data={
            "title": TITLE,
            "portfolio": portfolio,
            "project": None,
            "location": "Siège, salle Vauban",
            "agenda": AGENDA,
            "language": "fr",
            "project_order": "health",
            "status": MeetingStatus.PLANNED,
        },
        first_month=add_months(today, -2),
        months=6,
        weekday=1,
        ordinal=1,
        at=time(10, 0),
        attendees=[users[name] for name in ATTENDEES if name in users],
    )
    now = timezone.now()
    past = portfolio.copil_meetings.filter(scheduled_at__lt=now).order_by("scheduled_at")
    past.update(status=MeetingStatus.HELD)
    decisions = 0
    projects = list(meeting_projects(past.first()).order_by("code")[:3]) if past else []
    for meeting in past:
        if meeting.decisions.exists():
            continue
        for index, (text, status, follow_up) in enumerate(DECISIONS):
            CopilDecision.objects.create(
                meeting=meeting,
                text=text,
                status=status,
                follow_up=follow_up,
                owner=users.get("direction") if index % 2 == 0 else users.get("pmo"),
                due_date=timezone.localtime(meeting.scheduled_at).date() + timedelta(days=30),
                project=projects[index] if index < len(projects) else None,
            )
            decisions += 1
    return {"meetings": len(created), "decisions": decisions}
