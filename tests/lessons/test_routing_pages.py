"""Lesson routing pages and services: the project tab and its decisions, the PMO's manual
routing and coverage, the nightly refresh, ``manage.py lessons_for``."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from lessons.models import Lesson, LessonRoute, LessonStatus, RouteSource, RouteStatus
from lessons.services.routing import clear_index_cache, refresh_routes
from portfolios.models import Project, ProjectStatus
from tests.lessons.factories import make_lesson

pytestmark = pytest.mark.django_db

FR = {"HTTP_ACCEPT_LANGUAGE": "fr"}


@pytest.fixture
def live(world):
    clear_index_cache()
    Project.objects.filter(pk=world.project_a.pk).update(
        status=ProjectStatus.ACTIVE,
        description="Recette du progiciel : disponibilité des experts métier incertaine.",
        business_domain=world.project_a.business_domain,
    )
    world.project_a.refresh_from_db()
    pmo = world.users["pmo"]
    match = make_lesson(
        user=pmo,
        validated_by=pmo,
        title="Disponibilité des experts métier en recette",
        business_domain=world.project_a.business_domain,
    )
    other = make_lesson(user=pmo, validated_by=pmo, title="Contrat fournisseur", tags="")
    return {"project": world.project_a, "match": match, "other": other}


def _bulk(count: int, author, domain):
    Lesson.objects.bulk_create(
        Lesson(
            title=f"Experts métier {number}",
            context="Recette et disponibilité",
            recommendation="Réserver le temps des experts",
            status=LessonStatus.VALIDATED,
            validated_at="2024-01-01T00:00:00Z",
            created_by=author,
            business_domain=domain,
            fingerprint=f"bulk-{number}",
            date=date(2024, 1, 1),
        )
        for number in range(count)
    )


def test_the_pm_sees_the_lesson_with_its_reasons_and_marks_it(client_for, live):
    project, match = live["project"], live["match"]
    client = client_for("pm")
    response = client.get(
        reverse("lessons:project_lessons", args=[project.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert match.title in body
    assert "same business domain" in body
    url = reverse("lessons:project_lesson_decide", args=[project.pk, match.pk])
    client.post(url, {"status": "not_relevant", "reason": ""})
    assert not LessonRoute.objects.filter(status=RouteStatus.NOT_RELEVANT).exists()
    client.post(url, {"status": "not_relevant", "reason": "Déjà prévu"})
    route = LessonRoute.objects.get(lesson=match, project=project)
    assert route.status == RouteStatus.NOT_RELEVANT
    assert route.reason == "Déjà prévu"
    response = client.get(reverse("lessons:project_lessons", args=[project.pk]), **FR)
    assert match.pk not in [item["lesson"].pk for item in response.context["items"]]
    client.post(url, {"status": "applied"})
    route.refresh_from_db()
    assert route.status == RouteStatus.APPLIED
    assert route.reason == ""
    assert route.history.count() == 2


def test_manual_routing_refresh_and_coverage(client_for, live, world):
    project, other = live["project"], live["other"]
    pmo = client_for("pmo")
    url = reverse("lessons:lesson_route", args=[other.pk])
    response = pmo.post(url, {"code": "NOPE"}, **FR)
    assert response.status_code == 200
    assert not LessonRoute.objects.exists()
    assert pmo.post(url, {"code": project.code.lower()}).status_code == 302
    route = LessonRoute.objects.get(lesson=other, project=project)
    assert route.source == RouteSource.MANUAL
    created = refresh_routes()
    assert created >= 1
    assert refresh_routes() == 0  # idempotent
    assert LessonRoute.objects.get(lesson=other, project=project).source == RouteSource.MANUAL
    response = pmo.get(reverse("lessons:routing_coverage"), **FR)
    assert response.status_code == 200
    assert response.context["totals"]["routes"] == LessonRoute.objects.count()
    export = pmo.get(reverse("lessons:routing_coverage_csv"))
    csv_body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert project.code in csv_body
    unreached = pmo.get(reverse("lessons:routing_coverage"), {"unreached": "1"})
    assert unreached.context["page_obj"].paginator.count == 0


def test_lessons_for_prints_the_same_ranking(live):
    out = io.StringIO()
    call_command("lessons_for", live["project"].code, "--top", "5", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["lessons"][0]["lesson"] == live["match"].pk
    assert data["lessons"][0]["reasons"]


@pytest.mark.parametrize("size", [3, 40])
def test_tab_and_coverage_queries_do_not_grow(
    client_for, live, world, django_assert_max_num_queries, size
):
    _bulk(size, world.users["pmo"], world.project_a.business_domain)
    refresh_routes()
    pm, pmo = client_for("pm"), client_for("pmo")
    tab = reverse("lessons:project_lessons", args=[live["project"].pk])
    pm.get(tab)
    with django_assert_max_num_queries(30):
        assert pm.get(tab).status_code == 200
    pmo.get(reverse("lessons:routing_coverage"))
    with django_assert_max_num_queries(14):
        assert pmo.get(reverse("lessons:routing_coverage")).status_code == 200


def test_the_home_panel_lists_lessons_for_the_pm_projects(client_for, live):
    refresh_routes()
    response = client_for("pm").get(reverse("home"))
    panels = {panel["key"]: panel for panel in response.context["panels"]}
    rows = panels["lessons-for-my-projects"]["panel"]["rows"]
    assert rows[0]["project"] == live["project"]
    assert rows[0]["lessons"][0]["pk"] == live["match"].pk
    executive = client_for("executive").get(reverse("home"))
    assert "lessons-for-my-projects" not in {panel["key"] for panel in executive.context["panels"]}
