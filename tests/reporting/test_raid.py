"""The RAID log of a project: adding and editing items, the list, its filters and order."""

from datetime import timedelta

import html5lib
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reporting.models import RaidItem, RaidKind, RaidStatus
from tests.reporting.factories import RiskFactory


@pytest.fixture(autouse=True)
def english(settings):
    """The assertions read the English UI (the portal defaults to French)."""
    settings.LANGUAGE_CODE = "en"


def list_url(project):
    return reverse("reporting:raid_list", args=[project.pk])


def create_url(project):
    return reverse("reporting:raid_create", args=[project.pk])


def edit_url(item):
    return reverse("reporting:raid_edit", args=[item.pk])


def risk_data(world, **overrides):
    data = {
        "kind": "risk",
        "title": "Départ du fournisseur clé",
        "description": "Le contrat se termine en juin.",
        "probability": "3",
        "impact": "4",
        "response": "Identifier un second fournisseur.",
        "owner": world.users["pm"].pk,
        "due_date": "2027-03-31",
        "status": "open",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def titles(response) -> list[str]:
    return [item.title for item in response.context["items"]]


# --- adding and editing ---------------------------------------------------------------


def test_pm_records_a_risk(client_for, world):
    client = client_for("pm")
    response = client.post(create_url(world.project_a), risk_data(world))
    item = RaidItem.objects.get(title="Départ du fournisseur clé")
    assert response.status_code == 302
    assert response["Location"] == list_url(world.project_a)
    assert item.project == world.project_a
    assert item.exposure == 12
    assert item.owner == world.users["pm"]
    assert item.history.get().history_user == world.users["pm"]
    page = client.get(response["Location"])
    assert "Départ du fournisseur clé" in page.content.decode()
    assert "12 · Critical" in page.content.decode()


def test_due_date_and_owner_are_optional(client_for, world):
    client = client_for("pm")
    response = client.post(
        create_url(world.project_a), risk_data(world, due_date="", owner="", title="Sans date")
    )
    assert response.status_code == 302
    item = RaidItem.objects.get(title="Sans date")
    assert item.due_date is None
    assert item.owner is None


def test_kind_in_the_query_string_preselects_it(client_for, world):
    response = client_for("pm").get(create_url(world.project_a), {"kind": "risk"})
    assert response.context["form"]["kind"].value() == "risk"
    assert '<option value="risk" selected>' in response.content.decode()
    unknown = client_for("pm").get(create_url(world.project_a), {"kind": "nonsense"})
    assert not unknown.context["form"]["kind"].value()


def test_an_action_carries_no_rating(client_for, world):
    client = client_for("pm")
    client.post(
        create_url(world.project_a),
        risk_data(world, kind="action", title="Relancer le fournisseur"),
    )
    action = RaidItem.objects.get(title="Relancer le fournisseur")
    assert action.kind == RaidKind.ACTION
    assert (action.probability, action.impact, action.exposure) == (None, None, None)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"probability": ""}, "probability", "A risk needs a probability (1 to 4)."),
        ({"impact": ""}, "impact", "A risk needs an impact (1 to 4)."),
        ({"probability": "5"}, "probability", "Select a valid choice."),
        ({"impact": "0"}, "impact", "Select a valid choice."),
        ({"title": ""}, "title", "This field is required."),
        ({"kind": ""}, "kind", "This field is required."),
        ({"kind": "rumour"}, "kind", "Select a valid choice."),
        ({"status": "forgotten"}, "status", "Select a valid choice."),
        ({"due_date": "31/02/2027"}, "due_date", "Enter a valid date."),
        ("outsider-owner", "owner", "Select a valid choice."),
    ],
    ids=[
        "risk-without-probability",
        "risk-without-impact",
        "probability-above-4",
        "impact-below-1",
        "missing-title",
        "missing-kind",
        "unknown-kind",
        "unknown-status",
        "bad-date",
        "owner-without-role",
    ],
)
def test_bad_input_gives_field_errors_and_saves_nothing(
    client_for, world, overrides, field, message
):
    if overrides == "outsider-owner":
        overrides = {"owner": world.users["outsider"].pk}
    before = RaidItem.objects.count()
    response = client_for("pm").post(create_url(world.project_a), risk_data(world, **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert errors[field] == [error for error in errors[field] if message in error], errors
    assert RaidItem.objects.count() == before
    content = response.content.decode()
    assert 'id="form-errors"' in content  # the summary at the top
    assert response.context["form"][field].id_for_label in content
    assert content.count(message) >= 1
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(response.content)


def test_pm_edits_a_risk_and_history_says_who(client_for, world):
    client = client_for("pm")
    response = client.get(edit_url(world.risk_a))
    assert response.status_code == 200
    response = client.post(
        edit_url(world.risk_a),
        risk_data(world, title="Risque Alpha", probability="1", impact="2", status="in_progress"),
    )
    assert response.status_code == 302
    world.risk_a.refresh_from_db()
    assert (world.risk_a.exposure, world.risk_a.status) == (2, RaidStatus.IN_PROGRESS)
    latest = world.risk_a.history.order_by("-history_date").first()
    assert latest.history_user == world.users["pm"]
    assert latest.history_type == "~"
    page = client.get(edit_url(world.risk_a)).content.decode()
    assert "Latest changes" in page


def test_bad_edit_saves_nothing(client_for, world):
    response = client_for("pm").post(
        edit_url(world.risk_a), risk_data(world, title="Changé", impact="")
    )
    assert response.status_code == 200
    assert "impact" in response.context["form"].errors
    world.risk_a.refresh_from_db()
    assert (world.risk_a.title, world.risk_a.impact) == ("Risque Alpha", 4)


def test_owner_without_a_role_any_more_can_stay(client_for, world):
    world.risk_a.owner = world.users["outsider"]
    world.risk_a.save()
    response = client_for("pm").post(
        edit_url(world.risk_a),
        risk_data(world, title="Risque Alpha", owner=world.users["outsider"].pk),
    )
    assert response.status_code == 302


# --- permissions ---------------------------------------------------------------------


def test_pm_of_another_project_gets_404(client_for, world):
    client = client_for("pm")
    assert client.get(list_url(world.project_b)).status_code == 404
    assert client.get(create_url(world.project_b)).status_code == 404
    assert client.post(create_url(world.project_b), risk_data(world)).status_code == 404
    assert client.post(edit_url(world.risk_b), risk_data(world)).status_code == 404
    world.risk_b.refresh_from_db()
    assert world.risk_b.title == "Risque Bravo"
    assert not RaidItem.objects.filter(title="Départ du fournisseur clé").exists()


def test_executive_reads_but_cannot_write(client_for, world):
    client = client_for("executive")
    page = client.get(list_url(world.project_a))
    assert page.status_code == 200
    assert "Risque Alpha" in page.content.decode()
    assert create_url(world.project_a) not in page.content.decode()
    assert edit_url(world.risk_a) not in page.content.decode()
    assert client.get(create_url(world.project_a)).status_code == 403
    assert client.post(create_url(world.project_a), risk_data(world)).status_code == 403
    assert client.get(edit_url(world.risk_a)).status_code == 403
    response = client.post(edit_url(world.risk_a), risk_data(world, title="Piraté"))
    assert response.status_code == 403
    world.risk_a.refresh_from_db()
    assert world.risk_a.title == "Risque Alpha"
    assert not RaidItem.objects.filter(title="Départ du fournisseur clé").exists()


def test_pmo_writes_on_any_project(client_for, world):
    client = client_for("pmo")
    response = client.post(create_url(world.project_b), risk_data(world, title="Risque PMO"))
    assert response.status_code == 302
    assert RaidItem.objects.get(title="Risque PMO").project == world.project_b
    response = client.post(edit_url(world.risk_b), risk_data(world, title="Risque Bravo revu"))
    assert response.status_code == 302
    world.risk_b.refresh_from_db()
    assert world.risk_b.title == "Risque Bravo revu"
    assert world.risk_b.history.order_by("-history_date").first().history_user == world.users["pmo"]


def test_deputy_writes_like_the_manager(client_for, world):
    from pmo_portal.roles import Role
    from tests.portfolios.factories import UserFactory

    deputy = UserFactory(username="deputy", roles=[Role.PROJECT_MANAGER])
    world.project_b.deputies.add(deputy)
    client = client_for("anonymous")
    client.force_login(deputy)
    response = client.post(edit_url(world.risk_b), risk_data(world, title="Par l'adjoint"))
    assert response.status_code == 302


# --- list: order, filters, pagination, query counts -----------------------------------


def test_list_shows_open_items_first_then_risks_by_exposure(client_for, world):
    project = world.project_a
    soon = timezone.localdate() + timedelta(days=5)
    RiskFactory(project=project, title="Faible", probability=1, impact=2)
    RiskFactory(project=project, title="Maximal", probability=4, impact=4)
    RiskFactory(project=project, title="Moyen", probability=2, impact=3)
    RiskFactory(
        project=project, title="Clos mais maximal", probability=4, impact=4, status="closed"
    )
    RaidItem.objects.create(project=project, kind=RaidKind.ACTION, title="Action", due_date=soon)
    RaidItem.objects.create(project=project, kind=RaidKind.DECISION, title="Décision")
    response = client_for("pm").get(list_url(project))
    assert titles(response) == [
        "Maximal",  # 16
        "Risque Alpha",  # 12
        "Moyen",  # 6
        "Faible",  # 2
        "Action",  # not rated, due soon
        "Décision",  # not rated, no due date
        "Clos mais maximal",  # closed last
    ]


def test_list_filters_by_kind_and_status(client_for, world):
    project = world.project_a
    RiskFactory(project=project, title="Clos", status="closed")
    RaidItem.objects.create(project=project, kind=RaidKind.ISSUE, title="Problème")
    client = client_for("pm")
    assert titles(client.get(list_url(project), {"kind": "issue"})) == ["Problème"]
    assert titles(client.get(list_url(project), {"kind": "risk", "status": "closed"})) == ["Clos"]
    assert titles(client.get(list_url(project), {"kind": "risk", "status": "active"})) == [
        "Risque Alpha"
    ]
    response = client.get(list_url(project), {"kind": "risk", "status": "nonsense"})
    assert response.status_code == 200
    assert sorted(titles(response)) == ["Clos", "Risque Alpha"]  # the bad filter is dropped
    assert "status" in response.context["filter_form"].errors
    empty = client.get(list_url(project), {"kind": "decision"})
    assert "No RAID item matches these filters." in empty.content.decode()


def test_empty_log_offers_to_record_a_risk(client_for, world):
    world.risk_a.delete()
    content = client_for("pm").get(list_url(world.project_a)).content.decode()
    assert "The RAID log of this project is empty" in content
    assert f"{create_url(world.project_a)}?kind=risk" in content


def test_list_is_paginated(client_for, world, settings):
    RiskFactory.create_batch(settings.PAGINATE_BY + 5, project=world.project_a, probability=1)
    client = client_for("pm")
    first = client.get(list_url(world.project_a))
    assert len(titles(first)) == settings.PAGINATE_BY
    assert titles(first)[0] == "Risque Alpha"
    second = client.get(list_url(world.project_a), {"page": 2})
    assert len(titles(second)) == 6
    assert f"{settings.PAGINATE_BY + 6} items" in first.content.decode()


def _add_items(project, owner, n):
    for i in range(n):
        RiskFactory(project=project, owner=owner, probability=1 + i % 4, impact=1 + i % 3)


def _count(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ["pm", "executive", "pmo"])
@pytest.mark.parametrize("url_name", ["reporting:raid_list", "reporting:risk_matrix"])
def test_query_count_does_not_grow_with_the_log(
    client_for, world, django_assert_max_num_queries, role, url_name
):
    client = client_for(role)
    url = reverse(url_name, args=[world.project_a.pk])
    _add_items(world.project_a, world.users["pm"], 4)  # 5 with risk_a
    client.get(url)  # warm the session
    with_5 = _count(client, url)
    _add_items(world.project_a, world.users["executive"], 95)  # 100
    with_100 = _count(client, url)
    assert with_5 == with_100
    with django_assert_max_num_queries(10):
        client.get(url)
