"""Creating and editing projects through the web form (crispy, Bootstrap 5)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from portfolios.models import Project, ProjectStatus


def valid_data(world, **overrides):
    data = {
        "code": "prj-new",
        "name": "Nouveau projet",
        "portfolio": world.p1.pk,
        "business_domain": world.project_a.business_domain_id,
        "project_type": world.project_a.project_type_id,
        "status": ProjectStatus.PROPOSED,
        "manager": world.users["pm"].pk,
        "planned_start": "2027-01-01",
        "planned_end": "2027-12-31",
        "estimated_cost": "250000.00",
    }
    data.update(overrides)
    return data


def test_pmo_creates_a_project(client_for, world):
    client = client_for("pmo")
    response = client.post(reverse("portfolios:project_create"), valid_data(world))
    project = Project.objects.get(code="PRJ-NEW")  # codes are stored upper-case
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert project.estimated_cost == Decimal("250000.00")
    assert project.history.count() == 1
    assert project.history.first().history_user == world.users["pmo"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"planned_start": "2027-06-01", "planned_end": "2027-01-01"},
            "planned_end",
            "The planned end must not be before the planned start.",
        ),
        ({"code": "prj-a"}, "code", "Project with this Code already exists."),
        ({"estimated_cost": "-5"}, "estimated_cost", "greater than or equal to 0"),
        ({"planned_start": "31/02/2027"}, "planned_start", "Enter a valid date."),
        ({"name": ""}, "name", "This field is required."),
        ("manager-as-deputy", "deputies", "cannot also be one of the deputies"),
    ],
    ids=[
        "end-before-start",
        "duplicate-code",
        "negative-cost",
        "bad-date",
        "missing-name",
        "manager-as-deputy",
    ],
)
def test_bad_input_gives_field_errors_and_saves_nothing(
    client_for, world, settings, overrides, field, message
):
    settings.LANGUAGE_CODE = "en"
    client = client_for("pmo")
    before = Project.objects.count()
    if overrides == "manager-as-deputy":
        overrides = {"deputies": [world.users["pm"].pk]}
    response = client.post(
        reverse("portfolios:project_create"),
        valid_data(world, **overrides),
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert Project.objects.count() == before
    # The summary at the top names the field, and the field shows its own error.
    assert b'id="form-errors"' in response.content
    assert message.encode() in response.content
    assert b"<title>Error: New project" in response.content


def test_bad_edit_leaves_the_project_unchanged(client_for, world):
    client = client_for("pmo")
    project = world.project_a
    url = reverse("portfolios:project_update", args=[project.pk])
    data = valid_data(world, code="PRJ-A", name="Changed", planned_end="2020-01-01")
    response = client.post(url, data)
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.name == "Projet Alpha"
    assert project.history.count() == 1


def test_pm_edits_own_project_but_not_its_governance_fields(client_for, world):
    client = client_for("pm")
    project = world.project_a
    url = reverse("portfolios:project_update", args=[project.pk])
    data = valid_data(
        world,
        code="HACKED",
        name="Projet Alpha v2",
        portfolio=world.p2.pk,
        status=ProjectStatus.CANCELLED,
        manager=world.users["pm"].pk,
    )
    response = client.post(url, data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.name == "Projet Alpha v2"
    # Code, portfolio and status are the PMO's decisions: the posted values are ignored.
    assert project.code == "PRJ-A"
    assert project.portfolio == world.p1
    assert project.status == ProjectStatus.ACTIVE
    latest = project.history.first()
    assert latest.history_user == world.users["pm"]
    assert latest.name == "Projet Alpha v2"


def test_deputy_may_edit(client_for, world):
    deputy = world.users["pm"]
    world.project_b.deputies.add(deputy)
    response = client_for("pm").get(reverse("portfolios:project_update", args=[world.project_b.pk]))
    assert response.status_code == 200


def test_history_is_shown_on_the_detail_page(client_for, world):
    client = client_for("pmo")
    url = reverse("portfolios:project_update", args=[world.project_a.pk])
    client.post(url, valid_data(world, code="PRJ-A", name="Projet Alpha renommé"))
    response = client.get(world.project_a.get_absolute_url(), headers={"accept-language": "en"})
    history = response.context["history"]
    assert history[0]["user"] == world.users["pmo"]
    assert "name" in history[0]["changed"]
