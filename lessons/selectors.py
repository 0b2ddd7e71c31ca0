"""Reads of the lessons register: who reads which lesson, the search, the filtered list.

Search (issue 13): on PostgreSQL, full-text search in each lesson's own language — the words
typed are stemmed with the ``french`` configuration for French lessons and the ``english`` one
for English lessons, so "dépassements budgétaires" finds "Dépassement du budget" and "budget
overruns" finds "overrun of the budget". A lesson matches when it holds any of the words (the
stemmer alone does not bring "budgétaire" and "budget" together); lessons holding more of them,
in their title first, rank higher (SearchRank over the GIN-indexed ``search_vector``). On
SQLite (the embedded demo) every word must appear, as typed, in the title, context, what
happened, recommendation or tags.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Case, F, FloatField, Q, QuerySet, When
from django.http import Http404

from lessons.filters import LessonFilter
from lessons.models import SEARCH_CONFIGS, Language, Lesson, LessonStatus
from pmo_portal.roles import Role, has_any_role, has_role

WORD = re.compile(r"\w+")
MAX_WORDS = 20  # a pasted paragraph is cut: the first words decide
TEXT_FIELDS = ("title", "context", "what_happened", "recommendation", "tags")


def visible_lessons(user) -> QuerySet[Lesson]:
    """The lessons ``user`` reads: the PMO every one; anyone else with a role the validated
    ones and the drafts they wrote. No role: none."""
    if not user.is_authenticated or not has_any_role(user):
        return Lesson.objects.none()
    if has_role(user, Role.PMO):
        return Lesson.objects.all()
    return Lesson.objects.filter(
        Q(status=LessonStatus.VALIDATED) | Q(status=LessonStatus.DRAFT, created_by=user)
    )


def get_lesson_for_user(user, pk: int, *, write: bool = False) -> Lesson:
    """The lesson ``pk``: 404 outside what ``user`` reads, 403 (``write``) when they may not
    change it."""
    lesson = (
        visible_lessons(user)
        .select_related(
            "business_domain", "project_type", "source_project", "created_by", "validated_by"
        )
        .filter(pk=pk)
        .first()
    )
    if lesson is None:
        raise Http404
    if write and not user.has_perm("lessons.change_lesson", lesson):
        raise PermissionDenied
    return lesson


def search_words(text: str) -> list[str]:
    return WORD.findall(str(text or ""))[:MAX_WORDS]


def search(queryset: QuerySet[Lesson], text: str) -> QuerySet[Lesson]:
    """``queryset`` narrowed to the lessons matching ``text``, best first (see the module's
    docstring)."""
    words = search_words(text)
    if not words:
        return queryset
    if connection.vendor != "postgresql":
        for word in words:
            matches = Q()
            for name in TEXT_FIELDS:
                matches |= Q(**{f"{name}__icontains": word})
            queryset = queryset.filter(matches)
        return queryset
    # Only word characters reach the query, joined by OR: no tsquery syntax from the user.
    raw = " | ".join(words)
    queries = {
        language: SearchQuery(raw, config=config, search_type="raw")
        for language, config in SEARCH_CONFIGS.items()
    }
    matches = Q()
    for language, query in queries.items():
        matches |= Q(language=language, search_vector=query)
    rank = Case(
        When(language=Language.FRENCH, then=SearchRank(F("search_vector"), queries["fr"])),
        default=SearchRank(F("search_vector"), queries["en"]),
        output_field=FloatField(),
    )
    return queryset.filter(matches).annotate(rank=rank).order_by("-rank", "-date", "-pk")


def register(*, user, data) -> tuple[LessonFilter, QuerySet[Lesson]]:
    """The register as ``user`` reads it, filtered by ``data`` (GET parameters): most recent
    first, or best match first when searching. One query for a page, one to count it."""
    lesson_filter = LessonFilter(data=data, queryset=visible_lessons(user))
    queryset = lesson_filter.qs.select_related("business_domain", "project_type", "source_project")
    return lesson_filter, queryset
