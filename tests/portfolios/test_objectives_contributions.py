"""Contributions project × objective (0–3 with a rationale), edited by the PMO from both
sides — the objective's page and the project's tab "Objectives" — each change moving the
project's priority score in the same transaction."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from portfolios.models import ObjectiveContribution, Project
from portfolios.services import objectives as services
from tests.portfolios.factories import ContributionFactory, ObjectiveFactory, ProjectFactory


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def _score(project) -> Decimal:
    return Project.objects.get(pk=project.pk).priority_score


def _set_on_objective(client, objective, **data):
    return client.post(reverse("portfolios:objective_contribution_set", args=[objective.pk]), data)


def _set_on_project(client, project, **data):
    return client.post(reverse("portfolios:project_contribution_set", args=[project.pk]), data)


def _remove(client, project, objective, back):
    url = reverse("portfolios:contribution_remove", args=[project.pk, objective.pk])
    return client.post(url, {"back": back})


def test_set_on_the_objective_page_shows_on_the_project_tab(client_for, world):
    client = client_for("pmo")
    a, objective = world.project_a, world.objective
    response = _set_on_objective(
        client, objective, project=a.code, score=3, rationale="Raccorde 2 000 clients."
    )
    assert response.status_code == 302
    assert response["Location"] == f"{objective.get_absolute_url()}#h-projects"
    contribution = ObjectiveContribution.objects.get(project=a, objective=objective)
    assert (contribution.score, contribution.rationale) == (3, "Raccorde 2 000 clients.")
    assert _score(a) == Decimal("30.00")  # strategic fit 30 % × 5/5
    tab = client.get(reverse("portfolios:project_objectives", args=[a.pk])).content.decode()
    assert "OBJ-1 — Objectif un" in tab
    assert "3 — high" in tab
    assert "Raccorde 2 000 clients." in tab


def test_change_on_the_project_tab_shows_on_the_objective_page(client_for, world):
    client = client_for("pmo")
    a, objective = world.project_a, world.objective
    ContributionFactory(project=a, objective=objective, score=3, rationale="Fort")
    response = _set_on_project(client, a, objective=objective.pk, score=1, rationale="Faible")
    assert response.status_code == 302
    assert response["Location"] == reverse("portfolios:project_objectives", args=[a.pk])
    tab = client.get(response["Location"]).content.decode()
    assert "Contribution of PRJ-A to OBJ-1 saved." in tab
    contribution = ObjectiveContribution.objects.get(project=a, objective=objective)
    assert (contribution.score, contribution.rationale) == (1, "Faible")
    assert _score(a) == Decimal("10.00")  # 30 × (5 × 1/3) / 5
    page = client.get(objective.get_absolute_url()).content.decode()
    assert "1 — low" in page
    assert "Faible" in page


def test_remove_from_either_side(client_for, world):
    client = client_for("pmo")
    a, objective = world.project_a, world.objective
    other = ObjectiveFactory(code="OBJ-2")
    services.set_contribution(user=world.users["pmo"], project=a, objective=objective, score=3)
    services.set_contribution(user=world.users["pmo"], project=a, objective=other, score=3)
    response = _remove(client, a, objective, "objective")
    assert response["Location"] == f"{objective.get_absolute_url()}#h-projects"
    page = client.get(response["Location"]).content.decode()
    assert "PRJ-A no longer linked to OBJ-1." in page
    response = _remove(client, a, other, "project")
    assert response["Location"] == reverse("portfolios:project_objectives", args=[a.pk])
    assert not ObjectiveContribution.objects.exists()
    assert _score(a) == Decimal("0.00")
    page = client.get(response["Location"]).content.decode()
    assert "This project is not linked to any strategic objective yet." in page


def test_every_change_refreshes_the_priority(world, monkeypatch):
    calls = []
    monkeypatch.setattr(
        services, "refresh_priority", lambda *, project_ids: calls.append(project_ids)
    )
    pmo, a = world.users["pmo"], world.project_a
    services.set_contribution(user=pmo, project=a, objective=world.objective, score=2)
    services.set_contribution(user=pmo, project=a, objective=world.objective, score=2)  # same
    services.remove_contribution(user=pmo, project=a, objective=world.objective)
    assert calls == [[a.pk], [a.pk]]  # the unchanged save wrote nothing and refreshed nothing


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"score": "2", "rationale": ""}, "Explain how the project serves the objective."),
        ({"score": "2", "rationale": "Bien\x00"}, "Null characters are not allowed."),
        ({"score": "4", "rationale": "Trop"}, "Select a valid choice."),
    ],
    ids=["no-rationale", "control-character", "score-out-of-range"],
)
def test_bad_input_is_refused_on_both_sides(client_for, world, data, message):
    client = client_for("pmo")
    a, objective = world.project_a, world.objective
    response = _set_on_objective(client, objective, project=a.code, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    response = _set_on_project(client, a, objective=objective.pk, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ObjectiveContribution.objects.exists()


def test_control_characters_in_the_rationale_are_refused(client_for, world):
    response = _set_on_objective(
        client_for("pmo"),
        world.objective,
        project=world.project_a.code,
        score=0,
        rationale="a\x1bb",
    )
    assert "Remove the control characters" in response.content.decode()
    assert not ObjectiveContribution.objects.exists()


def test_score_zero_needs_no_rationale(client_for, world):
    response = _set_on_objective(
        client_for("pmo"), world.objective, project="prj-a", score=0, rationale=""
    )
    assert response.status_code == 302
    assert ObjectiveContribution.objects.get().score == 0


def test_archived_projects_are_not_offered_and_are_frozen(client_for, world):
    archived = ProjectFactory(code="PRJ-Z", portfolio=world.p1, is_archived=True)
    client = client_for("pmo")
    form = client.get(world.objective.get_absolute_url()).context["form"]
    assert [p.code for p in form.projects] == ["PRJ-A", "PRJ-B"]
    response = _set_on_objective(
        client, world.objective, project=archived.code, score=2, rationale="x"
    )
    assert "No project you can link has the code “PRJ-Z”." in response.content.decode()
    tab = client.get(reverse("portfolios:project_objectives", args=[archived.pk]))
    assert tab.context["form"] is None
    with pytest.raises(ValidationError, match="archived"):
        services.set_contribution(
            user=world.users["pmo"], project=archived, objective=world.objective, score=1
        )
    assert not ObjectiveContribution.objects.exists()


def test_project_tab_is_read_only_for_the_project_manager(client_for, world):
    ContributionFactory(project=world.project_a, objective=world.objective, score=2)
    response = client_for("pm").get(
        reverse("portfolios:project_objectives", args=[world.project_a.pk])
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "2 — medium" in content
    assert "Set the contribution to an objective" not in content
    assert "Remove" not in content
    # The tab is listed among the project's tabs.
    assert (
        reverse("portfolios:project_objectives", args=[world.project_a.pk])
        in client_for("pm").get(world.project_a.get_absolute_url()).content.decode()
    )


def test_project_tab_lists_objectives_in_tree_order(client_for, world):
    child = ObjectiveFactory(code="OBJ-0.5", title="Sous-objectif", parent=world.objective)
    other = ObjectiveFactory(code="OBJ-0", title="Premier par le code")
    for objective in (child, other, world.objective):
        ContributionFactory(project=world.project_a, objective=objective, score=1)
    response = client_for("pmo").get(
        reverse("portfolios:project_objectives", args=[world.project_a.pk])
    )
    assert [c.objective.code for c in response.context["contributions"]] == [
        "OBJ-0",
        "OBJ-1",
        "OBJ-0.5",
    ]
    # The objective choices are in tree order too, sub-objectives indented.
    labels = [label for _value, label in response.context["form"].fields["objective"].choices]
    assert labels[1:] == [
        "OBJ-0 — Premier par le code",
        "OBJ-1 — Objectif un",
        "— OBJ-0.5 — Sous-objectif",
    ]
