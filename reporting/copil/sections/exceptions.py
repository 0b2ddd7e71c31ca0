"""The two sections of an exceptions pack (reporting/copil/exceptions.py): the selection
(order 45, before the project pages: the rules, how many projects each selected, what the
pages show) and Appendix E (order 88): the selected projects past the page cap, most severe
first, then every other project by code, one lean row each, cut into parts the renderer can
share between its two processes. Neither shows in the usual pack (their read returns
None)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from pmo_portal.print_pages import (
    LINE_MM,
    NOTE_MM,
    ROW_PADDING_MM,
    TABLE_HEAD_MM,
    TITLE_MM,
    paginate,
)
from pmo_portal.registry import CopilSection
from reporting.copil.exceptions_pack import listing


def read_selection(scope) -> dict | None:
    selected = scope.pack.exceptions
    if selected is None:
        return None
    return {"x": selected, "others": len(selected.others)}


def selection_pages(data: dict) -> int:
    selected = data["x"]
    heights = [3 * NOTE_MM, TABLE_HEAD_MM]
    heights += [2 * LINE_MM + ROW_PADDING_MM] * len(selected.rules)
    heights.append(3 * NOTE_MM)
    return paginate(heights, first_mm=TITLE_MM)


def read_appendix(scope) -> list[dict] | None:
    selected = scope.pack.exceptions
    if selected is None or not (selected.overflow or selected.others):
        return None
    parts = []
    for index, (kind, first, rows) in enumerate(selected.parts(), start=1):
        overflow = kind == "overflow"
        parts.append(
            {
                "key": f"appendix-e-{index}",
                "kind": kind,
                "first": first,
                "last": first + len(rows) - 1,
                "first_code": rows[0].code,
                "last_code": rows[-1].code,
                "count": len(rows),
                "total": len(selected.overflow if overflow else selected.others),
                "continued": first > 1,
                **listing(kind, rows, first),
            }
        )
    return parts


def appendix_items(parts: list[dict]) -> list[tuple]:
    items = []
    for part in parts:
        if part["kind"] == "overflow":
            title = _("Selected projects without a page, %(first)s to %(last)s") % part
        else:
            title = _("Other projects, %(first_code)s to %(last_code)s") % part
        items.append((part["key"], title, part))
    return items


def appendix_pages(part: dict) -> int:
    """Exact: each block of lines starts a page (exceptions_pack.listing)."""
    return len(part["pages"])


SELECTION = CopilSection(
    key="exceptions",
    title=_("Projects selected for the committee"),
    order=45,
    template="reporting/copil/pack/_exceptions.html",
    read=read_selection,
    pages=selection_pages,
)

APPENDIX = CopilSection(
    key="appendix-others",
    title=_("Appendix E — Projects without a page"),
    order=88,
    template="reporting/copil/pack/_appendix_others.html",
    read=read_appendix,
    pages=appendix_pages,
    appendix=True,
    items=appendix_items,
)
