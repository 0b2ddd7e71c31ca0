"""Improvement actions: create and edit (PMO), mark done (PMO or owner), overdue ones, the
list's filters, pages and CSV export, the governance change traced both ways, conflicts."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lessons.models import ActionStatus, ImprovementAction
from lessons.services.actions import create_action
from tests.governance.factories import MethodologyVersionFactory, TemplateVersionFactory
from tests.lessons.factories import make_lesson

pytestmark = pytest.mark.django_db

FR = {"HTTP_ACCEPT_LANGUAGE": "fr"}


def make_action(world, **fields):
    values = {
        "title": "Ajouter un jalon de données de recette",
        "description": "",
        "lesson": None,
        "analytic_reference": "Projets en retard par type, 2025",
        "owner": world.users["pm"],
        "due_date": timezone.localdate() + timedelta(days=30),
        "status": ActionStatus.OPEN,
        "methodology_version": None,
        "template_version": None,
        **fields,
    }
    return create_action(user=world.users["pmo"], fields=values)


def _post(world, **fields):
    data = {
        "title": "Nouveau modèle de note de cadrage",
        "description": "Ajouter une section données de recette.",
        "lesson": "",
        "analytic_reference": "",
        "owner": str(world.users["pm"].pk),
        "due_date": "2026-09-30",
        "status": "open",
        "methodology_version": "",
        "template_version": "",
    }
    data.update(fields)
    return data


def test_pmo_creates_an_action_from_a_lesson_leading_to_a_template_version(
    client_for, world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    pmo = world.users["pmo"]
    lesson = make_lesson(user=pmo, validated_by=pmo)
    version = TemplateVersionFactory()
    client = client_for("pmo")
    response = client.post(
        reverse("lessons:action_create"),
        _post(world, lesson=str(lesson.pk), template_version=str(version.pk)),
        **FR,
    )
    assert response.status_code == 302
    action = ImprovementAction.objects.get()
    assert (action.lesson, action.template_version, action.created_by) == (lesson, version, pmo)
    page = client.get(action.get_absolute_url(), **FR).content.decode()
    assert reverse("governance:template_detail", args=[version.template_id]) in page
    changes = client.get(reverse("lessons:action_governance"), **FR)
    [group] = changes.context["groups"]
    assert group["version"] == version
    assert group["actions"] == [action]


def test_an_action_names_its_origin_and_one_governance_change(client_for, world):
    client = client_for("pmo")
    response = client.post(reverse("lessons:action_create"), _post(world), **FR)
    assert response.status_code == 200
    assert "analytic_reference" in response.context["form"].errors
    response = client.post(
        reverse("lessons:action_create"),
        _post(
            world,
            analytic_reference="Dérives par domaine",
            methodology_version=str(MethodologyVersionFactory().pk),
            template_version=str(TemplateVersionFactory().pk),
        ),
        **FR,
    )
    assert response.status_code == 200
    assert not ImprovementAction.objects.exists()


def test_owner_marks_done_others_cannot(client_for, world):
    action = make_action(world)
    url = reverse("lessons:action_done", args=[action.pk])
    assert client_for("executive").post(url).status_code == 403
    assert client_for("pm").post(url).status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert action.done_at is not None


def test_overdue_actions_are_shown_and_filtered(client_for, world):
    late = make_action(world, title="En retard", due_date=date(2020, 1, 1))
    make_action(world, title="À venir")
    make_action(world, title="Faite en retard", due_date=date(2020, 1, 1), status="done")
    client = client_for("executive")
    page = client.get(reverse("lessons:action_list"), **FR)
    assert page.context["overdue"] == 1
    assert 'id="overdue-alert"' in page.content.decode()
    page = client.get(reverse("lessons:action_list"), {"overdue": "true"}, **FR)
    assert list(page.context["actions"]) == [late]
    page = client.get(reverse("lessons:action_list"), {"status": "done"}, **FR)
    assert [action.title for action in page.context["actions"]] == ["Faite en retard"]


def test_csv_export_holds_the_filtered_list(client_for, world):
    make_action(world, title="En retard", due_date=date(2020, 1, 1))
    make_action(world, title="Annulée", status="cancelled")
    response = client_for("finance").get(
        reverse("lessons:action_export_csv"), {"status": "open"}, **FR
    )
    rows = list(
        csv.reader(io.StringIO(b"".join(response.streaming_content).decode()), delimiter=";")
    )
    assert [row[0] for row in rows[1:]] == ["En retard"]
    assert rows[1][7] == "Oui"


def test_concurrent_edits_conflict(client_for, world):
    action = make_action(world)
    url = reverse("lessons:action_edit", args=[action.pk])
    opened = action.version
    first = _post(world, title="Version du PMO", analytic_reference="x", version=str(opened))
    assert client_for("pmo").post(url, first, **FR).status_code == 302
    second = _post(world, title="Seconde", analytic_reference="x", version=str(opened))
    response = client_for("pmo").post(url, second, **FR)
    assert response.status_code == 409
    action.refresh_from_db()
    assert action.title == "Version du PMO"


def test_list_query_count_is_constant(client_for, world, django_assert_max_num_queries):
    client = client_for("pmo")
    for _ in range(2):
        make_action(world, template_version=None, methodology_version=MethodologyVersionFactory())
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("lessons:action_list"))
    for _ in range(10):
        make_action(
            world, methodology_version=MethodologyVersionFactory(), due_date=date(2020, 1, 1)
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("lessons:action_list"))
