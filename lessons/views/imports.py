"""The import of a lessons register (PMO only, ``lessons.import_lessons``).

Upload → the file is checked and read as the cost import does (resources/services/
import_files.py), kept as a StagedImport of its owner, and its preview shown one page at a
time → confirm → every new lesson imported, validated by the PMO, or none when a row has an
error. Only the owner of a staged file sees or confirms it (404 for anyone else); a second
confirmation imports nothing. The pieces of the cost import's pages are reused
(resources/selectors/imports.py, resources/partials/import_*.html).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lessons.forms import LessonImportForm
from lessons.services import lesson_import as importer
from pmo_portal.registry import MenuEntry
from pmo_portal.viewtools import require_perm
from resources.import_limits import MAX_UPLOAD_BYTES
from resources.models import StagedImport
from resources.selectors.imports import get_staged_import_for_user, preview_page
from resources.services import staging
from resources.services.import_files import UploadError, check_upload

IMPORT = "lessons.import_lessons"
KINDS = (importer.STAGED_KIND,)
TARGET = "lessons:lesson_import"

MENU: list = [
    MenuEntry("lessons", TARGET, gettext_lazy("Import a lessons register"), 20, IMPORT),
]


def _preview(request, staged: StagedImport, result):
    return render(
        request,
        "lessons/import_preview.html",
        {
            "result": result,
            "staged": staged,
            "preview_url": reverse("lessons:lesson_import_preview", args=[staged.pk]),
            **preview_page(
                result.rows,
                result.errors,
                page=request.GET.get("page"),
                only_errors=request.GET.get("errors") == "1",
            ),
        },
    )


def _back(request, message: str, *, level=messages.error):
    level(request, message)
    return redirect(TARGET)


@login_required
@require_http_methods(["GET", "POST"])
def lesson_import(request):
    """Upload the register; its preview follows (nothing saved)."""
    require_perm(request.user, IMPORT)
    form = LessonImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(MAX_UPLOAD_BYTES + 1)  # one byte past the limit is enough
        try:
            kind = check_upload(name=upload.name, data=data)
            result = importer.preview(data, kind)
        except UploadError as error:
            form.add_error("file", str(error))
        else:
            staged = importer.stage_register(
                owner=request.user, name=upload.name, file_format=kind, data=data
            )
            return _preview(request, staged, result)
    return render(request, "lessons/import.html", {"form": form})


@login_required
@require_GET
def lesson_import_preview(request, pk: int):
    """Another page of the preview of a staged register."""
    require_perm(request.user, IMPORT)
    staged = get_staged_import_for_user(request.user, pk, kinds=KINDS)
    if staged.imported_at:
        return _back(request, _("This file was already imported."), level=messages.info)
    if staged.is_expired:
        return _back(request, _("This preview has expired: upload the file again."))
    try:
        result = importer.preview(bytes(staged.content), staged.file_format)
    except UploadError as error:
        return _back(request, str(error))
    return _preview(request, staged, result)


@login_required
@require_POST
def lesson_import_confirm(request, pk: int):
    """Import every new lesson of the staged file, or nothing when a row has an error."""
    require_perm(request.user, IMPORT)
    staged = get_staged_import_for_user(request.user, pk, kinds=KINDS)
    try:
        result = staging.consume_staged_import(
            staged=staged,
            run=lambda locked: importer.import_lessons(
                data=bytes(locked.content), kind=locked.file_format, user=request.user
            ),
        )
    except staging.AlreadyImported:
        return _back(request, _("This file was already imported."), level=messages.info)
    except staging.StagedImportGone:
        return _back(request, _("This preview has expired: upload the file again."))
    except UploadError as error:
        return _back(request, str(error))
    except importer.ImportRejected as rejected:
        return _preview(request, staged, rejected.preview)
    messages.success(
        request,
        _(
            "%(new)s lessons imported from %(name)s and validated; %(skipped)s already in the "
            "register, skipped."
        )
        % {"new": len(result.new), "name": staged.name, "skipped": len(result.duplicates)},
    )
    return redirect("lessons:lesson_list")


urlpatterns = [
    path("import/", lesson_import, name="lesson_import"),
    path("import/<int:pk>/", lesson_import_preview, name="lesson_import_preview"),
    path("import/<int:pk>/confirm/", lesson_import_confirm, name="lesson_import_confirm"),
]
