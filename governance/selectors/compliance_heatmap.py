"""The compliance heatmap: projects (rows, paginated) × phases (columns).

Columns are the phase keys of the methodologies the projects in scope follow (in phase
order). A cell says, for the project's phase of that key: *late* (a required deliverable
missing after the gate was passed), *missing*, *outdated*, *complete* (every required
deliverable present and current, or waived, or none required), *not reached*, or that the
project's methodology has no such phase. Each state has a symbol and a word, not only a
colour. Four queries a page whatever the number of projects: the count and the page of
projects, the columns, the cells of the page.
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from governance.selectors.compliance import project_rows
from governance.selectors.compliance_sql import BASE_CTES, REACHED, fetch, with_scope
from portfolios.models import Project

# state → (symbol, label); the symbol is aria-hidden, the label is always written.
CELL_STATES = {
    "late": ("⚠", _("Late")),
    "missing": ("✗", _("Missing")),
    "outdated": ("↻", _("Outdated")),
    "ok": ("✓", _("Complete")),
    "not_reached": ("·", _("Not reached")),
    "absent": ("–", _("Not in its methodology")),
}


def heatmap_columns(*, projects: QuerySet[Project]) -> list[tuple[str, str]]:
    """(phase key, phase name) of the methodology versions followed by ``projects``, in
    phase order: one query."""
    head, params = with_scope(projects)
    sql = f"""{head}
    SELECT ph.key, MIN(ph."order") AS position, MIN(ph.name) AS name
    FROM governance_projectlifecycle lc
    JOIN scope s ON s.id = lc.project_id
    JOIN governance_phase ph ON ph.version_id = lc.methodology_version_id
    GROUP BY ph.key ORDER BY position, ph.key"""  # noqa: S608
    return [(row["key"], row["name"]) for row in fetch(sql, params)]


def _cells(project_ids: list[int]) -> dict[tuple[int, str], dict]:
    """{(project id, phase key): counts} of these projects' phases: one query."""
    if not project_ids:
        return {}
    head, params = with_scope(Project.objects.filter(pk__in=project_ids), BASE_CTES)
    sql = f"""{head}
    SELECT project_id, key, MAX(CASE WHEN reached THEN 1 ELSE 0 END) AS reached,
           COUNT(*) FILTER (WHERE required AND NOT present AND NOT waived) AS missing,
           COUNT(*) FILTER (WHERE required AND NOT present AND NOT waived AND passed) AS late,
           COUNT(*) FILTER (WHERE old) AS outdated
    FROM (
      SELECT lc.project_id, ph.key, {REACHED} AS reached, (rd.id IS NOT NULL) AS required,
             COALESCE(d.waived, false) AS waived,
             (NOT COALESCE(d.waived, false) AND COALESCE(d.file, '') <> '') AS present,
             (NOT COALESCE(d.waived, false) AND COALESCE(d.file, '') <> ''
               AND tv.major IS NOT NULL AND lt.major IS NOT NULL AND tv.major < lt.major)
               AS old,
             (pa.project_id IS NOT NULL) AS passed
      FROM governance_projectlifecycle lc
      JOIN scope s ON s.id = lc.project_id
      LEFT JOIN governance_phase cur ON cur.id = lc.current_phase_id
      JOIN governance_phase ph ON ph.version_id = lc.methodology_version_id
      LEFT JOIN governance_requireddeliverable rd ON rd.phase_id = ph.id
      LEFT JOIN governance_deliverable d
        ON d.project_id = lc.project_id AND d.requirement_id = rd.id
      LEFT JOIN governance_templateversion tv ON tv.id = d.template_version_id
      LEFT JOIN latest lt ON lt.template_id = tv.template_id
      LEFT JOIN passed pa ON pa.project_id = lc.project_id AND pa.key = ph.key
    ) AS r
    GROUP BY project_id, key"""  # noqa: S608
    return {(row["project_id"], row["key"]): row for row in fetch(sql, params)}


def cell_state(counts: dict | None) -> str:
    if counts is None:
        return "absent"
    if not counts["reached"]:
        return "not_reached"
    for state in ("late", "missing", "outdated"):
        if counts[state]:
            return state
    return "ok"


def _lines(rows, columns) -> list[dict]:
    cells = _cells([row["id"] for row in rows])
    lines = []
    for row in rows:
        line = []
        for key, name in columns:
            counts = cells.get((row["id"], key))
            state_key = cell_state(counts)
            symbol, label = CELL_STATES[state_key]
            line.append(
                {
                    "key": key,
                    "phase": name,
                    "state": state_key,
                    "symbol": symbol,
                    "label": label,
                    "count": (counts or {}).get(state_key, 0) if state_key != "ok" else 0,
                }
            )
        lines.append({"project": row, "cells": line})
    return lines


def compliance_heatmap(
    *, projects: QuerySet[Project], page=None, phase: str = "", state: str = ""
) -> dict:
    """The heatmap of the projects of ``projects`` under a methodology (by code, one page of
    them), narrowed like the project list (current ``phase``, ``state``)."""
    rows = project_rows(projects=projects, phase=phase, state=state, governed_only=True)
    page_obj = Paginator(rows, settings.PAGINATE_BY).get_page(page)
    columns = heatmap_columns(projects=projects) if page_obj.object_list else []
    return {
        "columns": columns,
        "page_obj": page_obj,
        "lines": _lines(page_obj.object_list, columns),
    }


def compliance_heatmap_export(
    *, projects: QuerySet[Project], phase: str = "", state: str = ""
) -> dict:
    """The whole heatmap, every matching project (the export): four queries too."""
    rows = list(project_rows(projects=projects, phase=phase, state=state, governed_only=True))
    columns = heatmap_columns(projects=projects) if rows else []
    return {"columns": columns, "lines": _lines(rows, columns)}
