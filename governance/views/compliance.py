"""Governance pages: compliance (issue 11) — the overview with its portfolio tree and trend,
the project list, the list of expected deliverables, the heatmap; CSV / Excel exports of the
lists (``?export=csv`` or ``?export=xlsx``, the portal's convention: pmo_portal/exports.py).
Definitions: governance/selectors/compliance.py."""

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
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET

from governance.forms.compliance import ComplianceFilterForm
from governance.selectors import compliance as selectors
from governance.selectors.compliance_heatmap import (
    CELL_STATES,
    compliance_heatmap,
    compliance_heatmap_export,
)
from pmo_portal.exports import Column, export_table, requested_export
from pmo_portal.viewtools import require_perm


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


PROJECT_COLUMNS = [
    Column(gettext_lazy("Code"), lambda r: r["code"]),
    Column(gettext_lazy("Project"), lambda r: r["name"]),
    Column(gettext_lazy("Portfolio"), lambda r: r["portfolio"]),
    Column(gettext_lazy("Status"), lambda r: r["status_label"]),
    Column(
        gettext_lazy("Methodology"),
        lambda r: f"{r['methodology']} v{r['version']}" if r["governed"] else _("None"),
    ),
    Column(
        gettext_lazy("Current phase"),
        lambda r: r["phase"] or (_("Completed") if r["governed"] else ""),
    ),
    Column(gettext_lazy("Expected"), lambda r: r["figures"].expected),
    Column(gettext_lazy("Compliant"), lambda r: r["figures"].compliant),
    Column(gettext_lazy("Missing"), lambda r: r["figures"].missing),
    Column(gettext_lazy("Late"), lambda r: r["figures"].late),
    Column(gettext_lazy("Outdated"), lambda r: r["figures"].outdated),
    Column(gettext_lazy("Waived"), lambda r: r["figures"].waived),
    Column(gettext_lazy("Score (%)"), lambda r: r["figures"].score),
]
DELIVERABLE_COLUMNS = [
    Column(gettext_lazy("Code"), lambda r: r["code"]),
    Column(gettext_lazy("Project"), lambda r: r["name"]),
    Column(gettext_lazy("Phase"), lambda r: r["phase_name"]),
    Column(gettext_lazy("Deliverable"), lambda r: r["requirement_name"]),
    Column(gettext_lazy("State"), lambda r: r["state_label"]),
    Column(gettext_lazy("Template version"), lambda r: r["template_version"]),
    Column(
        gettext_lazy("Uploaded at"),
        lambda r: timezone.localtime(r["uploaded_at"]).date() if r["uploaded_at"] else "",
    ),
]


def _export(kind: str, rows, export: str):
    if kind == "projects":
        columns, title = PROJECT_COLUMNS, _("Compliance per project")
    else:
        columns, title = DELIVERABLE_COLUMNS, _("Expected deliverables")
    return export_table(
        export, rows=rows, columns=columns, filename=f"compliance-{kind}", sheet_title=title
    )


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
    if export := requested_export(request):
        return _export(kind, rows, export)
    page_obj = Paginator(rows, settings.PAGINATE_BY).get_page(request.GET.get("page"))
    return render(
        request,
        f"governance/compliance/{kind}.html",
        {
            "scope": scope,
            "form": form,
            "keep": _keep(scope),
            "page_obj": page_obj,
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


def _heatmap_export(scope, form, export: str):
    """The heatmap as the page shows it, every project: one column per phase, each cell the
    state in words (with the count of deliverables behind it, as on the page)."""
    data = compliance_heatmap_export(
        projects=scope.qs, phase=form.value("phase"), state=form.value("state")
    )

    def state(index):
        def value(line):
            cell = line["cells"][index]
            if cell["state"] in {"late", "missing", "outdated"}:
                return f"{cell['label']} ({cell['count']})"
            return cell["label"]

        return value

    columns = [
        Column(gettext_lazy("Code"), lambda line: line["project"]["code"]),
        Column(gettext_lazy("Project"), lambda line: line["project"]["name"]),
        *(Column(name, state(index)) for index, (_key, name) in enumerate(data["columns"])),
        Column(pgettext_lazy("compliance", "Score"), lambda line: line["project"]["figures"].score),
    ]
    return export_table(
        export,
        rows=data["lines"],
        columns=columns,
        filename="compliance-heatmap",
        sheet_title=_("Compliance heatmap"),
    )


@login_required
@require_GET
def compliance_heatmap_page(request):
    require_perm(request.user, "governance.view_compliance")
    states = {k: v for k, v in selectors.PROJECT_STATES.items() if k != "none"}
    scope, form = _filters(request, states, phase_label=_("Current phase"))
    if export := requested_export(request):
        return _heatmap_export(scope, form, export)
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
