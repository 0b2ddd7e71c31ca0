"""A PM requests 12 months of allocations in the grid, the resource manager approves them,
and the capacity plan shows the team's over-allocation (issue 5, done 6)."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from resources.forms.capacity import cell_name
from resources.models import Allocation, AllocationStatus
from resources.selectors.capacity import months_ahead
from tests.e2e.conftest import BLOCKING_IMPACTS, format_violations, run_axe
from tests.resources.factories_capacity import AllocationFactory, ResourceFactory, TeamFactory

pytestmark = pytest.mark.e2e


def test_grid_request_approval_and_heatmap(page, live_server, e2e_world, sign_in, french):
    world = e2e_world
    months = months_ahead()
    team = TeamFactory(name="Équipe Data", manager=world.users["resource_manager"])
    alice = ResourceFactory(name="Alice Martin", team=team)
    # Already committed elsewhere in the third month: 0.6 of her 1.0 FTE.
    AllocationFactory(
        resource=alice,
        project=world.project_b,
        month=months[2],
        fte=Decimal("0.60"),
        status=AllocationStatus.APPROVED,
    )

    # The PM adds Alice to the grid of project A and fills the 12 months.
    sign_in("pm")
    page.goto(live_server.url + reverse("resources:project_allocations", args=[world.project_a.pk]))
    page.locator("#id_add").select_option(str(alice.pk))
    page.locator("form[method=get] button[type=submit]").click()
    for month in months:
        page.locator(f"input[name='{cell_name(alice.pk, month)}']").fill("0,5")
    page.locator("form[method=post] button[type=submit]").last.click()
    expect(page.locator(".messages [role=status]")).to_be_visible()
    requested = Allocation.objects.filter(project=world.project_a, resource=alice)
    assert requested.count() == 12
    assert set(requested.values_list("status", flat=True)) == {AllocationStatus.REQUESTED}

    # The resource manager approves all of project A on the decisions page.
    sign_in("resource_manager")
    page.goto(live_server.url + reverse("resources:pending_allocations"))
    expect(page.get_by_text("Alice Martin").first).to_be_visible()
    page.locator("button[name=action][value=approve_project]").click()
    expect(page.locator(".empty-state")).to_be_visible()
    assert set(requested.values_list("status", flat=True)) == {AllocationStatus.APPROVED}

    # The capacity plan: the team is over-allocated in the third month (0.6 + 0.5 > 1.0).
    page.goto(live_server.url + reverse("resources:capacity"))
    row = page.locator("tr", has=page.get_by_role("link", name="Équipe Data"))
    over = row.locator(f"td[data-month='{months[2]:%Y-%m}']")
    expect(over).to_have_attribute("data-state", "over")
    expect(over).to_contain_text("110")
    expect(row.locator(f"td[data-month='{months[0]:%Y-%m}']")).to_have_attribute("data-state", "ok")
    # Drill-down: the two allocations behind the cell.
    over.locator("a").click()
    expect(page.locator("tbody tr")).to_have_count(2)


def test_every_grid_cell_has_an_accessible_name(page, live_server, e2e_world, sign_in, french):
    """axe rule "label" on a grid of two resources × 12 months (issue 10 item 11)."""
    world = e2e_world
    months = months_ahead()
    team = TeamFactory(name="Équipe Data", manager=world.users["resource_manager"])
    for name in ("Alice Martin", "Bruno Petit"):
        resource = ResourceFactory(name=name, team=team)
        AllocationFactory(
            resource=resource, project=world.project_a, month=months[1], fte=Decimal("0.5")
        )
    sign_in("pm")
    page.goto(live_server.url + reverse("resources:project_allocations", args=[world.project_a.pk]))
    cells = page.locator("input[name^='fte-']")
    expect(cells).to_have_count(24)
    expect(cells.first).to_have_accessible_name(re.compile(r"^Alice Martin, [^,]+ \d{4}, \S+$"))

    violations = run_axe(page)
    assert [v for v in violations if v["id"] == "label"] == [], format_violations(violations)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert blocking == [], format_violations(blocking)
