"""The exports' one door (pmo_portal.exports): cells a spreadsheet cannot hold or would run."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pmo_portal.exports import clean_cell, csv_response, xlsx_response


def _sheet(response):
    return load_workbook(io.BytesIO(response.content)).active


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Bad\x0cname", "Badname"),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("\x0c=cmd", "'=cmd"),  # the control character cannot hide a formula
        ("+33 1 23", "'+33 1 23"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("line\nbreak\ttab", "line\nbreak\ttab"),  # allowed characters are kept
        ("Été", "Été"),
        (Decimal("12.50"), Decimal("12.50")),
        (-3, -3),  # a negative number is a number, not a formula
        (date(2028, 2, 29), date(2028, 2, 29)),
        (None, None),
    ],
)
def test_clean_cell(value, expected):
    assert clean_cell(value) == expected


def test_workbook_with_control_characters_and_formulas_opens_clean():
    response = xlsx_response(
        filename="test.xlsx",
        headers=["Name", "Amount", "Day"],
        rows=iter([["Bad\x0cname", Decimal("10.50"), date(2026, 1, 31)], ["=cmd", 3, None]]),
        sheet_title="Projects: [all]/*?",
    )
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="test.xlsx"'
    sheet = _sheet(response)
    assert len(sheet.title) <= 31
    assert not set("[]:*?/\\") & set(sheet.title)
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Name", "Amount", "Day"]
    assert rows[1][0] == "Badname"
    assert rows[1][1] == pytest.approx(10.5)  # a real number
    assert rows[1][2].date() == date(2026, 1, 31)  # a real date
    assert rows[2][:2] == ["'=cmd", 3]


def test_csv_has_bom_semicolons_and_clean_cells():
    response = csv_response(
        filename="test.csv", headers=["Name", "Day"], rows=[["Bad\x0cname", None], ["=cmd", 1]]
    )
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="test.csv"'
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows == [["Name", "Day"], ["Badname", ""], ["'=cmd", "1"]]


@pytest.mark.parametrize(
    ("url", "name_column"),
    [("portfolios:project_export_xlsx", 1), ("reporting:dashboard_export", 1)],
)
def test_export_urls_answer_with_a_control_character_in_a_project_name(
    client_for, world, url, name_column
):
    world.project_a.name = "Bad\x0cname"
    world.project_a.save()
    response = client_for("pmo").get(reverse(url))
    assert response.status_code == 200
    names = [row[name_column] for row in _sheet(response).iter_rows(min_row=2, values_only=True)]
    assert "Badname" in names


def test_csv_export_url_with_a_control_character_in_a_project_name(client_for, world):
    world.project_a.name = "Bad\x0cname"
    world.project_a.save()
    response = client_for("pmo").get(reverse("portfolios:project_export_csv"))
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Badname" in text


def test_csv_numbers_use_the_readers_decimal_separator():
    """A French Excel reads "1234.5" as text: the CSV writes decimals as its reader does
    (without grouping), and a negative amount stays a number, not a neutralised formula."""
    from decimal import Decimal

    from django.utils import translation

    from pmo_portal.exports import csv_response

    def cells(language):
        with translation.override(language):
            response = csv_response(
                filename="f.csv", headers=["a", "b", "c"], rows=[[Decimal("1234.50"), -2.5, 7]]
            )
            return b"".join(response.streaming_content).decode().splitlines()[1]

    assert cells("fr") == "1234,50;-2,5;7"
    assert cells("en") == "1234.50;-2.5;7"
