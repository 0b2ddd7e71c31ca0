"""Pushes of the finance and HR systems: a batch of actual costs, capacity or allocations in
JSON, through the upload pages' import services — all rows or none, each bad row named by
its position, a preview that saves nothing, and the same batch twice creating nothing new."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pmo_portal.models import ApiTokenScope
from resources.models import ActualCost, Allocation, AllocationStatus, Availability, ImportRun
from resources.selectors.capacity import months_ahead
from tests.api.test_tokens import assert_problem
from tests.resources.factories_capacity import ResourceFactory, TeamFactory

pytestmark = pytest.mark.django_db
COSTS = (ApiTokenScope.WRITE_COSTS,)
CAPACITY = (ApiTokenScope.WRITE_CAPACITY,)


def push(api, what, body, headers):
    return api.post(
        f"/api/v1/imports/{what}/",
        body,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        **headers,
    )


def cost(reference, project="PRJ-A", amount="1250.00", **extra):
    row = {"reference": reference, "project": project, "date": "2026-11-30", "amount": amount}
    return row | extra


def test_a_nights_costs_are_imported_once(api, bearer, world):
    headers = bearer("finance", scopes=COSTS)
    rows = [cost("FAC-1"), cost("FAC-2", amount=99.5, nature="CAPEX"), cost("FAC-3", "PRJ-B")]
    first = push(api, "actual-costs", {"batch": "sap-2026-11-30", "rows": rows}, headers)
    assert first.status_code == 200, first.content
    assert first.json() == {
        "preview": False,
        "saved": True,
        "rows": 3,
        "created": 3,
        "changed": 0,
        "unchanged": 0,
    }
    stored = ActualCost.objects.get(reference="FAC-2")
    assert (stored.amount, stored.nature, stored.project) == (
        Decimal("99.50"),
        "capex",
        world.project_a,
    )
    again = push(api, "actual-costs", {"batch": "sap-2026-11-30", "rows": rows}, headers)
    assert (again.json()["created"], again.json()["unchanged"]) == (0, 3)
    assert ActualCost.objects.count() == 3
    run = ImportRun.objects.first()  # the import log names the batch
    assert (run.file_name, run.rows_imported, run.rows_skipped) == ("API: sap-2026-11-30", 0, 3)


def test_a_batch_with_a_bad_row_saves_nothing_and_names_the_row(api, bearer, world):
    headers = bearer("finance", scopes=COSTS)
    rows = [cost("FAC-1"), cost("FAC-2", "PRJ-ZZZ"), cost("FAC-3", amount="12,5,0"), cost("FAC-4")]
    body = assert_problem(push(api, "actual-costs", {"rows": rows}, headers), 400)
    assert body["error_count"] == 2
    assert [error["row"] for error in body["errors"]] == [2, 3]
    assert "unknown project code PRJ-ZZZ" in body["errors"][0]["messages"][0]
    assert body["detail"].startswith("Row 2: unknown project code PRJ-ZZZ")
    assert ActualCost.objects.count() == 0
    assert ImportRun.objects.get().outcome == "rejected"


def test_a_preview_says_what_would_happen_and_saves_nothing(api, bearer, world):
    headers = bearer("pmo", scopes=COSTS)
    push(api, "actual-costs", {"rows": [cost("FAC-1")]}, headers)
    rows = [cost("FAC-1"), cost("FAC-2")]
    response = push(api, "actual-costs", {"rows": rows, "preview": True}, headers)
    assert response.json() == {
        "preview": True,
        "saved": False,
        "rows": 2,
        "created": 1,
        "changed": 0,
        "unchanged": 1,
    }
    assert list(ActualCost.objects.values_list("reference", flat=True)) == ["FAC-1"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "a list of objects"),
        ({"rows": []}, "no row"),
        ({"rows": ["FAC-1"]}, "a list of objects"),
        ({"rows": [{"reference": "X"}], "preview": "yes"}, "true or false"),
    ],
)
def test_a_batch_that_is_not_one_gets_a_clear_message(api, bearer, world, body, message):
    response = push(api, "actual-costs", body, bearer("finance", scopes=COSTS))
    assert message in assert_problem(response, 400)["detail"]


def test_a_batch_over_the_limit_is_refused(api, bearer, world, settings):
    rows = [cost(f"FAC-{n}") for n in range(10_001)]
    response = push(api, "actual-costs", {"rows": rows}, bearer("finance", scopes=COSTS))
    assert "at most 10000 rows" in assert_problem(response, 400)["detail"].replace("\u202f", "")
    assert ActualCost.objects.count() == 0


@pytest.mark.parametrize(("role", "status"), [("pm", 403), ("executive", 403), ("pmo", 200)])
def test_costs_are_pushed_by_whom_may_import_them_on_the_web(api, bearer, world, role, status):
    response = push(api, "actual-costs", {"rows": [cost("FAC-1")]}, bearer(role, scopes=COSTS))
    assert response.status_code == status


def test_a_token_without_the_costs_scope_may_not_push(api, bearer, world):
    headers = bearer("finance", scopes=(ApiTokenScope.READ, ApiTokenScope.WRITE_CAPACITY))
    assert (
        "scope" in assert_problem(push(api, "actual-costs", {"rows": []}, headers), 403)["detail"]
    )


def test_ten_thousand_costs_in_one_batch_twice(api, bearer, world):
    headers = bearer("finance", scopes=COSTS)
    rows = [
        cost(f"SAP-{n:05d}", "PRJ-A" if n % 2 else "PRJ-B", amount=f"{n % 997}.{n % 100:02d}")
        for n in range(10_000)
    ]
    first = push(api, "actual-costs", {"batch": "nuit", "rows": rows}, headers)
    assert (first.status_code, first.json()["created"]) == (200, 10_000)
    assert ActualCost.objects.count() == 10_000
    expected = sum(Decimal(row["amount"]) for row in rows)
    assert sum(ActualCost.objects.values_list("amount", flat=True)) == expected
    second = push(api, "actual-costs", {"batch": "nuit", "rows": rows}, headers)
    assert second.json()["created"] == 0
    assert second.json()["unchanged"] == 10_000
    assert ActualCost.objects.count() == 10_000
    rows[7_777]["date"] = "31/02/2026"
    third = push(api, "actual-costs", {"rows": [*rows, cost("NEW-1")][1:]}, headers)
    body = assert_problem(third, 400)
    assert body["errors"] == [{"row": 7_777, "messages": ["the date “31/02/2026” does not exist"]}]
    assert not ActualCost.objects.filter(reference="NEW-1").exists()


@pytest.fixture
def alice(world):
    team = TeamFactory(name="Data", manager=world.users["resource_manager"])
    return ResourceFactory(name="Alice Martin", team=team)


def test_capacity_is_set_once_and_the_same_values_change_nothing(api, bearer, world, alice):
    headers = bearer("resource_manager", scopes=CAPACITY)
    m0, m1 = months_ahead()[:2]
    rows = [
        {"resource": "Alice Martin", "month": f"{m0:%Y-%m}", "fte": "0.8"},
        {"resource": "Alice Martin", "month": f"{m1:%m/%Y}", "fte": 0.5},
    ]
    preview = push(api, "capacity", {"rows": rows, "preview": True}, headers)
    assert (preview.json()["created"], preview.json()["saved"]) == (2, False)
    assert not Availability.objects.exists()
    first = push(api, "capacity", {"rows": rows}, headers).json()
    assert (first["created"], first["unchanged"]) == (2, 0)
    assert sorted(Availability.objects.values_list("fte", flat=True)) == [
        Decimal("0.50"),
        Decimal("0.80"),
    ]
    rows[1]["fte"] = "0.6"
    second = push(api, "capacity", {"rows": rows}, headers).json()
    assert (second["created"], second["changed"], second["unchanged"]) == (0, 1, 1)


def test_a_bad_capacity_row_saves_nothing(api, bearer, world, alice):
    m0 = months_ahead()[0]
    rows = [
        {"resource": "Alice Martin", "month": f"{m0:%Y-%m}", "fte": "0.8"},
        {"resource": "Bob Inconnu", "month": f"{m0:%Y-%m}", "fte": "12"},
    ]
    response = push(api, "capacity", {"rows": rows}, bearer("pmo", scopes=CAPACITY))
    body = assert_problem(response, 400)
    assert body["errors"][0]["row"] == 2
    assert "Unknown resource “Bob Inconnu”" in body["errors"][0]["messages"][0]
    assert "between 0 and 10" in body["errors"][0]["messages"][1]
    assert not Availability.objects.exists()


def test_capacity_is_pushed_by_the_pmo_and_resource_managers_only(api, bearer, world, alice):
    m0 = months_ahead()[0]
    rows = [{"resource": "Alice Martin", "month": f"{m0:%Y-%m}", "fte": "0.8"}]
    assert_problem(push(api, "capacity", {"rows": rows}, bearer("pm", scopes=CAPACITY)), 403)


def test_the_pm_pushes_allocation_requests_for_own_projects(api, bearer, world, alice):
    headers = bearer("pm", scopes=CAPACITY)
    m0 = months_ahead()[0]
    mine = {"project": "PRJ-A", "resource": "Alice Martin", "month": f"{m0:%Y-%m}", "fte": "0.5"}
    first = push(api, "allocations", {"rows": [mine]}, headers)
    assert first.json()["created"] == 1
    allocation = Allocation.objects.get()
    assert (allocation.status, allocation.fte) == (AllocationStatus.REQUESTED, Decimal("0.50"))
    assert push(api, "allocations", {"rows": [mine]}, headers).json()["unchanged"] == 1
    other = {**mine, "project": "PRJ-B"}
    body = assert_problem(push(api, "allocations", {"rows": [other]}, headers), 400)
    assert body["errors"][0]["row"] == 1
    assert Allocation.objects.count() == 1
