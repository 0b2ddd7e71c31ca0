"""The CSV and Excel exports' one door: every cell is cleaned here, every response built here."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel refuses a sheet title longer than this, or holding one of these characters.
SHEET_TITLE_LENGTH = 31
SHEET_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))
# A list page offers its rows as a file through its own URL: ``?export=csv`` or ``?export=xlsx``
# (the page's filters apply, pagination does not).
EXPORT_FORMATS = ("csv", "xlsx")
# Rows read from the database per round trip when a queryset is exported.
EXPORT_CHUNK_SIZE = 2000


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
    """Dates in the reader's short format and numbers with the reader's decimal separator
    (a French Excel reads "1234.5" as text, "1234,5" as a number), without grouping."""
    if isinstance(value, datetime):
        value = date_format(value, "SHORT_DATETIME_FORMAT")
    elif hasattr(value, "year"):
        value = date_format(value, "SHORT_DATE_FORMAT")
    elif isinstance(value, Decimal | float):
        text = format(value, "f") if isinstance(value, Decimal) else str(value)
        return text.replace(".", get_format("DECIMAL_SEPARATOR"))  # a number, never a formula
    return clean_cell(value)


def csv_response(
    *, filename: str, headers: Sequence, rows: Iterable[Sequence]
) -> StreamingHttpResponse:
    """A streamed CSV download for Excel: UTF-8 with a BOM, ``;`` separators, dates (and
    date-times) and decimal numbers as the reader writes them, every cell cleaned as in the
    workbook."""
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield "\ufeff"
        yield writer.writerow([_csv_cell(value) for value in headers])
        for row in rows:
            yield writer.writerow([_csv_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    return _attachment(response, filename)


# --- Lists: one column spec builds both files ----------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of a list export: its header (a lazy translation, so the file speaks the
    reader's language) and how to read its cell from one row (a typed value: dates and
    numbers stay dates and numbers in the workbook)."""

    label: Any
    value: Callable[[Any], Any]


def requested_export(request) -> str | None:
    """ "csv" or "xlsx" when the list page is asked for a file (``?export=``), else None."""
    value = request.GET.get("export")
    return value if value in EXPORT_FORMATS else None


def _plain(value):
    """A cell value both writers take: translations as text, yes/no in words, aware
    datetimes in the portal's time zone (Excel has no time zones)."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.make_naive(value)
    return value


def _each(rows: Iterable):
    """Rows one at a time; a queryset is read in chunks (its prefetches run per chunk), so
    the number of queries does not grow with the rows."""
    if isinstance(rows, QuerySet):
        return rows.iterator(chunk_size=EXPORT_CHUNK_SIZE)
    return iter(rows)


def export_table(
    export_format: str,
    *,
    rows: Iterable,
    columns: Sequence[Column],
    filename: str,
    sheet_title,
) -> HttpResponse:
    """The list as a CSV (streamed) or Excel download: ``columns`` applied to every row of
    ``rows`` (a queryset or any iterable), headers in the active language. ``filename`` is
    a stem: the day and the extension are added."""
    headers = [str(column.label) for column in columns]
    lines = ([_plain(column.value(row)) for column in columns] for row in _each(rows))
    name = f"{filename}-{timezone.localdate():%Y-%m-%d}.{export_format}"
    if export_format == "csv":
        return csv_response(filename=name, headers=headers, rows=lines)
    if export_format == "xlsx":
        return xlsx_response(filename=name, headers=headers, rows=lines, sheet_title=sheet_title)
    raise ValueError(f"Unknown export format: {export_format!r}")
