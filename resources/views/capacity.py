"""Views of resources: capacity heatmap, project allocation grid, decisions, resources."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pmo_portal.concurrency import (
    EditConflict,
    conflict_context,
    conflict_rows,
    conflict_status,
    display,
    refreshed_data,
)
from pmo_portal.exports import requested_export
from pmo_portal.viewtools import require_perm
from portfolios.models import Project
from portfolios.selectors import get_project_for_user
from resources.forms.capacity import (
    AllocationGridForm,
    AvailabilityForm,
    CapacityFilterForm,
    RejectForm,
    ResourceFilterForm,
    ResourceForm,
    cell_name,
    seen_token,
)
from resources.models import Allocation, Resource
from resources.selectors import capacity as selectors
from resources.selectors.cockpit import team_rows
from resources.services import capacity as services
from resources.views import list_exports


def _int_list(values) -> list[int]:
    result = []
    for value in values:
        try:
            result.append(int(value))
        except (TypeError, ValueError):
            continue
    return result


# --- Project allocation grid -------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def project_allocations(request, pk: int):
    project = get_project_for_user(request.user, pk)
    can_write = request.user.has_perm("resources.request_allocation", project)
    if request.method == "POST" and not can_write:
        raise PermissionDenied
    months = selectors.months_ahead()
    source = request.POST.getlist("row") if request.method == "POST" else request.GET.getlist("add")
    rows = selectors.project_allocation_rows(project, months, extra_ids=_int_list(source))
    if request.method == "GET" and (export := requested_export(request)):
        return list_exports.project_allocations_file(export, project, rows, months)
    form = AllocationGridForm(
        request.POST if request.method == "POST" else None, rows=rows, months=months
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            counts = services.save_allocation_grid(
                project=project,
                user=request.user,
                values=form.values(),
                seen=form.cleaned_data["seen"],
            )
        except EditConflict as exc:
            conflict, rows, form = _grid_conflict(request, project, months, form, exc)
        else:
            return _grid_saved(request, project, counts)
    totals = []
    for month in months:
        total = sum((row.cells[month].fte for row in rows if month in row.cells), start=0)
        totals.append(total)
    return render(
        request,
        "resources/capacity/project_allocations.html",
        {
            "project": project,
            "months": months,
            "form": form,
            "grid": list(form.bound_rows()),
            "totals": totals,
            "can_write": can_write,
            "addable": selectors.addable_resources([row.resource.pk for row in rows])
            if can_write
            else [],
            "has_errors": form.is_bound and bool(form.errors),
            "conflict": conflict,
        },
        status=conflict_status(request) if conflict else 200,
    )


def _grid_saved(request, project, counts: dict):
    if any(counts.values()):
        messages.success(
            request,
            _(
                "Allocations sent for decision: %(created)s new, %(changed)s changed, "
                "%(deleted)s removed."
            )
            % counts,
        )
    else:
        messages.info(request, _("Nothing changed: no allocation was requested."))
    return redirect("resources:project_allocations", project.pk)


def _grid_conflict(request, project, months, form, exc: EditConflict):
    """The refused grid: the cells someone else changed, and the grid as stored now with
    the user's entries typed over it (saving again keeps them)."""
    rows_shown = [
        {
            "label": form.fields[cell_name(resource_id, month)].label,
            "theirs": display(current.fte if current else None),
            "mine": display(fte),
        }
        for (resource_id, month), current, fte in exc.details
    ]
    conflict = conflict_context(None, thing=_("allocations"), rows=rows_shown)
    rows = selectors.project_allocation_rows(
        project, months, extra_ids=_int_list(request.POST.getlist("row"))
    )
    data = request.POST.copy()
    data["seen"] = seen_token(rows, months)
    return conflict, rows, AllocationGridForm(data, rows=rows, months=months)


# --- Decisions -----------------------------------------------------------------------------


def _may_decide(user) -> bool:
    return user.has_perm("resources.decide_allocations")


