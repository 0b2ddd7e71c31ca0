"""Two people on the same budget, grid or resource page (issue 10, item 4): the second stale
save is refused with the stored values, and nothing is overwritten."""

from decimal import Decimal

import pytest
from django.urls import reverse

from resources.forms.capacity import cell_name
from resources.models import Allocation, AllocationStatus, BudgetLine, Resource
from resources.selectors.capacity import months_ahead
from resources.services import capacity as capacity_services
from tests.concurrency import CONFLICT_EN, client_as, form_data, two_stale_saves
from tests.resources.factories import BudgetLineFactory
from tests.resources.factories_capacity import AllocationFactory, ResourceFactory, TeamFactory


@pytest.fixture
def line(world):
    return BudgetLineFactory(project=world.project_a, approved_amount=Decimal("100000.00"))


def line_url(project) -> str:
    keys = "?fiscal_year=2026&nature=opex&category=external_services"
    return reverse("resources:budget_line_edit", args=[project.pk]) + keys


def test_budget_line_second_stale_revision_is_refused(world, line):
    finance, pmo = client_as(world.users["finance"]), client_as(world.users["pmo"])
    url = line_url(world.project_a)

    saved, stale = two_stale_saves(
        finance,
        pmo,
        url,
        {"amount": "111111.00", "reason": "Lot 2"},
        {"amount": "222222.00", "reason": "Lot 3"},
    )

    assert saved.status_code == 302
    assert stale.status_code == 409
    content = stale.content.decode()
    assert "Budget line: " + CONFLICT_EN in content
    assert "111,111.00" in content or "111111.00" in content
    line.refresh_from_db()
    assert line.approved_amount == Decimal("111111.00")
    # Saving the refreshed page again is deliberate, and wins.
    again = pmo.post(url, form_data(stale.context["form"]))
    assert again.status_code == 302
    line.refresh_from_db()
    assert line.approved_amount == Decimal("222222.00")


def test_budget_line_approved_twice_from_blank_pages_is_refused_the_second_time(world):
    finance, pmo = client_as(world.users["finance"]), client_as(world.users["pmo"])
    url = line_url(world.project_a)  # no line yet: both pages approve a new one

    saved, stale = two_stale_saves(
        finance, pmo, url, {"amount": "111111.00"}, {"amount": "222222.00", "reason": "Mine"}
    )

    assert saved.status_code == 302
    assert stale.status_code == 409
    assert "already have an approved budget" in stale.content.decode()
    assert BudgetLine.objects.get(project=world.project_a).approved_amount == Decimal("111111.00")


def test_the_revise_page_shows_the_approved_amount(world, line):
    page = client_as(world.users["finance"]).get(line_url(world.project_a))
    assert page.context["form"]["amount"].value() == Decimal("100000.00")
    assert page.context["form"]["version"].value() == line.version


@pytest.fixture
def dev(world):
    return ResourceFactory(
        name="Dev Senior", team=TeamFactory(manager=world.users["resource_manager"])
    )


def grid_post(page, resource, changes: dict) -> dict:
    return {**form_data(page.context["form"]), "row": [str(resource.pk)], **changes}


def test_allocation_grid_second_stale_save_is_refused_for_the_same_cell(world, dev):
    month = months_ahead()[0]
    AllocationFactory(project=world.project_a, resource=dev, month=month, fte=Decimal("0.50"))
    url = reverse("resources:project_allocations", args=[world.project_a.pk])
    pm, pmo = client_as(world.users["pm"]), client_as(world.users["pmo"])
    page_pm, page_pmo = pm.get(url), pmo.get(url)
    cell = cell_name(dev.pk, month)

    assert pm.post(url, grid_post(page_pm, dev, {cell: "0.8"})).status_code == 302
    stale = pmo.post(url, grid_post(page_pmo, dev, {cell: "0.3"}))

    assert stale.status_code == 409
    assert "Allocations: " + CONFLICT_EN in stale.content.decode()
    assert Allocation.objects.get(resource=dev, month=month).fte == Decimal("0.80")
    # The refreshed grid keeps 0.3 typed; saving it again is deliberate.
    assert stale.context["form"][cell].value() == "0.3"
    again = pmo.post(url, grid_post(stale, dev, {}))
    assert again.status_code == 302
    assert Allocation.objects.get(resource=dev, month=month).fte == Decimal("0.30")


def test_a_stale_grid_never_undoes_a_cell_it_did_not_touch(world, dev):
    first, second = months_ahead()[:2]
    AllocationFactory(project=world.project_a, resource=dev, month=first, fte=Decimal("0.50"))
    url = reverse("resources:project_allocations", args=[world.project_a.pk])
    pm, pmo = client_as(world.users["pm"]), client_as(world.users["pmo"])
    page_pm, page_pmo = pm.get(url), pmo.get(url)

    pm.post(url, grid_post(page_pm, dev, {cell_name(dev.pk, first): "0.8"}))
    # The PMO fills another month: saved, and the PM's 0.8 stays.
    response = pmo.post(url, grid_post(page_pmo, dev, {cell_name(dev.pk, second): "0.4"}))

    assert response.status_code == 302
    assert Allocation.objects.get(resource=dev, month=first).fte == Decimal("0.80")
    assert Allocation.objects.get(resource=dev, month=second).fte == Decimal("0.40")


def test_an_approval_in_between_does_not_block_the_grid(world, dev):
    month = months_ahead()[0]
    allocation = AllocationFactory(
        project=world.project_a, resource=dev, month=month, fte=Decimal("0.50")
    )
    url = reverse("resources:project_allocations", args=[world.project_a.pk])
    pm = client_as(world.users["pm"])
    page = pm.get(url)
    capacity_services.decide_allocation(
        allocation=allocation, user=world.users["resource_manager"], approve=True
    )
    response = pm.post(url, grid_post(page, dev, {cell_name(dev.pk, months_ahead()[1]): "1"}))
    assert response.status_code == 302
    allocation.refresh_from_db()
    assert allocation.status == AllocationStatus.APPROVED  # untouched cell: not re-requested


def test_resource_second_stale_save_is_refused(world, dev):
    url = reverse("resources:resource_edit", args=[dev.pk])
    pmo, rm = client_as(world.users["pmo"]), client_as(world.users["resource_manager"])

    saved, stale = two_stale_saves(
        pmo, rm, url, {"cost_rate_per_day": "700.00"}, {"cost_rate_per_day": "900.00"}
    )

    assert saved.status_code == 302
    assert stale.status_code == 409
    assert "Resource: " + CONFLICT_EN in stale.content.decode()
    assert Resource.objects.get(pk=dev.pk).cost_rate_per_day == Decimal("700.00")
