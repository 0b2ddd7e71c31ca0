"""Issue 10 item 12: the dashboard said "37 457 k€ approved budget 2026" while the portfolio
budgets page totalled 63 162 k€ for the same company (the dashboard counts the projects under
way, the budget page every status). The dashboard now says what it counts and links to the
budget page narrowed to the same projects, where the node's Total row gives the same figure.
"""

from decimal import Decimal
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.urls import reverse

from portfolios.models import ProjectStatus
from resources.models import Nature
from tests.portfolios.factories import ProjectFactory
from tests.resources.factories import BudgetLineFactory

YEAR = 2027


@pytest.fixture
def budgets(world):
    """One project per status under the company, each with 1,000 € CAPEX and 2,000 € OPEX."""
    for status in ProjectStatus:
        project = ProjectFactory(portfolio=world.p1, status=status)
        for nature, amount in ((Nature.CAPEX, "1000.00"), (Nature.OPEX, "2000.00")):
            BudgetLineFactory(
                project=project, fiscal_year=YEAR, nature=nature, approved_amount=Decimal(amount)
            )
    return world


def _company_total(response, world):
    row = next(row for row in response.context["rows"] if row.node.pk == world.company.pk)
    return row.total


@time_machine.travel("2027-03-15T10:00:00+01:00", tick=False)
@pytest.mark.parametrize("statuses", [(), (ProjectStatus.ACTIVE,), tuple(ProjectStatus)])
def test_dashboard_budget_and_portfolio_budgets_count_the_same_projects(
    client_for, budgets, statuses
):
    client = client_for("pmo")
    query = "&".join(f"status={status.value}" for status in statuses)
    block = client.get(reverse("reporting:dashboard_budget") + "?" + query)
    approved = block.context["budget"]["kpis"][0]
    url = unescape(approved["url"])
    params = parse_qs(urlsplit(url).query)
    expected_statuses = [s.value for s in statuses] or ["active", "on_hold"]
    assert sorted(params["status"]) == sorted(expected_statuses)

    page = client.get(url)
    assert page.status_code == 200
    total = _company_total(page, budgets)
    # The world's own projects have no budget line: 3,000 € per project counted.
    assert total.approved == Decimal("3000.00") * len(expected_statuses)
    shown = approved["value"].replace("\u202f", " ").replace("\xa0", " ")
    assert shown == f"{total.approved / 1000:.0f} k€"
    # Both pages say what they count.
    labels = [str(ProjectStatus(s).label) for s in expected_statuses]
    assert all(label.lower() in block.content.decode() for label in labels)
    counted = page.content.decode()
    assert all(label in counted for label in labels)
    assert 'id="budget-counted"' in counted


@time_machine.travel("2027-03-15T10:00:00+01:00", tick=False)
def test_portfolio_budgets_without_filter_count_every_status_and_say_so(client_for, budgets):
    page = client_for("pmo").get(reverse("resources:portfolio_budget") + f"?year={YEAR}")
    assert _company_total(page, budgets).approved == Decimal("3000.00") * len(ProjectStatus)
    assert "Projects counted: every status" in page.content.decode()
    # The Total row adds up CAPEX and OPEX of the node.
    row = next(row for row in page.context["rows"] if row.node.pk == budgets.company.pk)
    capex, opex, total = row.natures
    assert total[2].approved == capex[2].approved + opex[2].approved
