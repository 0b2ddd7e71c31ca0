"""Exports of the objective tree and of the coverage map (issue 12): CSV (UTF-8 with a BOM,
``;``) and Excel with the figures of the pages (the hand count of
tests/portfolios/test_objectives_world.py), the reader's scope, formulas neutralised, links
on the pages, and the same number of queries at two sizes."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from pmo_portal.users import user_label
from portfolios.models import ObjectiveKPI, StrategicObjective
from tests.portfolios.factories import ObjectiveFactory
from tests.portfolios.test_objectives_coverage import _grow
from tests.portfolios.test_objectives_world import TODAY, build_hand_world

TREE_CSV = reverse("portfolios:objective_export_csv")
TREE_XLSX = reverse("portfolios:objective_export_xlsx")
MAP_CSV = reverse("portfolios:objective_coverage_export_csv")
MAP_XLSX = reverse("portfolios:objective_coverage_export_xlsx")


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def hand(world):
    hand = build_hand_world(world)
    hand.o11.owner = world.users["pm"]
    hand.o11.horizon_start, hand.o11.horizon_end = date(2026, 1, 1), date(2028, 12, 31)
    hand.o11.save()
    ObjectiveKPI.objects.create(
        objective=hand.root, name="Part EnR", unit="%", target=40, actual=Decimal("32.5")
    )
    ObjectiveKPI.objects.create(objective=hand.root, name="Clients", target=1000, order=2)
    return hand


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def _sheets(response) -> dict[str, list[tuple]]:
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    return {sheet.title: list(sheet.values) for sheet in workbook.worksheets}


def test_tree_csv_has_every_objective_with_its_path_kpis_and_rollup(client_for, world, hand):
    lines = _csv(client_for("pmo").get(TREE_CSV))
    header, rows = lines[0], {line[0]: line for line in lines[1:]}
    assert header == [
        "Code",
        "Objective",
        "Level",
        "Parent objectives",
        "Owner",
        "Weight",
        "Horizon start",
        "Horizon end",
        "Key indicators (actual / target)",
        "Projects serving it",
        "CAPEX 2026 (€)",
        "OPEX 2026 (€)",
        "Budget 2026 (€)",
        "FTE 2026",
    ]
    assert [line[0] for line in lines[1:]] == ["OBJ-1", "OBJ-1.1", "OBJ-1.1.1", "OBJ-1.2", "OBJ-2"]
    assert rows["OBJ-1.1.1"][2:4] == ["3", "OBJ-1 › OBJ-1.1"]
    assert rows["OBJ-1"][3] == ""
    assert rows["OBJ-1.1"][4] == user_label(world.users["pm"]) != ""
    assert rows["OBJ-1.1"][6:8] == ["1 Jan 2026", "31 Dec 2028"]
    assert (
        rows["OBJ-1"][8] == "Part EnR: 32.5 / 40 % (81 % of target)\nClients: not measured / 1,000"
    )
    assert rows["OBJ-1"][9:] == ["3", "160000.00", "25000.00", "185000.00", "4.00"]
    assert rows["OBJ-1.2"][9:] == ["1", "100000.00", "20000.00", "120000.00", "2.50"]
    assert rows["OBJ-2"][9:] == ["0", "0.00", "0.00", "0.00", "0.00"]


def test_tree_xlsx_keeps_numbers_and_dates_typed(client_for, world, hand):
    sheets = _sheets(client_for("pmo").get(TREE_XLSX))
    assert list(sheets) == ["Strategic objectives"]
    rows = {row[0]: row for row in sheets["Strategic objectives"][1:]}
    assert rows["OBJ-1"][9:] == (3, 160000, 25000, 185000, 4)
    assert rows["OBJ-1.1"][6].date() == date(2026, 1, 1)
    assert rows["OBJ-1.1.1"][3] == "OBJ-1 › OBJ-1.1"


def test_tree_export_is_scoped_to_the_reader(client_for, world, hand):
    rows = {line[0]: line for line in _csv(client_for("pm").get(TREE_CSV))[1:]}
    assert rows["OBJ-1"][9:] == ["1", "100000.00", "20000.00", "120000.00", "2.50"]


def test_coverage_csv_has_the_matrix_the_unserved_objectives_and_projects(client_for, world, hand):
    lines = _csv(client_for("pmo").get(MAP_CSV))
    blank = [i for i, line in enumerate(lines) if not line]
    matrix, not_served, unserved = (
        lines[: blank[0]],
        lines[blank[0] + 1 : blank[1]],
        lines[blank[1] + 1 :],
    )
    assert matrix[0] == ["Objectives × portfolios"]
    assert matrix[1] == [
        "Code",
        "Objective",
        "Level",
        "Compagnie",
        "Compagnie › BU Nord",
        "Compagnie › BU Sud",
        "All portfolios",
        "Candidates (proposed)",
        "Coverage",
    ]
    assert [line[:1] + line[3:] for line in matrix[2:]] == [
        ["OBJ-1", "3", "1", "2", "3", "1", "served"],
        ["OBJ-1.1", "2", "1", "1", "2", "1", "served"],
        ["OBJ-1.1.1", "1", "0", "1", "1", "0", "served"],
        ["OBJ-1.2", "1", "1", "0", "1", "0", "served"],
        ["OBJ-2", "0", "0", "0", "0", "0", "not served"],
    ]
    assert not_served == [
        ["Objectives nobody serves"],
        ["Code", "Objective", "Candidates (proposed)"],
        ["OBJ-2", "Objectif deux", "0"],
    ]
    assert unserved[:2] == [
        ["Live projects serving no objective"],
        ["Code", "Project", "Portfolio", "Status", "Project manager"],
    ]
    assert [line[0] for line in unserved[2:]] == ["PRJ-C", "PRJ-H"]


def test_coverage_xlsx_has_one_sheet_per_part(client_for, world, hand):
    sheets = _sheets(client_for("executive").get(MAP_XLSX))
    assert list(sheets) == [
        "Objectives × portfolios",
        "Objectives nobody serves",
        "Live projects serving no object",  # Excel's 31 characters
    ]
    matrix = {row[0]: row for row in sheets["Objectives × portfolios"][1:]}
    assert sheets["Objectives × portfolios"][0][3:5] == ("Compagnie", "Compagnie › BU Nord")
    assert matrix["OBJ-1"][3:] == (1, 1, 1, 1, "served")  # the executive reads BU North
    assert [row[0] for row in sheets["Live projects serving no object"][1:]] == ["PRJ-C", "PRJ-H"]


def test_exported_text_cannot_run_a_formula(client_for, world, hand):
    hand.o2.title = '=HYPERLINK("http://evil")'
    hand.o2.save()
    rows = {line[0]: line for line in _csv(client_for("pmo").get(TREE_CSV))[1:]}
    assert rows["OBJ-2"][1] == '\'=HYPERLINK("http://evil")'
    sheets = _sheets(client_for("pmo").get(MAP_XLSX))
    assert sheets["Objectives nobody serves"][1][1] == '\'=HYPERLINK("http://evil")'


def test_pages_link_to_their_exports(client_for, world, hand):
    client = client_for("pm")
    tree = client.get(reverse("portfolios:objective_list")).content.decode()
    assert f'href="{TREE_CSV}"' in tree
    assert f'href="{TREE_XLSX}"' in tree
    coverage = client.get(reverse("portfolios:objective_coverage")).content.decode()
    assert f'href="{MAP_CSV}"' in coverage
    assert f'href="{MAP_XLSX}"' in coverage


def _more_objectives(count: int) -> None:
    parent = StrategicObjective.objects.get(code="OBJ-2")
    for i in range(count):
        objective = ObjectiveFactory(code=f"OBJ-X{i:03d}", parent=parent if i % 2 else None)
        ObjectiveKPI.objects.create(objective=objective, name=f"KPI {i}", target=10, actual=i)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ["pmo", "executive"])
def test_query_count_is_the_same_at_two_sizes(client_for, world, hand, role):
    client = client_for(role)
    urls = [TREE_CSV, TREE_XLSX, MAP_CSV, MAP_XLSX]
    client.get(TREE_CSV)  # warm the session
    _grow(world, hand, 20)
    small = [_count(client, url) for url in urls]
    _grow(world, hand, 1980)
    _more_objectives(40)
    large = [_count(client, url) for url in urls]
    assert small == large
    assert max(large) <= 15
    if role == "pmo":
        lines = _csv(client.get(MAP_CSV))
        assert len(lines) > 667  # every live project serving no objective, not the first 10
