"""The REST API of continuous improvement (read side): the lessons register and the lessons
routed to a project.

The register reads as on its page (lessons/selectors.py): every role reads the validated
lessons, a project manager also their own drafts, the PMO every lesson (403 without a role, a
lesson outside what the caller reads: 404), with the page's search and filters. A project's
lessons are its tab "Lessons for your project": the PMO's manual routes, then the engine's
best matches, validated lessons only (404 outside the caller's scope)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from lessons.filters import LessonFilter
from lessons.models import Lesson, LessonRoute
from lessons.routing.reasons import reason_texts
from lessons.selectors import get_lesson_for_user, register
from lessons.services.routing import ranked_lessons
from lessons.views.routing import TAB, TOP
from pmo_portal.api.pagination import POSITION, ViewOrderingFilter, numbered
from pmo_portal.api.views import ListViewSet, ReadOnlyViewSet, documented, one_page
from pmo_portal.registry import ApiRoute
from pmo_portal.viewtools import require_perm
from portfolios.api import UserNameField
from portfolios.selectors import get_project_for_user

READ = "lessons.view_register"


class LessonSerializer(serializers.ModelSerializer):
    business_domain = serializers.CharField(
        source="business_domain.name", read_only=True, allow_null=True
    )
    project_type = serializers.CharField(
        source="project_type.name", read_only=True, allow_null=True
    )
    tags = serializers.ListField(child=serializers.CharField(), source="tag_list", read_only=True)
    source = serializers.CharField(
        source="source_label",
        read_only=True,
        help_text=_("The project the lesson comes from, as the register names it."),
    )
    created_by = UserNameField(allow_null=True)
    validated_by = UserNameField(allow_null=True)

    class Meta:
        model = Lesson
        fields = [
            "id",
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
            "source",
            "date",
            "language",
            "status",
            "created_by",
            "validated_by",
            "validated_at",
            "version",
            "updated_at",
        ]


class RoutedLessonSerializer(serializers.Serializer):
    """A lesson for a project: its score, why it matches, and what the project made of it."""

    lesson = serializers.IntegerField(source="lesson.pk")
    title = serializers.CharField(source="lesson.title")
    recommendation = serializers.CharField(source="lesson.recommendation")
    category = serializers.CharField(source="lesson.category")
    score = serializers.FloatField()
    reasons = serializers.SerializerMethodField(
        help_text=_("Why the lesson matches the project, in the reader's language.")
    )
    status = serializers.ChoiceField(LessonRoute._meta.get_field("status").choices)
    source = serializers.CharField(
        source="route.source",
        allow_null=True,
        help_text=_("manual: routed by the PMO; automatic: stored by the nightly matching."),
    )
    decided_at = serializers.DateTimeField(source="route.decided_at", allow_null=True)

    def get_reasons(self, item) -> list[str]:
        return reason_texts(item["reasons"])


LESSON_EXAMPLE = {
    "id": 14,
    "title": "Geler le périmètre avant la recette",
    "context": "Projet ERP, lot finance.",
    "what_happened": "Des demandes tardives ont décalé la recette de six semaines.",
    "recommendation": "Faire valider le périmètre en COPIL avant la recette.",
    "category": "scope",
    "phase": "Réalisation",
    "business_domain": "Finance",
    "project_type": "Progiciel",
    "tags": ["périmètre", "recette"],
    "impact": "high",
    "source_project": 7,
    "source": "PRJ-0007 — ERP Finance",
    "date": "2025-11-20",
    "language": "fr",
    "status": "validated",
    "created_by": "Paul Durand",
    "validated_by": "Claire Martin",
    "validated_at": "2025-12-01T10:00:00+01:00",
    "version": 3,
    "updated_at": "2025-12-01T10:00:00+01:00",
}
ROUTED_EXAMPLE = {
    "lesson": 14,
    "title": "Geler le périmètre avant la recette",
    "recommendation": "Faire valider le périmètre en COPIL avant la recette.",
    "category": "scope",
    "score": 0.82,
    "reasons": ["Same business domain", "Same project type"],
    "status": "suggested",
    "source": "automatic",
    "decided_at": None,
}


class LessonFilterBackend(DjangoFilterBackend):
    """Documents the register's filters in the schema; the list applies them through
    ``selectors.register``, as the page does."""

    def filter_queryset(self, request, queryset, view):
        return queryset


@extend_schema_view(
    list=documented(
        _(
            "The lessons learned the caller reads, as on the register: most recent first, or "
            "the best match first when searching (q), with the register's filters."
        ),
        LESSON_EXAMPLE,
    ),
    retrieve=documented(
        _("One lesson learned (outside what the caller reads: 404)."), LESSON_EXAMPLE
    ),
)
class LessonViewSet(ReadOnlyViewSet):
    serializer_class = LessonSerializer
    queryset = Lesson.objects.none()
    filter_backends = [LessonFilterBackend, ViewOrderingFilter]
    filterset_class = LessonFilter
    ordering = [POSITION]
    ordering_fields: list = []

    def get_queryset(self):
        require_perm(self.request.user, READ)
        lesson_filter, queryset = register(user=self.request.user, data=self.request.query_params)
        if lesson_filter.is_bound and not lesson_filter.is_valid():
            raise ValidationError(dict(lesson_filter.errors))
        return numbered(queryset.select_related("created_by", "validated_by"))

    def get_object(self):
        require_perm(self.request.user, READ)  # 403 without a role, as the lesson's page
        return get_lesson_for_user(self.request.user, self.kwargs["pk"])


@extend_schema_view(
    list=documented(
        _(
            "The lessons for a project, as its tab shows them: those the PMO routed to it, "
            "then the best matches (applied ones marked, those marked not relevant left "
            "out; one page)."
        ),
        ROUTED_EXAMPLE,
        parameters=[OpenApiParameter("project_pk", OpenApiTypes.INT, OpenApiParameter.PATH)],
    )
)
class ProjectLessonViewSet(ListViewSet):
    serializer_class = RoutedLessonSerializer
    queryset = LessonRoute.objects.none()

    def list(self, request, *args, **kwargs):
        project = get_project_for_user(request.user, self.kwargs["project_pk"], perm=TAB)
        items = ranked_lessons(project, top=TOP)
        return one_page(self.get_serializer(items, many=True).data)


API_ROUTES = [
    ApiRoute("lessons", LessonViewSet, "lesson", 80),
    ApiRoute("projects/(?P<project_pk>[0-9]+)/lessons", ProjectLessonViewSet, "project-lesson", 81),
]
