"""A project's budget, costs and allocations, the capacity plan and the budget alerts through
the API: the web pages' rows, in their order, for the same readers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from resources.models import AlertStatus, CostCategory, Nature
from resources.selectors.capacity import months_ahead
from tests.api.conftest import all_pages
from tests.api.test_tokens import assert_problem
from tests.portfolios.factories import ProjectFactory
from tests.resources.factories import ActualCostFactory, BudgetLineFactory
from tests.resources.factories_alerts import AlertFactory
from tests.resources.factories_capacity import AllocationFactory, ResourceFactory, TeamFactory

pytestmark = pytest.mark.django_db


def test_the_budget_lines_are_the_budget_pages_rows(api, bearer, world, client_for):
    a = world.project_a
    BudgetLineFactory(project=a, fiscal_year=2026, nature=Nature.CAPEX, approved_amount=1000)
    BudgetLineFactory(project=a, fiscal_year=2025, approved_amount=500)
    # Costs booked without a line make a row of their own, as on the page.
    ActualCostFactory(project=a, date=date(2026, 2, 1), category=CostCategory.HARDWARE, amount=80)
    ActualCostFactory(project=a, date=date(2026, 3, 1), nature=Nature.CAPEX, amount=1200)
    web = client_for("finance").get(reverse("resources:project_budget", args=[a.pk]))
    body = api.get(f"/api/v1/projects/{a.pk}/budget-lines/", **bearer("finance")).json()
    rows = [(r["fiscal_year"], r["nature"], r["category"]) for r in body["results"]]
    assert rows == [(r.fiscal_year, r.nature, r.category) for r in web.context["budget"]["lines"]]
    capex = next(r for r in body["results"] if r["nature"] == "capex")
    assert (capex["approved"], capex["actual"], capex["forecast"]) == (
        "1000.00",
        "1200.00",
        "1200.00",
    )
    assert next(r for r in body["results"] if r["category"] == "hardware")["id"] is None
    assert body["next"] is None
    assert_problem(
        api.get(f"/api/v1/projects/{a.pk}/budget-lines/", **bearer("resource_manager")), 403
    )
    assert_problem(
        api.get(f"/api/v1/projects/{world.project_b.pk}/budget-lines/", **bearer("pm")), 404
    )


def test_actual_costs_latest_first_paged_without_loss(api, bearer, world, constant_queries):
    a = world.project_a
    same_day = ActualCostFactory.create_batch(4, project=a, date=date(2026, 5, 31))
    older = ActualCostFactory(project=a, date=date(2026, 1, 31))
    url = f"/api/v1/projects/{a.pk}/actual-costs/?page_size=2"
    ids = [row["id"] for row in all_pages(api, url, bearer("pm"))]
    assert ids == [*sorted((c.pk for c in same_day), reverse=True), older.pk]
    cost = api.get(f"/api/v1/actual-costs/{older.pk}/", **bearer("executive"))
    assert cost.json()["amount"] == "1000.00"
    assert (
        api.get(
            f"/api/v1/actual-costs/{older.pk}/",
            HTTP_IF_NONE_MATCH=cost["ETag"],
            **bearer("executive"),
        ).status_code
        == 304
    )
    other = ActualCostFactory(project=world.project_b)
    assert_problem(api.get(f"/api/v1/actual-costs/{other.pk}/", **bearer("pm")), 404)
    assert_problem(api.get(f"/api/v1/actual-costs/{older.pk}/", **bearer("resource_manager")), 403)
    constant_queries(
        f"/api/v1/projects/{a.pk}/actual-costs/",
        bearer("finance"),
        lambda: ActualCostFactory.create_batch(30, project=a),
    )


def test_allocations_of_the_grids_months_by_resource(api, bearer, world, constant_queries):
    a = world.project_a
    this_month, next_month = months_ahead()[:2]
    zoe, bob = ResourceFactory(name="Zoé"), ResourceFactory(name="Bob")
    AllocationFactory(project=a, resource=zoe, month=this_month)
    AllocationFactory(project=a, resource=bob, month=next_month, status="approved")
    AllocationFactory(project=a, resource=bob, month=this_month)
    AllocationFactory(project=a, resource=bob, month=date(2020, 1, 1))  # before the grid
    url = f"/api/v1/projects/{a.pk}/allocations/"
    rows = api.get(url, **bearer("resource_manager")).json()["results"]
    assert [(r["resource_name"], r["month"]) for r in rows] == [
        ("Bob", this_month.isoformat()),
        ("Bob", next_month.isoformat()),
        ("Zoé", this_month.isoformat()),
    ]
    constant_queries(
        url,
        bearer("pm"),
        lambda: [AllocationFactory(project=a, month=this_month) for _ in range(10)],
    )


def test_the_capacity_plan_is_the_pages_heatmap(api, bearer, world, client_for):
    data = TeamFactory(name="Data", manager=world.users["resource_manager"])
    web_team = TeamFactory(name="Web")
    ana = ResourceFactory(name="Ana", team=data)
    for name, team in [("Léo", data), ("Max", web_team), ("Sam", None)]:
        ResourceFactory(name=name, team=team)
    month = months_ahead()[0]
    AllocationFactory(
        project=world.project_a,
        resource=ana,
        month=month,
        fte=Decimal("3.00"),
        status="approved",
    )
    headers = {**bearer("resource_manager"), "HTTP_ACCEPT_LANGUAGE": "en"}
    web = client_for("resource_manager").get(reverse("resources:capacity"), {"months": 3})
    body = api.get("/api/v1/capacity/?months=3", **headers).json()
    assert [(r["id"], r["name"]) for r in body["results"]] == [
        (row.key, row.label or "No team") for row in web.context["heatmap"].rows
    ]
    first = body["results"][0]["cells"][0]
    assert first | {"month": None} == {
        "month": None,
        "capacity": "2.00",
        "demand": "3.00",
        "utilisation": "150",
        "state": "over",
    }
    mine = api.get("/api/v1/capacity/?over=true&mine=true", **headers).json()["results"]
    assert [row["name"] for row in mine] == ["Data"]
    by_resource = all_pages(api, "/api/v1/capacity/?by=resource&page_size=3", headers)
    assert [row["name"] for row in by_resource] == ["Ana", "Léo", "Max", "Sam"]
    assert by_resource[0]["cells"][0]["demand"] == "3.00"
    body = assert_problem(api.get("/api/v1/capacity/?months=5", **headers), 400)
    assert "months" in body["errors"]
    assert_problem(api.get("/api/v1/capacity/", **bearer("outsider")), 403)


def test_alerts_as_the_alerts_page_shows_them(api, bearer, world, client_for, constant_queries):
    mine = AlertFactory(project=world.project_a, kind="actual")
    AlertFactory(project=world.project_b)
    acknowledged = AlertFactory(project=world.project_a, kind="eac", status="acknowledged")
    pm = [row["id"] for row in api.get("/api/v1/budget-alerts/", **bearer("pm")).json()["results"]]
    assert pm == [mine.pk]  # open ones by default, of the PM's own projects
    finance = all_pages(api, "/api/v1/budget-alerts/?status=active&page_size=1", bearer("finance"))
    web = client_for("finance").get(reverse("resources:alert_list"), {"status": "active"})
    assert [row["id"] for row in finance] == [alert.pk for alert in web.context["alerts"]]
    assert len(finance) == 3
    assert (
        api.get(f"/api/v1/budget-alerts/{acknowledged.pk}/", **bearer("pm")).json()["status"]
        == AlertStatus.ACKNOWLEDGED
    )
    assert_problem(api.get("/api/v1/budget-alerts/", **bearer("executive")), 403)
    body = assert_problem(api.get("/api/v1/budget-alerts/?status=lost", **bearer("pmo")), 400)
    assert "status" in body["errors"]

    def grow():
        for project in ProjectFactory.create_batch(12, portfolio=world.p1):
            AlertFactory(project=project)

    constant_queries("/api/v1/budget-alerts/", bearer("pmo"), grow)
