"""The two sections of an exceptions pack (reporting/copil/exceptions.py): the selection
(order 45, before the project pages: which rule selected how many projects, and the
selected projects past the page cap) and the appendix of the other projects (order 88, one
lean row each, cut into parts the renderer can share between its two processes). Neither
shows in the usual pack (their read returns None)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from pmo_portal.print_pages import (
    FIXED_ROW_MM,
    LINE_MM,
    NOTE_MM,
    ROW_PADDING_MM,
    TABLE_HEAD_MM,
    TITLE_MM,
    paginate,
)
from pmo_portal.registry import CopilSection
from reporting.copil.exceptions_pack import rows_html

# The height of a row of the lean appendix table (.t.lean in static/css/copil-pack.css).
LEAN_ROW_MM = 4.3
LEAN_HEAD_MM = 5.2


def read_selection(scope) -> dict | None:
    selected = scope.pack.exceptions
    if selected is None:
        return None
    return {"x": selected, "others": len(selected.others)}


def selection_pages(data: dict) -> int:
    selected = data["x"]
    heights = [3 * NOTE_MM, TABLE_HEAD_MM]
    heights += [2 * LINE_MM + ROW_PADDING_MM] * len(selected.rules)
    heights.append(2 * NOTE_MM)
    if selected.overflow:
        heights += [9.0, TABLE_HEAD_MM] + [FIXED_ROW_MM] * len(selected.overflow)
    return paginate(heights, first_mm=TITLE_MM)


def read_others(scope) -> list[dict] | None:
    selected = scope.pack.exceptions
    if selected is None or not selected.others:
        return None
    parts = selected.parts()
    return [
        {
            "key": f"others-{index}",
            "first": rows[0].code,
            "last": rows[-1].code,
            "count": len(rows),
            "total": len(selected.others),
            "index": index,
            "rows": rows,
            "html": rows_html(rows),
        }
        for index, rows in enumerate(parts, start=1)
    ]


def others_items(parts: list[dict]) -> list[tuple]:
    return [
        (
            part["key"],
            _("Other projects, %(first)s to %(last)s")
            % {"first": part["first"], "last": part["last"]},
            part,
        )
        for part in parts
    ]


def others_pages(part: dict) -> int:
    """Exact for the one-line rows: a title and a note, then rows under a repeated head."""
    return paginate(
        [LEAN_ROW_MM] * part["count"], first_mm=TITLE_MM + NOTE_MM, repeat_mm=LEAN_HEAD_MM
    )


SELECTION = CopilSection(
    key="exceptions",
    title=_("Projects selected for the committee"),
    order=45,
    template="reporting/copil/pack/_exceptions.html",
    read=read_selection,
    pages=selection_pages,
)

OTHERS = CopilSection(
    key="appendix-others",
    title=_("Appendix E — Other projects of the scope"),
    order=88,
    template="reporting/copil/pack/_appendix_others.html",
    read=read_others,
    pages=others_pages,
    appendix=True,
    items=others_items,
)
