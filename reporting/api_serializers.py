"""The status report's representation in the API, shared by its read (api.py) and write
(api_writes.py) sides."""

from __future__ import annotations

from rest_framework import serializers

from portfolios.api import UserNameField
from reporting.models import StatusReport


class StatusReportSerializer(serializers.ModelSerializer):
    author = UserNameField(allow_null=True)
    submitted_by = UserNameField(allow_null=True)

    class Meta:
        model = StatusReport
        fields = [
            "id",
            "project",
            "period_start",
            "period_end",
            "frequency",
            "status",
            "health_overall",
            "health_schedule",
            "health_budget",
            "health_scope",
            "health_resources",
            "percent_complete",
            "achievements",
            "next_steps",
            "escalations",
            "forecast_end",
            "eac",
            "comment",
            "version",
            "author",
            "submitted_by",
            "submitted_at",
            "updated_at",
        ]
