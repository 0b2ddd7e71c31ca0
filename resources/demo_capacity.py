"""Demo data of capacity planning: teams, people and material resources, availability and
twelve months of allocations for the active projects. Idempotent and bulk.

The story the heatmap tells: most teams sit between 50 % and 100 %; "Data & BI" is
over-allocated from the third to the fifth month (a migration wave), "Cybersécurité" is
idle; a few requests still wait for the resource manager ("ressources").
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from pmo_portal.dates import months_from
from portfolios.demo import OTHER_MANAGERS
from portfolios.models import Project, ProjectStatus
from resources.models import (
    Allocation,
    AllocationStatus,
    Availability,
    Resource,
    ResourceKind,
    Skill,
    Team,
)

RESOURCE_MANAGER = "ressources"
TEAMS = [
    # name, managed by the demo resource manager, skills, people
    ("Développement", True, ["Python", "Java", "JavaScript"], 10),
    ("Data & BI", True, ["SQL", "Power BI", "Python"], 6),
    ("Infrastructure", False, ["Linux", "Réseau", "Cloud"], 7),
    ("Cybersécurité", True, ["Sécurité", "Réseau"], 4),
    ("Métier & MOA", True, ["Analyse métier", "Recette"], 7),
    ("Gestion de projet", True, ["Gestion de projet", "Agile"], 6),
]
FIRST = [
    "Alice", "Bruno", "Camille", "David", "Émilie", "François", "Gaëlle", "Hugo", "Inès",
    "Jérôme", "Karine", "Louis", "Manon", "Nicolas", "Océane", "Pierre", "Quentin", "Rachid",
    "Sarah", "Thomas",
]  # fmt: skip
LAST = [
    "Bernard", "Moreau", "Girard", "Roux", "Fournier", "Mercier", "Blanc", "Guérin", "Faure",
    "Chevalier", "Lambert", "Bonnet", "Fontaine", "Rousseau", "Vincent", "Leroy",
]  # fmt: skip
MATERIAL = [
    ("Salle projet Everest", ResourceKind.ROOM, "Infrastructure", Decimal("1.00"), "120.00"),
    ("Banc de test compteurs", ResourceKind.EQUIPMENT, "Infrastructure", Decimal("1.00"), "80.00"),
    ("Licences Primavera (lot de 5)", ResourceKind.LICENCE, None, Decimal("5.00"), "45.00"),
]
OVERLOADED_TEAM = "Data & BI"
IDLE_TEAM = "Cybersécurité"
WAVE = Decimal("0.60")  # the least each Data & BI person is asked for more in the wave
WAVE_LOAD = Decimal("1.30")  # and what each is asked for in all in those months


def seed_capacity(*, today: date | None = None) -> dict:
    """Create the demo capacity data (what exists already is kept). Returns counts."""
    rng = random.Random(5)  # noqa: S311 (demo data, not security)
    months = months_from(today or timezone.localdate(), 12)
    counts = {"teams": 0, "resources": 0, "availability": 0, "allocations": 0}
    users = {user.username: user for user in get_user_model().objects.all()}
    manager = users.get(RESOURCE_MANAGER)
    with transaction.atomic():
        teams = {}
        for name, managed, _skill_names, _size in TEAMS:
            team, created = Team.objects.get_or_create(
                name=name, defaults={"manager": manager if managed else None}
            )
            teams[name] = team
            counts["teams"] += created
        skills = {}
        for _name, _managed, skill_names, _size in TEAMS:
            for skill_name in skill_names:
                skills[skill_name] = Skill.objects.get_or_create(name=skill_name)[0]

        if not Resource.objects.filter(team__in=teams.values()).exists():
            counts["resources"], counts["availability"] = _create_resources(
                rng, teams, skills, users, months
            )
        counts["allocations"] = _create_allocations(random.Random(6), teams, months, manager)  # noqa: S311
    return counts


def _create_resources(rng, teams, skills, users, months) -> tuple[int, int]:
    taken = set(Resource.objects.filter(user__isnull=False).values_list("user_id", flat=True))
    pm_names = ["chef.projet", *[username for username, _f, _l in OTHER_MANAGERS]]
    pm_users = [users[name] for name in pm_names if name in users and users[name].pk not in taken][
        :6
    ]
    people, person_skills = [], []
    names = iter(
        rng.sample([f"{first} {last}" for first in FIRST for last in LAST], k=len(FIRST) * 2)
    )
    for team_name, _managed, skill_names, size in TEAMS:
        for index in range(size):
            part_time = rng.random() < 0.15
            user = None
            if team_name == "Gestion de projet" and pm_users:
                user = pm_users.pop(0)
            name = user.get_full_name() if user and user.get_full_name() else next(names)
            resource = Resource(
                kind=ResourceKind.PERSON,
                name=name,
                user=user,
                team=teams[team_name],
                cost_rate_per_day=Decimal(rng.choice([450, 520, 600, 680, 750, 850])),
                default_fte=Decimal("0.80") if part_time else Decimal("1.00"),
                available_from=months[3] if (team_name == "Développement" and index == 9) else None,
                available_until=(
                    months[8].replace(day=28)
                    if (team_name == "Métier & MOA" and index == 6)
                    else None
                ),
            )
            people.append(resource)
            person_skills.append(rng.sample(skill_names, k=rng.randint(1, len(skill_names))))
    for name, kind, team_name, fte, rate in MATERIAL:
        people.append(
            Resource(
                kind=kind,
                name=name,
                team=teams.get(team_name) if team_name else None,
                default_fte=fte,
                cost_rate_per_day=Decimal(rate),
            )
        )
        person_skills.append([])
    created = Resource.objects.bulk_create(people)
    through = Resource.skills.through
    through.objects.bulk_create(
        [
            through(resource_id=resource.pk, skill_id=skills[skill].pk)
            for resource, names_ in zip(created, person_skills, strict=True)
            for skill in names_
        ]
    )
    # Leave: half capacity in the summer month for a third of the people, a month away for
    # two of them.
    availability = []
    summer = next((m for m in months if m.month == 8), months[6])
    persons = [r for r in created if r.kind == ResourceKind.PERSON]
    for index, resource in enumerate(persons):
        if index % 3 == 0:
            availability.append(Availability(resource=resource, month=summer, fte=Decimal("0.50")))
        if index in {4, 17}:
            availability.append(
                Availability(resource=resource, month=months[5], fte=Decimal("0.00"))
            )
    Availability.objects.bulk_create(availability)
    return len(created), len(availability)


def _create_allocations(rng, teams, months, manager) -> int:
    projects = list(
        Project.objects.filter(status=ProjectStatus.ACTIVE).order_by("code").only("pk", "code")
    )
    if not projects:
        return 0
    by_team = {}
    for resource in Resource.objects.filter(
        team__in=teams.values(), kind=ResourceKind.PERSON, is_active=True
    ).order_by("pk"):
        by_team.setdefault(resource.team_id, []).append(resource)
    existing = set(
        Allocation.objects.filter(month__gte=months[0], month__lte=months[-1]).values_list(
            "resource_id", "project_id", "month"
        )
    )
    wanted: dict[tuple, Decimal] = {}
    team_weights = [
        (teams[name].pk, weight)
        for name, weight in [
            ("Développement", 4),
            ("Data & BI", 2),
            ("Infrastructure", 2),
            ("Cybersécurité", 0.3),
            ("Métier & MOA", 2),
            ("Gestion de projet", 2),
        ]
    ]
    team_ids = [pk for pk, _w in team_weights]
    weights = [w for _pk, w in team_weights]
    for project in projects:
        length = rng.randint(6, 12)
        first = rng.randint(0, 12 - length)
        for team_id in set(rng.choices(team_ids, weights=weights, k=3)):
            resource = rng.choice(by_team.get(team_id, [None]))
            if resource is None:
                continue
            fte = Decimal(rng.choice(["0.20", "0.30", "0.40", "0.50"]))
            for month in months[first : first + length]:
                wanted[(resource.pk, project.pk, month)] = fte
    # The migration wave: Data & BI asked for far more than it has in months 3 to 5, each
    # person at least WAVE_LOAD in all (so the team is over-allocated within the resource
    # manager's next three months however few projects the demo has).
    data_people = by_team.get(teams[OVERLOADED_TEAM].pk, [])
    data_ids = {resource.pk for resource in data_people}
    load: dict[tuple, Decimal] = {}
    for (resource_id, _project_id, month), fte in wanted.items():
        if resource_id in data_ids:
            load[(resource_id, month)] = load.get((resource_id, month), Decimal("0")) + fte
    for offset in (2, 3, 4):
        for index, resource in enumerate(data_people):
            project = projects[(index + offset) % len(projects)]
            key = (resource.pk, project.pk, months[offset])
            more = max(WAVE, WAVE_LOAD - load.get((resource.pk, months[offset]), Decimal("0")))
            wanted[key] = wanted.get(key, Decimal("0")) + more
    now = timezone.now()
    rows = []
    for (resource_id, project_id, month), fte in sorted(wanted.items()):
        if (resource_id, project_id, month) in existing:
            continue
        requested = month >= months[9] or rng.random() < 0.08
        rows.append(
            Allocation(
                resource_id=resource_id,
                project_id=project_id,
                month=month,
                fte=min(fte, Decimal("10")),
                status=AllocationStatus.REQUESTED if requested else AllocationStatus.APPROVED,
                decided_by=None if requested else manager,
                decided_at=None if requested else now,
            )
        )
    bulk_create_with_history(rows, Allocation, batch_size=2000)
    return len(rows)
