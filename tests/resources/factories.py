"""factory_boy factories of budgets: budget lines, actual and committed costs."""

from datetime import date
from decimal import Decimal

import factory

from resources.models import (
    ActualCost,
    BudgetLine,
    CommitmentStatus,
    CommittedCost,
    CostCategory,
    CostSource,
    Nature,
)
from tests.portfolios.factories import ProjectFactory


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    project = factory.SubFactory(ProjectFactory)
    nature = Nature.OPEX
    category = CostCategory.EXTERNAL_SERVICES
    fiscal_year = 2026
    approved_amount = Decimal("100000.00")
    baseline_amount = factory.SelfAttribute("approved_amount")


class ActualCostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActualCost

    project = factory.SubFactory(ProjectFactory)
    date = date(2026, 3, 15)
    nature = Nature.OPEX
    category = CostCategory.EXTERNAL_SERVICES
    amount = Decimal("1000.00")
    supplier = "ACME"
    reference = factory.Sequence(lambda n: f"FAC-T-{n:06d}")
    source = CostSource.MANUAL


class CommittedCostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommittedCost

    project = factory.SubFactory(ProjectFactory)
    date = date(2026, 3, 1)
    nature = Nature.OPEX
    category = CostCategory.EXTERNAL_SERVICES
    amount = Decimal("500.00")
    reference = factory.Sequence(lambda n: f"PO-T-{n:06d}")
    status = CommitmentStatus.OPEN
