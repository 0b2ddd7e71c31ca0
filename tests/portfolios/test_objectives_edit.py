"""The PMO edits objectives and their KPIs: creation, bad input refused with a clear message
and nothing saved, no cycle in the tree, concurrent edits refused, deletion only when nothing
depends on the objective, and the priority scores following the objectives' weights."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from portfolios.models import ObjectiveContribution, ObjectiveKPI, Project, StrategicObjective
from portfolios.services import objectives as services
from tests.portfolios.factories import ContributionFactory, ObjectiveFactory

CREATE = reverse("portfolios:objective_create")


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def _objective_data(**changes) -> dict:
    data = {
        "code": "OBJ-7",
        "title": "Décarboner la flotte",
        "description": "",
        "parent": "",
        "horizon_start": "2026-01-01",
        "horizon_end": "2028-12-31",
        "weight": "2",
        "owner": "",
    }
    data.update(changes)
    return data


def test_pmo_creates_an_objective_under_a_parent(client_for, world):
    client = client_for("pmo")
    response = client.post(
        CREATE,
        _objective_data(parent=world.objective.pk, owner=world.users["executive"].pk),
    )
    objective = StrategicObjective.objects.get(code="OBJ-7")
    assert response.status_code == 302
    assert response["Location"] == objective.get_absolute_url()
    assert objective.parent == world.objective
    assert objective.weight == Decimal("2")
    assert objective.owner == world.users["executive"]
    assert objective.history.get().history_user == world.users["pmo"]
    page = client.get(objective.get_absolute_url())
    assert b"Objective OBJ-7 created." in page.content


def test_new_objective_form_offers_the_parent_from_the_link(client_for, world):
    response = client_for("pmo").get(CREATE, {"parent": world.objective.pk})
    assert response.context["form"].initial["parent"] == world.objective.pk


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "Décarboner\x07"}, "Remove the control characters"),
        ({"weight": "-1"}, "greater than or equal to 0"),
        (
            {"horizon_start": "2028-01-01", "horizon_end": "2027-01-01"},
            "The horizon must end after it starts.",
        ),
        ({"code": "OBJ-1"}, "already exists"),
        ({"title": ""}, "This field is required."),
    ],
    ids=["control-character", "negative-weight", "horizon", "duplicate-code", "no-title"],
)
def test_bad_input_is_refused_and_nothing_saved(client_for, world, changes, message):
    before = StrategicObjective.objects.count()
    response = client_for("pmo").post(CREATE, _objective_data(**changes))
    assert response.status_code == 200
    assert "Nothing was saved." in response.content.decode()
    assert message in response.content.decode()
    assert StrategicObjective.objects.count() == before


def test_parent_cannot_be_one_of_its_descendants(client_for, world):
    child = ObjectiveFactory(code="OBJ-1.1", parent=world.objective)
    grandchild = ObjectiveFactory(code="OBJ-1.1.1", parent=child)
    url = reverse("portfolios:objective_update", args=[world.objective.pk])
    client = client_for("pmo")
    form = client.get(url).context["form"]
    response = client.post(
        url,
        _objective_data(
            code="OBJ-1",
            title="Objectif un",
            parent=grandchild.pk,
            revision=form.initial["revision"],
        ),
    )
    assert response.status_code == 200
    assert "A node cannot be placed under itself or its descendants." in response.content.decode()
    world.objective.refresh_from_db()
    assert world.objective.parent is None
    # Itself is not even offered.
    assert world.objective.pk not in [o.pk for o in form.fields["parent"].queryset]


def test_concurrent_edits_are_refused_not_overwritten(client_for, world):
    url = reverse("portfolios:objective_update", args=[world.objective.pk])
    client = client_for("pmo")
    opened = client.get(url).context["form"].initial["revision"]
    # Someone else saves the objective meanwhile.
    services.update_objective(
        objective=world.objective, user=world.users["pmo"], fields={"title": "Titre de l'autre"}
    )
    mine = _objective_data(code="OBJ-1", title="Mon titre", revision=opened)
    response = client.post(url, mine)
    assert response.status_code == 409
    assert "someone else saved changes" in response.content.decode()
    assert "Titre de l&#x27;autre" in response.content.decode()  # the stored value, beside mine
    world.objective.refresh_from_db()
    assert world.objective.title == "Titre de l'autre"
    # Saving again, from the refreshed page, is a deliberate choice: it goes through.
    refreshed = response.context["form"].data["revision"]
    assert client.post(url, {**mine, "revision": refreshed}).status_code == 302
    world.objective.refresh_from_db()
    assert world.objective.title == "Mon titre"


def test_delete_is_refused_while_something_depends_on_it(client_for, world):
    ObjectiveFactory(code="OBJ-1.1", parent=world.objective)
    ContributionFactory(project=world.project_a, objective=world.objective, score=2)
    url = reverse("portfolios:objective_delete", args=[world.objective.pk])
    client = client_for("pmo")
    page = client.get(url).content.decode()
    assert "1 sub-objective is under it: move or delete it first." in page
    assert "1 project contributes to it: remove its contribution first." in page
    assert "Delete the objective" not in page
    response = client.post(url)
    assert response.status_code == 409
    assert "It has 1 sub-objective: move or delete it first." in response.content.decode()
    assert StrategicObjective.objects.filter(pk=world.objective.pk).exists()
    assert ObjectiveContribution.objects.filter(objective=world.objective).count() == 1


def test_delete_takes_its_kpis_and_none_assessments_along(client_for, world):
    ContributionFactory(project=world.project_a, objective=world.objective, score=0)
    ObjectiveKPI.objects.create(objective=world.objective, name="Part EnR", target=40)
    url = reverse("portfolios:objective_delete", args=[world.objective.pk])
    client = client_for("pmo")
    assert "Its 1 key indicator is deleted with it." in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("portfolios:objective_list")
    assert not StrategicObjective.objects.filter(pk=world.objective.pk).exists()
    assert not ObjectiveContribution.objects.exists()
    assert not ObjectiveKPI.objects.exists()


# --- KPIs ----------------------------------------------------------------------------------


def _kpi_data(**changes) -> dict:
    data = {
        "name": "Part EnR",
        "unit": "%",
        "target": "40",
        "actual": "",
        "measured_on": "",
        "order": "0",
    }
    data.update(changes)
    return data


def test_kpis_added_changed_and_removed(client_for, world):
    client = client_for("pmo")
    add = reverse("portfolios:objective_kpi_create", args=[world.objective.pk])
    assert client.post(add, _kpi_data()).status_code == 302
    kpi = ObjectiveKPI.objects.get()
    page = client.get(world.objective.get_absolute_url()).content.decode()
    assert "Indicator “Part EnR” added." in page
    assert "not measured" in page
    edit = reverse("portfolios:objective_kpi_update", args=[kpi.pk])
    revision = client.get(edit).context["form"].initial["revision"]
    data = _kpi_data(actual="30", measured_on="2026-05-31", revision=revision)
    assert client.post(edit, data).status_code == 302
    page = client.get(world.objective.get_absolute_url()).content.decode()
    assert "75 % of target" in page
    assert client.post(reverse("portfolios:objective_kpi_delete", args=[kpi.pk])).status_code == 302
    assert not ObjectiveKPI.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "Part EnR"}, "This objective already has an indicator with this name."),
        ({"name": "part enr"}, "This objective already has an indicator with this name."),
        ({"name": "Part\x0bEnR"}, "Remove the control characters"),
        ({"target": "beaucoup"}, "Enter a number."),
    ],
    ids=["duplicate-name", "same-name-other-case", "control-character", "not-a-number"],
)
def test_kpi_bad_input_is_refused(client_for, world, changes, message):
    ObjectiveKPI.objects.create(objective=world.objective, name="Part EnR", target=40)
    add = reverse("portfolios:objective_kpi_create", args=[world.objective.pk])
    response = client_for("pmo").post(add, _kpi_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ObjectiveKPI.objects.count() == 1


def test_kpi_concurrent_edit_is_refused(client_for, world):
    kpi = ObjectiveKPI.objects.create(objective=world.objective, name="Part EnR", target=40)
    edit = reverse("portfolios:objective_kpi_update", args=[kpi.pk])
    client = client_for("pmo")
    opened = client.get(edit).context["form"].initial["revision"]
    services.update_kpi(kpi=kpi, user=world.users["pmo"], fields={"actual": Decimal("10")})
    response = client.post(edit, _kpi_data(actual="20", revision=opened))
    assert response.status_code == 409
    kpi.refresh_from_db()
    assert kpi.actual == Decimal("10")


# --- Weights and the priority score ------------------------------------------------------------


def _score(project) -> Decimal:
    return Project.objects.get(pk=project.pk).priority_score


def test_priority_scores_follow_the_objectives_weights(client_for, world):
    """Strategic fit weighs a contribution by w / W_max (portfolios.selectors.scoring); the
    default model gives fit 30 %: a 3 to the heaviest objective is worth 30 points."""
    pmo = world.users["pmo"]
    a = world.project_a
    services.set_contribution(user=pmo, project=a, objective=world.objective, score=3)
    assert _score(a) == Decimal("30.00")
    # A heavier objective is created: OBJ-1 now weighs 1 / 2 of the largest weight.
    client = client_for("pmo")
    client.post(CREATE, _objective_data(code="OBJ-9", weight="2"))
    heavy = StrategicObjective.objects.get(code="OBJ-9")
    assert _score(a) == Decimal("15.00")
    # OBJ-1's own weight changes (not the largest): 1.5 / 2.
    services.update_objective(
        objective=world.objective, user=pmo, fields={"weight": Decimal("1.5")}
    )
    assert _score(a) == Decimal("22.50")
    # The heavy one goes: OBJ-1 is the heaviest again.
    client.post(reverse("portfolios:objective_delete", args=[heavy.pk]))
    assert _score(a) == Decimal("30.00")
