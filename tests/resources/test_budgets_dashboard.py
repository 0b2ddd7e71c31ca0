"""The budget block of the portfolio dashboard (reporting) fed by resources.selectors.budgets."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portfolios.models import Project
from resources.models import Nature
from resources.selectors.budget_totals import year_totals
from tests.portfolios.factories import ProjectFactory
from tests.resources.factories import ActualCostFactory, BudgetLineFactory, CommittedCostFactory


def _budget(project, year):
    BudgetLineFactory(project=project, fiscal_year=year, approved_amount=Decimal("10000.00"))
    BudgetLineFactory(
        project=project, fiscal_year=year, nature=Nature.CAPEX, approved_amount=Decimal("5000.00")
    )
    ActualCostFactory(
        project=project, date=timezone.localdate().replace(day=1), amount=Decimal("9000.00")
    )
    CommittedCostFactory(
        project=project, date=timezone.localdate().replace(day=1), amount=Decimal("3000.00")
    )


def test_year_totals_sum_per_nature_with_forecast(world):
    year = timezone.localdate().year
    _budget(world.project_a, year)
    _budget(world.project_b, year)

    total = year_totals(projects=Project.objects.all(), year=year)

    assert total.approved == Decimal("30000.00")
    assert total.actual == Decimal("18000.00")
    # OPEX: max(10000, 9000 + 3000) = 12000 per project; CAPEX: 5000.
    assert total.forecast == Decimal("34000.00")
    assert year_totals(
        projects=Project.objects.filter(pk=world.project_a.pk), year=year
    ).forecast == Decimal("17000.00")


def _count(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reporting:dashboard_budget"))
    # The budget block's own queries: those reading the resources tables.
    return response, sum("resources_" in query["sql"] for query in queries.captured_queries)


def test_dashboard_budget_block_links_to_the_portfolio_budget(client_for, world):
    year = timezone.localdate().year
    _budget(world.project_a, year)
    client = client_for("pmo")
    client.get(reverse("reporting:dashboard"))

    response, small = _count(client)

    kpis = response.context["budget"]["kpis"]
    assert [kpi["value"] for kpi in kpis][:2] == ["15 k€", "9 k€"]
    assert all(
        kpi["url"]
        == reverse("resources:portfolio_budget") + f"?year={year}&status=active&status=on_hold"
        for kpi in kpis
    )
    assert b'id="h-budget"' in response.content
    # The dashboard loads the block after the page (HTMX), with the same filters.
    page = client.get(reverse("reporting:dashboard"), {"portfolio": world.p1.pk})
    block = f'data-hx-get="{reverse("reporting:dashboard_budget")}?portfolio={world.p1.pk}"'
    assert block.encode() in page.content

    for _ in range(40):
        _budget(ProjectFactory(portfolio=world.p1), year)
    response, large = _count(client)
    assert large == small == 1
