"""Appendix C (order 82): the follow-up of the previous COPIL's decisions."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pmo_portal.registry import CopilSection
from reporting.copil.estimate import decisions_pages


def read(scope) -> dict:
    previous = scope.pack.previous
    day = timezone.localtime(previous.scheduled_at).date() if previous else None
    return {"pack": scope.pack, "previous_day": day}


SECTION = CopilSection(
    key="appendix-decisions",
    title=_("Appendix C — Follow-up of the decisions"),
    order=82,
    template="reporting/copil/pack/_appendix_decisions.html",
    read=read,
    pages=decisions_pages,
    appendix=True,
)
