"""What an exceptions pack prints besides the usual sections (reporting/copil/exceptions.py
says which projects it selects and why): the selected projects in severity order, the page
cap, the overflow ("other projects to examine") and one lean row for every other project.

The appendix of the other projects holds thousands of rows for a large business unit, so
its rows are built here as HTML in Python (``format_html_join`` escapes every value) rather
than through a template loop, and it is cut into parts of ``ROWS_PER_PART`` rows: each part
is a page-breaking block the renderer may lay out in its other process
(reporting/copil/render.py renders the pack in two halves at once).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from pmo_portal.templatetags.pmo import HEALTH, NOT_REPORTED
from pmo_portal.users import user_label
from reporting.copil import exceptions
from reporting.copil.exceptions import Selection
from reporting.copil.rows import _percent
from resources.selectors.budgets import Figures


@dataclass
class OtherRow:
    """One project in a table of the exceptions pack."""

    code: str
    name: str
    manager: str
    health: int | None
    trend: int | None  # +1 better, −1 worse, 0 unchanged (exceptions.Selection.trend)
    percent_complete: int | None
    consumed: Decimal | None  # (actual + committed) / approved this fiscal year, in %
    reasons: list[str] = field(default_factory=list)  # rule names (overflow table)
    rules: list[str] = field(default_factory=list)  # rule keys (overflow table)


@dataclass
class ExceptionsPack:
    """The selection of an exceptions pack (``PackData.exceptions``)."""

    threshold: int  # CopilSettings.exceptions_over
    total: int  # live projects of the scope
    selected: int  # projects meeting at least one rule
    rules: list[tuple[str, str, int]]  # (rule name, statement, projects meeting it)
    overflow: list[OtherRow]  # selected beyond the page cap, most severe first
    others: list[OtherRow]  # not selected, by code
    ids: list[int]  # every project: those with a page, the overflow, then the others
    reasons: dict[int, list[str]]  # project id → names of the rules it meets

    def reasons_of(self, project_id: int) -> list[str]:
        return self.reasons.get(project_id, [])

    @property
    def paged(self) -> int:
        return self.selected - len(self.overflow)

    def parts(self) -> list[tuple[str, int, list[OtherRow]]]:
        """The appendix in parts of at most ROWS_PER_PART rows: (``overflow`` or ``others``,
        the position of its first row in its table, its rows)."""
        return [
            (kind, start + 1, rows[start : start + rows_per_part()])
            for kind, rows in (("overflow", self.overflow), ("others", self.others))
            for start in range(0, len(rows), rows_per_part())
        ]


def rows_per_part() -> int:
    """Rows of one part of the appendix: PAGES_PER_PART full pages, so that each part is one
    of the renderer's documents (render.MAX_CHUNK_PAGES pages at most)."""
    return FIRST_PAGE_ROWS + (PAGES_PER_PART - 1) * PAGE_ROWS


def _consumed(natures: dict[str, Figures] | None) -> Decimal | None:
    if not natures:
        return None
    approved = sum((f.approved for f in natures.values()), Decimal("0"))
    spent = sum((f.actual + f.committed for f in natures.values()), Decimal("0"))
    return _percent(spent, approved)


def row(project, selection: Selection, figures: dict, *, reasons: bool = False) -> OtherRow:
    return OtherRow(
        code=project.code,
        name=project.name,
        manager=user_label(project.manager),
        health=project.health_overall,
        trend=selection.trend(project.pk),
        percent_complete=project.percent_complete,
        consumed=_consumed(figures.get(project.pk)),
        reasons=(
            exceptions.reason_labels(selection.reasons.get(project.pk, [])) if reasons else []
        ),
        rules=list(selection.reasons.get(project.pk, [])) if reasons else [],
    )


def build_exceptions(
    projects: list, selection: Selection, figures: dict, *, threshold: int
) -> tuple[ExceptionsPack, list]:
    """The exceptions pack of ``projects`` (the whole scope) and the projects that get a
    page (at most ``threshold``, most severe first)."""
    chosen = exceptions.severity_order(
        [p for p in projects if p.pk in selection.reasons], selection
    )
    paged, overflow = chosen[:threshold], chosen[threshold:]
    others = sorted((p for p in projects if p.pk not in selection.reasons), key=lambda p: p.code)
    rules = [
        (name, statement, selection.count(key))
        for key, (name, statement) in zip(exceptions.REASONS, exceptions.rule_lines(), strict=True)
    ]
    pack = ExceptionsPack(
        threshold=threshold,
        total=len(projects),
        selected=len(chosen),
        rules=rules,
        overflow=[row(p, selection, figures, reasons=True) for p in overflow],
        others=[row(p, selection, figures) for p in others],
        ids=[p.pk for p in (*chosen, *others)],
        reasons={pk: exceptions.reason_labels(keys) for pk, keys in selection.reasons.items()},
    )
    return pack, paged


