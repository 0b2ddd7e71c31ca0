"""What compliance shows on pages governance does not own (pmo_portal/registry.py): a panel
of the portfolio dashboard, a panel of the PMO's home page, a section of the COPIL pack.
Each reads a fixed number of queries whatever the number of projects."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from governance.selectors.compliance import (
    Figures,
    deliverable_rows,
    figures_by_project,
    project_rows,
    total_figures,
)
from pmo_portal.print_pages import FIXED_ROW_MM, NOTE_MM, table_pages
from pmo_portal.registry import CopilSection
from portfolios.models import Project

HOME_LIMIT = 8


def dashboard_panel(request, board) -> dict | None:
    """The compliance of the dashboard's projects (``board.filter.qs``): score, missing and
    late deliverables, each linking to the compliance pages with the dashboard's filters
    spelled out (same projects, same figures). Hidden when none of them follows a
    methodology. One query."""
    figures = total_figures(projects=board.filter.qs)
    if not figures.governed:
        return None
    query_params = getattr(board.filter, "query_params", None)
    params = query_params(for_project_list=True) if query_params else []
    query = urlencode(params)
    deliverables = reverse("governance:compliance_deliverables")

    def state(name: str) -> str:
        return f"{deliverables}?{urlencode([*params, ('state', name)])}"

    return {
        "figures": figures,
        "url": f"{reverse('governance:compliance')}?{query}",
        "projects_url": f"{reverse('governance:compliance_projects')}?{query}",
        "missing_url": state("missing"),
        "late_url": state("late"),
    }


def home_panel(request) -> dict | None:
    """The projects with late deliverables (a gate passed without them) among those the PMO
    reads, by code, the first ``HOME_LIMIT``; hidden when there is none. One query (two
    when the list is full, to count them all)."""
    projects = Project.objects.visible_to(request.user).active()
    rows = project_rows(projects=projects, state="late")
    first = rows[0:HOME_LIMIT]
    if not first:
        return None
    return {
        "rows": first,
        "count": rows.count() if len(first) == HOME_LIMIT else len(first),
        "url": reverse("governance:compliance_projects") + "?state=late",
    }


# --- COPIL pack ---------------------------------------------------------------------------


def copil_read(scope) -> dict | None:
    """Compliance of the pack's projects under a methodology, in the pack's order, with the
    names of their missing (and late) deliverables; None (no section) when none of them
    follows a methodology. Three queries."""
    projects = Project.objects.filter(pk__in=scope.project_ids)
    figures = figures_by_project(projects=projects)
    if not figures:
        return None
    missing: dict[int, list[dict]] = {}
    for row in deliverable_rows(projects=projects, state="missing"):
        missing.setdefault(row["project_id"], []).append(row)
    names = {pk: (code, name) for pk, code, name in projects.values_list("pk", "code", "name")}
    total = Figures()
    rows = []
    for project_id in scope.project_ids:
        if project_id not in figures:
            continue
        total.add(figures[project_id])
        late = [r for r in missing.get(project_id, []) if r["state"] == "late"]
        not_yet = [r for r in missing.get(project_id, []) if r["state"] == "missing"]
        rows.append(
            {
                "code": names.get(project_id, ("", ""))[0],
                "name": names.get(project_id, ("", ""))[1],
                "figures": figures[project_id],
                "late": late,
                "missing": not_yet,
                "names": late + not_yet,  # one printed line each, the late ones first
            }
        )
    return {"rows": rows, "total": total, "ungoverned": len(scope.project_ids) - len(rows)}


def copil_pages(data) -> int:
    """Exact for the template's one-line rows: a project takes one row per missing
    deliverable (at least one), then the total row and the closing note (two lines)."""
    rows = sum(max(1, len(row["names"])) for row in data["rows"]) + 1
    return table_pages([FIXED_ROW_MM] * rows + [2 * NOTE_MM])


COPIL_SECTION = CopilSection(
    key="governance-compliance",
    title=_("Appendix D — Compliance with the référentiel"),
    order=85,
    template="governance/compliance/copil_section.html",
    read=copil_read,
    pages=copil_pages,
    appendix=True,
)
