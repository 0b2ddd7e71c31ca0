"""Governance pages: compliance (issue 11) — the overview with its portfolio tree and trend,
the project list, the list of expected deliverables, the heatmap; CSV / Excel exports of the
lists (``?export=csv`` or ``?export=xlsx``). Definitions: governance/selectors/compliance.py."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from governance.forms.compliance import ComplianceFilterForm
from governance.selectors import compliance as selectors
from governance.selectors.compliance_heatmap import CELL_STATES, compliance_heatmap
from pmo_portal.exports import csv_response, xlsx_response
from pmo_portal.viewtools import require_perm

EXPORTS = ("csv", "xlsx")


def _filters(request, states: dict, *, phase_label=None):
    """The project scope (ProjectFilter) and the compliance filters (phase, state)."""
    scope = selectors.compliance_scope(user=request.user, data=request.GET)
    form = ComplianceFilterForm(
        request.GET or None,
        phases=selectors.phase_choices(),
        states=states,
        phase_label=phase_label,
    )
    return scope, form


def _keep(scope) -> list[tuple[str, str]]:
    """Scope parameters the filter bar does not show, kept as hidden inputs."""
    shown = ("portfolio", "project_type", "status")
    return [(name, value) for name, value in selectors.scope_params(scope) if name not in shown]


def _query(scope, form) -> str:
    """The page's filters as a query string (exports keep them)."""
    params = selectors.scope_params(scope)
    params += [(name, form.value(name)) for name in ("phase", "state") if form.value(name)]
    return urlencode(params)


@login_required
@require_GET
def compliance(request):
    require_perm(request.user, "governance.view_compliance")
    data = selectors.compliance_overview(
        user=request.user, data=request.GET, today=timezone.localdate()
    )
    if data["unknown_node"]:
        raise Http404
    scope = data["scope"]
    params = selectors.scope_params(scope, without=("portfolio",))
    return render(
        request,
        "governance/compliance/overview.html",
        {
            **data,
            "node_params": params,
            "scope_query": urlencode(selectors.scope_params(scope)),
        },
    )


def _export(kind: str, rows, export: str):
    stamp = timezone.localdate().isoformat()
    if kind == "projects":
        headers = [
            _("Code"),
            _("Project"),
            _("Portfolio"),
            _("Status"),
            _("Methodology"),
            _("Current phase"),
            _("Expected"),
            _("Compliant"),
            _("Missing"),
            _("Late"),
            _("Outdated"),
            _("Waived"),
            _("Score (%)"),
        ]
        lines = (
            [
                r["code"],
                r["name"],
                r["portfolio"],
                str(r["status_label"]),
                f"{r['methodology']} v{r['version']}" if r["governed"] else _("None"),
                r["phase"] or (_("Completed") if r["governed"] else ""),
                r["figures"].expected,
                r["figures"].compliant,
                r["figures"].missing,
                r["figures"].late,
                r["figures"].outdated,
                r["figures"].waived,
                r["figures"].score,
            ]
            for r in rows
        )
        title = _("Compliance per project")
    else:
        headers = [
            _("Code"),
            _("Project"),
            _("Phase"),
            _("Deliverable"),
            _("State"),
            _("Template version"),
            _("Uploaded at"),
        ]
        lines = (
            [
                r["code"],
                r["name"],
                r["phase_name"],
                r["requirement_name"],
                str(r["state_label"]),
                r["template_version"],
                timezone.localtime(r["uploaded_at"]).date() if r["uploaded_at"] else "",
            ]
            for r in rows
        )
        title = _("Expected deliverables")
    filename = f"compliance-{kind}-{stamp}.{export}"
    if export == "csv":
        return csv_response(filename=filename, headers=headers, rows=lines)
    return xlsx_response(filename=filename, headers=headers, rows=lines, sheet_title=title)


def _list_page(request, kind: str):
    require_perm(request.user, "governance.view_compliance")
    states = selectors.PROJECT_STATES if kind == "projects" else selectors.DELIVERABLE_STATES
    phase_label = _("Current phase") if kind == "projects" else _("Phase")
    scope, form = _filters(request, states, phase_label=phase_label)
    phase, state = form.value("phase"), form.value("state")
    projects = scope.qs
    if kind == "projects":
        rows = selectors.project_rows(projects=projects, phase=phase, state=state)
    else:
        rows = selectors.deliverable_rows(projects=projects, phase=phase, state=state)
    export = request.GET.get("export")
    if export in EXPORTS:
        return _export(kind, rows, export)
    page_obj = Paginator(rows, settings.PAGINATE_BY).get_page(request.GET.get("page"))
    query = _query(scope, form)
    return render(
        request,
        f"governance/compliance/{kind}.html",
        {
            "scope": scope,
            "form": form,
            "keep": _keep(scope),
            "page_obj": page_obj,
            "query": query,
            "scope_query": urlencode(selectors.scope_params(scope)),
            "state_label": states.get(state, ""),
        },
    )


@login_required
@require_GET
def compliance_projects(request):
    return _list_page(request, "projects")


@login_required
@require_GET
def compliance_deliverables(request):
    return _list_page(request, "deliverables")


@login_required
@require_GET
def compliance_heatmap_page(request):
    require_perm(request.user, "governance.view_compliance")
    states = {k: v for k, v in selectors.PROJECT_STATES.items() if k != "none"}
    scope, form = _filters(request, states, phase_label=_("Current phase"))
    data = compliance_heatmap(
        projects=scope.qs,
        page=request.GET.get("page"),
        phase=form.value("phase"),
        state=form.value("state"),
    )
    return render(
        request,
        "governance/compliance/heatmap.html",
        {
            **data,
            "scope": scope,
            "form": form,
            "keep": _keep(scope),
            "legend": list(CELL_STATES.values()),
            "scope_query": urlencode(selectors.scope_params(scope)),
        },
    )


urlpatterns: list = [
    path("compliance/", compliance, name="compliance"),
    path("compliance/projects/", compliance_projects, name="compliance_projects"),
    path("compliance/deliverables/", compliance_deliverables, name="compliance_deliverables"),
    path("compliance/heatmap/", compliance_heatmap_page, name="compliance_heatmap"),
]
