"""The files of resources' lists (``?export=csv|xlsx`` on each list's own URL, through
pmo_portal/exports.py): the columns each list shows, one spec per list.

A grid of rows × months (capacity plan, FTE consumption, a project's allocations) is written
one line per row and month, its cell's figures as columns: the screen is a pivot of the file,
and the file pivots back in a spreadsheet. A screen cell holding two facts is two columns."""

from __future__ import annotations

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from pmo_portal.exports import Column, export_table
from pmo_portal.users import user_label


def _team(team) -> str:
    return team.name if team else str(_("No team"))


ALERT_COLUMNS = [
    Column(_("Code"), lambda a: a.project.code),
    Column(_("Project"), lambda a: a.project.name),
    Column(_("Project manager"), lambda a: user_label(a.project.manager)),
    Column(_("Portfolio"), lambda a: a.project.portfolio.name),
    Column(_("Nature"), lambda a: a.get_nature_display()),
    Column(_("Kind"), lambda a: a.get_kind_display()),
    Column(_("Fiscal year"), lambda a: a.period),
    Column(_("Budget"), lambda a: a.budget),
    Column(_("Measured"), lambda a: a.measured),
    Column(_("Overrun (%)"), lambda a: a.overrun_percent),
    Column(_("Flagged by the PM"), lambda a: a.flagged_by_pm),
    Column(_("Status"), lambda a: a.get_status_display()),
    Column(_("Age (days)"), lambda a: (timezone.now() - a.first_detected_at).days),
]

IMPORT_RUN_COLUMNS = [
    Column(_("Started at"), lambda r: r.started_at),
    Column(_("Kind"), lambda r: r.get_kind_display()),
    Column(_("File"), lambda r: r.file_name),
    Column(_("Imported by"), lambda r: user_label(r.user)),
    Column(_("Result"), lambda r: r.get_outcome_display()),
    Column(_("Rows imported"), lambda r: r.rows_imported),
    Column(_("Rows already imported"), lambda r: r.rows_skipped),
    Column(_("Rows with errors"), lambda r: r.rows_rejected),
    Column(_("Message"), lambda r: r.message),
]

RESOURCE_COLUMNS = [
    Column(_("Name"), lambda r: r.name),
    Column(capfirst(_("active")), lambda r: r.is_active),
    Column(_("Kind"), lambda r: r.get_kind_display()),
    Column(_("Team"), lambda r: _team(r.team)),
    Column(_("Skills"), lambda r: ", ".join(skill.name for skill in r.skills.all())),
    Column(_("Default FTE"), lambda r: r.default_fte),
    Column(_("Cost rate per day"), lambda r: r.cost_rate_per_day),
]

PENDING_ALLOCATION_COLUMNS = [
    Column(_("Code"), lambda a: a.project.code),
    Column(_("Project"), lambda a: a.project.name),
    Column(_("Resource"), lambda a: a.resource.name),
    Column(_("Team"), lambda a: _team(a.resource.team)),
    Column(_("Month"), lambda a: a.month),
    Column(_("FTE"), lambda a: a.fte),
    Column(_("Requested by"), lambda a: user_label(a.requested_by)),
]

# Rows: (grid row, month, allocation) of each filled cell.
PROJECT_ALLOCATION_COLUMNS = [
    Column(_("Resource"), lambda cell: cell[0].resource.name),
    Column(_("Team"), lambda cell: _team(cell[0].resource.team)),
    Column(_("Month"), lambda cell: cell[1]),
    Column(_("FTE"), lambda cell: cell[2].fte),
    Column(_("Status"), lambda cell: cell[2].get_status_display()),
]


def project_allocation_cells(rows, months):
    for row in rows:
        for month in months:
            if month in row.cells:
                yield row, month, row.cells[month]


def capacity_columns(by: str) -> list[Column]:
    """Rows: (heatmap row, cell) of each month."""
    first = (
        Column(_("Team"), lambda line: line[0].label or str(_("No team")))
        if by == "team"
        else Column(_("Resource"), lambda line: line[0].label)
    )
    return [
        first,
        Column(_("Month"), lambda line: line[1].month),
        Column(_("Demand (FTE)"), lambda line: line[1].demand),
        Column(_("Capacity (FTE)"), lambda line: line[1].capacity),
        Column(_("Utilisation (%)"), lambda line: line[1].utilisation),
    ]


def heatmap_cells(heatmap):
    for row in heatmap.rows:
        for cell in row.cells:
            yield row, cell


