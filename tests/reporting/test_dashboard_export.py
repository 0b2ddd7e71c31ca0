"""Excel export of the consolidated status table (one row per project of the scope)."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reporting.services.reports import current_period
from tests.portfolios.factories import ProjectFactory
from tests.reporting.factories import StatusReportFactory

EXPORT = reverse("reporting:dashboard_export")
HEADER = [
    "Code",
    "Name",
    "Portfolio",
    "Project manager",
    "Status",
    "Overall health",
    "Schedule",
    "Budget",
    "Scope",
    "Resources",
    "Completion (%)",
    "Estimate at completion (€)",
    "Forecast end",
    "Date of last report",
    "Report this period",
]


def rows(client, params=None):
    response = client.get(EXPORT, params or {}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith('attachment; filename="status-table-')
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.title == "Status table"
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def declared(world):
    """Project C has a declared status (as the submit service writes it) and a submitted
    report this period."""
    period = current_period(world.project_a)
    c = ProjectFactory(
        code="PRJ-C",
        name='=HYPERLINK("http://evil")',
        portfolio=world.p1,
        health_overall=3,
        health_schedule=4,
        health_budget=2,
        health_scope=1,
        health_resources=2,
        percent_complete=45,
        eac=Decimal("123456.78"),
        forecast_end=date(2027, 3, 31),
        status_date=period.end,
    )
    StatusReportFactory(project=c, period=period, health_overall=3)
    return c


def test_one_row_per_project_with_declared_status(client_for, world, declared):
    table = rows(client_for("pmo"))
    assert table[0] == HEADER
    by_code = {row[0]: row for row in table[1:]}
    assert list(by_code) == ["PRJ-A", "PRJ-C", "PRJ-B"]  # by portfolio, then code
    c = by_code["PRJ-C"]
    assert c[1] == '\'=HYPERLINK("http://evil")'  # a formula stays text
    assert c[2] == "Portefeuille Nord 1"
    assert c[4] == "Active"
    assert c[5:10] == ["Rainy", "Stormy", "Cloudy", "Sunny", "Cloudy"]
    assert c[10] == 45
    assert c[11] == pytest.approx(123456.78)
    assert c[12].date() == date(2027, 3, 31)  # a real date cell, not text
    assert c[13].date() == declared.status_date
    assert c[14] == "Submitted"
    a = by_code["PRJ-A"]
    assert a[5:10] == ["Not reported"] * 5
    assert a[10] is None
    assert a[14] == "Draft in progress"  # world.draft_a
    assert by_code["PRJ-B"][14] == "Missing"


def test_export_follows_filters_and_scope(client_for, world, declared):
    assert [r[0] for r in rows(client_for("pmo"), {"portfolio": world.south.pk})[1:]] == ["PRJ-B"]
    assert [r[0] for r in rows(client_for("pmo"), {"health": ["3"]})[1:]] == ["PRJ-C"]
    assert [r[0] for r in rows(client_for("executive"))[1:]] == ["PRJ-A", "PRJ-C"]
    assert [r[0] for r in rows(client_for("pm"))[1:]] == ["PRJ-A", "PRJ-C"]


def test_export_link_on_the_dashboard_carries_the_filters(client_for, world):
    response = client_for("pmo").get(reverse("reporting:dashboard"), {"portfolio": world.north.pk})
    link = response.context["links"]["export"]
    assert link.startswith(EXPORT + "?")
    assert f"portfolio={world.north.pk}" in link
    assert link.replace("&", "&amp;") in response.content.decode()


def test_outsider_cannot_export(client_for, world):
    assert client_for("outsider").get(EXPORT).status_code == 403
