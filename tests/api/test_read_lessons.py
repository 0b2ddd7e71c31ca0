"""The lessons register and a project's lessons through the API: the register's rows in its
order for each reader, its filters, and the project tab's lessons."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from lessons.models import LessonRoute, RouteSource
from tests.api.conftest import all_pages
from tests.api.test_tokens import assert_problem
from tests.lessons.factories import make_lesson

pytestmark = pytest.mark.django_db


def _register(world):
    pmo, pm = world.users["pmo"], world.users["pm"]
    old = make_lesson(user=pmo, validated_by=pmo, title="Budget ancien", date=date(2021, 1, 5))
    new = make_lesson(user=pmo, validated_by=pmo, title="Budget récent", date=date(2024, 6, 1))
    undated = make_lesson(user=pmo, validated_by=pmo, title="Sans date", date=None)
    draft = make_lesson(user=pm, title="Brouillon du PM", category="budget")
    return old, new, undated, draft


@pytest.mark.parametrize("role", ["pmo", "pm", "executive"])
def test_each_role_reads_the_register_the_web_shows(api, bearer, world, client_for, role):
    _register(world)
    for query in ({}, {"q": "budget"}, {"status": "validated"}):
        web = client_for(role).get(reverse("lessons:lesson_list"), query)
        params = "&".join(f"{key}={value}" for key, value in query.items())
        rows = all_pages(api, f"/api/v1/lessons/?page_size=2&{params}", bearer(role))
        assert [row["id"] for row in rows] == [lesson.pk for lesson in web.context["lessons"]]


def test_a_lesson_and_who_reads_it(api, bearer, world):
    old, _new, _undated, draft = _register(world)
    body = api.get(f"/api/v1/lessons/{old.pk}/", **bearer("finance"))
    assert body.json()["tags"] == ["données de test", "recette"]
    assert body.json()["source"] == "Refonte facturation 2022"
    assert (
        api.get(
            f"/api/v1/lessons/{old.pk}/", HTTP_IF_NONE_MATCH=body["ETag"], **bearer("finance")
        ).status_code
        == 304
    )
    assert api.get(f"/api/v1/lessons/{draft.pk}/", **bearer("pm")).status_code == 200
    assert_problem(api.get(f"/api/v1/lessons/{draft.pk}/", **bearer("executive")), 404)
    assert_problem(api.get(f"/api/v1/lessons/{old.pk}/", **bearer("outsider")), 403)
    errors = assert_problem(api.get("/api/v1/lessons/?category=nonsense", **bearer("pm")), 400)
    assert "category" in errors["errors"]


def test_the_register_costs_the_same_at_two_sizes(world, bearer, constant_queries):
    pmo = world.users["pmo"]
    _register(world)
    constant_queries(
        "/api/v1/lessons/",
        bearer("executive"),
        lambda: [make_lesson(user=pmo, validated_by=pmo, title=f"Leçon {n}") for n in range(10)],
    )


def test_a_projects_lessons_are_its_tab(api, bearer, world, client_for):
    old, new, _undated, _draft = _register(world)
    a = world.project_a
    LessonRoute.objects.create(
        lesson=old, project=a, source=RouteSource.MANUAL, routed_by=world.users["pmo"], score=1
    )
    LessonRoute.objects.create(lesson=new, project=a, status="not_relevant", reason="Hors sujet")
    web = client_for("pm").get(reverse("lessons:project_lessons", args=[a.pk]))
    body = api.get(f"/api/v1/projects/{a.pk}/lessons/", **bearer("pm")).json()
    assert [row["lesson"] for row in body["results"]] == [
        item["lesson"].pk for item in web.context["items"]
    ]
    assert body["results"][0] | {"score": None, "reasons": None} == {
        "lesson": old.pk,
        "title": "Budget ancien",
        "recommendation": old.recommendation,
        "category": old.category,
        "score": None,
        "reasons": None,
        "status": "suggested",
        "source": "manual",
        "decided_at": None,
    }
    assert new.pk not in [row["lesson"] for row in body["results"]]
    assert_problem(api.get(f"/api/v1/projects/{world.project_b.pk}/lessons/", **bearer("pm")), 404)
