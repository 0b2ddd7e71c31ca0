"""Page estimates of the core sections, from the print CSS's sizes (static/css/copil-pack.css).

An estimate only has to be usually right: the renderer prints literal page numbers from it,
reads where each part really starts, and renders again the documents whose numbers were
wrong (reporting/copil/render.py). Texts are counted as the templates print them, fitted
(``fit_text``).
"""

from __future__ import annotations

import math

from reporting.templatetags.copil_pack import FITS, fit_text

# Millimetres of the print CSS, measured on rendered packs.
PAGE_MM = 261.0  # A4 297 mm − 2 × 18 mm
TITLE_MM = 21.0  # kicker + title + rule
NOTE_MM = 6.0
TOC_ROW_MM = 6.15
TOC_GROUP_MM = 7.4
TABLE_HEAD_MM = 6.5
FIXED_ROW_MM = 6.05
LINE_MM = 3.72  # one line of 7.8 pt text in a table
ROW_PADDING_MM = 2.1


def lines(text: str, chars_per_line: int) -> int:
    return sum(max(1, math.ceil(len(line) / chars_per_line)) for line in text.split("\n"))


def fitted_lines(text: str, box: str, chars_per_line: int) -> int:
    return lines(fit_text(text, *FITS[box]), chars_per_line)


def paginate(heights: list[float], *, first_mm: float, repeat_mm: float = 0.0) -> int:
    """Pages needed by rows of ``heights`` (mm) that never split, after ``first_mm`` of
    headings on the first page; ``repeat_mm`` is repeated on every page (a table header)."""
    pages, used = 1, first_mm + repeat_mm
    for height in heights:
        if used + height > PAGE_MM and used > first_mm + repeat_mm:
            pages, used = pages + 1, repeat_mm
        used += height
    return pages


def table_pages(rows: list[float]) -> int:
    """A titled appendix: a note, then a table whose header repeats on every page."""
    return paginate(rows, first_mm=TITLE_MM + NOTE_MM, repeat_mm=TABLE_HEAD_MM)


def contents_pages(rows: list[dict]) -> int:
    heights = [TOC_GROUP_MM if row["level"] == 1 else TOC_ROW_MM for row in rows]
    return paginate(heights, first_mm=TITLE_MM - 2)


def summary_pages(summary: dict) -> int:
    """The first page (figures, charts, budget, capacity) always fits; the second lists the
    decisions requested and the unflagged budget alerts."""
    data = summary["pack"]
    second = [9.0]  # heading
    for ask in data.decisions_requested:
        height = max(2, fitted_lines(ask.text, "summary_escalation", 92))
        second.append(height * LINE_MM + ROW_PADDING_MM + 0.8)
    second.append(9.0)
    if data.alerts:
        second.append(TABLE_HEAD_MM)
        second += [2 * LINE_MM + ROW_PADDING_MM] * len(data.alerts)
    else:
        second.append(8.0)
    return 1 + paginate(second, first_mm=0)


def budget_pages(appendix: dict) -> int:
    return table_pages([FIXED_ROW_MM] * (len(appendix["pack"].projects) + 1) + [NOTE_MM])


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