@login_required
@require_http_methods(["GET", "POST"])
def pending_allocations(request):
    if not _may_decide(request.user):
        raise PermissionDenied
    reject_form = None
    rejecting = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "approve_project":
            project = get_project_for_user(
                request.user,
                _first_int(request.POST.get("project")),
                perm="resources.decide_allocations",
            )
            count = services.approve_project_allocations(project=project, user=request.user)
            messages.success(
                request,
                _("%(count)s allocations of %(code)s approved.")
                % {"count": count, "code": project.code},
            )
            return redirect("resources:pending_allocations")
        if action in {"approve", "reject"}:
            allocation = get_object_or_404(
                Allocation.objects.select_related("resource__team", "project"),
                pk=_first_int(request.POST.get("allocation")),
            )
            require_perm(request.user, "resources.decide_allocation", allocation)
            if action == "reject":
                reject_form = RejectForm(request.POST)
                if not reject_form.is_valid():
                    rejecting = allocation.pk
                    messages.error(request, _("Nothing was saved: a rejection needs a reason."))
            if rejecting is None:
                comment = reject_form.cleaned_data["comment"] if reject_form else ""
                done = services.decide_allocation(
                    allocation=allocation,
                    user=request.user,
                    approve=action == "approve",
                    comment=comment,
                )
                if done:
                    text = (
                        _("Allocation of %(resource)s to %(code)s approved.")
                        if action == "approve"
                        else _("Allocation of %(resource)s to %(code)s rejected.")
                    )
                    messages.success(
                        request,
                        text
                        % {"resource": allocation.resource.name, "code": allocation.project.code},
                    )
                else:
                    messages.info(request, _("This allocation was already decided."))
                return redirect("resources:pending_allocations")
        else:
            messages.error(request, _("Nothing was saved: choose approve or reject."))
    groups = selectors.pending_by_project(request.user)
    if export := requested_export(request):
        return list_exports.pending_allocations_file(export, groups)
    return render(
        request,
        "resources/capacity/pending_allocations.html",
        {
            "groups": groups,
            "count": sum(len(group.allocations) for group in groups),
            "reject_form": reject_form,
            "rejecting": rejecting,
        },
        status=200,
    )


def _first_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


# --- Capacity heatmap ------------------------------------------------------------------------


def _capacity_filters(data):
    form = CapacityFilterForm(data)
    return form, form.filters()  # invalid values are ignored (their errors show on the form)


@login_required
@require_GET
def capacity(request):
    require_perm(request.user, "resources.view_capacity")
    form, filters = _capacity_filters(request.GET)
    months = selectors.months_ahead(count=filters["months"])
    page = None
    common = {
        "months": months,
        "include_requested": filters["include_requested"],
        "portfolio": filters["portfolio"],
    }
    if filters["by"] == "resource":
        resources = selectors.filter_resources(
            team_id=filters["team_id"], skill_id=filters["skill_id"]
        )
        page = Paginator(resources, settings.PAGINATE_BY).get_page(request.GET.get("page"))
        shown = resources if requested_export(request) else page.object_list
        heatmap = selectors.resource_heatmap(resources=list(shown), **common)
    else:
        heatmap = selectors.team_heatmap(
            team_id=filters["team_id"], skill_id=filters["skill_id"], **common
        )
        heatmap = team_rows(
            heatmap, over=filters["over"], manager=request.user if filters["mine"] else None
        )
    if export := requested_export(request):
        return list_exports.capacity_file(export, heatmap)
    context = {"form": form, "heatmap": heatmap, "page_obj": page, "filters": filters}
    return render(
        request, "resources/capacity/heatmap.html", {**context, "count": len(heatmap.rows)}
    )


@login_required
@require_GET
def capacity_cell(request):
    require_perm(request.user, "resources.view_capacity")
    form, filters = _capacity_filters(request.GET)
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        month_start = date(year, month, 1)
    except ValueError:
        month_start = selectors.months_ahead(count=1)[0]
    resource = None
    resource_id = _int_list([request.GET.get("resource")])
    if resource_id:
        resource = get_object_or_404(Resource.objects.select_related("team"), pk=resource_id[0])
    allocations = selectors.cell_allocations(
        month=month_start,
        include_requested=filters["include_requested"],
        team_id=filters["team_id"],
        resource_id=resource.pk if resource else None,
        skill_id=filters["skill_id"],
        portfolio=filters["portfolio"],
    )
    if export := requested_export(request):
        return list_exports.capacity_cell_file(
            export, allocations, Project.objects.visible_to(request.user)
        )
    page = Paginator(allocations, settings.PAGINATE_BY).get_page(request.GET.get("page"))
    visible = set(
        Project.objects.visible_to(request.user)
        .filter(pk__in=[a.project_id for a in page.object_list])
        .values_list("pk", flat=True)
    )
    team_label = None
    if filters["team_id"]:
        team_label = next(
            (label for value, label in form.fields["team"].choices if value == filters["team_id"]),
            None,
        )
    elif filters["team_id"] == 0:
        team_label = _("No team")
    return render(
        request,
        "resources/capacity/cell.html",
        {
            "month": month_start,
            "page_obj": page,
            "allocations": page.object_list,
            "visible": visible,
            "resource": resource,
            "team_label": team_label,
            "filters": filters,
        },
    )


