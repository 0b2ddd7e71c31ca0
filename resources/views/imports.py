"""Views of the file imports: actual costs (finance export) and allocations or capacity.

Upload → the file is checked against the limits (resources/import_limits.py), read line by
line, kept in a StagedImport row of its owner, and its preview shown one page at a time →
confirm → import all rows or none. Only the owner of a staged file sees or confirms it (404
for anyone else); a second confirmation imports nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pmo_portal.viewtools import require_perm
from resources.forms.budgets import CostImportForm
from resources.forms.capacity import CapacityImportForm
from resources.import_limits import MAX_UPLOAD_BYTES
from resources.models import ImportKind, StagedImport
from resources.selectors.imports import get_staged_import_for_user, preview_page
from resources.services import capacity as capacity_services
from resources.services import cost_import, staging
from resources.services.import_files import UploadError, check_upload

COST_KINDS = (ImportKind.COSTS,)
CAPACITY_KINDS = (ImportKind.ALLOCATIONS, ImportKind.CAPACITY)


def _read(upload) -> bytes:
    # One byte past the limit is enough for check_upload to refuse a larger file.
    return upload.read(MAX_UPLOAD_BYTES + 1)


def _page_context(request, staged: StagedImport, rows: list, errors: list, url_name: str):
    return {
        "staged": staged,
        "preview_url": reverse(url_name, args=[staged.pk]),
        **preview_page(
            rows, errors, page=request.GET.get("page"), only_errors=request.GET.get("errors") == "1"
        ),
    }


def _already_imported(request, target: str):
    messages.info(request, _("This file was already imported."))
    return redirect(target)


def _expired(request, target: str, error: UploadError | None = None):
    messages.error(
        request, str(error) if error else _("This preview has expired: upload the file again.")
    )
    return redirect(target)


# --- Actual costs --------------------------------------------------------------------------


def _cost_preview(request, staged: StagedImport, result):
    return render(
        request,
        "resources/budgets/cost_import_preview.html",
        {
            "result": result,
            **_page_context(
                request, staged, result.rows, result.errors, "resources:cost_import_preview"
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cost_import_view(request):
    """Upload the finance export; its preview follows (nothing saved)."""
    require_perm(request.user, "resources.import_costs")
    form = CostImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = _read(upload)
        try:
            kind = check_upload(name=upload.name, data=data)
            result = cost_import.preview(data, kind)
        except UploadError as error:
            form.add_error("file", str(error))
        else:
            staged = staging.stage_import(
                owner=request.user,
                kind=ImportKind.COSTS,
                name=upload.name,
                file_format=kind,
                data=data,
            )
            return _cost_preview(request, staged, result)
    return render(request, "resources/budgets/cost_import.html", {"form": form})


@login_required
@require_GET
def cost_import_preview(request, pk: int):
    """Another page of the preview of a staged finance export."""
    require_perm(request.user, "resources.import_costs")
    staged = get_staged_import_for_user(request.user, pk, kinds=COST_KINDS)
    if staged.imported_at:
        return _already_imported(request, "resources:cost_import")
    if staged.is_expired:
        return _expired(request, "resources:cost_import")
    try:
        result = cost_import.preview(bytes(staged.content), staged.file_format)
    except UploadError as error:
        return _expired(request, "resources:cost_import", error)
    return _cost_preview(request, staged, result)


@login_required
@require_POST
def cost_import_confirm(request, pk: int):
    """Import every new row of the staged file, or nothing when a row has an error."""
    require_perm(request.user, "resources.import_costs")
    staged = get_staged_import_for_user(request.user, pk, kinds=COST_KINDS)
    target = "resources:cost_import"

    def run(locked):
        # A failed import is returned, not raised: the staging transaction then commits the
        # import log's row of the rejection (and nothing else, the import rolled back).
        try:
            return cost_import.import_costs(
                data=bytes(locked.content),
                kind=locked.file_format,
                user=request.user,
                file_name=locked.name,
            )
        except (UploadError, cost_import.ImportRejected, IntegrityError) as error:
            return error

    try:
        result = staging.consume_staged_import(
            staged=staged, run=run, done=lambda result: not isinstance(result, Exception)
        )
    except staging.AlreadyImported:
        return _already_imported(request, target)
    except staging.StagedImportGone:
        return _expired(request, target)
    if isinstance(result, UploadError):
        return _expired(request, target, result)
    if isinstance(result, cost_import.ImportRejected):
        return _cost_preview(request, staged, result.preview)
    if isinstance(result, IntegrityError):
        messages.error(
            request,
            _(
                "Another import saved some of these references meanwhile; nothing was saved. "
                "Upload the file again."
            ),
        )
        return redirect(target)
    messages.success(
        request,
        _("%(new)s actual costs imported from %(name)s; %(skipped)s already imported, skipped.")
        % {"new": len(result.new), "name": staged.name, "skipped": len(result.duplicates)},
    )
    return redirect(target)


# --- Allocations and capacity --------------------------------------------------------------


def _capacity_page(request, form, result=None, staged: StagedImport | None = None):
    context = {"form": form, "result": result, "has_errors": bool(form.errors)}
    if staged is not None and result is not None:
        context.update(
            _page_context(
                request, staged, result.rows, result.errors, "resources:capacity_import_preview"
            )
        )
    return render(request, "resources/capacity/import.html", context)


def _capacity_done(request, result):
    messages.success(request, _("%(count)s lines imported.") % {"count": len(result.rows)})
    may_decide = request.user.has_perm("resources.decide_allocations")
    if result.what == "allocations" and may_decide:
        return redirect("resources:pending_allocations")
    return redirect("resources:capacity")


@login_required
@require_http_methods(["GET", "POST"])
def capacity_import(request):
    """Upload allocations or capacity; "Preview" checks every row and saves nothing,
    "Import" saves all rows or none."""
    require_perm(request.user, "resources.view_capacity")
    form = CapacityImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _capacity_page(request, form)
    upload = form.cleaned_data["file"]
    what = form.cleaned_data["what"]
    data = _read(upload)
    arguments = {"what": what, "user": request.user}
    try:
        kind = check_upload(name=upload.name, data=data)
        if request.POST.get("action") == "import":
            result = capacity_services.import_capacity_file(
                data=data, kind=kind, file_name=upload.name, **arguments
            )
            if result.saved:
                return _capacity_done(request, result)
        else:
            result = capacity_services.parse_capacity_file(data=data, kind=kind, **arguments)
    except UploadError as error:
        form.add_error("file", str(error))
        return _capacity_page(request, form)
    staged = staging.stage_import(
        owner=request.user, kind=what, name=upload.name, file_format=kind, data=data
    )
    return _capacity_page(request, form, result, staged)


def _staged_capacity(request, pk: int):
    require_perm(request.user, "resources.view_capacity")
    staged = get_staged_import_for_user(request.user, pk, kinds=CAPACITY_KINDS)
    form = CapacityImportForm(initial={"what": staged.kind})
    return staged, form


@login_required
@require_GET
def capacity_import_preview(request, pk: int):
    """Another page of the preview of a staged allocation or capacity file."""
    staged, form = _staged_capacity(request, pk)
    if staged.imported_at:
        return _already_imported(request, "resources:capacity_import")
    if staged.is_expired:
        return _expired(request, "resources:capacity_import")
    try:
        result = capacity_services.parse_capacity_file(
            data=bytes(staged.content), kind=staged.file_format, what=staged.kind, user=request.user
        )
    except UploadError as error:
        return _expired(request, "resources:capacity_import", error)
    return _capacity_page(request, form, result, staged)


@login_required
@require_POST
def capacity_import_confirm(request, pk: int):
    """Import the staged file: all its rows, or none if one is wrong."""
    staged, form = _staged_capacity(request, pk)
    target = "resources:capacity_import"
    try:
        result = staging.consume_staged_import(
            staged=staged,
            run=lambda locked: capacity_services.import_capacity_file(
                data=bytes(locked.content),
                kind=locked.file_format,
                what=locked.kind,
                user=request.user,
                file_name=locked.name,
            ),
            done=lambda result: result.saved,
        )
    except staging.AlreadyImported:
        return _already_imported(request, target)
    except staging.StagedImportGone:
        return _expired(request, target)
    except UploadError as error:
        return _expired(request, target, error)
    if result.saved:
        return _capacity_done(request, result)
    return _capacity_page(request, form, result, staged)


urlpatterns = [
    path("costs/import/", cost_import_view, name="cost_import"),
    path("costs/import/<int:pk>/", cost_import_preview, name="cost_import_preview"),
    path("costs/import/<int:pk>/confirm/", cost_import_confirm, name="cost_import_confirm"),
    path("capacity/import/", capacity_import, name="capacity_import"),
    path("capacity/import/<int:pk>/", capacity_import_preview, name="capacity_import_preview"),
    path(
        "capacity/import/<int:pk>/confirm/",
        capacity_import_confirm,
        name="capacity_import_confirm",
    ),
]
