"""Demo steering committees: a monthly COPIL of the "Direction Clients et Services" portfolio
(first Tuesday, 10:00), two held with their decision logs, the next ones planned; and the
project committee of the demo project manager's first active project, held twelve days ago
(their decisions due within the week) with the next one on the first working day three days
or more ahead (its pack to prepare), whatever the day of the month; idempotent."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from pmo_portal.dates import add_months
from portfolios.models import Portfolio, Project, ProjectStatus
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
PROJECT_MANAGER = "chef.projet"
# The project committee: (title, days from today, held), and its decisions (text, status,
# days from today to the due date), all owned by the project manager.
PROJECT_MEETINGS = [
    ("Comité de projet {code} : point d'avancement", -12, True),
    ("Comité de projet {code} : arbitrages du lot 2", 3, False),
]
PROJECT_DECISIONS = [
    (
        "Décaler la recette utilisateurs d'une semaine pour intégrer les correctifs du lot 1.",
        DecisionStatus.IN_PROGRESS,
        4,
    ),
    (
        "Présenter au prochain comité un plan de reprise du planning chiffré.",
        DecisionStatus.OPEN,
        2,
    ),
    ("Valider le périmètre fonctionnel du lot 2.", DecisionStatus.DONE, -5),
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
    project_meetings, project_decisions = _seed_project_committee(today)
    return {
        "meetings": len(created) + project_meetings,
        "decisions": decisions + project_decisions,
    }


def _weekday(day: date, step: int) -> date:
    while day.weekday() >= 5:  # a committee meets on a working day
        day += timedelta(days=step)
    return day


def _seed_project_committee(today: date) -> tuple[int, int]:
    """The demo project manager's committee (see the module docstring): meetings looked up
    by project and title, decisions only added to a held meeting that has none."""
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=(PROJECT_MANAGER, "pmo"))
    }
    manager = users.get(PROJECT_MANAGER)
    mine = Project.objects.filter(manager=manager, status=ProjectStatus.ACTIVE)
    project = mine.order_by("code").first() if manager else None
    if project is None:
        return 0, 0
    tz = timezone.get_current_timezone()
    attendees = [user for user in (manager, users.get("pmo"), project.sponsor) if user]
    meetings = decisions = 0
    for title, days, held in PROJECT_MEETINGS:
        title = title.format(code=project.code)
        meeting = project.copil_meetings.filter(title=title).first()
        if meeting is None:
            day = _weekday(today + timedelta(days=days), -1 if held else 1)
            meeting = services.create_meeting(
                user=users.get("pmo"),
                data={
                    "title": title,
                    "portfolio": None,
                    "project": project,
                    "scheduled_at": timezone.make_aware(datetime.combine(day, time(14, 0)), tz),
                    "location": "Salle projet Everest",
                    "agenda": "1. Avancement et météo\n2. Risques et arbitrages\n3. Décisions",
                    "language": "fr",
                    "project_order": "health",
                    "status": MeetingStatus.HELD if held else MeetingStatus.PLANNED,
                },
                attendees=attendees,
            )
            meetings += 1
        if not held or meeting.decisions.exists():
            continue
        for text, status, due in PROJECT_DECISIONS:
            CopilDecision.objects.create(
                meeting=meeting,
                text=text,
                status=status,
                owner=manager,
                due_date=today + timedelta(days=due),
                project=project,
            )
            decisions += 1
    return meetings, decisions
