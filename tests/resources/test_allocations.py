"""The project allocation grid and the decisions of the resource managers."""

from decimal import Decimal

import html5lib
import pytest
from django.urls import reverse
from django.utils import translation

from resources.forms.capacity import cell_name, month_label
from resources.models import Allocation, AllocationStatus
from resources.selectors.capacity import months_ahead
from tests.resources.factories_capacity import AllocationFactory, ResourceFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def team(world):
    return TeamFactory(name="Équipe Data", manager=world.users["resource_manager"])


@pytest.fixture
def dev(team):
    return ResourceFactory(name="Alice Martin", team=team)


def grid_url(project):
    return reverse("resources:project_allocations", args=[project.pk])


def test_pm_requests_twelve_months_in_one_form(client_for, world, dev):
    months = months_ahead()
    data = {"row": [dev.pk]}
    data.update({cell_name(dev.pk, month): "0.5" for month in months})
    response = client_for("pm").post(grid_url(world.project_a), data)
    assert response.status_code == 302
    allocations = Allocation.objects.filter(project=world.project_a, resource=dev)
    assert allocations.count() == 12
    assert {a.status for a in allocations} == {AllocationStatus.REQUESTED}
    assert {a.fte for a in allocations} == {Decimal("0.50")}
    assert allocations.first().requested_by == world.users["pm"]
    page = client_for("pm").get(grid_url(world.project_a)).content.decode()
    assert "Alice Martin" in page
    assert 'data-status="requested"' in page
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)


def test_french_decimal_comma_is_understood(client_for, world, dev, settings):
    settings.LANGUAGE_CODE = "fr"
    month = months_ahead()[0]
    client_for("pm").post(
        grid_url(world.project_a), {"row": [dev.pk], cell_name(dev.pk, month): "0,75"}
    )
    assert Allocation.objects.get().fte == Decimal("0.75")


def test_added_row_appears_empty_in_the_grid(client_for, world, dev):
    response = client_for("pm").get(grid_url(world.project_a), {"add": dev.pk})
    assert response.status_code == 200
    assert f'name="{cell_name(dev.pk, months_ahead()[0])}"' in response.content.decode()


def test_every_grid_cell_is_named_by_its_resource_month_and_unit(client_for, world, dev):
    """A screen reader announces each cell as its row, column and unit (axe rule "label")."""
    months = months_ahead()
    AllocationFactory(resource=dev, project=world.project_a, month=months[0], fte=Decimal("0.5"))
    content = client_for("pm").get(grid_url(world.project_a)).content.decode()
    tree = html5lib.HTMLParser(namespaceHTMLElements=False).parse(content)
    by_id = {element.get("id"): element for element in tree.iter() if element.get("id")}
    labels = {label.get("for"): label for label in tree.iter("label") if label.get("for")}

    def text(element) -> str:
        return " ".join("".join(element.itertext()).split())

    names = {}
    for cell in tree.iter("input"):
        if not (cell.get("name") or "").startswith("fte-"):
            continue
        if cell.get("aria-labelledby"):
            name = " ".join(text(by_id[i]) for i in cell.get("aria-labelledby").split())
        else:
            name = text(labels[cell.get("id")]) if cell.get("id") in labels else ""
        names[cell.get("name")] = name
    with translation.override("en"):
        expected = {
            cell_name(dev.pk, month): f"Alice Martin, {month_label(month)}, FTE" for month in months
        }
    assert names == expected


def test_one_bad_cell_saves_nothing_and_marks_the_cell(client_for, world, dev):
    months = months_ahead()
    data = {"row": [dev.pk], cell_name(dev.pk, months[0]): "0.5"}
    data[cell_name(dev.pk, months[1])] = "12"
    data[cell_name(dev.pk, months[2])] = "0.555"
    response = client_for("pm").post(grid_url(world.project_a), data)
    assert response.status_code == 200
    assert not Allocation.objects.exists()
    content = response.content.decode()
    assert "Nothing was saved" in content
    assert content.count("invalid-feedback") >= 2
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(content)


def test_inactive_resource_cannot_be_requested(client_for, world, dev):
    dev.is_active = False
    dev.save()
    month = months_ahead()[0]
    response = client_for("pm").post(
        grid_url(world.project_a), {"row": [dev.pk], cell_name(dev.pk, month): "1"}
    )
    assert response.status_code == 200
    assert "no longer active" in response.content.decode()
    assert not Allocation.objects.exists()


