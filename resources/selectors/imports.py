"""Reads of staged imports and of their preview pages."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.http import Http404

from resources.import_limits import PREVIEW_ERRORS_LISTED, PREVIEW_PAGE_SIZE
from resources.models import StagedImport


def get_staged_import_for_user(user, pk: int, *, kinds: tuple[str, ...]) -> StagedImport:
    """The user's own staged file (even expired or imported: the page says so); 404 for
    anyone else's, its existence not revealed."""
    staged = StagedImport.objects.filter(owner=user, kind__in=kinds, pk=pk).first()
    if staged is None:
        raise Http404
    return staged


def preview_page(rows: list, errors: list, *, page, only_errors: bool) -> dict:
    """What a preview page shows of a parsed file: one page of its rows (or of its rows with
    errors), and the first errors listed above the table with the count of the others."""
    shown = errors if only_errors else rows
    page_obj: Page = Paginator(shown, PREVIEW_PAGE_SIZE).get_page(page)
    return {
        "page_obj": page_obj,
        "rows_page": page_obj.object_list,
        "only_errors": only_errors,
        "first_errors": errors[:PREVIEW_ERRORS_LISTED],
        "more_errors": max(len(errors) - PREVIEW_ERRORS_LISTED, 0),
        "error_count": len(errors),
    }
