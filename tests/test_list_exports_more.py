"""The list exports of continuous improvement and of the scenarios (the cases of
tests/test_list_exports.py, continued here to keep each file readable): the buttons keep the
filter, both files open, their rows are the filtered rows, not one page of them."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from lessons.models import (
    ActionStatus,
    ClosureStatus,
    ImprovementAction,
    LessonRoute,
    RouteSource,
    RouteStatus,
)
from lessons.services.closure import start_review
from portfolios.models import ProjectStatus, Scenario, ScenarioStatus
from tests.lessons.factories import make_lesson
from tests.portfolios.factories import ProjectFactory
from tests.test_list_exports import (  # noqa: F401 (clock: the same autouse clock)
    Listing,
    clock,
    export_links,
    exported,
    north,
)

CASES: dict = {}


def case(function):
    CASES[function.__name__] = function
    return function


@case
def lessons(world):
    pmo = world.users["pmo"]
    make_lesson(user=pmo, validated_by=pmo, title="Recette trop tardive")
    make_lesson(user=pmo, validated_by=pmo, title="Budget mal phasé", category="budget")
    url = reverse("lessons:lesson_list")
    return Listing("pmo", url, "Title", ["Budget mal phasé"], {"q": "phasé"})


@case
def improvement_actions(world):

    owner = world.users["pm"]
    for title, status in (
        ("Former les chefs de projet", ActionStatus.IN_PROGRESS),
        ("Revoir", ActionStatus.OPEN),
    ):
        ImprovementAction.objects.create(
            title=title,
            owner=owner,
            created_by=world.users["pmo"],
            due_date=date(2026, 6, 30),
            status=status,
        )
    url = reverse("lessons:action_list")
    return Listing(
        "pmo", url, "Title", ["Former les chefs de projet"], {"status": ActionStatus.IN_PROGRESS}
    )


@case
def closure_reviews(world):
    pmo = world.users["pmo"]
    for code in ("PRJ-FIN", "PRJ-FIN2"):
        project = ProjectFactory(code=code, portfolio=world.p1, status=ProjectStatus.CLOSED)
        review = start_review(project=project, user=pmo)
    review.status = ClosureStatus.SUBMITTED
    review.save()
    url = reverse("lessons:closure_list")
    return Listing("pmo", url, "Code", ["PRJ-FIN2"], {"status": ClosureStatus.SUBMITTED})


@case
def lesson_coverage(world):
    pmo = world.users["pmo"]
    reached = make_lesson(user=pmo, validated_by=pmo, title="Leçon routée")
    make_lesson(user=pmo, validated_by=pmo, title="Leçon isolée")
    LessonRoute.objects.create(
        lesson=reached,
        project=world.project_a,
        source=RouteSource.MANUAL,
        status=RouteStatus.APPLIED,
    )
    url = reverse("lessons:routing_coverage")
    return Listing("pmo", url, "Lesson", ["Leçon isolée"], {"unreached": "1"})


@case
def scenarios(world):
    for name in ("Arbitrage 2027", "Plan de crise"):
        Scenario.objects.create(
            name=name,
            portfolio=world.north,
            first_year=2027,
            last_year=2027,
            status=ScenarioStatus.DRAFT,
            created_by=world.users["pmo"],
        )
    url = reverse("portfolios:scenario_list")
    return Listing("pmo", url, "Name", ["Arbitrage 2027", "Plan de crise"])


@case
def backlog(world):
    ProjectFactory(code="CAND-N", portfolio=world.p1, status=ProjectStatus.PROPOSED)
    ProjectFactory(code="CAND-S", portfolio=world.p2, status=ProjectStatus.PROPOSED)
    url = reverse("portfolios:backlog")
    return Listing("pmo", url, "Code", ["CAND-N"], north(world))


@pytest.mark.parametrize("export", ["csv", "xlsx"])
@pytest.mark.parametrize("name", list(CASES))
def test_each_list_exports_its_filtered_rows(client_for, world, name, export):
    listing = CASES[name](world)
    client = client_for(listing.role)
    page, _href, (header, rows) = exported(client, listing, export)
    assert set(export_links(page.content.decode(), None)) == {"csv", "xlsx"}
    column = header.index(listing.key)
    assert sorted(str(row[column]) for row in rows) == listing.expected
    assert len(rows) == page.context["page_obj"].paginator.count
