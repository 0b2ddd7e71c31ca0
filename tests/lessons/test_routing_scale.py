"""Search and routing at scale (issue 13): the register's search, the project tab, the coverage
page, the home panel, the nightly refresh and ``lessons_for`` run the same number of queries
with 20 lessons and 10 live projects as with 600 lessons and 200 (the refresh: 60 lessons and
200 projects), the data built with bulk_create by pmo_portal/management/bench_lessons_scale.py
as ``manage.py bench --lessons-only`` builds 5,000 lessons and 2,000 projects."""

import io
import json
from dataclasses import dataclass
from datetime import date

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.urls import reverse

from lessons.models import Language, Lesson, LessonRoute, RouteSource, RouteStatus
from lessons.selectors import TEXT_FIELDS
from lessons.selectors_routing import lessons_for_my_projects
from lessons.services.routing import (
    ROUTE_TOP,
    clear_index_cache,
    live_projects,
    refresh_project_routes,
    refresh_routes,
)
from pmo_portal.management.bench_lessons_scale import SEARCH, build
from portfolios.models import Project, ProjectStatus
from reporting.models import RaidItem
from tests.governance.factories import methodology_with_phases, start_lifecycle
from tests.lessons.factories import make_lesson

pytestmark = pytest.mark.django_db

SIZES = [(20, 10), (600, 200)]  # (validated lessons, live projects besides the world's)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@dataclass
class Scale:
    project: Project  # project A, managed by ``pm``
    target: Lesson  # the lesson written for project A
    project_ids: list[int]


@pytest.fixture(params=SIZES, ids=["small", "large"])
def scale(request, world) -> Scale:
    lessons, projects = request.param
    clear_index_cache()
    pmo, pm = world.users["pmo"], world.users["pm"]
    project = world.project_a
    start_lifecycle(project, methodology_with_phases(project.project_type), phase_order=2)
    Project.objects.filter(pk=project.pk).update(
        status=ProjectStatus.ACTIVE,
        description="Construction de la chambre froide de l'entrepôt : dépassement du budget "
        "des équipements frigorifiques à surveiller.",
    )
    project.refresh_from_db()
    RaidItem.objects.filter(pk=world.risk_a.pk).update(
        title="Dépassement du budget des équipements frigorifiques",
        description="Les devis de la chambre froide dépassent l'enveloppe.",
    )
    target = make_lesson(
        user=pmo,
        validated_by=pmo,
        title="Dépassement du budget de la chambre froide",
        context="Le dépassement du budget des équipements frigorifiques a été vu tard.",
        recommendation="Chiffrer les équipements de la chambre froide avec deux devis.",
        tags="dépassement, chambre froide, budget",
        phase="Conception",  # project A's current phase
        business_domain=project.business_domain,
        project_type=project.project_type,
        date=date(2018, 6, 1),  # older than every other lesson: it is not first by date
    )
    built = build(
        lessons=lessons,
        projects=projects,
        author=pmo,
        manager=pm,
        portfolio=world.p1,
        suggestions=ROUTE_TOP,
    )
    refresh_project_routes([project.pk])  # project A's routes ranked for real
    return Scale(project=project, target=target, project_ids=built.project_ids)


def test_search(client_for, scale, django_assert_max_num_queries):
    client = client_for("pmo")
    url = reverse("lessons:lesson_list")
    client.get(url, {"q": SEARCH})  # session and caches warm
    with django_assert_max_num_queries(8):
        response = client.get(url, {"q": SEARCH}, **EN)
    assert response.status_code == 200
    assert response.context["lessons"][0] == scale.target
    holding = Q()
    for name in TEXT_FIELDS:
        holding |= Q(**{f"{name}__icontains": "dépass"})
    expected = Lesson.objects.filter(holding, language=Language.FRENCH).count()
    assert response.context["page_obj"].paginator.count == expected
    assert f"{expected} lesson" in response.content.decode()


def test_project_tab(client_for, scale, django_assert_max_num_queries):
    client = client_for("pm")
    url = reverse("lessons:project_lessons", args=[scale.project.pk])
    client.get(url)  # session warm, index built
    with django_assert_max_num_queries(15):
        response = client.get(url, **EN)
    assert response.status_code == 200
    items = response.context["items"]
    assert items[0]["lesson"] == scale.target
    assert len(items) == 10
    assert "same business domain" in response.content.decode()


def test_coverage(client_for, scale, django_assert_max_num_queries):
    client = client_for("pmo")
    url = reverse("lessons:routing_coverage")
    client.get(url)
    with django_assert_max_num_queries(8):
        response = client.get(url, **EN)
    assert response.status_code == 200
    assert response.context["totals"]["routes"] == LessonRoute.objects.count()
    validated = Lesson.objects.count()
    assert len(response.context["rows"]) == min(25, validated)
    assert f"{validated} lessons" in response.content.decode()


def test_home_panel(client_for, world, scale, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # the user's roles, then the panel's two reads
        lessons_for_my_projects(world.users["pm"])
    client = client_for("pm")
    client.get(reverse("home"))
    with django_assert_max_num_queries(11):  # the whole page, the PM's other panels included
        response = client.get(reverse("home"), **EN)
    panels = {panel["key"]: panel for panel in response.context["panels"]}
    rows = panels["lessons-for-my-projects"]["panel"]["rows"]
    assert len(rows) == 8  # the panel's limit: the PM has more projects with suggestions
    assert rows[0]["project"] == scale.project
    assert rows[0]["lessons"][0]["pk"] == scale.target.pk
    assert scale.target.title in response.content.decode()


# The refresh ranks every project against every lesson (CPU, not queries): fewer lessons
# keep it quick, and 200 projects store 3,000 routes, more than any batch of a thousand.
@pytest.mark.parametrize("scale", [(20, 10), (60, 200)], ids=["small", "large"], indirect=True)
def test_nightly_refresh(scale, django_assert_max_num_queries):
    """Every live project fits one chunk at both sizes: the refresh ranks them all, moves the
    scores of the stored suggestions still in the top, drops those that left it and adds the
    new ones in the same number of queries."""
    decisions = LessonRoute.objects.exclude(status=RouteStatus.SUGGESTED).count()
    assert decisions  # one project in ten decided on two lessons
    before = set(LessonRoute.objects.values_list("pk", flat=True))
    with django_assert_max_num_queries(16):
        refresh_routes()
    dropped = before - set(LessonRoute.objects.values_list("pk", flat=True))
    assert dropped  # the stored suggestions that left the top
    deleted = LessonRoute.history.filter(history_type="-").values_list("id", flat=True)
    assert set(deleted) == dropped  # their history says when they went
    assert refresh_routes() == 0  # the same night again changes nothing
    suggested = LessonRoute.objects.filter(
        source=RouteSource.AUTOMATIC, status=RouteStatus.SUGGESTED
    )
    per_project = suggested.values("project").annotate(routes=Count("pk"))
    assert max(row["routes"] for row in per_project) == ROUTE_TOP
    assert per_project.count() == live_projects().count()
    assert LessonRoute.objects.exclude(status=RouteStatus.SUGGESTED).count() == decisions


def test_lessons_for(scale, django_assert_max_num_queries):
    out = io.StringIO()
    with django_assert_max_num_queries(10):
        call_command("lessons_for", scale.project.code, "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["lessons"][0]["lesson"] == scale.target.pk
    assert len(data["lessons"]) == 10
