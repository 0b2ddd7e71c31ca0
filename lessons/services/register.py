"""Writes of the lessons register: draft, edit, validate, archive (lessons/models.py).

Every write goes through here so that the lesson's fingerprint and its full-text vector are
kept in step with its text (``refresh_search_vectors``), and so that its history names the
user. Permissions are the views' (lessons/rules.py); an edit checks again, on the locked row,
that its author may still change it (a draft validated meanwhile is no longer theirs).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lessons.models import SEARCH_CONFIGS, Lesson, LessonStatus
from pmo_portal.concurrency import lock_version
from resources.services.cost_import import normalise

# The fields a lesson's edit form sets (the rest is bookkeeping).
LESSON_FIELDS = (
    "title",
    "context",
    "what_happened",
    "recommendation",
    "category",
    "phase",
    "business_domain",
    "project_type",
    "tags",
    "impact",
    "source_project",
    "source_project_label",
    "date",
    "language",
)


def normalise_tags(text: str) -> str:
    """Tags as stored: trimmed, single-spaced, without repeats (case-insensitive), in the
    order given, joined by ", ". Both "," and ";" separate tags."""
    tags: list[str] = []
    seen: set[str] = set()
    for part in str(text or "").replace(";", ",").split(","):
        tag = " ".join(part.split())
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return ", ".join(tags)


def fingerprint(*, title: str, source: str, date) -> str:
    """What makes two lessons the same for an import: the title, the source project (code or
    name) and the date, compared without case, accents or punctuation."""
    key = "|".join((normalise(title), normalise(source), date.isoformat() if date else ""))
    return hashlib.sha256(key.encode()).hexdigest()


def fingerprint_of(lesson: Lesson) -> str:
    source = lesson.source_project.code if lesson.source_project_id else lesson.source_project_label
    return fingerprint(title=lesson.title, source=source, date=lesson.date)


def search_vector(config: str):
    """The lesson's text as PostgreSQL indexes it: the title first, then its tags, then the
    rest (weights A, B, C; the phase D)."""
    return (
        SearchVector("title", weight="A", config=config)
        + SearchVector("tags", weight="B", config=config)
        + SearchVector("context", "what_happened", "recommendation", weight="C", config=config)
        + SearchVector("phase", weight="D", config=config)
    )


def refresh_search_vectors(ids: Iterable[int]) -> None:
    """Write the full-text vector of the lessons ``ids``, each in its language's
    configuration (one UPDATE per language). Nothing on SQLite, which searches without it."""
    ids = list(ids)
    if not ids or connection.vendor != "postgresql":
        return
    for language, config in SEARCH_CONFIGS.items():
        Lesson.objects.filter(pk__in=ids, language=language).update(
            search_vector=search_vector(config)
        )


def _prepare(lesson: Lesson) -> None:
    lesson.tags = normalise_tags(lesson.tags)
    if lesson.source_project_id:
        lesson.source_project_label = ""
    lesson.fingerprint = fingerprint_of(lesson)
    lesson.full_clean()


@transaction.atomic
def create_lesson(*, user, fields: dict) -> Lesson:
    """Draft a lesson (the PMO or a project manager)."""
    lesson = Lesson(**fields, created_by=user, status=LessonStatus.DRAFT)
    _prepare(lesson)
    lesson._history_user = user
    lesson.save()
    refresh_search_vectors([lesson.pk])
    return lesson


@transaction.atomic
def update_lesson(*, lesson: Lesson, user, fields: dict, version: int | None = None) -> Lesson:
    """Change a lesson's text and classification. EditConflict when someone saved it since
    ``version``; PermissionDenied when its author may no longer change it."""
    lesson = lock_version(
        Lesson.objects.select_related("source_project"), pk=lesson.pk, version=version
    )
    if not user.has_perm("lessons.change_lesson", lesson):
        raise PermissionDenied
    for name, value in fields.items():
        setattr(lesson, name, value)
    _prepare(lesson)
    lesson._history_user = user
    lesson.save()
    refresh_search_vectors([lesson.pk])
    return lesson


def _transition(lesson: Lesson, *, allowed_from: tuple[str, ...], message: str) -> Lesson:
    lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
    if lesson.status not in allowed_from:
        raise ValidationError(message)
    return lesson


@transaction.atomic
def validate_lesson(*, lesson: Lesson, user) -> Lesson:
    """The PMO validates a draft (or restores an archived lesson): every role then reads it."""
    lesson = _transition(
        lesson,
        allowed_from=(LessonStatus.DRAFT, LessonStatus.ARCHIVED),
        message=_("This lesson is already validated."),
    )
    lesson.status = LessonStatus.VALIDATED
    lesson.validated_by = user
    lesson.validated_at = timezone.now()
    lesson.full_clean()
    lesson._history_user = user
    lesson.save()
    return lesson


@transaction.atomic
def archive_lesson(*, lesson: Lesson, user) -> Lesson:
    """The PMO archives a lesson that no longer applies (or a draft it will not validate):
    only the PMO reads it then."""
    lesson = _transition(
        lesson,
        allowed_from=(LessonStatus.DRAFT, LessonStatus.VALIDATED),
        message=_("This lesson is already archived."),
    )
    lesson.status = LessonStatus.ARCHIVED
    lesson.full_clean()
    lesson._history_user = user
    lesson.save()
    return lesson
