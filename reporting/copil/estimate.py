"""Page estimates of the core sections, from the print CSS's sizes (static/css/copil-pack.css;
the sizes and ``paginate`` are shared with other apps' sections in pmo_portal/print_pages.py).

An estimate only has to be usually right: the renderer prints literal page numbers from it,
reads where each part really starts, and renders again the documents whose numbers were
wrong (reporting/copil/render.py). Texts are counted as the templates print them, fitted
(``fit_text``).
"""

from __future__ import annotations

import math

from pmo_portal.print_pages import (
    FIXED_ROW_MM,
    LINE_MM,
    NOTE_MM,
    ROW_PADDING_MM,
    TABLE_HEAD_MM,
    TITLE_MM,
    paginate,
    table_pages,
)
from reporting.templatetags.copil_pack import FITS, fit_text

TOC_ROW_MM = 6.15
TOC_GROUP_MM = 7.4


def lines(text: str, chars_per_line: int) -> int:
    return sum(max(1, math.ceil(len(line) / chars_per_line)) for line in text.split("\n"))


def fitted_lines(text: str, box: str, chars_per_line: int) -> int:
    return lines(fit_text(text, *FITS[box]), chars_per_line)


def contents_pages(rows: list[dict]) -> int:
    heights = [TOC_GROUP_MM if row["level"] == 1 else TOC_ROW_MM for row in rows]
    return paginate(heights, first_mm=TITLE_MM - 2)


def summary_pages(summary: dict) -> int:
    """The first page (figures, charts, budget, capacity) always fits; the second lists the
    decisions requested and the unflagged budget alerts."""
    data = summary["pack"]
    second = [9.0]  # heading
    for ask in data.decisions_requested:
        # The code, then the project's name (cut at 60 characters) wrapped in its 52 mm column.
        name = lines(ask.name[:60], 36)
        height = max(1 + name, fitted_lines(ask.text, "summary_escalation", 92))
        second.append(height * LINE_MM + ROW_PADDING_MM + 0.8)
    second.append(9.0)
    if data.alerts:
        second.append(TABLE_HEAD_MM)
        second += [2 * LINE_MM + ROW_PADDING_MM] * len(data.alerts)
    else:
        second.append(8.0)
    return 1 + paginate(second, first_mm=0)


def budget_pages(appendix: dict) -> int:
    others = 1 if appendix.get("others") else 0
    rows = [FIXED_ROW_MM] * (len(appendix["pack"].projects) + 1 + others) + [NOTE_MM]
    if others:
        rows.append(2 * NOTE_MM)
    # Earned value: heading, table head, one row of two lines, a three-line note.
    rows.append(9.0 + TABLE_HEAD_MM + 2 * LINE_MM + ROW_PADDING_MM + 3 * NOTE_MM)
    return table_pages(rows)


def calendar_pages(appendix: dict) -> int:
    data = appendix["pack"]
    rows = [FIXED_ROW_MM] * (len(data.calendar) + max(1, data.calendar_count))
    rows += [FIXED_ROW_MM] * sum(1 for _month, milestones in data.calendar if not milestones)
    return table_pages(rows)


def decisions_pages(appendix: dict) -> int:
    rows = [
        max(
            fitted_lines(f.text, "decision", 38),
            fitted_lines(f.follow_up or "–", "follow_up", 27),
            1,
        )
        * LINE_MM
        + ROW_PADDING_MM
        for f in appendix["pack"].follow_ups
    ]
    return table_pages([*rows, NOTE_MM])
