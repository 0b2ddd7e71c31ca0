"""What the project's "History" tab reads from resources and budgets (pmo_portal/history.py)."""

from pmo_portal.registry import HistorySource
from resources.models import ActualCost, Allocation, BudgetLine, CommittedCost, PlannedTeamNeed

HISTORY_SOURCES = [
    HistorySource("budget", 90, lambda project: BudgetLine.history.filter(project_id=project.pk)),
    HistorySource("actuals", 100, lambda project: ActualCost.history.filter(project_id=project.pk)),
    HistorySource(
        "commitments", 110, lambda project: CommittedCost.history.filter(project_id=project.pk)
    ),
    HistorySource(
        "allocations",
        120,
        lambda project: Allocation.history.filter(project_id=project.pk).select_related("resource"),
        label=lambda record: f"{record.resource} · {record.month:%m/%Y}",
    ),
    HistorySource(
        "team_needs",
        130,
        lambda project: PlannedTeamNeed.history.filter(project_id=project.pk).select_related(
            "team"
        ),
        label=lambda record: f"{record.team} · {record.year}",
    ),
]
