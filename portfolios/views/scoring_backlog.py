"""The prioritised backlog: candidate projects ranked by priority score, with exports
(split from views/scoring.py, which lists its URL)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from pmo_portal.db_router import replica_reads
from pmo_portal.exports import csv_response, xlsx_response
from pmo_portal.users import user_label
from pmo_portal.viewtools import require_perm
from portfolios.selectors import scoring as selectors

# --- the prioritised backlog ------------------------------------------------------------


@login_required
@require_GET
@replica_reads
def backlog(request):
    require_perm(request.user, "portfolios.view_alignment")
    backlog_filter, queryset = selectors.backlog(user=request.user, data=request.GET)
    page = Paginator(queryset, settings.PAGINATE_BY).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portfolios/scoring/backlog.html",
        {
            "filter": backlog_filter,
            "page_obj": page,
            "groups": selectors.backlog_groups(page.object_list),
            "query": query.urlencode(),
            "filters_active": any(value for key, value in request.GET.items() if key != "page"),
        },
    )


def _export_headers() -> list[str]:
    return [
        _("Rank"),
        _("Code"),
        _("Name"),
        _("Portfolio"),
        _("Status"),
        _("Project manager"),
        _("Mandatory"),
        _("Priority score"),
        _("Score explained"),
        _("Business case CAPEX + OPEX (€)"),
    ]


def _export_rows(queryset):
    for project in queryset.iterator(chunk_size=2000):
        yield [
            "" if project.is_mandatory else project.rank,
            project.code,
            project.name,
            project.portfolio.name,
            project.get_status_display(),
            user_label(project.manager),
            _("Yes") if project.is_mandatory else _("No"),
            project.priority_score if project.priority_score is not None else "",
            selectors.explanation_text(project.priority_score, project.priority_explanation),
            project.business_case_total if project.business_case_total is not None else "",
        ]


def _export_name(extension: str) -> str:
    return f"prioritised-backlog-{timezone.localdate():%Y-%m-%d}.{extension}"


@login_required
@require_GET
@replica_reads
def backlog_export_csv(request):
    """The filtered backlog, every row, in the page's order."""
    require_perm(request.user, "portfolios.view_alignment")
    _filter, queryset = selectors.backlog(user=request.user, data=request.GET)
    return csv_response(
        filename=_export_name("csv"), headers=_export_headers(), rows=_export_rows(queryset)
    )


@login_required
@require_GET
@replica_reads
def backlog_export_xlsx(request):
    require_perm(request.user, "portfolios.view_alignment")
    _filter, queryset = selectors.backlog(user=request.user, data=request.GET)
    return xlsx_response(
        filename=_export_name("xlsx"),
        headers=_export_headers(),
        rows=_export_rows(queryset),
        sheet_title=_("Prioritised backlog"),
    )
