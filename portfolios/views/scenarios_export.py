"""The Excel export of a scenario (portfolios/views/scenarios.py lists its URL): its projects,
selected or not, with their needs per year and kind (and per limited team) as the scenario
was solved, then its limits with their usage. Read: ``portfolios.view_scenarios`` in the
reader's scope."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from pmo_portal.exports import xlsx_response
from portfolios.models import ProjectStatus
from portfolios.selectors import scenarios as selectors
from portfolios.selectors import scenarios_pages as pages
from portfolios.selectors import scenarios_teams as teams
from portfolios.selectors.scoring import explanation_text


def _export_rows(scenario, result: dict, names: dict[str, str]):
    """Projects (selected first, then not selected, best value first) with their needs per
    year and kind, then the limits with their usage."""
    columns = result.get("columns") or []
    items = result.get("items") or {}
    yes, no = _("Yes"), _("No")
    for selected in (True, False):
        lines = pages.line_rows(scenario, selected=selected).iterator(chunk_size=2000)
        for line in lines:
            project = line.project
            vector = items.get(str(project.pk)) or [0.0] * len(columns)
            yield [
                _("Selected") if selected else _("Not selected"),
                project.code,
                project.name,
                str(ProjectStatus(project.status).label),
                line.get_forcing_display() if line.forcing else "",
                yes if project.is_mandatory else no,
                float(line.value),
                explanation_text(project.priority_score, project.priority_explanation),
                *vector,
            ]
    yield []
    yield [_("Limit"), _("Year"), _("Kind"), _("Limit"), _("Used"), _("Binds")]
    for key, amount in sorted((result.get("limits") or {}).items()):
        year, kind = selectors.parse_key(key)
        yield [
            _("Limit"),
            year,
            selectors.kind_label(kind, names),
            amount,
            (result.get("usage") or {}).get(key, 0.0),
            yes if key in (result.get("binding") or []) else no,
        ]


@login_required
@require_GET
def scenario_export(request, pk: int):
    """Excel workbook of a solved scenario: its projects (selected or not, needs per year
    and kind) and its limits with their usage."""
    scenario = selectors.get_scenario_for_user(request.user, pk)
    result = scenario.result or {}
    if result.get("value") is None:
        messages.error(request, _("Solve the scenario before exporting it."))
        return redirect("portfolios:scenario_detail", pk=scenario.pk)
    headers = [
        _("Selection"),
        _("Code"),
        _("Project"),
        _("Status"),
        _("Forced"),
        _("Mandatory"),
        _("Value"),
        _("Value explained"),
    ]
    columns = result.get("columns") or []
    keys = [*columns, *(result.get("limits") or {})]
    names = teams.saved_names([scenario], (selectors.parse_key(key)[1] for key in keys))
    headers += [selectors.limit_label(column, names) for column in columns]
    return xlsx_response(
        filename=f"scenario-{scenario.pk}-{timezone.localdate():%Y-%m-%d}.xlsx",
        headers=headers,
        rows=_export_rows(scenario, result, names),
        sheet_title=_("Scenario"),
    )