# --- Resources -------------------------------------------------------------------------------


@login_required
@require_GET
def resource_list(request):
    require_perm(request.user, "resources.view_capacity")
    form = ResourceFilterForm(request.GET)
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    queryset = selectors.filter_resources(
        team_id=cleaned.get("team"),
        skill_id=cleaned.get("skill").pk if cleaned.get("skill") else None,
        kind=cleaned.get("kind"),
        active_only=not cleaned.get("inactive"),
    ).prefetch_related("skills")
    if export := requested_export(request):
        return list_exports.resources_file(export, queryset)
    page = Paginator(queryset, settings.PAGINATE_BY).get_page(request.GET.get("page"))
    return render(
        request,
        "resources/capacity/resource_list.html",
        {
            "form": form,
            "page_obj": page,
            "resources": page.object_list,
            "can_manage": request.user.has_perm("resources.manage_resources"),
            "filters_active": any(v for k, v in request.GET.items() if k != "page"),
        },
    )


@login_required
@require_GET
def resource_detail(request, pk: int):
    require_perm(request.user, "resources.view_capacity")
    resource = get_object_or_404(
        Resource.objects.select_related("team__manager", "user").prefetch_related("skills"),
        pk=pk,
    )
    months = selectors.months_ahead()
    return render(
        request,
        "resources/capacity/resource_detail.html",
        {
            "resource": resource,
            "months": selectors.resource_months(resource, months),
            "can_manage": request.user.has_perm("resources.manage_resources"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def resource_edit(request, pk: int | None = None):
    require_perm(request.user, "resources.view_capacity")
    resource = None
    if pk is not None:
        resource = get_object_or_404(Resource, pk=pk)
    require_perm(request.user, "resources.manage_resources")
    months = selectors.months_ahead()
    overrides = {}
    if resource is not None:
        overrides = dict(resource.availability.filter(month__in=months).values_list("month", "fte"))
    data = request.POST if request.method == "POST" else None
    form = ResourceForm(data, instance=resource)
    availability = AvailabilityForm(data, months=months, overrides=overrides, prefix="avail")
    conflict = None
    if request.method == "POST" and form.is_valid() and availability.is_valid():
        try:
            saved = services.save_resource(form=form, version=form.cleaned_data.get("version"))
        except EditConflict:
            current = Resource.objects.get(pk=resource.pk)
            conflict = conflict_context(
                current, thing=_("resource"), rows=conflict_rows(form, current)
            )
            data = refreshed_data(request.POST, current)
            form = ResourceForm(data, instance=current)
            availability = AvailabilityForm(
                data, months=months, overrides=overrides, prefix="avail"
            )
        else:
            services.set_availability(resource=saved, values=availability.values())
            messages.success(request, _("Resource “%(name)s” saved.") % {"name": saved.name})
            return redirect("resources:resource_detail", saved.pk)
    return render(
        request,
        "resources/capacity/resource_form.html",
        {
            "form": form,
            "availability": availability,
            "resource": resource,
            "has_errors": bool(form.errors or availability.errors),
            "conflict": conflict,
        },
        status=conflict_status(request) if conflict else 200,
    )


@login_required
@require_GET
def fte_consumption(request):
    require_perm(request.user, "resources.view_capacity")
    form, filters = _capacity_filters(request.GET)
    months = selectors.months_ahead()
    projects = selectors.fte_projects(user=request.user, portfolio=filters["portfolio"])
    if export := requested_export(request):
        return list_exports.fte_file(export, selectors.fte_consumption(list(projects), months))
    page = Paginator(projects, settings.PAGINATE_BY).get_page(request.GET.get("page"))
    return render(
        request,
        "resources/capacity/fte_consumption.html",
        {
            "form": form,
            "months": months,
            "page_obj": page,
            "rows": selectors.fte_consumption(list(page.object_list), months),
            "totals": selectors.fte_portfolio_totals(projects, months),
            "portfolio": filters["portfolio"],
        },
    )


urlpatterns = [
    path("fte/", fte_consumption, name="fte_consumption"),
    path("capacity/", capacity, name="capacity"),
    path("capacity/cell/", capacity_cell, name="capacity_cell"),
    path("resources/", resource_list, name="resource_list"),
    path("resources/new/", resource_edit, name="resource_create"),
    path("resources/<int:pk>/", resource_detail, name="resource_detail"),
    path("resources/<int:pk>/edit/", resource_edit, name="resource_edit"),
    path("allocations/pending/", pending_allocations, name="pending_allocations"),
    path("projects/<int:pk>/allocations/", project_allocations, name="project_allocations"),
]
