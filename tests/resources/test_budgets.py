"""Project budget page, budget line revisions, cost entry and the portfolio budget page."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from portfolios.models import PortfolioEnvelope, Project
from resources.models import ActualCost, BudgetLine, CommittedCost, CostCategory, Nature
from resources.selectors.budgets import earned_value, portfolio_budget, project_budget
from tests.portfolios.factories import ProjectFactory
from tests.resources.factories import ActualCostFactory, BudgetLineFactory, CommittedCostFactory


@pytest.fixture
def budget_a(world):
    project = world.project_a
    BudgetLineFactory(project=project, nature=Nature.OPEX, approved_amount=Decimal("100000.00"))
    BudgetLineFactory(
        project=project,
        nature=Nature.CAPEX,
        category=CostCategory.HARDWARE,
        approved_amount=Decimal("50000.00"),
    )
    ActualCostFactory(project=project, amount=Decimal("60000.00"), reference="FAC-1")
    ActualCostFactory(project=project, amount=Decimal("-1000.00"), reference="AV-1")
    CommittedCostFactory(project=project, amount=Decimal("50000.00"), reference="PO-1")
    return project


def test_page_shows_lines_consumption_eac_and_earned_value(client_for, budget_a):
    Project.objects.filter(pk=budget_a.pk).update(eac=Decimal("170000.00"), percent_complete=40)

    response = client_for("pm").get(reverse("resources:project_budget", args=[budget_a.pk]))

    assert response.status_code == 200
    budget = response.context["budget"]
    opex = budget["by_nature"][1][1]  # CAPEX first, then OPEX
    assert opex.approved == Decimal("100000.00")
    assert opex.actual == Decimal("59000.00")
    assert opex.committed == Decimal("50000.00")
    assert opex.consumed_percent == Decimal("109.0")
    assert opex.over
    assert budget["total"].approved == Decimal("150000.00")
    assert budget["vac"] == Decimal("-20000.00")
    assert budget["evm"].ev == Decimal("60000.00")
    content = response.content.decode()
    assert "FAC-1" in content
    assert "PO-1" in content
    assert "over budget" in content
    assert "Approve a budget line" not in content  # the PM reads, finance and PMO write


def test_earned_value_is_linear_over_the_planned_dates(world):
    project = world.project_a
    project.planned_start, project.planned_end = date(2026, 1, 1), date(2026, 12, 31)
    project.percent_complete = 25

    evm = earned_value(
        project=project, bac=Decimal("365000.00"), ac=Decimal("100000.00"), today=date(2026, 7, 2)
    )

    assert evm.pv == Decimal("182500.00")
    assert evm.ev == Decimal("91250.00")
    assert evm.cpi == Decimal("0.91")
    assert evm.spi == Decimal("0.50")


def test_revision_needs_a_reason_and_keeps_the_baseline(client_for, budget_a):
    client = client_for("finance")
    url = reverse("resources:budget_line_edit", args=[budget_a.pk])
    data = {"fiscal_year": 2026, "nature": "opex", "category": "external_services"}

    response = client.post(url, {**data, "amount": "120000.00"})

    assert response.status_code == 200
    assert "needs a reason" in response.content.decode()
    line = BudgetLine.objects.get(project=budget_a, nature=Nature.OPEX)
    assert line.approved_amount == Decimal("100000.00")

    response = client.post(url, {**data, "amount": "120000.00", "reason": "Lot 2 added"})

    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.approved_amount, line.baseline_amount) == (
        Decimal("120000.00"),
        Decimal("100000.00"),
    )
    latest = line.history.first()
    assert latest.history_change_reason == "Lot 2 added"
    assert latest.history_user.username == "fin_user"


def test_new_line_takes_the_amount_as_baseline(client_for, world):
    response = client_for("pmo").post(
        reverse("resources:budget_line_edit", args=[world.project_a.pk]),
        {"fiscal_year": 2027, "nature": "capex", "category": "software", "amount": "42000"},
    )

    assert response.status_code == 302
    line = BudgetLine.objects.get(project=world.project_a, fiscal_year=2027)
    assert line.baseline_amount == line.approved_amount == Decimal("42000.00")


def test_bad_budget_line_input_saves_nothing(client_for, world):
    response = client_for("pmo").post(
        reverse("resources:budget_line_edit", args=[world.project_a.pk]),
        {"fiscal_year": 1999, "nature": "xx", "category": "software", "amount": "-5"},
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"fiscal_year", "nature", "amount"}
    assert not BudgetLine.objects.exists()


def test_actual_cost_entry_and_duplicate_reference(client_for, budget_a):
    client = client_for("finance")
    url = reverse("resources:actual_cost_create", args=[budget_a.pk])
    data = {
        "date": "2026-04-02",
        "nature": "opex",
        "category": "software",
        "amount": "1234.56",
        "reference": "FAC-2",
    }

    assert client.post(url, data).status_code == 302
    response = client.post(url, data)

    assert response.status_code == 200
    assert "reference" in response.context["form"].errors
    assert ActualCost.objects.filter(reference="FAC-2").count() == 1
    cost = ActualCost.objects.get(reference="FAC-2")
    assert cost.created_by.username == "fin_user"


def test_committed_cost_refuses_a_negative_amount(client_for, world):
    url = reverse("resources:committed_cost_create", args=[world.project_a.pk])
    data = {"date": "2026-04-02", "nature": "capex", "category": "hardware", "amount": "-1"}

    response = client_for("pmo").post(url, data)

    assert response.status_code == 200
    assert "amount" in response.context["form"].errors
    assert not CommittedCost.objects.exists()
    assert client_for("pmo").post(url, {**data, "amount": "10"}).status_code == 302
    assert CommittedCost.objects.count() == 1


# --- Portfolio budget ---------------------------------------------------------------------


def test_portfolio_budget_consolidates_and_limits_to_readable_projects(world, budget_a):
    BudgetLineFactory(project=world.project_b, approved_amount=Decimal("7000.00"))
    PortfolioEnvelope.objects.create(
        portfolio=world.p1, fiscal_year=2026, capex=Decimal("10.00"), opex=Decimal("90000.00")
    )

    data = portfolio_budget(user=world.users["executive"], year=2026, portfolio_pk=world.north.pk)

    rows = {row.node.name: row for row in data["rows"]}
    assert "BU Sud" not in rows
    north = rows["BU Nord"]
    assert north.by_nature[Nature.OPEX].approved == Decimal("100000.00")
    assert north.by_nature[Nature.OPEX].forecast == Decimal("109000.00")
    assert north.envelope[Nature.OPEX] == Decimal("90000.00")  # from its child P1
    assert [project.code for project in data["project_page"].object_list] == ["PRJ-A"]

    everything = portfolio_budget(user=world.users["pmo"], year=2026)
    company = next(row for row in everything["rows"] if row.node.name == "Compagnie")
    assert company.by_nature[Nature.OPEX].approved == Decimal("107000.00")


def _grow(world, n):
    for _ in range(n):
        project = ProjectFactory(portfolio=world.p1, manager=world.users["pm"])
        BudgetLineFactory(project=project)
        ActualCostFactory(project=project)
        CommittedCostFactory(project=project)


@pytest.mark.parametrize("size", [5, 100])
def test_portfolio_budget_query_count_is_constant(
    client_for, world, django_assert_max_num_queries, size
):
    _grow(world, size)
    client = client_for("pmo")
    url = reverse("resources:portfolio_budget") + f"?year=2026&portfolio={world.p1.pk}"
    client.get(url)  # warm the session and caches

    with django_assert_max_num_queries(16):
        response = client.get(url)

    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == min(size + 1, 25)


@pytest.mark.parametrize("size", [5, 60])
def test_project_budget_query_count_is_constant(
    client_for, world, django_assert_max_num_queries, size
):
    project = world.project_a
    for index in range(size):
        ActualCostFactory(project=project, category=list(CostCategory)[index % 5])
        BudgetLineFactory(project=project, fiscal_year=2000 + index)
    client = client_for("pmo")
    url = reverse("resources:project_budget", args=[project.pk])
    client.get(url)

    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200


def test_project_budget_rejects_other_roles(client_for, budget_a):
    assert (
        client_for("resource_manager")
        .get(reverse("resources:project_budget", args=[budget_a.pk]))
        .status_code
        == 403
    )


def test_selector_shows_costs_without_a_line(world):
    ActualCostFactory(project=world.project_a, category=CostCategory.SOFTWARE, amount=Decimal("5"))

    budget = project_budget(project=world.project_a)

    assert [(row.category, row.line, row.figures.actual) for row in budget["lines"]] == [
        (CostCategory.SOFTWARE, None, Decimal("5.00"))
    ]


def _valid_html(response):
    import html5lib

    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(response.content)


def test_pages_with_data_are_valid_html(client_for, world, budget_a):
    client = client_for("pmo")
    pages = [
        reverse("resources:project_budget", args=[budget_a.pk]),
        reverse("resources:portfolio_budget") + f"?year=2026&portfolio={world.company.pk}",
        reverse("resources:budget_line_edit", args=[budget_a.pk])
        + "?fiscal_year=2026&nature=opex&category=external_services",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200
        _valid_html(response)
    response = client.post(reverse("resources:actual_cost_create", args=[budget_a.pk]), {})
    _valid_html(response)


@pytest.mark.parametrize(
    "model",
    [
        "team",
        "skill",
        "resource",
        "allocation",
        "budgetline",
        "actualcost",
        "committedcost",
        "budgetsettings",
        "alert",
    ],
)
def test_admin_lists_every_resources_model(client_for, budget_a, model):
    response = client_for("pmo").get(reverse(f"admin:resources_{model}_changelist"))

    assert response.status_code == 200
