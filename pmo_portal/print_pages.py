"""Page estimates of a COPIL pack section, from the print CSS's sizes
(static/css/copil-pack.css): shared by the core sections (reporting/copil/estimate.py) and
the sections other apps add through ``pmo_portal.registry.CopilSection.pages``.

An estimate only has to be usually right: the renderer prints literal page numbers from it,
reads where each part really starts, and renders again the documents whose numbers were
wrong (reporting/copil/render.py) — a second round that costs as much as the first, so a
section of one-line rows (``tr.fixed``) should be counted with ``table_pages``.
"""

from __future__ import annotations

# Millimetres of the print CSS, measured on rendered packs.
PAGE_MM = 261.0  # A4 297 mm − 2 × 18 mm
TITLE_MM = 21.0  # kicker + title + rule
NOTE_MM = 6.0
TABLE_HEAD_MM = 6.5
FIXED_ROW_MM = 6.05  # a ``tr.fixed`` row of a ``table.t``: one line, never wrapped
LINE_MM = 3.72  # one line of 7.8 pt text in a table
ROW_PADDING_MM = 2.1


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
