"""Full-text search of the register in French and English (lessons/selectors.py)."""

import pytest

from lessons import selectors
from lessons.models import Language, Lesson
from lessons.selectors import search
from lessons.services.register import update_lesson
from pmo_portal.roles import Role
from tests.lessons.factories import make_lesson
from tests.portfolios.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pmo():
    return UserFactory(username="pmo_search", roles=[Role.PMO])


def titles(queryset) -> list[str]:
    return [lesson.title for lesson in queryset]


def test_french_stemming_finds_the_budget_overrun(pmo):
    make_lesson(
        user=pmo,
        title="Dépassement du budget d'exploitation",
        context="Les licences n'étaient pas chiffrées.",
        recommendation="Chiffrer le coût complet.",
    )
    make_lesson(user=pmo, title="Experts métier indisponibles", tags="plan de charge")
    found = titles(search(Lesson.objects.all(), "dépassements budgétaires"))
    assert found == ["Dépassement du budget d'exploitation"]


def test_english_stemming_finds_the_overrun(pmo):
    make_lesson(
        user=pmo,
        title="Overrun of the budget spotted late",
        context="Costs were tracked from invoices only.",
        recommendation="Reconcile costs monthly.",
        language=Language.ENGLISH,
    )
    make_lesson(
        user=pmo,
        title="Penetration test after go-live",
        context="The audit was booked late.",
        recommendation="Book it at kick-off.",
        language=Language.ENGLISH,
    )
    assert titles(search(Lesson.objects.all(), "budget overruns")) == [
        "Overrun of the budget spotted late"
    ]


def test_each_lesson_is_searched_in_its_own_language(pmo):
    """One query reaches both: French words through the French stemmer, English words
    through the English one."""
    make_lesson(user=pmo, title="Recettes fonctionnelles tardives")
    make_lesson(
        user=pmo,
        title="Late functional testing",
        context="Testing started late.",
        recommendation="Plan it.",
        language=Language.ENGLISH,
    )
    assert set(titles(search(Lesson.objects.all(), "recette testing"))) == {
        "Recettes fonctionnelles tardives",
        "Late functional testing",
    }


def test_best_match_first(pmo):
    make_lesson(user=pmo, title="Planning sans marge", context="Le budget était serré.")
    make_lesson(user=pmo, title="Dépassement du budget", context="Le budget a dérapé.")
    make_lesson(user=pmo, title="Autre sujet", context="Rien à voir.")
    found = titles(search(Lesson.objects.all(), "budget"))
    assert found == ["Dépassement du budget", "Planning sans marge"]


def test_typed_syntax_is_not_a_query(pmo):
    make_lesson(user=pmo, title="Dépassement du budget")
    for text in ("budget & | ! :* ( ' \"", "'; drop table", "<->", "!!!"):
        list(search(Lesson.objects.all(), text))  # no syntax error
    assert titles(search(Lesson.objects.all(), "budget & !")) == ["Dépassement du budget"]


def test_an_edit_updates_the_search(pmo):
    lesson = make_lesson(user=pmo, title="Interfaces sous-estimées")
    assert not search(Lesson.objects.all(), "sécurité").exists()
    update_lesson(
        lesson=lesson,
        user=pmo,
        fields={"title": "Audit de sécurité trop tardif"},
        version=lesson.version,
    )
    assert search(Lesson.objects.all(), "sécurité").exists()


def test_plain_fallback_without_postgresql(pmo, monkeypatch):
    """The embedded demo (SQLite): every word typed must appear in one of the texts."""
    make_lesson(user=pmo, title="Dépassement du budget", tags="OPEX, licences")
    make_lesson(user=pmo, title="Budget de recette", tags="")

    class SQLite:
        vendor = "sqlite"

    monkeypatch.setattr(selectors, "connection", SQLite())
    assert titles(search(Lesson.objects.order_by("pk"), "budget")) == [
        "Dépassement du budget",
        "Budget de recette",
    ]
    assert titles(search(Lesson.objects.all(), "budget licences")) == ["Dépassement du budget"]
