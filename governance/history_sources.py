"""What the project's "History" tab reads from governance (pmo_portal/history.py)."""

from governance.models import Deliverable, GateReview, ProjectLifecycle
from pmo_portal.registry import HistorySource

HISTORY_SOURCES = [
    HistorySource(
        "lifecycle", 140, lambda project: ProjectLifecycle.history.filter(project_id=project.pk)
    ),
    HistorySource("gates", 150, lambda project: GateReview.history.filter(project_id=project.pk)),
    HistorySource(
        "deliverables", 160, lambda project: Deliverable.history.filter(project_id=project.pk)
    ),
]
