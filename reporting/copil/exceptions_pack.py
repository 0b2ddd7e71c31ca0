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
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from pmo_portal.templatetags.pmo import HEALTH, NOT_REPORTED
from pmo_portal.users import user_label
from reporting.copil import exceptions
from reporting.copil.exceptions import Selection
from reporting.copil.rows import _percent
from resources.selectors.budgets import Figures

# Rows of one part of the appendix: full pages of ``LEAN_ROW_MM`` rows (estimate.py), so
# that each part is one of the renderer's documents (render.MAX_CHUNK_PAGES pages at most).
ROWS_PER_PART = 6 * 57


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

    def parts(self) -> list[list[OtherRow]]:
        rows = self.others
        return [rows[i : i + ROWS_PER_PART] for i in range(0, len(rows), ROWS_PER_PART)]


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


# --- the lean HTML of the appendix's rows ------------------------------------------------

TREND = {1: ("↗", "better"), 0: ("→", "same"), -1: ("↘", "worse"), None: ("", "none")}


def _number(value) -> str:
    return "–" if value is None else f"{number_format(value, force_grouping=True)}\u202f%"


def rows_html(rows: list[OtherRow]) -> SafeString:
    """The ``<tr>`` of ``rows``: one line each (code, name, PM, météo shape and label, trend
    arrow, % complete, budget consumed); every text escaped by ``format_html_join``."""
    labels = {level: str(label) for level, (_key, _shape, label) in HEALTH.items()}
    none_label = str(NOT_REPORTED[2])
    trend_titles = {1: _("better"), 0: _("unchanged"), -1: _("worse"), None: ""}
    return format_html_join(
        "",
        '<tr><td>{}</td><td class="clip">{}</td><td class="clip">{}</td>'
        '<td class="hs-{}">{} <span class="hl">{}</span></td>'
        '<td class="tr" title="{}">{}</td><td class="num">{}</td><td class="num{}">{}</td></tr>',
        (
            (
                r.code,
                r.name,
                r.manager or "–",
                HEALTH.get(r.health, NOT_REPORTED)[0],
                HEALTH.get(r.health, NOT_REPORTED)[1],
                labels.get(r.health, none_label),
                trend_titles[r.trend],
                TREND[r.trend][0],
                _number(r.percent_complete),
                " neg" if r.consumed is not None and r.consumed > 100 else "",
                _number(r.consumed),
            )
            for r in rows
        ),
    )


def reasons_html(reasons: list[str]) -> SafeString:
    return format_html("{}", ", ".join(reasons))
