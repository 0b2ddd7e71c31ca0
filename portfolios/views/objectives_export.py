"""Exports of the objective pages (issue 12): the objective tree and the coverage map, as
CSV (UTF-8 with a BOM, ``;``) and Excel, through pmo_portal/exports.py like every export
(cells cleaned, formulas neutralised). Whoever reads the pages exports them
(``portfolios.view_alignment``), with the same figures: the reader's scope, the live
projects. portfolios/views/objectives.py lists these URLs."""

from __future__ import annotations

from io import BytesIO

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from pmo_portal.db_router import replica_reads
from pmo_portal.exports import (
    SHEET_TITLE_FORBIDDEN,
    SHEET_TITLE_LENGTH,
    XLSX_CONTENT_TYPE,
    clean_cell,
    csv_response,
    xlsx_response,
)
from pmo_portal.users import user_label
from pmo_portal.viewtools import require_perm
from portfolios.selectors.objectives_export import coverage_export, objective_tree_export

READ = "portfolios.view_alignment"
PATH_SEPARATOR = " › "


def _filename(stem: str, extension: str) -> str:
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{extension}"


def _number(value) -> str:
    """A KPI figure in a text cell, in the reader's format, without trailing zeros."""
    return number_format(value.normalize())


def _kpi_text(kpi) -> str:
    actual = _number(kpi.actual) if kpi.actual is not None else _("not measured")
    text = f"{kpi.name}: {actual} / {_number(kpi.target)}"
    if kpi.unit:
        text += f" {kpi.unit}"
    notes = []
    if kpi.progress is not None:
        notes.append(_("%(pct)s %% of target") % {"pct": kpi.progress})
    if kpi.measured_on:
        notes.append(date_format(kpi.measured_on, "SHORT_DATE_FORMAT"))
    return f"{text} ({', '.join(notes)})" if notes else text


# --- The objective tree --------------------------------------------------------------------


def _tree_headers(year: int) -> list[str]:
    return [
        _("Code"),
        _("Objective"),
        _("Level"),
        _("Parent objectives"),
        _("Owner"),
        _("Weight"),
        _("Horizon start"),
        _("Horizon end"),
        _("Key indicators (actual / target)"),
        _("Projects serving it"),
        _("CAPEX %(year)s (€)") % {"year": year},
        _("OPEX %(year)s (€)") % {"year": year},
        _("Budget %(year)s (€)") % {"year": year},
        _("FTE %(year)s") % {"year": year},
    ]


def _tree_rows(exported):
    for item in exported:
        node, objective = item.node, item.node.objective
        yield [
            objective.code,
            objective.title,
            node.depth + 1,
            PATH_SEPARATOR.join(item.path),
            user_label(objective.owner),
            objective.weight,
            objective.horizon_start or "",
            objective.horizon_end or "",
            "\n".join(_kpi_text(kpi) for kpi in node.kpis),
            node.rollup.projects,
            node.rollup.capex,
            node.rollup.opex,
            node.rollup.budget,
            node.rollup.fte,
        ]


def _tree(request):
    require_perm(request.user, READ)
    year = timezone.localdate().year
    return year, objective_tree_export(user=request.user, year=year)


@login_required
@require_GET
@replica_reads
def objective_export_csv(request):
    """Every objective in tree order, with what serves it in the current year."""
    year, exported = _tree(request)
    return csv_response(
        filename=_filename("strategic-objectives", "csv"),
        headers=_tree_headers(year),
        rows=_tree_rows(exported),
    )


@login_required
@require_GET
@replica_reads
def objective_export_xlsx(request):
    year, exported = _tree(request)
    return xlsx_response(
        filename=_filename("strategic-objectives", "xlsx"),
        headers=_tree_headers(year),
        rows=_tree_rows(exported),
        sheet_title=_("Strategic objectives"),
    )


# --- The coverage map ----------------------------------------------------------------------


def _coverage_sheets(data) -> list[tuple[str, list[str], object]]:
    """(title, headers, rows) of the three parts of the map: the matrix, the objectives
    nobody serves, the live projects serving no objective."""
    names, top = [], ""
    for column in data["columns"]:
        if column.depth == 0:
            top = column.portfolio.name
            names.append(top)
        else:
            names.append(f"{top}{PATH_SEPARATOR}{column.portfolio.name}")
    matrix = (
        _("Objectives × portfolios"),
        [
            _("Code"),
            _("Objective"),
            _("Level"),
            *names,
            _("All portfolios"),
            _("Candidates (proposed)"),
            _("Coverage"),
        ],
        (
            [
                row.objective.code,
                row.objective.title,
                row.depth + 1,
                *(count for _column, count in row.cells),
                row.total,
                row.candidates,
                _("served") if row.served else _("not served"),
            ]
            for row in data["rows"]
        ),
    )
    not_served = (
        _("Objectives nobody serves"),
        [_("Code"), _("Objective"), _("Candidates (proposed)")],
        ([row.objective.code, row.objective.title, row.candidates] for row in data["not_served"]),
    )
    unserved = (
        _("Live projects serving no objective"),
        [_("Code"), _("Project"), _("Portfolio"), _("Status"), _("Project manager")],
        (
            [
                project.code,
                project.name,
                project.portfolio.name,
                project.get_status_display(),
                user_label(project.manager),
            ]
            for project in data["unserved"].iterator(chunk_size=2000)
        ),
    )
    return [matrix, not_served, unserved]


def _csv_sections(sheets):
    """The parts one after the other: a blank line, the part's title, its header, its rows
    (the first title is the file's header line)."""
    for index, (title, headers, rows) in enumerate(sheets):
        if index:
            yield []
            yield [title]
        yield headers
        yield from rows


@login_required
@require_GET
@replica_reads
def objective_coverage_export_csv(request):
    """The three parts of the coverage map in one file, one after the other."""
    require_perm(request.user, READ)
    sheets = _coverage_sheets(coverage_export(user=request.user))
    return csv_response(
        filename=_filename("objective-coverage", "csv"),
        headers=[sheets[0][0]],
        rows=_csv_sections(sheets),
    )


@login_required
@require_GET
@replica_reads
def objective_coverage_export_xlsx(request):
    """The three parts of the coverage map, one sheet each."""
    require_perm(request.user, READ)
    workbook = Workbook(write_only=True)
    for title, headers, rows in _coverage_sheets(coverage_export(user=request.user)):
        sheet = workbook.create_sheet(
            str(title).translate(SHEET_TITLE_FORBIDDEN)[:SHEET_TITLE_LENGTH]
        )
        sheet.append([clean_cell(value) for value in headers])
        for row in rows:
            sheet.append([clean_cell(value) for value in row])
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    filename = _filename("objective-coverage", "xlsx")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


urlpatterns: list = [
    path("objectives/export.csv", objective_export_csv, name="objective_export_csv"),
    path("objectives/export.xlsx", objective_export_xlsx, name="objective_export_xlsx"),
    path(
        "objectives/coverage/export.csv",
        objective_coverage_export_csv,
        name="objective_coverage_export_csv",
    ),
    path(
        "objectives/coverage/export.xlsx",
        objective_coverage_export_xlsx,
        name="objective_coverage_export_xlsx",
    ),
]