# --- the listing of the appendix ---------------------------------------------------------
# WeasyPrint lays a table out cell by cell: thousands of rows of a table cost about a second
# a page. The appendix is printed instead as preformatted lines of a monospaced font, one
# block per page with its own header line (the "repeated header"), columns padded here:
# 3.5 times faster to lay out, and the page count is exact (blocks of a fixed number of
# lines, each starting a page). Colour would cost a box per row: the météo is its shape
# and its name, which read in black and white (shared/UI.md).

LINE_CHARS = 120  # characters of a line at the listing's size across the 174 mm of content
FIRST_PAGE_ROWS = 52  # under the appendix's title and note
PAGE_ROWS = 60
PAGES_PER_PART = 6
TREND = {1: "↗", 0: "→", -1: "↘", None: ""}
MET = "✓"


def _cell(text, width: int, *, right: bool = False) -> str:
    text = " ".join(str(text).split())  # one line: no newline nor tab may break the columns
    if len(text) > width:
        text = text[: width - 1] + "…"
    return text.rjust(width) if right else text.ljust(width)


def _line(cells: list[tuple]) -> str:
    """One escaped line of ``cells`` (text, width[, right])."""
    return escape(" ".join(_cell(text, width, right=bool(rest)) for text, width, *rest in cells))


def _percent_text(value) -> str:
    return "–" if value is None else f"{number_format(value, force_grouping=True)} %"


def _weather(level) -> str:
    _key, shape, label = HEALTH.get(level, NOT_REPORTED)
    return f"{shape} {label}"


OTHER_COLUMNS = (12, 38, 20, 16, 8, 10, 9)  # + 6 spaces = 119
OVERFLOW_COLUMNS = (4, 12, 29, 18, 16) + (7,) * 5  # + 9 spaces = 120


def other_header() -> str:
    labels = (_("Code"), _("Project"), _("Project manager"), _("Weather"), _("Trend"))
    labels += (_("Complete"), _("Consumed"))
    right = (False,) * 5 + (True, True)
    return _line(
        [
            (label.upper(), w, r) if r else (label.upper(), w)
            for label, w, r in zip(labels, OTHER_COLUMNS, right, strict=True)
        ]
    )


def other_line(r: OtherRow) -> str:
    code, name, manager, weather, trend, complete, consumed = OTHER_COLUMNS
    return _line(
        [
            (r.code, code),
            (r.name, name),
            (r.manager or "–", manager),
            (_weather(r.health), weather),
            (f"  {TREND[r.trend]}", trend),
            (_percent_text(r.percent_complete), complete, True),
            (_percent_text(r.consumed), consumed, True),
        ]
    )


def overflow_header() -> str:
    labels = ["#", _("Code"), _("Project"), _("Project manager"), _("Weather")]
    labels += [str(label) for label in exceptions.SHORT.values()]
    return _line(
        [(str(label).upper(), w) for label, w in zip(labels, OVERFLOW_COLUMNS, strict=True)]
    )


def overflow_line(r: OtherRow, rank: int) -> str:
    rank_w, code, name, manager, weather, *rules = OVERFLOW_COLUMNS
    met = [MET if key in r.rules else "" for key in exceptions.REASONS]
    return _line(
        [
            (rank, rank_w, True),
            (r.code, code),
            (r.name, name),
            (r.manager or "–", manager),
            (_weather(r.health), weather),
            *[(f"  {mark}", width) for mark, width in zip(met, rules, strict=True)],
        ]
    )


def listing(kind: str, rows: list[OtherRow], first: int) -> dict:
    """The header line and the pages (each a block of lines) of one part of the appendix."""
    if kind == "overflow":
        lines = [overflow_line(r, first + index) for index, r in enumerate(rows)]
        header = overflow_header()
    else:
        lines = [other_line(r) for r in rows]
        header = other_header()
    pages = [lines[:FIRST_PAGE_ROWS]]
    for start in range(FIRST_PAGE_ROWS, len(lines), PAGE_ROWS):
        pages.append(lines[start : start + PAGE_ROWS])
    return {
        "header": mark_safe(header),  # noqa: S308 (escaped by _line)
        "pages": [mark_safe("\n".join(page)) for page in pages],  # noqa: S308 (escaped by _line)
    }
