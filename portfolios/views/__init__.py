"""Pages of the portfolio model. Thin: permission, form/filter, service or selector, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pmo_portal.concurrency import (
    EditConflict,
    conflict_context,
    conflict_rows,
    conflict_status,
    refreshed_data,
)
from pmo_portal.db_router import replica_reads
from pmo_portal.exports import csv_response, xlsx_response
from pmo_portal.navigation import first_portfolio_tab
from pmo_portal.roles import require_role
from pmo_portal.users import user_label
from portfolios import filter_form, selectors, services
from portfolios.forms import ProjectForm
from portfolios.tables import project_rows


@login_required
@require_GET
@replica_reads
def project_list(request):
    require_role(request.user)
    project_filter, queryset = selectors.filter_projects(user=request.user, data=request.GET)
    page = Paginator(queryset, settings.PAGINATE_BY).get_page(request.GET.get("page"))
    return render(
        request,
        "portfolios/project_list.html",
        {
            "filter": project_filter,
            "filter_fields": filter_form.filter_fields(project_filter),
            "page_obj": page,
            "projects": page.object_list,
            "rows": project_rows(page.object_list),
            "can_add": request.user.has_perm("portfolios.add_project"),
            "filters_active": any(
                value for key, value in request.GET.items() if key not in {"page", "o"}
            ),
        },
    )


def _export_headers() -> list[str]:
    return [
        _("Code"),
        _("Name"),
        _("Portfolio"),
        _("Business domain"),
        _("Project type"),
        _("Status"),
        _("Project manager"),
        _("Planned start"),
        _("Planned end"),
        _("Estimated cost (€)"),
        _("Overall health"),
        _("Completion (%)"),
    ]


def _export_rows(queryset):
    for project in queryset.iterator(chunk_size=2000):
        yield [
            project.code,
            project.name,
            project.portfolio.name,
            project.business_domain.name,
            project.project_type.name,
            project.get_status_display(),
            user_label(project.manager),
            project.planned_start,
            project.planned_end,
            project.estimated_cost,
            project.get_health_overall_display() if project.health_overall else "",
            project.percent_complete if project.percent_complete is not None else "",
        ]


def _export_name(extension: str) -> str:
    return f"projects-{timezone.localdate():%Y-%m-%d}.{extension}"


@login_required
@require_GET
@replica_reads
def project_export_csv(request):
    """CSV of the filtered list (every matching row, streamed; ``;`` and UTF-8 BOM for Excel)."""
    require_role(request.user)
    _filter, queryset = selectors.filter_projects(user=request.user, data=request.GET)
    return csv_response(
        filename=_export_name("csv"), headers=_export_headers(), rows=_export_rows(queryset)
    )


@login_required
@require_GET
@replica_reads
def project_export_xlsx(request):
    """Excel workbook of the filtered list, with real dates and numbers."""
    require_role(request.user)
    _filter, queryset = selectors.filter_projects(user=request.user, data=request.GET)
    return xlsx_response(
        filename=_export_name("xlsx"),
        headers=_export_headers(),
        rows=_export_rows(queryset),
        sheet_title=_("Projects"),
    )


@login_required
@require_GET
def project_detail(request, pk: int):
    project = selectors.get_project_for_user(request.user, pk)
    return render(
        request,
        "portfolios/project_detail.html",
        {
            "project": project,
            "contributions": selectors.project_contributions(project),
            "history": selectors.project_history(project),
            "can_edit": request.user.has_perm("portfolios.change_project", project),
        },
    )


def _form_fields(form: ProjectForm) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k not in {"deputies", "version"}}


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request):
    if not request.user.has_perm("portfolios.add_project"):
        require_role(request.user)
        raise PermissionDenied
    form = ProjectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        project = services.create_project(
            user=request.user, fields=_form_fields(form), deputies=form.cleaned_data["deputies"]
        )
        messages.success(request, _("Project %(code)s created.") % {"code": project.code})
        return redirect(project)
    return render(request, "portfolios/project_form.html", {"form": form, "project": None})


@login_required
@require_http_methods(["GET", "POST"])
def project_update(request, pk: int):
    project = selectors.get_project_for_user(request.user, pk, perm="portfolios.change_project")
    form = ProjectForm(request.POST or None, instance=project, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.update_project(
                project=project,
                user=request.user,
                fields=_form_fields(form),
                deputies=form.cleaned_data["deputies"],
                version=form.cleaned_data["version"],
            )
        except EditConflict as exc:
            conflict = conflict_context(
                exc.current, thing=_("project"), rows=conflict_rows(form, exc.current)
            )
            form = ProjectForm(
                refreshed_data(request.POST, exc.current), instance=exc.current, user=request.user
            )
            return render(
                request,
                "portfolios/project_form.html",
                {"form": form, "project": exc.current, "conflict": conflict},
                status=conflict_status(request),
            )
        messages.success(request, _("Project %(code)s saved.") % {"code": saved.code})
        return redirect(saved)
    return render(request, "portfolios/project_form.html", {"form": form, "project": project})


@login_required
@require_GET
def portfolio_tree(request):
    require_role(request.user)
    return render(
        request,
        "portfolios/portfolio_tree.html",
        {
            "rows": selectors.portfolio_tree(user=request.user),
            # The PMO's link to each node's settings pages (envelopes, reporting, alerts).
            "settings_tab": first_portfolio_tab(request.user),
            "tree_columns": [(s.value, s.label, None) for s in selectors.TREE_STATUSES],
        },
    )
