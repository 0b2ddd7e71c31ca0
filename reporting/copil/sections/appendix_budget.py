"""Appendix A (order 80): the consolidated budget of the covered projects, then their earned
value and declared EAC vs computed forecast taken together (the meeting's scope)."""

from django.utils.translation import gettext_lazy as _

from pmo_portal.registry import CopilSection
from reporting.copil.estimate import budget_pages
from reporting.selectors.copil import meeting_projects
from resources.selectors.earned_value import total_value


def read(scope) -> dict:
    data = scope.pack
    return {
        "pack": data,
        "bac": data.bac_total,
        "eac": data.eac_total,
        # The whole scope, also in an exceptions pack (whose ``scope.projects`` are only
        # those with a page).
        "earned": total_value(projects=meeting_projects(scope.meeting), today=scope.today),
        "others": _others(data) if data.exceptions is not None else None,
    }


def _others(data) -> dict:
    """An exceptions pack lists only the projects with a page: one more row holds the rest
    of the scope (the total minus those rows), so that the table still adds up."""
    shown = data.projects
    total = data.budget_total
    return {
        "count": data.exceptions.total - len(shown),
        "capex": data.budget[0].approved - sum((s.budget[0].approved for s in shown), 0),
        "opex": data.budget[1].approved - sum((s.budget[1].approved for s in shown), 0),
        "actual": total.actual - sum((s.budget[2].actual for s in shown), 0),
        "committed": total.committed - sum((s.budget[2].committed for s in shown), 0),
        "forecast": total.forecast - sum((s.budget[2].forecast for s in shown), 0),
        "variance": total.variance - sum((s.budget[2].variance for s in shown), 0),
        "bac": data.bac_total - sum((s.bac for s in shown), 0),
        "eac": data.eac_total - sum((s.eac for s in shown if s.eac is not None), 0),
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
