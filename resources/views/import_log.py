"""The import log: every confirmed import of a file (actual costs, allocations, capacity) and
its result. The PMO and Finance read every import, anyone else who imports their own."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from pmo_portal.exports import export_table, requested_export
from pmo_portal.viewtools import require_perm
from resources.selectors.import_log import filter_import_runs, reads_all_imports
from resources.views import list_exports


@login_required
@require_GET
def import_log(request):
    require_perm(request.user, "resources.view_import_log")
    runs = filter_import_runs(user=request.user, data=request.GET)
    if export := requested_export(request):
        return export_table(
            export,
            rows=runs.qs,
            columns=list_exports.IMPORT_RUN_COLUMNS,
            filename="import-log",
            sheet_title=_("Imports"),
        )
    page = Paginator(runs.qs, settings.PAGINATE_BY).get_page(request.GET.get("page"))
    return render(
        request,
        "resources/imports/import_log.html",
        {
            "filter": runs,
            "page_obj": page,
            "runs": page.object_list,
            "reads_all": reads_all_imports(request.user),
            "filters_active": any(
                value for key, value in request.GET.items() if key not in {"page", "export"}
            ),
        },
    )


urlpatterns = [path("imports/", import_log, name="import_log")]