CAPACITY_CELL_COLUMNS = [
    Column(_("Resource"), lambda a: a.resource.name),
    Column(_("Team"), lambda a: _team(a.resource.team)),
    Column(_("Code"), lambda a: a.project.code if a.visible else ""),
    Column(
        _("Project"),
        lambda a: a.project.name if a.visible else str(_("A project outside your portfolios")),
    ),
    Column(_("Status"), lambda a: a.get_status_display()),
    Column(_("FTE"), lambda a: a.fte),
]

# Rows: (consumption row, (month, planned, approved)).
FTE_COLUMNS = [
    Column(_("Code"), lambda line: line[0].project.code),
    Column(_("Portfolio"), lambda line: line[0].project.portfolio.name),
    Column(_("Month"), lambda line: line[1][0]),
    Column(_("Planned (FTE)"), lambda line: line[1][1]),
    Column(_("Approved (FTE)"), lambda line: line[1][2]),
]


def consumption_cells(rows):
    for row in rows:
        for cell in row.cells:
            yield row, cell


BUDGET_LINE_COLUMNS = [
    Column(_("Fiscal year"), lambda row: row.fiscal_year),
    Column(_("Nature"), lambda row: row.nature_label),
    Column(_("Category"), lambda row: row.category_label),
    Column(capfirst(_("budget line")), lambda row: row.line is not None),
    Column(_("Baseline"), lambda row: row.figures.baseline),
    Column(_("Approved"), lambda row: row.figures.approved),
    Column(_("Actual"), lambda row: row.figures.actual),
    Column(_("Committed"), lambda row: row.figures.committed),
    Column(_("Remaining"), lambda row: row.figures.remaining),
]

ACTUAL_COST_COLUMNS = [
    Column(_("Date"), lambda c: c.date),
    Column(_("Reference"), lambda c: c.reference),
    Column(_("Nature"), lambda c: c.get_nature_display()),
    Column(_("Category"), lambda c: c.get_category_display()),
    Column(_("Supplier"), lambda c: c.supplier),
    Column(_("Description"), lambda c: c.description),
    Column(_("Source"), lambda c: c.get_source_display()),
    Column(_("Amount"), lambda c: c.amount),
]

COMMITMENT_COLUMNS = [
    Column(_("Date"), lambda c: c.date),
    Column(_("Purchase order"), lambda c: c.reference),
    Column(_("Nature"), lambda c: c.get_nature_display()),
    Column(_("Category"), lambda c: c.get_category_display()),
    Column(_("Supplier"), lambda c: c.supplier),
    Column(_("Amount"), lambda c: c.amount),
]


# --- The files of the capacity pages (resources/views/capacity.py) ---------------------------


def capacity_file(export: str, heatmap):
    return export_table(
        export,
        rows=heatmap_cells(heatmap),
        columns=capacity_columns(heatmap.by),
        filename=f"capacity-plan-by-{heatmap.by}",
        sheet_title=_("Capacity plan"),
    )


def capacity_cell_file(export: str, allocations, visible_to_user):
    """``visible_to_user``: a queryset of the projects the reader sees; the others are not
    named, as on the page."""
    visible = set(
        visible_to_user.filter(pk__in=allocations.values("project_id")).values_list("pk", flat=True)
    )

    def marked():
        for allocation in allocations:
            allocation.visible = allocation.project_id in visible
            yield allocation

    return export_table(
        export,
        rows=marked(),
        columns=CAPACITY_CELL_COLUMNS,
        filename="capacity-cell",
        sheet_title=_("Allocations behind the capacity cell"),
    )


def resources_file(export: str, resources):
    return export_table(
        export,
        rows=resources,
        columns=RESOURCE_COLUMNS,
        filename="resources",
        sheet_title=_("Resources"),
    )


def pending_allocations_file(export: str, groups):
    return export_table(
        export,
        rows=(allocation for group in groups for allocation in group.allocations),
        columns=PENDING_ALLOCATION_COLUMNS,
        filename="allocations-to-decide",
        sheet_title=_("Allocations to decide"),
    )


def project_allocations_file(export: str, project, rows, months):
    return export_table(
        export,
        rows=project_allocation_cells(rows, months),
        columns=PROJECT_ALLOCATION_COLUMNS,
        filename=f"{project.code}-allocations",
        sheet_title=_("Allocations"),
    )


def fte_file(export: str, rows):
    return export_table(
        export,
        rows=consumption_cells(rows),
        columns=FTE_COLUMNS,
        filename="fte-consumption",
        sheet_title=_("FTE consumption"),
    )
