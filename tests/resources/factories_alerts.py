"""factory_boy factories for the budget-overrun scan and alerts (budgets, costs, alerts)."""

from datetime import date
from decimal import Decimal

import factory

from resources.models import (
    ActualCost,
    Alert,
    AlertKind,
    BudgetLine,
    CommittedCost,
    CostCategory,
    Nature,
)
from tests.portfolios.factories import ProjectFactory


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    project = factory.SubFactory(ProjectFactory)
    nature = Nature.CAPEX
    category = CostCategory.EXTERNAL_SERVICES
    fiscal_year = 2026
    approved_amount = Decimal("100000.00")
    baseline_amount = factory.LazyAttribute(lambda o: o.approved_amount)


class ActualCostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActualCost

    project = factory.SubFactory(ProjectFactory)
    date = date(2026, 3, 15)
    nature = Nature.CAPEX
    category = CostCategory.EXTERNAL_SERVICES
    amount = Decimal("1000.00")


class CommittedCostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommittedCost

    project = factory.SubFactory(ProjectFactory)
    date = date(2026, 3, 1)
    nature = Nature.CAPEX
    category = CostCategory.EXTERNAL_SERVICES
    amount = Decimal("1000.00")


class AlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alert

    project = factory.SubFactory(ProjectFactory)
    nature = Nature.CAPEX
    kind = AlertKind.ACTUAL_OVER_BUDGET
    period = 2026
    budget = Decimal("100000.00")
    measured = Decimal("120000.00")
    overrun_percent = Decimal("20.00")
