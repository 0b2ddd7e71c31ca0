"""The demo capacity data: idempotent, and the heatmap tells its story."""

from datetime import date

import pytest

from portfolios import demo as portfolio_demo
from resources.demo_capacity import seed_capacity
from resources.models import Allocation, AllocationStatus, Resource, Team
from resources.selectors.capacity import months_ahead, team_heatmap

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 20)


def test_seed_capacity_is_idempotent_and_shows_an_over_allocated_team():
    portfolio_demo.seed_portfolios(projects=30)
    first = seed_capacity(today=TODAY)
    assert first["teams"] == 6
    assert 40 <= first["resources"] <= 50
    assert first["allocations"] > 100
    allocations = Allocation.objects.count()
    resources = Resource.objects.count()
    again = seed_capacity(today=TODAY)
    assert again["allocations"] == again["resources"] == again["teams"] == 0
    assert Allocation.objects.count() == allocations
    assert Resource.objects.count() == resources

    statuses = set(Allocation.objects.values_list("status", flat=True))
    assert statuses == {AllocationStatus.APPROVED, AllocationStatus.REQUESTED}
    assert Team.objects.filter(manager__username="ressources").count() >= 4
    assert Resource.objects.filter(user__isnull=False).exists()

    heatmap = team_heatmap(months=months_ahead(TODAY))
    states = {row.label: {cell.state for cell in row.cells} for row in heatmap.rows}
    assert "over" in states["Data & BI"]
    assert "idle" in states["Cybersécurité"]
