"""Lesson routing at scale (issue 13): ``build`` makes a register of validated lessons and a set
of live projects with bulk_create (the lessons from the themes of lessons/demo_catalogue.py,
each project with a description, an open risk, a lifecycle when a methodology is published,
and a few decisions of similar projects); ``measure`` (``manage.py bench``) builds 5,000
lessons and 2,000 live projects in a transaction that it rolls back, and prints the queries
and milliseconds of the register's search, of routing one project (cold and warm index), of
the project tab and of the nightly refresh. tests/lessons/test_routing_scale.py builds the
same data at two small sizes to assert that the query counts do not grow.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance.models import Phase, ProjectLifecycle, VersionStatus
from lessons import demo_catalogue as catalogue
from lessons.models import Language, Lesson, LessonRoute, LessonStatus, RouteStatus
from lessons.services.register import fingerprint, refresh_search_vectors
from pmo_portal.roles import SIGN_IN_BACKEND
from portfolios.models import BusinessDomain, Portfolio, Project, ProjectStatus, ProjectType
from reporting.models import RaidItem, RaidKind

LESSONS = 5000
PROJECTS = 2000
SEARCH = "dépassement"
FIRST_DAY = date(2019, 1, 1)
DAYS = (date(2025, 12, 31) - FIRST_DAY).days
LIVE = (ProjectStatus.ACTIVE, ProjectStatus.APPROVED, ProjectStatus.ON_HOLD)
FR_PROJECTS = [
    "Modernisation de {system}",
    "Migration de {system} vers le cloud",
    "Refonte de {system}",
    "Déploiement de {system} dans les filiales",
]
EN_PROJECTS = [
    "Modernisation of {system}",
    "Migration of {system} to the cloud",
    "Rebuild of {system}",
]


@dataclass
class Built:
    lesson_ids: list[int]
    project_ids: list[int]


def _theme(index: int, language: str) -> tuple:
    themes = catalogue.FR if language == Language.FRENCH else catalogue.EN
    return themes[index % len(themes)]


def _words(index: int, language: str) -> dict:
    systems = catalogue.FR_SYSTEMS if language == Language.FRENCH else catalogue.EN_SYSTEMS
    return {
        "system": systems[(index * 7 + index // 11) % len(systems)],
        "weeks": 3 + index % 8,
        "pct": 10 + (index * 3) % 31,
    }


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _references(model) -> list:
    found = list(model.objects.order_by("pk")[:8])
    if not found:  # an empty database (the bench's own, before seeding)
        found = [model.objects.create(code="SCALE", name="Scale")]
    return found


def _lessons(count: int, *, author, domains, types, now) -> list[Lesson]:
    lessons = []
    for index in range(count):
        language = Language.ENGLISH if index % 3 == 2 else Language.FRENCH
        category, phase, impact, _d, _t, title, context, happened, advice, tags = _theme(
            index, language
        )
        words = _words(index, language)
        day = FIRST_DAY + timedelta(days=(index * 37) % DAYS)
        label = f"Scale {index}"
        title = _capitalised(title.format(**words))[:200]
        lessons.append(
            Lesson(
                title=title,
                context=_capitalised(context.format(**words)),
                what_happened=_capitalised(happened.format(**words)),
                recommendation=advice,
                category=category,
                phase=phase,
                impact=impact,
                business_domain=domains[index % len(domains)],
                project_type=types[(index // 2) % len(types)],
                tags=tags,
                source_project_label=label,
                date=day,
                language=language,
                status=LessonStatus.VALIDATED,
                validated_by=author,
                validated_at=now,
                created_by=author,
                fingerprint=fingerprint(title=title, source=label, date=day),
            )
        )
    return lessons


def _projects(count: int, *, prefix, manager, portfolio, domains, types) -> list[Project]:
    projects = []
    for index in range(count):
        language = Language.ENGLISH if index % 4 == 3 else Language.FRENCH
        names = EN_PROJECTS if language == Language.ENGLISH else FR_PROJECTS
        words = _words(index, language)
        theme = _theme(index * 5 + 1, language)
        projects.append(
            Project(
                code=f"{prefix}-{index:05d}",
                name=_capitalised(names[index % len(names)].format(**words))[:200],
                description=_capitalised(theme[6].format(**words)),
                portfolio=portfolio,
                business_domain=domains[index % len(domains)],
                project_type=types[index % len(types)],
                status=LIVE[index % len(LIVE)],
                manager=manager,
                planned_start=date(2026, 1, 1),
                planned_end=date(2026, 12, 31),
            )
        )
    return projects


def build(
    *,
    lessons: int,
    projects: int,
    author,
    manager,
    portfolio,
    prefix: str = "SCL",
    suggestions: int = 0,
) -> Built:
    """``lessons`` validated lessons and ``projects`` live projects (managed by ``manager`` in
    ``portfolio``), with bulk_create: about a dozen queries whatever the sizes.
    ``suggestions``: automatic routes stored per project as the nightly refresh stores them
    (lessons picked in turn, not ranked: the pages that read routes need no ranking, and
    ranking every project is the refresh's work, measured on its own)."""
    now = timezone.now()
    domains, types = _references(BusinessDomain), _references(ProjectType)
    created = Lesson.objects.bulk_create(
        _lessons(lessons, author=author, domains=domains, types=types, now=now), batch_size=2000
    )
    lesson_ids = [lesson.pk for lesson in created]
    refresh_search_vectors(lesson_ids)
    made = Project.objects.bulk_create(
        _projects(
            projects,
            prefix=prefix,
            manager=manager,
            portfolio=portfolio,
            domains=domains,
            types=types,
        ),
        batch_size=2000,
    )
    project_ids = [project.pk for project in made]
    risks = []
    for index, project_id in enumerate(project_ids):
        language = Language.ENGLISH if index % 4 == 3 else Language.FRENCH
        theme, words = _theme(index * 3 + 2, language), _words(index + 1, language)
        risks.append(
            RaidItem(
                project_id=project_id,
                kind=RaidKind.RISK,
                title=_capitalised(theme[5].format(**words))[:200],
                description=_capitalised(theme[7].format(**words)),
                probability=1 + index % 4,
                impact=1 + (index // 4) % 4,
            )
        )
    RaidItem.objects.bulk_create(risks, batch_size=2000)
    _lifecycles(project_ids)
    decided = _decisions(project_ids, lesson_ids, manager=manager, now=now)
    _suggestions(project_ids, lesson_ids, count=suggestions, decided=decided)
    return Built(lesson_ids=lesson_ids, project_ids=project_ids)


def _lifecycles(project_ids: list[int]) -> None:
    """Each project at a phase of the first published methodology version, if there is one."""
    phases = list(
        Phase.objects.filter(version__status=VersionStatus.PUBLISHED)
        .order_by("version_id", "order")
        .values_list("version_id", "pk")
    )
    if not phases:
        return
    version_id = phases[0][0]
    ordered = [pk for version, pk in phases if version == version_id]
    ProjectLifecycle.objects.bulk_create(
        [
            ProjectLifecycle(
                project_id=project_id,
                methodology_version_id=version_id,
                current_phase_id=ordered[index % len(ordered)],
            )
            for index, project_id in enumerate(project_ids)
        ],
        batch_size=2000,
    )


def _decisions(project_ids, lesson_ids, *, manager, now) -> set[tuple[int, int]]:
    """One project in ten marked a lesson applied and another not relevant (the feedback of
    similar projects, and the coverage page's counts); returns the (project, lesson) pairs."""
    if not lesson_ids:
        return set()
    routes = []
    for index, project_id in enumerate(project_ids[::10]):
        applied = lesson_ids[(index * 31) % len(lesson_ids)]
        dismissed = lesson_ids[(index * 17 + 5) % len(lesson_ids)]
        decided = {"decided_by": manager, "decided_at": now, "project_id": project_id}
        routes.append(LessonRoute(lesson_id=applied, status=RouteStatus.APPLIED, **decided))
        if dismissed != applied:
            routes.append(
                LessonRoute(
                    lesson_id=dismissed,
                    status=RouteStatus.NOT_RELEVANT,
                    reason="Déjà couvert par le plan qualité.",
                    **decided,
                )
            )
    LessonRoute.objects.bulk_create(routes, batch_size=2000)
    return {(route.project_id, route.lesson_id) for route in routes}


def _suggestions(project_ids, lesson_ids, *, count: int, decided: set) -> None:
    routes = []
    for index, project_id in enumerate(project_ids):
        for rank in range(min(count, len(lesson_ids))):
            lesson_id = lesson_ids[(index * 7 + rank) % len(lesson_ids)]
            if (project_id, lesson_id) not in decided:
                routes.append(
                    LessonRoute(
                        project_id=project_id,
                        lesson_id=lesson_id,
                        score=round(1.5 - rank / 20, 4),
                        reasons=[{"kind": "domain"}],
                    )
                )
    LessonRoute.objects.bulk_create(routes, batch_size=5000)


# --- manage.py bench ---------------------------------------------------------------------------


def _timed(function) -> tuple[object, dict]:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = function()
        elapsed = (time.perf_counter() - started) * 1000
    return result, {"ms": round(elapsed, 1), "queries": len(queries)}


def _users():
    """A PMO and a project manager of the throwaway data (rolled back with it)."""
    from pmo_portal.roles import Role

    users = get_user_model().objects
    pmo = users.create(username="bench-scale-pmo")
    pmo.groups.add(Group.objects.get_or_create(name=Role.PMO)[0])
    manager = users.create(username="bench-scale-pm")
    manager.groups.add(Group.objects.get_or_create(name=Role.PROJECT_MANAGER)[0])
    return pmo, manager


class _Rollback(Exception):
    pass


def measure(*, lessons: int = LESSONS, projects: int = PROJECTS) -> dict:
    """The figures at scale; nothing is left behind (the transaction is rolled back)."""
    from lessons.selectors import register
    from lessons.services import routing

    figures: dict = {"lessons": lessons, "projects": projects, "search_text": SEARCH}
    try:
        with transaction.atomic():
            started = time.perf_counter()
            pmo, manager = _users()
            portfolio = Portfolio.objects.create(name="Bench scale (rolled back)")
            built = build(
                lessons=lessons,
                projects=projects,
                author=pmo,
                manager=manager,
                portfolio=portfolio,
                prefix="BENCH-SCALE",
            )
            figures["build_s"] = round(time.perf_counter() - started, 1)
            figures["index_lessons"] = Lesson.objects.filter(status=LessonStatus.VALIDATED).count()

            def search():
                _filter, queryset = register(user=pmo, data={"q": SEARCH})
                page = Paginator(queryset, 25).get_page(1)
                return len(list(page.object_list)), page.paginator.count

            (_shown, figures["search_results"]), figures["search"] = _timed(search)
            project = Project.objects.get(pk=built.project_ids[0])
            routing.clear_index_cache()
            _items, figures["route_one_cold"] = _timed(lambda: routing.ranked_lessons(project))
            _items, figures["route_one_warm"] = _timed(lambda: routing.ranked_lessons(project))
            figures["project_tab"] = _project_tab(pmo, project)
            created, figures["refresh"] = _timed(
                lambda: routing.refresh_project_routes_in_chunks(built.project_ids)
            )
            figures["refresh"]["routes_created"] = created
            figures["chunk"] = routing.REFRESH_CHUNK
            figures["refresh"]["chunks"] = -(-projects // routing.REFRESH_CHUNK)
            raise _Rollback
    except _Rollback:
        pass
    finally:
        routing.clear_index_cache()  # the index of the rolled-back lessons
    return figures


def _project_tab(user, project) -> dict:
    client = Client()
    client.force_login(user, backend=SIGN_IN_BACKEND)
    url = reverse("lessons:project_lessons", args=[project.pk])
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        client.get(url)  # session and index warm
        response, figures = _timed(lambda: client.get(url))
    figures["status"] = response.status_code
    return figures


def line(figures: dict) -> str:
    if not figures.get("available", True):
        return f"Lesson routing at scale: not measured ({figures.get('note')})"
    refresh = figures["refresh"]
    parts = [
        f"search {figures['search_text']!r} (page 1 of {figures['search_results']}) "
        f"{_figure(figures['search'])}",
        f"one project cold index {_figure(figures['route_one_cold'])}, "
        f"warm {_figure(figures['route_one_warm'])}",
        f"project tab (HTTP {figures['project_tab']['status']}) {_figure(figures['project_tab'])}",
        f"refresh of the {figures['projects']:,} projects ({refresh['chunks']} "
        f"chunk{'s' if refresh['chunks'] > 1 else ''} of {figures['chunk']}) "
        f"{refresh['ms'] / 1000:.1f} s, {refresh['queries']} queries",
    ]
    return (
        f"Lesson routing at scale ({figures['index_lessons']:,} validated lessons, "
        f"{figures['projects']:,} live projects, built in {figures['build_s']} s and rolled "
        "back): " + "; ".join(parts)
    )


def _figure(values: dict) -> str:
    return f"{values['ms']:.0f} ms / {values['queries']} queries"
