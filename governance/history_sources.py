"""What the project's "History" tab reads from governance (pmo_portal/history.py)."""

from django.utils.translation import gettext as _

from governance.models import Deliverable, GateReview, ProjectLifecycle
from pmo_portal.registry import HistorySource

HISTORY_SOURCES = [
    HistorySource(
        "lifecycle",
        140,
        lambda project: ProjectLifecycle.history.filter(project_id=project.pk).select_related(
            "current_phase"
        ),
        label=lambda record: str(record.current_phase or _("completed")),
    ),
    HistorySource(
        "gates",
        150,
        lambda project: GateReview.history.filter(project_id=project.pk).select_related("phase"),
        label=lambda record: str(record.phase),
    ),
    HistorySource(
        "deliverables",
        160,
        lambda project: Deliverable.history.filter(project_id=project.pk).select_related(
            "requirement"
        ),
        label=lambda record: str(record.requirement),
    ),
]
