"""The demo budgets: idempotent, and the two overrun projects the alerts engineer relies on."""

from datetime import date
from decimal import Decimal

from django.db.models import Sum

from portfolios import demo as portfolio_demo
from portfolios.models import Project
from resources.demo import seed_budgets
from resources.models import ActualCost, BudgetLine, CommittedCost, Nature

TODAY = date(2026, 11, 25)


def _opex(project, model, **filters):
    field = "approved_amount" if model is BudgetLine else "amount"
    return model.objects.filter(project=project, nature=Nature.OPEX, **filters).aggregate(
        total=Sum(field)
    )["total"]


def test_seed_budgets_is_idempotent_and_has_two_overruns(db):
    portfolio_demo.seed_portfolios(projects=40)

    first = seed_budgets(today=TODAY)
    again = seed_budgets(today=TODAY)

    assert first["budget_lines"] > 40
    assert first["actual_costs"] > 100
    assert first["committed_costs"] > 0
    assert (again["budget_lines"], again["actual_costs"], again["committed_costs"]) == (0, 0, 0)
    assert ActualCost.objects.filter(reference__startswith="FAC-2026-").exists()
    assert CommittedCost.objects.exists()

    silent = Project.objects.get(code=first["silent_overrun"])
    flagged = Project.objects.get(code=first["flagged_overrun"])
    for project in (silent, flagged):
        approved = _opex(project, BudgetLine, fiscal_year=2026)
        actual = _opex(project, ActualCost, date__year=2026)
        assert actual == approved * Decimal("1.25")
    total = BudgetLine.objects.filter(project=silent).aggregate(t=Sum("approved_amount"))["t"]
    assert silent.health_budget == 1
    assert silent.eac <= total
    total = BudgetLine.objects.filter(project=flagged).aggregate(t=Sum("approved_amount"))["t"]
    assert flagged.health_budget == 3
    assert flagged.eac > total
    assert again["silent_overrun"] == first["silent_overrun"]
    # The demo project manager's project overruns too, silently (their cockpit's alert).
    mine = Project.objects.get(code=first["pm_overrun"])
    assert mine.manager.username == "chef.projet"
    assert _opex(mine, ActualCost, date__year=2026) == _opex(
        mine, BudgetLine, fiscal_year=2026
    ) * Decimal("1.25")
    assert mine.health_budget == 1
    assert again["pm_overrun"] == first["pm_overrun"]
