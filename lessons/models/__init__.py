"""Models of continuous improvement, one module per part (register.py: the lessons
register), all re-exported here (Django looks for them in lessons.models)."""

from lessons.models.actions import PENDING, ActionStatus, ImprovementAction
from lessons.models.analytics import PredictionModel, ProjectSnapshot
from lessons.models.closure import ClosureReview, ClosureStatus
from lessons.models.copil_summary import CopilSummary, SummaryStatus
from lessons.models.register import (
    SEARCH_CONFIGS,
    Category,
    Impact,
    Language,
    Lesson,
    LessonStatus,
    PortableGinIndex,
)
from lessons.models.routing import LessonRoute, RouteSource, RouteStatus

__all__ = [
    "PENDING",
    "SEARCH_CONFIGS",
    "ActionStatus",
    "Category",
    "ClosureReview",
    "ClosureStatus",
    "CopilSummary",
    "Impact",
    "ImprovementAction",
    "Language",
    "Lesson",
    "LessonRoute",
    "LessonStatus",
    "PortableGinIndex",
    "PredictionModel",
    "ProjectSnapshot",
    "RouteSource",
    "RouteStatus",
    "SummaryStatus",
]
