"""What governance adds to the REST API: the lifecycle phase of a project, in the project's
representation (/api/v1/projects/), contributed through the registry
(``registry.ProjectApiField``) since portfolios, which serves projects, cannot import
governance."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from pmo_portal.registry import ProjectApiField


class ProjectPhaseSerializer(serializers.Serializer):
    """Where a project stands in its methodology (its governance tab): the methodology
    version it follows and its current phase; once every gate is passed, no phase and
    ``completed_at`` set."""

    methodology = serializers.CharField(source="methodology_version.methodology.name")
    methodology_version = serializers.IntegerField(source="methodology_version.number")
    key = serializers.CharField(source="current_phase.key", allow_null=True)
    name = serializers.CharField(source="current_phase.name", allow_null=True)
    order = serializers.IntegerField(source="current_phase.order", allow_null=True)
    started_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)


def phase_field() -> serializers.Field:
    return ProjectPhaseSerializer(
        source="lifecycle",  # None when the project has no lifecycle (DRF reads it so)
        read_only=True,
        allow_null=True,
        help_text=_("The project's lifecycle phase; null when no methodology was started."),
    )


def with_phase(queryset):
    return queryset.select_related(
        "lifecycle__current_phase", "lifecycle__methodology_version__methodology"
    )


PROJECT_API_FIELDS = [ProjectApiField("phase", phase_field, with_phase, order=10)]
