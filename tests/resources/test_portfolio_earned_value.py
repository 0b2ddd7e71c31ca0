"""Earned value and declared EAC vs computed forecast rolled up per portfolio node: a hand
computation, the portfolio budget page, the query count at two sizes."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from portfolios.models import Portfolio, Project
from resources.models import Nature
from resources.selectors.budgets import project_budget
from resources.selectors.earned_value import node_values, total_value
from tests.resources.earned_value_helpers import (
    TODAY,
    D,
    actual_cost,
    budget_line,
    build_evm_world,
    evm_project,
)
from tests.resources.factories import CommittedCostFactory


@pytest.fixture
def evm_world(world):
    return build_evm_world(world)


def _figures(value):
    return {
        "projects": value.projects,
        "without_percent": value.without_percent,
        "pv": value.pv,
        "ev": value.ev,
        "ac": value.ac,
        "cpi": value.cpi,
        "spi": value.spi,
        "eac": value.eac,
        "forecast": value.forecast,
        "difference": value.difference,
        "without_eac": value.without_eac,
    }


P1 = {
    "projects": 2,
    "without_percent": 1,
    "pv": D("150000.00"),
    "ev": D("120000.00"),
    "ac": D("125000.00"),
    "cpi": D("0.96"),  # 120 / 125
    "spi": D("0.80"),  # 120 / 150
    "eac": D("390000.00"),
    "forecast": D("365000.00"),
    "difference": D("25000.00"),
    "without_eac": 0,
}
NORTH = {
    "projects": 4,
    "without_percent": 1,
    "pv": D("256000.00"),
    "ev": D("234000.00"),
    "ac": D("227000.00"),
    "cpi": D("1.03"),  # 234 / 227 (the mean of the projects' CPIs would say 1.09)
    "spi": D("0.91"),  # 234 / 256
    "eac": D("452000.00"),
    "forecast": D("429000.00"),
    "difference": D("23000.00"),
    "without_eac": 1,
}


@time_machine.travel(TODAY, tick=False)
def test_every_figure_of_a_node_and_its_parent_equals_the_hand_computation(world, evm_world):
    values = node_values(
        projects=Project.objects.all(),
        children=_children(),
        today=date(2026, 7, 2),
    )

    assert _figures(values[world.p1.pk]) == P1
    assert _figures(values[world.north.pk]) == NORTH
    assert _figures(values[world.company.pk]) == NORTH  # BU Sud adds no counted project
    assert values[world.south.pk].projects == 0
    assert values[world.south.pk].cpi is None
    assert values[world.south.pk].difference is None


@time_machine.travel(TODAY, tick=False)
def test_a_project_counts_what_its_budget_page_shows(evm_world):
    x = evm_world["x"]
    page = project_budget(project=x, today=date(2026, 7, 2))

    alone = total_value(projects=Project.objects.filter(pk=x.pk), today=date(2026, 7, 2))

    assert (alone.pv, alone.ev, alone.ac) == (page["evm"].pv, page["evm"].ev, page["evm"].ac)
    assert (alone.cpi, alone.spi) == (page["evm"].cpi, page["evm"].spi)
    assert alone.forecast == page["total"].forecast
    assert alone.eac == page["eac"]


@time_machine.travel(TODAY, tick=False)
def test_the_portfolio_budget_page_shows_the_figures_and_the_method(client_for, world, evm_world):
    response = client_for("pmo").get(reverse("resources:portfolio_budget") + "?year=2026")

    assert response.status_code == 200
    rows = {row.node.pk: row for row in response.context["rows"]}
    assert _figures(rows[world.north.pk].earned) == NORTH
    assert _figures(rows[world.p1.pk].earned) == P1
    content = response.content.decode()
    section = content[content.index('id="h-earned"') :]
    for text in ("256,000.00", "234,000.00", "227,000.00", "1.03", "0.91", "+23,000.00"):
        assert text in section
    assert "1 without % complete" in section
    assert "ratios of the sums" in section


@time_machine.travel(TODAY, tick=False)
def test_the_page_reads_only_the_projects_the_user_reads(client_for, world, evm_world):
    response = client_for("executive").get(reverse("resources:portfolio_budget") + "?year=2026")

    rows = {row.node.pk: row for row in response.context["rows"]}
    assert world.south.pk not in rows
    assert _figures(rows[world.north.pk].earned) == NORTH


def _children():
    children: dict = {}
    for pk, parent_id in Portfolio.objects.parent_map().items():
        children.setdefault(parent_id, []).append(pk)
    return children


def _grow(world, count):
    for index in range(count):
        project = evm_project(
            world.p1 if index % 2 else world.north,
            start=date(2026, 1, 1),
            end=date(2026, 12, 31),
            percent=index % 100,
            eac=D("1000.00") if index % 3 else None,
        )
        budget_line(project, 2026, D("1000.00"))
        budget_line(project, 2027, D("500.00"), Nature.CAPEX)
        actual_cost(project, date(2026, 2, 1), D("300.00"))
        CommittedCostFactory(project=project)


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("size", [3, 40])
def test_the_roll_up_takes_two_queries_at_any_size(world, django_assert_num_queries, size):
    _grow(world, size)
    children = _children()

    with django_assert_num_queries(2):
        values = node_values(
            projects=Project.objects.all(), children=children, today=date(2026, 7, 2)
        )

    assert values[world.company.pk].projects == size
