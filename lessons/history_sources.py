"""What the project's "History" tab reads from continuous improvement (pmo_portal/history.py)."""

from lessons.models import ClosureReview, LessonRoute
from pmo_portal.registry import HistorySource

HISTORY_SOURCES = [
    HistorySource(
        "closure", 170, lambda project: ClosureReview.history.filter(project_id=project.pk)
    ),
    HistorySource(
        "lessons",
        180,
        lambda project: LessonRoute.history.filter(project_id=project.pk).select_related("lesson"),
        label=lambda record: record.lesson.title,
    ),
]
