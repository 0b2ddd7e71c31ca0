"""Closure reviews: figures captured from the other apps (equal to the budget page's), the
review's workflow, its lessons, optimistic concurrency, the PMO's list."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from governance.models import GateDecision, GateReview, GateStatus
from lessons.models import ClosureReview, ClosureStatus, LessonStatus
from lessons.services import closure as services
from portfolios.models import ProjectStatus
from resources.models import Nature
from tests.governance.factories import PhaseFactory
from tests.portfolios.factories import ProjectFactory
from tests.resources.factories import ActualCostFactory, BudgetLineFactory, CommittedCostFactory

pytestmark = pytest.mark.django_db

FR = {"HTTP_ACCEPT_LANGUAGE": "fr"}


def close(project, *, actual_end=date(2026, 5, 20), planned_end=date(2026, 3, 31)):
    project.status = ProjectStatus.CLOSED
    project.planned_end = planned_end
    project.actual_end = actual_end
    project.save()
    return project


@pytest.fixture
def closed_a(world):
    project = close(world.project_a)
    BudgetLineFactory(project=project, nature=Nature.CAPEX, approved_amount=Decimal("200000"))
    BudgetLineFactory(project=project, nature=Nature.OPEX, approved_amount=Decimal("50000"))
    BudgetLineFactory(
        project=project, nature=Nature.OPEX, fiscal_year=2025, approved_amount=Decimal("10000")
    )
    ActualCostFactory(project=project, nature=Nature.CAPEX, amount=Decimal("230000"))
    ActualCostFactory(project=project, nature=Nature.OPEX, amount=Decimal("45000"))
    ActualCostFactory(
        project=project, nature=Nature.OPEX, amount=Decimal("9000"), date=date(2025, 11, 3)
    )
    CommittedCostFactory(project=project, nature=Nature.OPEX, amount=Decimal("2000"))
    for decision in (GateDecision.GO, GateDecision.GO_WITH_CONDITIONS, GateDecision.NO_GO):
        GateReview.objects.create(
            project=project,
            phase=PhaseFactory(),
            status=GateStatus.DECIDED,
            decision=decision,
        )
    return project


def start(client, project):
    return client.post(reverse("lessons:closure_start", args=[project.pk]), **FR)


def test_figures_equal_the_budget_page(client_for, world, closed_a):
    client = client_for("pm")
    assert start(client, closed_a).status_code == 302
    review = ClosureReview.objects.get(project=closed_a)
    budget = client.get(reverse("resources:project_budget", args=[closed_a.pk]), **FR)
    by_nature = dict(budget.context["budget"]["by_nature"])
    capex, opex = by_nature[Nature.CAPEX.label], by_nature[Nature.OPEX.label]
    assert (review.capex_approved, review.capex_actual, review.capex_committed) == (
        capex.approved,
        capex.actual,
        capex.committed,
    )
    assert (review.opex_approved, review.opex_actual, review.opex_committed) == (
        opex.approved,
        opex.actual,
        opex.committed,
    )
    assert review.capex_approved == Decimal("200000")
    assert review.opex_approved == Decimal("60000")
    assert review.capex_variance == Decimal("30000")
    assert review.opex_variance == Decimal("-4000")  # 54 000 + 2 000 − 60 000
    assert review.schedule_variance_days == 50
    assert review.schedule_variance_months == Decimal("1.6")
    assert (review.gates_passed, review.gates_decided) == (2, 3)
    page = client.get(reverse("lessons:closure_review", args=[closed_a.pk]), **FR)
    assert page.status_code == 200
    assert 'id="schedule-variance">50 ' in page.content.decode()


def test_figures_are_kept_when_costs_arrive_later(client_for, closed_a):
    start(client_for("pm"), closed_a)
    ActualCostFactory(project=closed_a, nature=Nature.CAPEX, amount=Decimal("1000"))
    review = ClosureReview.objects.get(project=closed_a)
    assert review.capex_actual == Decimal("230000")
    review = services.recapture_figures(review=review, user=review.created_by)
    assert review.capex_actual == Decimal("231000")


def test_only_a_closed_project_has_a_review(client_for, world):
    client = client_for("pm")
    page = client.get(reverse("lessons:closure_review", args=[world.project_a.pk]), **FR)
    assert "Démarrer le bilan" not in page.content.decode()
    start(client, world.project_a)
    assert not ClosureReview.objects.exists()


def test_start_twice_gives_one_review(client_for, closed_a):
    client = client_for("pm")
    start(client, closed_a)
    start(client, closed_a)
    assert ClosureReview.objects.count() == 1


def test_workflow_and_lessons(client_for, world, closed_a):
    client = client_for("pm")
    start(client, closed_a)
    review = ClosureReview.objects.get()
    response = client.post(
        reverse("lessons:closure_lesson", args=[review.pk]),
        {
            "title": "Anticiper les données de recette",
            "context": "La recette a attendu les données.",
            "what_happened": "",
            "recommendation": "Préparer les données dès la conception.",
            "category": "planning",
            "phase": "Recette",
            "tags": "recette",
            "impact": "high",
            "language": "fr",
        },
        **FR,
    )
    assert response.status_code == 302
    lesson = review.lessons.get()
    assert lesson.source_project == closed_a
    assert lesson.business_domain_id == closed_a.business_domain_id
    assert lesson.status == LessonStatus.DRAFT
    assert client.post(reverse("lessons:closure_submit", args=[review.pk])).status_code == 302
    review.refresh_from_db()
    assert review.status == ClosureStatus.SUBMITTED
    # Submitted: the manager no longer edits it; they do not validate it.
    assert client.get(reverse("lessons:closure_edit", args=[review.pk])).status_code == 403
    assert client.post(reverse("lessons:closure_validate", args=[review.pk])).status_code == 403
    pmo = client_for("pmo")
    assert pmo.post(reverse("lessons:closure_validate", args=[review.pk])).status_code == 302
    review.refresh_from_db()
    lesson.refresh_from_db()
    assert review.status == ClosureStatus.VALIDATED
    assert review.validated_by == world.users["pmo"]
    assert lesson.status == LessonStatus.VALIDATED
    # Validated: frozen, for the PMO too.
    assert pmo.get(reverse("lessons:closure_edit", args=[review.pk])).status_code == 403


def test_the_pmo_sends_a_review_back(client_for, closed_a):
    start(client_for("pm"), closed_a)
    review = ClosureReview.objects.get()
    services.submit_review(review=review, user=review.created_by)
    client_for("pmo").post(reverse("lessons:closure_return", args=[review.pk]))
    review.refresh_from_db()
    assert review.status == ClosureStatus.DRAFT


def _edit(client, review, version, text):
    return client.post(
        reverse("lessons:closure_edit", args=[review.pk]),
        {
            "scope_delivered": "90",
            "scope_notes": "",
            "went_well": text,
            "went_badly": "",
            "version": str(version),
        },
        **FR,
    )


def test_concurrent_edits_conflict(client_for, closed_a):
    start(client_for("pm"), closed_a)
    review = ClosureReview.objects.get()
    opened = review.version
    assert _edit(client_for("pmo"), review, opened, "Le sponsor présent").status_code == 302
    response = _edit(client_for("pm"), review, opened, "L'équipe soudée")
    assert response.status_code == 409
    review.refresh_from_db()
    assert review.went_well == "Le sponsor présent"
    assert response.context["form"]["version"].value() == str(review.version)
    assert _edit(client_for("pm"), review, review.version, "Les deux").status_code == 302


def test_costs_hidden_without_budget_access(client_for, world, closed_a):
    start(client_for("pm"), closed_a)
    url = reverse("lessons:closure_review", args=[closed_a.pk])
    assert 'id="costs"' in client_for("pm").get(url).content.decode()
    assert 'id="costs"' not in client_for("resource_manager").get(url).content.decode()


def test_pmo_list_by_status_and_missing_reviews(client_for, world, closed_a):
    start(client_for("pm"), closed_a)
    close(world.project_b)
    client = client_for("pmo")
    page = client.get(reverse("lessons:closure_list"), **FR)
    assert [review.project for review in page.context["reviews"]] == [closed_a]
    assert list(page.context["missing"]) == [world.project_b]
    page = client.get(reverse("lessons:closure_list"), {"status": "validated"}, **FR)
    assert list(page.context["reviews"]) == []


def test_list_query_count_is_constant(client_for, world, django_assert_max_num_queries):
    client = client_for("pmo")

    def add(count):
        for _ in range(count):
            project = close(ProjectFactory(portfolio=world.p1, manager=world.users["pm"]))
            services.start_review(project=project, user=world.users["pm"])
            close(ProjectFactory(portfolio=world.p1, manager=world.users["pm"]))

    add(2)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("lessons:closure_list"))
    add(8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("lessons:closure_list"))


def test_project_tab_is_registered():
    from pmo_portal import registry

    assert "lessons:closure_review" in [tab.url_name for tab in registry.project_tabs()]


def test_demo_reviews_and_actions_twice():
    from lessons.demo_closure import seed_closure
    from lessons.models import ImprovementAction
    from pmo_portal.roles import Role
    from tests.portfolios.factories import UserFactory

    UserFactory(username="pmo", roles=[Role.PMO])
    manager = UserFactory(username="chef.projet", roles=[Role.PROJECT_MANAGER])
    for index in range(3):
        project = close(ProjectFactory(code=f"PRJ-C{index}", manager=manager))
        BudgetLineFactory(project=project)
    assert seed_closure() == {"reviews": 3, "actions": 6}
    assert seed_closure() == {"reviews": 0, "actions": 0}
    statuses = sorted(ClosureReview.objects.values_list("status", flat=True))
    assert statuses == ["draft", "submitted", "validated"]
    assert ImprovementAction.objects.filter(status="done").count() == 1
