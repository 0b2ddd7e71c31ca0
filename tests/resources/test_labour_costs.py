"""Internal labour cost derived from approved allocations × daily rate, recorded once."""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from resources.models import ActualCost, AllocationStatus, CostSource
from tests.resources.factories_capacity import AllocationFactory, ResourceFactory


def test_derives_approved_allocations_once(client_for, world):
    resource = ResourceFactory(cost_rate_per_day=Decimal("500.00"))
    month = date(2026, 10, 1)
    AllocationFactory(
        resource=resource,
        project=world.project_a,
        month=month,
        fte=Decimal("0.50"),
        status=AllocationStatus.APPROVED,
    )
    AllocationFactory(project=world.project_a, month=month, status=AllocationStatus.REQUESTED)
    url = reverse("resources:labour_costs_derive", args=[world.project_a.pk])
    client = client_for("finance")
    assert client.post(url, {"month": "2026-10"}).status_code == 302
    client.post(url, {"month": "2026-10"})  # a rerun does not count it twice
    cost = ActualCost.objects.get(project=world.project_a, source=CostSource.LABOUR)
    assert cost.amount == Decimal("5150.00")  # 0.5 FTE × 20.6 days × 500 €
    assert (cost.nature, cost.category, cost.date) == ("opex", "internal_labour", month)


def test_bad_month_records_nothing(client_for, world):
    url = reverse("resources:labour_costs_derive", args=[world.project_a.pk])
    response = client_for("pmo").post(url, {"month": "octobre"}, follow=True)
    assert b"Choose the month to derive" in response.content
    assert not ActualCost.objects.exists()
