"""Appendix A (order 80): the consolidated budget of the covered projects, then their earned
value and declared EAC vs computed forecast taken together (the meeting's scope)."""

from django.utils.translation import gettext_lazy as _

from pmo_portal.registry import CopilSection
from reporting.copil.estimate import budget_pages
from resources.selectors.earned_value import total_value


def read(scope) -> dict:
    projects = scope.pack.projects
    return {
        "pack": scope.pack,
        "bac": sum((s.bac for s in projects), 0),
        "eac": sum((s.eac for s in projects if s.eac is not None), 0),
        "earned": total_value(projects=scope.projects, today=scope.today),
    }


SECTION = CopilSection(
    key="appendix-budget",
    title=_("Appendix A — Consolidated budget"),
    order=80,
    template="reporting/copil/pack/_appendix_budget.html",
    read=read,
    pages=budget_pages,
    appendix=True,
)
