"""What the project's "History" tab reads from tracking and reporting (pmo_portal/history.py)."""

from pmo_portal.registry import HistorySource
from reporting.models import CopilDecision, Milestone, RaidItem, StatusReport

HISTORY_SOURCES = [
    HistorySource(
        "reports", 50, lambda project: StatusReport.history.filter(project_id=project.pk)
    ),
    HistorySource(
        "milestones", 60, lambda project: Milestone.history.filter(project_id=project.pk)
    ),
    HistorySource("raid", 70, lambda project: RaidItem.history.filter(project_id=project.pk)),
    HistorySource(
        "decisions", 80, lambda project: CopilDecision.history.filter(project_id=project.pk)
    ),
]
