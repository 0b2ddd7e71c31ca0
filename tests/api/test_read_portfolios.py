"""The objectives and the project's scores and phase through the API: what the web's pages
show, in their order, within the reader's scope."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from portfolios.models import ObjectiveContribution, ObjectiveKPI, Project
from tests.api.conftest import all_pages
from tests.api.test_tokens import assert_problem
from tests.governance.factories import methodology_with_phases, start_lifecycle
from tests.portfolios.factories import ObjectiveFactory, ProjectFactory

pytestmark = pytest.mark.django_db

EXPLANATION = [
    {"key": "fit", "name": "Strategic fit", "kind": "fit", "points": 30.0, "score": 5.0,
     "scored": True},
    {"key": "risk", "name": "Risk", "kind": "risk", "points": 0.0, "score": None,
     "scored": False},
]  # fmt: skip


def test_a_project_carries_its_score_explained_and_its_phase(api, bearer, world):
    Project.objects.filter(pk=world.project_a.pk).update(
        priority_score=Decimal("30.00"), priority_explanation=EXPLANATION
    )
    version = methodology_with_phases()
    start_lifecycle(world.project_a, version, phase_order=3)
    headers = {**bearer("executive"), "HTTP_ACCEPT_LANGUAGE": "en"}
    body = api.get(f"/api/v1/projects/{world.project_a.pk}/", **headers).json()
    assert body["priority_score"] == "30.00"
    assert body["priority_explained"] == "30 pts: Strategic fit 30, Risk not scored"
    assert [(c["label"], c["points"], c["scored"]) for c in body["priority_breakdown"]] == [
        ("Strategic fit", 30.0, True),
        ("Risk", 0.0, False),
    ]
    assert body["phase"]["name"] == "Réalisation"
    assert body["phase"]["methodology_version"] == 1
    assert body["phase"]["completed_at"] is None
    listed = api.get("/api/v1/projects/", **headers).json()["results"]
    assert {row["code"]: row["phase"] and row["phase"]["key"] for row in listed} == {
        "PRJ-A": "realisation"
    }


def test_the_project_list_with_phases_costs_the_same_at_two_sizes(bearer, world, constant_queries):
    version = methodology_with_phases()
    start_lifecycle(world.project_a, version)

    def grow():
        for project in ProjectFactory.create_batch(15, portfolio=world.p1):
            start_lifecycle(project, version, phase_order=2)

    constant_queries("/api/v1/projects/", bearer("pmo"), grow)


def _tree(world):
    """OBJ-1 > (OBJ-1.1, OBJ-1.2 > OBJ-1.2.1), OBJ-2, with a KPI on OBJ-1.2."""
    root = world.objective  # OBJ-1
    b = ObjectiveFactory(code="OBJ-1.2", title="Deux", parent=root)
    ObjectiveFactory(code="OBJ-1.1", title="Un", parent=root)
    ObjectiveFactory(code="OBJ-1.2.1", title="Deux un", parent=b)
    ObjectiveFactory(code="OBJ-0", title="Zéro")
    ObjectiveKPI.objects.create(objective=b, name="Part ENR", unit="%", target=40, actual=30)
    return b


def test_objectives_read_in_the_tree_pages_order_with_their_kpis(api, bearer, world, client_for):
    b = _tree(world)
    web = client_for("finance").get(reverse("portfolios:objective_list"))
    rows = all_pages(api, "/api/v1/objectives/?page_size=2", bearer("finance"))
    assert [row["code"] for row in rows] == [node.objective.code for node in web.context["nodes"]]
    assert [row["code"] for row in rows] == ["OBJ-0", "OBJ-1", "OBJ-1.1", "OBJ-1.2", "OBJ-1.2.1"]
    detail = api.get(f"/api/v1/objectives/{b.pk}/", **bearer("finance"))
    assert detail.json()["parent"] == world.objective.pk
    assert detail.json()["kpis"][0] | {"id": None} == {
        "id": None,
        "name": "Part ENR",
        "unit": "%",
        "target": "40.00",
        "actual": "30.00",
        "measured_on": None,
        "progress": "75",
    }
    again = api.get(
        f"/api/v1/objectives/{b.pk}/", HTTP_IF_NONE_MATCH=detail["ETag"], **bearer("finance")
    )
    assert again.status_code == 304
    assert_problem(api.get("/api/v1/objectives/", **bearer("outsider")), 403)
    assert_problem(api.get("/api/v1/objectives/999999/", **bearer("pm")), 404)


def test_the_objective_list_costs_the_same_at_two_sizes(bearer, world, constant_queries):
    def grow():
        for n in range(12):
            parent = ObjectiveFactory(code=f"OBJ-G{n}", parent=world.objective)
            ObjectiveKPI.objects.create(objective=parent, name="KPI", target=10)

    constant_queries("/api/v1/objectives/", bearer("executive"), grow)


def test_contributions_follow_the_readers_scope_strongest_first(api, bearer, world):
    objective = world.objective
    c = ProjectFactory(code="PRJ-C", portfolio=world.p1)
    for project, score in [(world.project_a, 1), (c, 3), (world.project_b, 3)]:
        ObjectiveContribution.objects.create(
            project=project, objective=objective, score=score, rationale=f"Raison {project.code}"
        )
    url = f"/api/v1/objectives/{objective.pk}/contributions/?page_size=1"
    pm = [(r["project_code"], r["score"]) for r in all_pages(api, url, bearer("pm"))]
    assert pm == [("PRJ-C", 3), ("PRJ-A", 1)]  # not project B, outside the PM's portfolio
    pmo = [r["project_code"] for r in all_pages(api, url, bearer("pmo"))]
    assert pmo == ["PRJ-B", "PRJ-C", "PRJ-A"]
    mine = api.get(f"/api/v1/projects/{world.project_a.pk}/objectives/", **bearer("pm")).json()
    assert [(r["objective_code"], r["rationale"]) for r in mine["results"]] == [
        ("OBJ-1", "Raison PRJ-A")
    ]
    assert_problem(
        api.get(f"/api/v1/projects/{world.project_b.pk}/objectives/", **bearer("pm")), 404
    )
