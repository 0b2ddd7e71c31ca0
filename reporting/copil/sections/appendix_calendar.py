"""Appendix B (order 81): the open milestones of the next quarter, month by month."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from pmo_portal.registry import CopilSection
from reporting.copil.estimate import calendar_pages


def read(scope) -> dict:
    return {"pack": scope.pack, "calendar_last": scope.pack.calendar_end - timedelta(days=1)}


SECTION = CopilSection(
    key="appendix-calendar",
    title=_("Appendix B — Milestone calendar"),
    order=81,
    template="reporting/copil/pack/_appendix_calendar.html",
    read=read,
    pages=calendar_pages,
    appendix=True,
)
