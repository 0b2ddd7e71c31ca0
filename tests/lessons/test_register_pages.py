"""The register's pages: who reads what, filters, exports, drafting, editing, validating."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lessons.models import Category, Language, Lesson, LessonStatus
from lessons.services.register import refresh_search_vectors
from tests.lessons.factories import make_lesson

pytestmark = pytest.mark.django_db

FR = {"HTTP_ACCEPT_LANGUAGE": "fr"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def lessons(world):
    pmo, pm = world.users["pmo"], world.users["pm"]
    return {
        "validated": make_lesson(user=pmo, validated_by=pmo, title="Leçon validée"),
        "pm_draft": make_lesson(user=pm, title="Brouillon du chef de projet"),
        "pmo_draft": make_lesson(user=pmo, title="Brouillon du PMO"),
    }


def listed(client, **params) -> list[str]:
    response = client.get(reverse("lessons:lesson_list"), params, **FR)
    assert response.status_code == 200
    return [lesson.title for lesson in response.context["lessons"]]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("pmo", {"Leçon validée", "Brouillon du chef de projet", "Brouillon du PMO"}),
        ("pm", {"Leçon validée", "Brouillon du chef de projet"}),
        ("executive", {"Leçon validée"}),
        ("finance", {"Leçon validée"}),
    ],
)
def test_who_reads_which_lesson(client_for, lessons, role, expected):
    assert set(listed(client_for(role))) == expected


def test_filters_and_search(client_for, lessons, world):
    pmo = world.users["pmo"]
    make_lesson(
        user=pmo,
        validated_by=pmo,
        title="Overrun of the budget",
        context="Costs tracked late.",
        recommendation="Reconcile monthly.",
        category=Category.BUDGET,
        phase="Réalisation",
        language=Language.ENGLISH,
    )
    client = client_for("pmo")
    assert listed(client, category="budget") == ["Overrun of the budget"]
    assert listed(client, phase="Réalisation") == ["Overrun of the budget"]
    assert listed(client, language="en") == ["Overrun of the budget"]
    assert set(listed(client, status="draft")) == {
        "Brouillon du chef de projet",
        "Brouillon du PMO",
    }
    assert listed(client, q="budget overruns") == ["Overrun of the budget"]
    page = client.get(reverse("lessons:lesson_list"), {"q": "zzz"}, **EN)
    assert "No lesson matches this search" in page.content.decode()


def _bulk(count: int, author):
    Lesson.objects.bulk_create(
        Lesson(
            title=f"Leçon {number}",
            context="Contexte",
            recommendation="Recommandation",
            status=LessonStatus.VALIDATED,
            validated_at="2024-01-01T00:00:00Z",
            created_by=author,
            fingerprint=f"bulk-{number}",
            date=date(2024, 1, 1),
        )
        for number in range(count)
    )
    refresh_search_vectors(Lesson.objects.values_list("pk", flat=True))


@pytest.mark.parametrize("size", [3, 60])
def test_list_queries_do_not_grow(client_for, world, django_assert_max_num_queries, size):
    _bulk(size, world.users["pmo"])
    client = client_for("executive")
    client.get(reverse("lessons:lesson_list"))  # session and caches warm
    with django_assert_max_num_queries(12):
        response = client.get(reverse("lessons:lesson_list"), {"q": "leçon"})
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == size


def test_exports_hold_the_filtered_register(client_for, lessons):
    client = client_for("pm")
    response = client.get(reverse("lessons:lesson_export_csv"), **EN)
    rows = list(
        csv.reader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"
        )
    )
    assert rows[0][:3] == ["Title", "Context", "What happened"]
    assert {row[0] for row in rows[1:]} == {"Leçon validée", "Brouillon du chef de projet"}
    response = client.get(reverse("lessons:lesson_export_xlsx"), {"status": "validated"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Leçon validée"]


def test_a_project_manager_drafts_then_the_pmo_validates(client_for, world):
    client = client_for("pm")
    response = client.post(
        reverse("lessons:lesson_create"),
        {
            "title": "Experts métier indisponibles",
            "context": "Les experts restaient à 100 % sur l'activité.",
            "recommendation": "Contractualiser un temps dédié.",
            "category": "resources",
            "phase": "Conception",
            "tags": "ETP ; plan de charge, etp",
            "impact": "high",
            "source_project": world.project_a.pk,
            "source_project_label": "ignored when a project is chosen",
            "date": "2024-05-02",
            "language": "fr",
        },
    )
    assert response.status_code == 302
    lesson = Lesson.objects.get()
    assert (lesson.status, lesson.created_by) == (LessonStatus.DRAFT, world.users["pm"])
    assert lesson.tags == "ETP, plan de charge"
    assert lesson.source_project_label == ""
    assert lesson.history.first().history_user == world.users["pm"]
    # Not shared yet: the executive does not see it.
    exec_client = client_for("executive")
    assert exec_client.get(lesson.get_absolute_url()).status_code == 404
    pmo = client_for("pmo")
    assert pmo.post(reverse("lessons:lesson_validate", args=[lesson.pk])).status_code == 302
    lesson.refresh_from_db()
    assert lesson.status == LessonStatus.VALIDATED
    assert lesson.validated_by == world.users["pmo"]
    assert lesson.validated_at
    # Validated: the project manager no longer edits it; the executive reads it.
    pm = client_for("pm")
    assert pm.get(reverse("lessons:lesson_edit", args=[lesson.pk])).status_code == 403
    assert client_for("executive").get(lesson.get_absolute_url()).status_code == 200
    pmo = client_for("pmo")
    pmo.post(reverse("lessons:lesson_archive", args=[lesson.pk]))
    lesson.refresh_from_db()
    assert lesson.status == LessonStatus.ARCHIVED
    assert client_for("executive").get(lesson.get_absolute_url()).status_code == 404


def _form_data(lesson, **changes) -> dict:
    data = {
        "title": lesson.title,
        "context": lesson.context,
        "what_happened": lesson.what_happened,
        "recommendation": lesson.recommendation,
        "category": lesson.category,
        "phase": lesson.phase,
        "tags": lesson.tags,
        "impact": lesson.impact,
        "source_project_label": lesson.source_project_label,
        "date": lesson.date.isoformat(),
        "language": lesson.language,
        "version": lesson.version,
    }
    return {**data, **changes}


def test_two_edits_of_the_same_lesson_conflict(client_for, lessons):
    lesson = lessons["pm_draft"]
    stale = _form_data(lesson, title="Première version")
    client = client_for("pmo")
    assert client.post(reverse("lessons:lesson_edit", args=[lesson.pk]), stale).status_code == 302
    response = client.post(
        reverse("lessons:lesson_edit", args=[lesson.pk]), {**stale, "title": "Seconde"}
    )
    assert response.status_code == 409
    lesson.refresh_from_db()
    assert lesson.title == "Première version"
    assert response.context["conflict"]["rows"]


def test_the_draft_of_a_project_manager_validated_meanwhile(client_for, lessons, world):
    lesson = lessons["pm_draft"]
    data = _form_data(lesson, title="Trop tard")
    client = client_for("pm")
    from lessons.services.register import validate_lesson

    validate_lesson(lesson=lesson, user=world.users["pmo"])
    response = client.post(reverse("lessons:lesson_edit", args=[lesson.pk]), data)
    assert response.status_code == 403
    lesson.refresh_from_db()
    assert lesson.title == "Brouillon du chef de projet"


def test_detail_page(client_for, lessons):
    response = client_for("executive").get(lessons["validated"].get_absolute_url(), **EN)
    page = response.content.decode()
    assert "Recommendation" in page
    assert "Leçon validée" in page
    lesson = lessons["validated"]
    for name in ("lesson_edit", "lesson_archive"):  # the executive only reads
        assert reverse(f"lessons:{name}", args=[lesson.pk]) not in page
    assert 'lang="fr"' in page  # a French lesson on an English page says so


def test_the_pmo_routes_or_acts_on_a_validated_lesson_from_its_page(client_for, lessons):
    lesson = lessons["validated"]
    route = reverse("lessons:lesson_route", args=[lesson.pk])
    new_action = f"{reverse('lessons:action_create')}?lesson={lesson.pk}"
    pmo = client_for("pmo")
    page = pmo.get(lesson.get_absolute_url(), **FR).content.decode()
    assert f'href="{route}"' in page
    assert f'href="{new_action}"' in page
    form = pmo.get(new_action, **FR).context["form"]
    assert form.initial["lesson"] == lesson.pk  # the action starts from this lesson
    draft = pmo.get(lessons["pmo_draft"].get_absolute_url(), **FR).content.decode()
    assert "/route/" not in draft  # a draft is routed once validated
    assert "?lesson=" not in draft
    reader = client_for("executive").get(lesson.get_absolute_url(), **FR).content.decode()
    assert f'href="{route}"' not in reader
    assert "?lesson=" not in reader
