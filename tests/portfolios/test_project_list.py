"""The project list: scope per role, filters, sorting, pagination, exports, query counts."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from pmo_portal.roles import Role
from portfolios.models import ProjectStatus
from tests.portfolios.factories import (
    BusinessDomainFactory,
    PortfolioFactory,
    ProjectFactory,
    ProjectTypeFactory,
    UserFactory,
)

LIST = reverse("portfolios:project_list")


def codes(response):
    return [project.code for project in response.context["projects"]]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("pmo", ["PRJ-A", "PRJ-B"]),
        ("pm", ["PRJ-A"]),
        ("executive", ["PRJ-A"]),
        ("resource_manager", ["PRJ-A", "PRJ-B"]),
        ("finance", ["PRJ-A", "PRJ-B"]),
    ],
)
def test_each_role_lists_its_scope(client_for, world, role, expected):
    assert codes(client_for(role).get(LIST)) == expected


def test_pm_reads_the_rest_of_their_portfolio(client_for, world):
    neighbour = ProjectFactory(code="PRJ-C", portfolio=world.p1)
    assert codes(client_for("pm").get(LIST)) == ["PRJ-A", neighbour.code]


def test_executive_reads_projects_they_sponsor(client_for, world):
    world.project_b.sponsor = world.users["executive"]
    world.project_b.save()
    assert codes(client_for("executive").get(LIST)) == ["PRJ-A", "PRJ-B"]


def test_portfolio_filter_includes_sub_portfolios(client_for, world):
    client = client_for("pmo")
    assert codes(client.get(LIST, {"portfolio": world.north.pk})) == ["PRJ-A"]
    assert codes(client.get(LIST, {"portfolio": world.company.pk})) == ["PRJ-A", "PRJ-B"]
    assert codes(client.get(LIST, {"portfolio": world.p2.pk})) == ["PRJ-B"]


def test_filters_by_status_type_domain_manager_and_text(client_for, world):
    it = ProjectTypeFactory(code="IT", name="Projet SI")
    rh = BusinessDomainFactory(code="RH", name="Ressources humaines")
    other = UserFactory(username="mgr2", roles=[Role.PROJECT_MANAGER])
    ProjectFactory(
        code="PRJ-X",
        name="Refonte de la paie",
        portfolio=world.p1,
        status=ProjectStatus.ON_HOLD,
        project_type=it,
        business_domain=rh,
        manager=other,
    )
    client = client_for("pmo")
    assert codes(client.get(LIST, {"status": "on_hold"})) == ["PRJ-X"]
    assert codes(client.get(LIST, {"status": ["on_hold", "active"]})) == [
        "PRJ-A",
        "PRJ-B",
        "PRJ-X",
    ]
    assert codes(client.get(LIST, {"project_type": it.pk})) == ["PRJ-X"]
    assert codes(client.get(LIST, {"business_domain": rh.pk})) == ["PRJ-X"]
    assert codes(client.get(LIST, {"manager": other.pk})) == ["PRJ-X"]
    assert codes(client.get(LIST, {"q": "paie"})) == ["PRJ-X"]
    assert codes(client.get(LIST, {"q": "prj-b"})) == ["PRJ-B"]


def test_archived_projects_are_hidden_unless_asked(client_for, world):
    world.project_b.is_archived = True
    world.project_b.save()
    client = client_for("pmo")
    assert codes(client.get(LIST)) == ["PRJ-A"]
    assert codes(client.get(LIST, {"archived": "true"})) == ["PRJ-A", "PRJ-B"]


def test_invalid_filter_value_shows_an_error_not_a_crash(client_for, world):
    response = client_for("pmo").get(LIST, {"portfolio": "999999"})
    assert response.status_code == 200
    assert "portfolio" in response.context["filter"].form.errors


def test_sorting(client_for, world):
    client = client_for("pmo")
    assert codes(client.get(LIST, {"o": "-code"})) == ["PRJ-B", "PRJ-A"]
    assert codes(client.get(LIST, {"o": "name"})) == ["PRJ-A", "PRJ-B"]
    response = client.get(LIST, {"o": "-name"})
    assert codes(response) == ["PRJ-B", "PRJ-A"]
    assert b'aria-sort="descending"' in response.content


def test_pagination_and_count(client_for, world, settings):
    portfolio = PortfolioFactory(parent=world.north)
    ProjectFactory.create_batch(30, portfolio=portfolio)
    client = client_for("pmo")
    first = client.get(LIST)
    assert len(first.context["projects"]) == settings.PAGINATE_BY
    assert first.context["page_obj"].paginator.count == 32
    second = client.get(LIST, {"page": 2})
    assert len(second.context["projects"]) == 32 - settings.PAGINATE_BY
    # An out-of-range page shows the last page rather than an error.
    assert client.get(LIST, {"page": 99}).context["page_obj"].number == 2


def test_csv_export_follows_filters_and_neutralises_formulas(client_for, world):
    world.project_a.name = "=HYPERLINK(evil)"
    world.project_a.save()
    response = client_for("pmo").get(
        reverse("portfolios:project_export_csv"), {"portfolio": world.north.pk}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 2  # header + PRJ-A (PRJ-B is outside the filter)
    assert rows[1][0] == "PRJ-A"
    assert rows[1][1] == "'=HYPERLINK(evil)"


def test_excel_export_respects_the_reader_scope(client_for, world):
    response = client_for("pm").get(reverse("portfolios:project_export_xlsx"))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["PRJ-A"]
    assert rows[1][9] == 150000  # a real number, not text


def _add_projects(n, portfolio, managers):
    for i in range(n):
        ProjectFactory(portfolio=portfolio, manager=managers[i % len(managers)])


def _count_queries(client, url, params):
    # Warm: the list's filter form is cached until a choice changes (the projects added
    # between the two counts bring new types and domains); test_project_list_fast.py counts
    # what a cold form adds.
    client.get(url, params)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ["pmo", "pm", "executive"])
@pytest.mark.parametrize(
    ("url", "params"),
    [(LIST, {"o": "-manager"}), (reverse("portfolios:tree"), {})],
    ids=["project-list", "portfolio-tree"],
)
def test_query_count_is_the_same_with_10_and_200_projects(
    client_for, world, django_assert_max_num_queries, role, url, params
):
    portfolio = PortfolioFactory(parent=world.north)
    managers = [world.users["pm"], *UserFactory.create_batch(2, roles=[Role.PROJECT_MANAGER])]
    client = client_for(role)
    _add_projects(10, portfolio, managers)
    client.get(url)  # warm the session
    with_10 = _count_queries(client, url, params)
    _add_projects(190, portfolio, managers)
    with_200 = _count_queries(client, url, params)
    assert with_10 == with_200
    with django_assert_max_num_queries(12):
        client.get(url, params)


def test_health_filter_drills_down(client_for, world):
    world.project_a.health_overall = 3
    world.project_a.save()
    client = client_for("pmo")
    assert codes(client.get(LIST, {"health": "3"})) == ["PRJ-A"]
    assert codes(client.get(LIST, {"health": "none"})) == ["PRJ-B"]
    assert codes(client.get(LIST, {"health": ["3", "none"]})) == ["PRJ-A", "PRJ-B"]
