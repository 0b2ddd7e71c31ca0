"""The CSV and Excel exports' one door: every cell is cleaned here, every response built here."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from io import BytesIO

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.formats import date_format
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel refuses a sheet title longer than this, or holding one of these characters.
SHEET_TITLE_LENGTH = 31
SHEET_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def spreadsheet_safe(value):
    """Neutralise spreadsheet formulas (CSV injection): a text starting with = + - @ (or a
    tab / carriage return) is exported as text."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return value


def clean_cell(value):
    """A cell as it may be written: without the control characters that the XLSX format
    cannot hold (openpyxl raises on them, e.g. a form feed pasted into a project name), and
    formula-safe. Dates and numbers are kept typed."""
    if isinstance(value, str):
        value = spreadsheet_safe(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(
    *, filename: str, headers: Sequence, rows: Iterable[Sequence], sheet_title: str
) -> HttpResponse:
    """An Excel workbook of one sheet (``headers`` then ``rows``) as a download. Dates and
    numbers stay real cells; ``rows`` may be a generator (the workbook is written streaming)."""
    workbook = Workbook(write_only=True)
    title = str(sheet_title).translate(SHEET_TITLE_FORBIDDEN)[:SHEET_TITLE_LENGTH]
    sheet = workbook.create_sheet(title)
    sheet.append([clean_cell(value) for value in headers])
    for row in rows:
        sheet.append([clean_cell(value) for value in row])
    buffer = BytesIO()
    workbook.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE), filename)


class _Echo:
    """A file-like object whose ``write`` hands the line back (csv.writer into a stream)."""

    def write(self, value):
        return value


def _csv_cell(value):
    if hasattr(value, "year"):
        value = date_format(value, "SHORT_DATE_FORMAT")
    return clean_cell(value)


def csv_response(
    *, filename: str, headers: Sequence, rows: Iterable[Sequence]
) -> StreamingHttpResponse:
    """A streamed CSV download for Excel: UTF-8 with a BOM, ``;`` separators, dates in the
    reader's short format, every cell cleaned as in the workbook."""
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield "\ufeff"
        yield writer.writerow([_csv_cell(value) for value in headers])
        for row in rows:
            yield writer.writerow([_csv_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    return _attachment(response, filename)
