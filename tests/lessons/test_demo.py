"""The lessons demo: enough believable lessons in both languages, idempotent."""

import pytest

from lessons.demo import planned_lessons, seed_lessons
from lessons.models import Language, Lesson, LessonStatus
from lessons.selectors import search
from pmo_portal.roles import Role
from tests.portfolios.factories import (
    BusinessDomainFactory,
    ProjectFactory,
    ProjectTypeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_seed_lessons_twice():
    UserFactory(username="pmo", roles=[Role.PMO])
    UserFactory(username="chef.projet", roles=[Role.PROJECT_MANAGER])
    for code in ("SI", "IND", "COM", "RH", "FIN", "RSE"):
        BusinessDomainFactory(code=code)
    for code in ("SI-CYCLE-V", "AGILE", "INFRA", "REGL", "ORGA", "RD"):
        ProjectTypeFactory(code=code)
    ProjectFactory(code="PRJ-CLOSED", status="closed")
    assert seed_lessons() == {"lessons": len(planned_lessons())}
    lessons = Lesson.objects.all()
    assert lessons.count() >= 120
    assert lessons.filter(language=Language.FRENCH).count() >= 60
    assert lessons.filter(language=Language.ENGLISH).count() >= 40
    assert len(set(lessons.values_list("category", flat=True))) >= 10
    assert len(set(lessons.values_list("phase", flat=True))) == 6
    assert len(set(lessons.values_list("business_domain", flat=True))) == 6
    assert len(set(lessons.values_list("title", flat=True))) == lessons.count()
    assert lessons.filter(status=LessonStatus.DRAFT, created_by__username="chef.projet").exists()
    assert lessons.filter(status=LessonStatus.ARCHIVED).exists()
    assert lessons.filter(source_project__code="PRJ-CLOSED").exists()
    assert search(lessons, "dépassements budgétaires").exists()
    assert search(lessons, "budget overruns").exists()
    assert seed_lessons() == {"lessons": 0}
    assert Lesson.objects.count() == len(planned_lessons())


def test_no_demo_company_no_lessons():
    assert seed_lessons() == {"lessons": 0}
