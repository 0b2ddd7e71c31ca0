"""The capacity heatmap, its drill-down and the resource pages."""

from datetime import date
from decimal import Decimal

import html5lib
import pytest
from django.urls import reverse

from pmo_portal.dates import add_months
from resources.models import Availability, Resource
from resources.selectors.capacity import capacity_by, months_ahead, team_heatmap
from tests.resources.factories_capacity import (
    AllocationFactory,
    AvailabilityFactory,
    ResourceFactory,
    SkillFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db
CAPACITY = reverse("resources:capacity")


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def test_capacity_uses_availability_and_the_availability_window(db):
    months = months_ahead(date(2026, 1, 15))
    team = TeamFactory(name="Data")
    full = ResourceFactory(team=team)
    ResourceFactory(team=team, default_fte=Decimal("0.50"))  # part time
    AvailabilityFactory(resource=full, month=date(2026, 3, 1), fte=Decimal("0"))  # leave
    ResourceFactory(team=team, available_from=date(2026, 6, 10))  # arrives in June
    ResourceFactory(team=team, available_until=date(2026, 2, 28))  # leaves end of February
    ResourceFactory(team=team, is_active=False)
    capacity = capacity_by(months=months, group="team")
    assert capacity[(team.pk, date(2026, 1, 1))] == Decimal("2.50")
    assert capacity[(team.pk, date(2026, 3, 1))] == Decimal("0.50")
    assert capacity[(team.pk, date(2026, 5, 1))] == Decimal("1.50")
    assert capacity[(team.pk, date(2026, 6, 1))] == Decimal("2.50")


def test_team_heatmap_marks_over_allocation_and_idle(world):
    months = months_ahead(date(2026, 1, 1))
    team = TeamFactory(name="Data")
    alice, bob = ResourceFactory(team=team), ResourceFactory(team=team)
    AllocationFactory(
        resource=alice,
        project=world.project_a,
        month=months[0],
        fte=Decimal("1.5"),
        status="approved",
    )
    AllocationFactory(
        resource=bob, project=world.project_b, month=months[0], fte=Decimal("1"), status="approved"
    )
    AllocationFactory(
        resource=bob,
        project=world.project_a,
        month=months[1],
        fte=Decimal("0.5"),
        status="approved",
    )
    AllocationFactory(resource=bob, project=world.project_a, month=months[2], fte=Decimal("2"))
    heatmap = team_heatmap(months=months)
    (row,) = heatmap.rows
    assert row.cells[0].utilisation == Decimal("125")
    assert row.cells[0].state == "over"
    assert row.cells[1].state == "idle"
    assert row.cells[2].state == "idle"  # requested only: not counted by default
    with_requests = team_heatmap(months=months, include_requested=True)
    assert with_requests.rows[0].cells[2].state == "ok"
    only_p1 = team_heatmap(months=months, portfolio=world.north)
    assert only_p1.rows[0].cells[0].demand == Decimal("1.5")


def test_heatmap_page_shows_over_allocation_in_text(client_for, world):
    month = months_ahead()[0]
    team = TeamFactory(name="Équipe Data")
    AllocationFactory(
        resource=ResourceFactory(team=team),
        project=world.project_a,
        month=month,
        fte=Decimal("1.20"),
        status="approved",
    )
    response = client_for("executive").get(CAPACITY)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Équipe Data" in content
    assert 'data-state="over"' in content
    assert "over-allocated" in content
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(content)
    by_resource = client_for("executive").get(CAPACITY, {"by": "resource", "team": team.pk})
    assert 'data-state="over"' in by_resource.content.decode()


def test_filter_by_skill_and_team(client_for, world):
    python = SkillFactory(name="Python")
    data, infra = TeamFactory(name="Data"), TeamFactory(name="Infra")
    ResourceFactory(team=data, skills=[python])
    ResourceFactory(team=infra)
    client = client_for("pmo")
    rows = client.get(CAPACITY, {"skill": python.pk}).context["heatmap"].rows
    assert [row.label for row in rows] == ["Data"]
    rows = client.get(CAPACITY, {"team": infra.pk}).context["heatmap"].rows
    assert [row.label for row in rows] == ["Infra"]


@pytest.mark.parametrize("count", [5, 100])
def test_heatmap_query_count_is_constant(client_for, world, count, django_assert_num_queries):
    months = months_ahead()
    teams = [TeamFactory(name=f"Team {i}") for i in range(5)]
    resources = Resource.objects.bulk_create(
        [Resource(name=f"R{i}", team=teams[i % 5]) for i in range(count)]
    )
    Availability.objects.bulk_create(
        [Availability(resource=r, month=months[1], fte=Decimal("0.5")) for r in resources]
    )
    for resource in resources[:5]:
        AllocationFactory(
            resource=resource, project=world.project_a, month=months[0], status="approved"
        )
    client = client_for("resource_manager")
    with django_assert_num_queries(8):
        assert client.get(CAPACITY).status_code == 200
    with django_assert_num_queries(9):
        assert client.get(CAPACITY, {"by": "resource"}).status_code == 200


def test_drill_down_lists_the_allocations_behind_a_cell(client_for, world):
    month = months_ahead()[0]
    team = TeamFactory(name="Data")
    AllocationFactory(
        resource=ResourceFactory(team=team, name="Alice"),
        project=world.project_a,
        month=month,
        status="approved",
    )
    AllocationFactory(
        resource=ResourceFactory(team=team, name="Bob"),
        project=world.project_b,
        month=month,
        status="approved",
    )
    AllocationFactory(
        resource=ResourceFactory(team=team, name="Carl"),
        project=world.project_a,
        month=add_months(month, 1),
        status="approved",
    )
    response = client_for("executive").get(
        reverse("resources:capacity_cell"), {"month": f"{month:%Y-%m}", "team": team.pk}
    )
    content = response.content.decode()
    assert "Alice" in content
    assert "Bob" in content
    assert "Carl" not in content
    assert "PRJ-A" in content
    assert "PRJ-B" not in content  # outside the executive's portfolios
    assert "A project outside your portfolios" in content
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(content)


def test_resource_list_filters_and_pagination(client_for, world, settings):
    team = TeamFactory(name="Data")
    ResourceFactory.create_batch(settings.PAGINATE_BY + 2, team=team)
    ResourceFactory(name="Salle Everest", kind="room", team=None)
    client = client_for("finance")
    first = client.get(reverse("resources:resource_list"))
    assert first.status_code == 200
    assert first.context["page_obj"].paginator.num_pages == 2
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(first.content)
    rooms = client.get(reverse("resources:resource_list"), {"kind": "room"})
    assert [r.name for r in rooms.context["resources"]] == ["Salle Everest"]


def test_resource_manager_creates_a_part_time_resource(client_for, world):
    months = months_ahead()
    team = TeamFactory(name="Data")
    data = {
        "kind": "person",
        "name": "Chloé Petit",
        "team": team.pk,
        "cost_rate_per_day": "650",
        "default_fte": "0.8",
        "is_active": "on",
        f"avail-month-{months[2]:%Y%m}": "0",
    }
    response = client_for("resource_manager").post(reverse("resources:resource_create"), data)
    assert response.status_code == 302
    resource = Resource.objects.get(name="Chloé Petit")
    assert resource.default_fte == Decimal("0.80")
    assert Availability.objects.get(resource=resource).month == months[2]
    detail = client_for("resource_manager").get(response["Location"])
    assert detail.status_code == 200
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(detail.content)


def test_bad_resource_saves_nothing(client_for, world):
    response = client_for("pmo").post(
        reverse("resources:resource_create"),
        {"kind": "person", "name": "X", "cost_rate_per_day": "-1", "default_fte": "11"},
    )
    assert response.status_code == 200
    assert not Resource.objects.exists()
    assert response.context["form"].errors.keys() >= {"cost_rate_per_day", "default_fte"}
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(response.content)


def test_project_manager_cannot_edit_resources(client_for, world):
    resource = ResourceFactory()
    client = client_for("pm")
    assert client.get(reverse("resources:resource_detail", args=[resource.pk])).status_code == 200
    assert client.get(reverse("resources:resource_edit", args=[resource.pk])).status_code == 403
    assert client.post(reverse("resources:resource_create"), {}).status_code == 403


def test_fte_consumption_planned_against_approved(client_for, world, django_assert_max_num_queries):
    months = months_ahead()
    dev = ResourceFactory()
    AllocationFactory(
        resource=dev,
        project=world.project_a,
        month=months[0],
        fte=Decimal("0.5"),
        status="approved",
    )
    AllocationFactory(resource=dev, project=world.project_a, month=months[1], fte=Decimal("0.3"))
    AllocationFactory(
        resource=dev, project=world.project_b, month=months[0], fte=Decimal("1"), status="approved"
    )
    client = client_for("executive")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("resources:fte_consumption"))
    assert response.status_code == 200
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(response.content)
    (row,) = response.context["rows"]  # project B is outside the executive's portfolios
    assert row.project == world.project_a
    assert row.cells[0][1:] == (Decimal("0.5"), Decimal("0.5"))
    assert row.cells[1][1:] == (Decimal("0.3"), Decimal("0"))
    assert (row.planned_total, row.approved_total) == (Decimal("0.8"), Decimal("0.5"))
    assert response.context["totals"][0][1:] == (Decimal("0.5"), Decimal("0.5"))
    pmo = client_for("pmo").get(reverse("resources:fte_consumption"), {"portfolio": world.south.pk})
    assert [r.project for r in pmo.context["rows"]] == [world.project_b]
