"""Views of reporting: the RAID log of a project and its risk matrix.

Reading follows the project (404 outside the reader's scope); writing needs
``reporting.write_project`` on the project (new item) or ``reporting.change_raiditem`` on the
item (403 otherwise): the project's manager and deputies, and the PMO.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pmo_portal.concurrency import (
    EditConflict,
    conflict_context,
    conflict_rows,
    conflict_status,
    refreshed_data,
)
from pmo_portal.exports import export_table, requested_export
from portfolios.selectors import get_project_for_user
from reporting.forms.raid import RaidFilterForm, RaidItemForm
from reporting.models import RaidItem, RaidKind
from reporting.selectors import raid as raid_selectors
from reporting.selectors.raid import IMPACT_LABELS, LEVEL_CSS, SCALE, exposure_level
from reporting.services import raid as raid_services
from reporting.views import list_exports


def _can_write(user, project) -> bool:
    return user.has_perm("reporting.write_project", project)


@login_required
@require_GET
def raid_list(request, pk: int):
    project = get_project_for_user(request.user, pk)
    filter_form = RaidFilterForm(request.GET or None)
    filters = filter_form.filters()
    queryset = raid_selectors.raid_items(project=project, **filters)
    if export := requested_export(request):
        return export_table(
            export,
            rows=queryset,
            columns=list_exports.RAID_COLUMNS,
            filename=f"{project.code}-raid-log",
            sheet_title=_("RAID log"),
        )
    page = Paginator(queryset, settings.PAGINATE_BY).get_page(request.GET.get("page"))
    items = list(page.object_list)
    for item in items:
        item.level, item.level_label = exposure_level(item.exposure)
        item.level_css = LEVEL_CSS[item.level]
    return render(
        request,
        "reporting/raid/raid_list.html",
        {
            "project": project,
            "filter_form": filter_form,
            "filters_active": bool(filters),
            "page_obj": page,
            "items": items,
            "can_write": _can_write(request.user, project),
        },
    )


def _post_data(request):
    return request.POST if request.method == "POST" else None


def _save(request, form: RaidItemForm, save) -> RaidItem | None:
    """Run the service on a valid form; its validation errors go back onto the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def raid_create(request, pk: int):
    project = get_project_for_user(request.user, pk, perm="reporting.write_project")
    initial = {}
    if request.GET.get("kind") in RaidKind.values:
        initial["kind"] = request.GET["kind"]
    form = RaidItemForm(_post_data(request), instance=RaidItem(project=project), initial=initial)
    item = _save(
        request,
        form,
        lambda data: raid_services.create_raid_item(project=project, user=request.user, data=data),
    )
    if item is not None:
        messages.success(
            request,
            _("%(kind)s “%(title)s” added to the RAID log.")
            % {"kind": item.get_kind_display(), "title": item.title},
        )
        return redirect("reporting:raid_list", pk=project.pk)
    return render(
        request, "reporting/raid/raid_form.html", {"project": project, "form": form, "item": None}
    )


@login_required
@require_http_methods(["GET", "POST"])
def raid_edit(request, pk: int):
    item = raid_selectors.get_raid_item_for_user(request.user, pk)
    if not request.user.has_perm("reporting.change_raiditem", item):
        raise PermissionDenied
    project = item.project
    form = RaidItemForm(_post_data(request), instance=item)
    conflict = None
    try:
        saved = _save(
            request,
            form,
            lambda data: raid_services.update_raid_item(
                item=item, user=request.user, data=data, version=data["version"]
            ),
        )
    except EditConflict as exc:
        saved, item = None, exc.current
        conflict = conflict_context(item, thing=_("RAID item"), rows=conflict_rows(form, item))
        form = RaidItemForm(refreshed_data(request.POST, item), instance=item)
    if saved is not None:
        messages.success(request, _("“%(title)s” saved.") % {"title": saved.title})
        return redirect("reporting:raid_list", pk=project.pk)
    history = item.history.select_related("history_user").order_by("-history_date")[:5]
    return render(
        request,
        "reporting/raid/raid_form.html",
        {
            "project": project,
            "form": form,
            "item": item,
            "history": history,
            "conflict": conflict,
        },
        status=conflict_status(request) if conflict else 200,
    )


@login_required
@require_GET
def risk_matrix(request, pk: int):
    project = get_project_for_user(request.user, pk)
    rows, total = raid_selectors.risk_matrix(project=project)
    list_url = reverse("reporting:raid_list", args=[project.pk])
    for row in rows:
        for cell in row.cells:
            cell.url = (
                f"{list_url}?kind=risk&status={raid_selectors.NOT_CLOSED}"
                f"&probability={cell.probability}&impact={cell.impact}"
            )
    return render(
        request,
        "reporting/raid/risk_matrix.html",
        {
            "project": project,
            "rows": rows,
            "total": total,
            "impacts": [(n, IMPACT_LABELS[n]) for n in SCALE],
            "can_write": _can_write(request.user, project),
        },
    )


urlpatterns = [
    path("projects/<int:pk>/raid/", raid_list, name="raid_list"),
    path("projects/<int:pk>/raid/new/", raid_create, name="raid_create"),
    path("raid/<int:pk>/edit/", raid_edit, name="raid_edit"),
    path("projects/<int:pk>/risks/matrix/", risk_matrix, name="risk_matrix"),
]
