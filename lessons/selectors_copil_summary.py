"""Read side of the drafted COPIL summary: what the meeting page's panel and the summary page
show, and the COPIL pack section (pmo_portal/registry.py ``CopilSection``), which holds only
the text the PMO approved."""

from __future__ import annotations

import math

from django.utils.translation import gettext_lazy as _

from lessons.models import CopilSummary, SummaryStatus
from lessons.services.copil_summary import build_draft
from pmo_portal.print_pages import FIXED_ROW_MM, LINE_MM, NOTE_MM, TABLE_HEAD_MM, TITLE_MM, paginate
from pmo_portal.registry import CopilSection

CHARS_PER_LINE = 95  # a line of the section's text at the pack's body size


def summary_view(meeting) -> dict:
    """The stored summary (or None), the sentences with their sources (stored, else a fresh
    draft), and whether the data changed since the draft was stored."""
    summary = CopilSummary.objects.filter(meeting=meeting).select_related("approved_by").first()
    draft, sources = build_draft(meeting)
    return {
        "summary": summary,
        "draft": summary.draft if summary else draft,
        "sources": summary.sources if summary else sources,
        "stale": summary is not None and summary.draft != draft,
    }


def copil_read(scope) -> dict | None:
    """The approved summary of the meeting, or None (no section)."""
    summary = CopilSummary.objects.filter(
        meeting=scope.meeting, status=SummaryStatus.APPROVED
    ).first()
    if summary is None or not summary.text.strip():
        return None
    return {
        "paragraphs": [line.strip() for line in summary.text.splitlines() if line.strip()],
        "sources": summary.sources,
        "generated": summary.generated,
        "approved_at": summary.approved_at,
    }


def copil_pages(data) -> int:
    """An estimate (the renderer corrects it): the text's lines, then one fixed row per
    source under a header."""
    heights = [
        math.ceil(len(paragraph) / CHARS_PER_LINE) * LINE_MM * 1.4
        for paragraph in data["paragraphs"]
    ]
    heights += [NOTE_MM, TABLE_HEAD_MM] + [FIXED_ROW_MM] * len(data["sources"])
    return paginate(heights, first_mm=TITLE_MM + NOTE_MM)


COPIL_SECTION = CopilSection(
    key="lessons-copil-summary",
    title=_("Summary of the period"),
    order=25,
    template="lessons/copil_summary/pack_section.html",
    read=copil_read,
    pages=copil_pages,
)