def test_changed_approved_cell_goes_back_to_requested_and_emptied_cell_is_removed(
    client_for, world, dev
):
    months = months_ahead()
    approved = AllocationFactory(
        project=world.project_a,
        resource=dev,
        month=months[0],
        fte=Decimal("1.00"),
        status=AllocationStatus.APPROVED,
    )
    requested = AllocationFactory(project=world.project_a, resource=dev, month=months[1])
    untouched = AllocationFactory(
        project=world.project_a,
        resource=dev,
        month=months[2],
        fte=Decimal("0.20"),
        status=AllocationStatus.APPROVED,
    )
    data = {
        "row": [dev.pk],
        cell_name(dev.pk, months[0]): "0.8",
        cell_name(dev.pk, months[1]): "",
        cell_name(dev.pk, months[2]): "0.20",
    }
    assert client_for("pm").post(grid_url(world.project_a), data).status_code == 302
    approved.refresh_from_db()
    untouched.refresh_from_db()
    assert approved.status == AllocationStatus.REQUESTED
    assert approved.fte == Decimal("0.80")
    assert not Allocation.objects.filter(pk=requested.pk).exists()
    assert untouched.status == AllocationStatus.APPROVED


def test_executive_reads_the_grid_but_cannot_post(client_for, world, dev):
    AllocationFactory(project=world.project_a, resource=dev, month=months_ahead()[0])
    client = client_for("executive")
    response = client.get(grid_url(world.project_a))
    assert response.status_code == 200
    assert 'name="row"' not in response.content.decode()
    assert client.post(grid_url(world.project_a), {}).status_code == 403


def test_grid_is_404_outside_scope(client_for, world):
    assert client_for("pm").get(grid_url(world.project_b)).status_code == 404


def test_grid_query_count_does_not_grow(client_for, world, team, django_assert_max_num_queries):
    months = months_ahead()
    for index in range(20):
        resource = ResourceFactory(team=team)
        for month in months[:6]:
            AllocationFactory(project=world.project_a, resource=resource, month=month)
        del index
    client = client_for("pm")
    with django_assert_max_num_queries(14):
        assert client.get(grid_url(world.project_a)).status_code == 200


# --- Decisions ----------------------------------------------------------------------------

PENDING = "resources:pending_allocations"


def test_resource_manager_sees_and_approves_the_requests_of_their_teams(client_for, world, dev):
    months = months_ahead()
    mine = AllocationFactory(project=world.project_a, resource=dev, month=months[0])
    other_team = TeamFactory(name="Équipe Infra", manager=world.users["pmo"])
    theirs = AllocationFactory(
        project=world.project_a, resource=ResourceFactory(team=other_team), month=months[0]
    )
    client = client_for("resource_manager")
    page = client.get(reverse(PENDING)).content.decode()
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
    assert "Alice Martin" in page
    assert theirs.resource.name not in page
    response = client.post(reverse(PENDING), {"allocation": mine.pk, "action": "approve"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == AllocationStatus.APPROVED
    assert mine.decided_by == world.users["resource_manager"]
    assert mine.history.count() == 2
    forbidden = client.post(reverse(PENDING), {"allocation": theirs.pk, "action": "approve"})
    assert forbidden.status_code == 403
    theirs.refresh_from_db()
    assert theirs.status == AllocationStatus.REQUESTED


def test_reject_needs_a_reason(client_for, world, dev):
    allocation = AllocationFactory(project=world.project_a, resource=dev, month=months_ahead()[0])
    client = client_for("resource_manager")
    response = client.post(reverse(PENDING), {"allocation": allocation.pk, "action": "reject"})
    assert response.status_code == 200
    assert "A rejection needs a reason." in response.content.decode()
    allocation.refresh_from_db()
    assert allocation.status == AllocationStatus.REQUESTED
    client.post(
        reverse(PENDING),
        {"allocation": allocation.pk, "action": "reject", "comment": "Déjà pris"},
    )
    allocation.refresh_from_db()
    assert allocation.status == AllocationStatus.REJECTED
    assert allocation.comment == "Déjà pris"


def test_approve_all_of_a_project(client_for, world, dev):
    for month in months_ahead():
        AllocationFactory(project=world.project_a, resource=dev, month=month)
    AllocationFactory(project=world.project_b, resource=dev, month=months_ahead()[0])
    response = client_for("resource_manager").post(
        reverse(PENDING), {"project": world.project_a.pk, "action": "approve_project"}
    )
    assert response.status_code == 302
    assert (
        Allocation.objects.filter(project=world.project_a, status=AllocationStatus.APPROVED).count()
        == 12
    )
    assert Allocation.objects.get(project=world.project_b).status == AllocationStatus.REQUESTED


def test_pending_page_is_get_safe_and_query_count_constant(
    client_for, world, team, django_assert_max_num_queries
):
    for index in range(30):
        AllocationFactory(project=world.project_a, resource=ResourceFactory(team=team))
        del index
    client = client_for("resource_manager")
    with django_assert_max_num_queries(8):
        response = client.get(reverse(PENDING))
    assert response.status_code == 200
    assert Allocation.objects.filter(status=AllocationStatus.REQUESTED).count() == 30
