"""The REST API of steering committees (read side): the meetings, one meeting with its
decision log and packs, a pack's metadata and its PDF.

Reading follows ``CopilMeeting.objects.visible_to`` through the web's selectors
(``meetings_for``, ``get_meeting_for_user``, ``get_pack_for_user``): every role reads the
list of the meetings it may see (403 without a role), a meeting or pack outside it answers
404; the PDF is the one the meeting's page offers (reporting/copil/download.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers
from rest_framework.decorators import action

from pmo_portal.api.views import DetailViewSet, ReadOnlyViewSet, documented
from pmo_portal.registry import ApiRoute
from pmo_portal.users import user_label
from pmo_portal.viewtools import require_perm
from portfolios.api import UserNameField
from reporting.copil.download import pack_response
from reporting.models import CopilDecision, CopilMeeting, CopilPack, PackStatus
from reporting.selectors import copil as selectors


class CopilPackSerializer(serializers.ModelSerializer):
    requested_by = UserNameField(allow_null=True)
    download = serializers.SerializerMethodField(
        help_text=_("Where to download the PDF, once the pack is done.")
    )

    class Meta:
        model = CopilPack
        fields = [
            "id",
            "meeting",
            "status",
            "trigger",
            "language",
            "requested_by",
            "created_at",
            "finished_at",
            "snapshot_at",
            "page_count",
            "size",
            "sha256",
            "download",
        ]

    def get_download(self, pack: CopilPack) -> str | None:
        if pack.status != PackStatus.DONE or not pack.file:
            return None
        return reverse("api:copil-pack-download", args=[pack.pk])


class CopilDecisionSerializer(serializers.ModelSerializer):
    owner = UserNameField(allow_null=True)
    project_code = serializers.CharField(source="project.code", read_only=True, allow_null=True)

    class Meta:
        model = CopilDecision
        fields = [
            "id",
            "text",
            "owner",
            "due_date",
            "status",
            "project",
            "project_code",
            "follow_up",
            "version",
        ]


class CopilMeetingSerializer(serializers.ModelSerializer):
    portfolio_name = serializers.CharField(source="portfolio.name", read_only=True, allow_null=True)
    project_code = serializers.CharField(source="project.code", read_only=True, allow_null=True)

    class Meta:
        model = CopilMeeting
        fields = [
            "id",
            "title",
            "portfolio",
            "portfolio_name",
            "project",
            "project_code",
            "scheduled_at",
            "location",
            "status",
            "language",
            "version",
        ]


class CopilMeetingListSerializer(CopilMeetingSerializer):
    decision_count = serializers.IntegerField(read_only=True)
    pack_count = serializers.IntegerField(
        read_only=True, help_text=_("Packs generated and ready to download.")
    )

    class Meta(CopilMeetingSerializer.Meta):
        fields = [*CopilMeetingSerializer.Meta.fields, "decision_count", "pack_count"]


class CopilMeetingDetailSerializer(CopilMeetingSerializer):
    attendees = serializers.SerializerMethodField()
    decisions = serializers.SerializerMethodField()
    packs = serializers.SerializerMethodField()

    class Meta(CopilMeetingSerializer.Meta):
        fields = [
            *CopilMeetingSerializer.Meta.fields,
            "agenda",
            "minutes",
            "attendees",
            "decisions",
            "packs",
        ]

    def get_attendees(self, meeting) -> list[str]:
        return [user_label(user) for user in selectors.meeting_attendees(meeting)]

    @extend_schema_field(CopilDecisionSerializer(many=True))
    def get_decisions(self, meeting) -> list[dict]:
        return CopilDecisionSerializer(selectors.meeting_decisions(meeting), many=True).data

    @extend_schema_field(CopilPackSerializer(many=True))
    def get_packs(self, meeting) -> list[dict]:
        return CopilPackSerializer(selectors.meeting_packs(meeting), many=True).data


MEETING_EXAMPLE = {
    "id": 5,
    "title": "COPIL Nord — juin",
    "portfolio": 2,
    "portfolio_name": "BU Nord",
    "project": None,
    "project_code": None,
    "scheduled_at": "2026-06-16T14:00:00+02:00",
    "location": "Salle Lille",
    "status": "planned",
    "language": "fr",
    "version": 1,
    "decision_count": 2,
    "pack_count": 1,
}
PACK_EXAMPLE = {
    "id": 31,
    "meeting": 5,
    "status": "done",
    "trigger": "manual",
    "language": "fr",
    "requested_by": "Claire Martin",
    "created_at": "2026-06-15T09:00:00+02:00",
    "finished_at": "2026-06-15T09:01:12+02:00",
    "snapshot_at": "2026-06-15T09:00:03+02:00",
    "page_count": 24,
    "size": 812345,
    "sha256": "9f2c…",
    "download": "/api/v1/copil-packs/31/download/",
}
WHEN = OpenApiParameter(
    "when",
    str,
    enum=["upcoming", "past"],
    description="upcoming (default): today and later, soonest first; past: latest first",
)
PACK_DUE = OpenApiParameter(
    "pack", str, enum=["due"], description="upcoming meetings of the week without a ready pack"
)


@extend_schema_view(
    list=documented(
        _(
            "The steering committees the caller may read, as on the COPIL page: upcoming ones "
            "soonest first (when=past: the past ones, latest first; pack=due: those of the "
            "week whose pack is not ready)."
        ),
        MEETING_EXAMPLE,
        parameters=[WHEN, PACK_DUE],
    ),
    retrieve=documented(
        _(
            "One steering committee with its attendees, decision log and packs (outside what "
            "the caller reads: 404)."
        ),
        {
            **{k: v for k, v in MEETING_EXAMPLE.items() if not k.endswith("_count")},
            "agenda": "1. Météo des projets\n2. Arbitrages budgétaires",
            "minutes": "",
            "attendees": ["Claire Martin", "Paul Durand"],
            "decisions": [
                {
                    "id": 8,
                    "text": "Valider le budget du lot 2",
                    "owner": "Paul Durand",
                    "due_date": "2026-07-01",
                    "status": "open",
                    "project": 42,
                    "project_code": "PRJ-0042",
                    "follow_up": "",
                    "version": 1,
                }
            ],
            "packs": [PACK_EXAMPLE],
        },
    ),
)
class CopilMeetingViewSet(ReadOnlyViewSet):
    queryset = CopilMeeting.objects.none()
    ordering_fields: list = []

    @property
    def ordering(self) -> list[str]:
        # meetings_for's order: the cursor follows it (scheduled_at, nearly unique).
        return ["-scheduled_at", "-pk"] if self._when() == "past" else ["scheduled_at", "pk"]

    def _when(self) -> str:
        return "past" if self.request.query_params.get("when") == "past" else "upcoming"

    def get_serializer_class(self):
        if self.action == "retrieve":
            return CopilMeetingDetailSerializer
        return CopilMeetingListSerializer

    def get_queryset(self):
        require_perm(self.request.user, "reporting.view_copil")
        when = self._when()
        pack_due = when == "upcoming" and self.request.query_params.get("pack") == "due"
        return selectors.meetings_for(self.request.user, when=when, pack_due=pack_due)

    def get_object(self):
        return selectors.get_meeting_for_user(self.request.user, self.kwargs["pk"])


@extend_schema_view(
    retrieve=documented(
        _("A COPIL pack: its state and, once done, its size, pages and digest."), PACK_EXAMPLE
    ),
    download=extend_schema(
        description=_(
            "The PDF of a done pack, as the meeting's page offers it (a pack not done yet: "
            "404). Its ETag and Digest are the file's SHA-256."
        ),
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)},
    ),
)
class CopilPackViewSet(DetailViewSet):
    serializer_class = CopilPackSerializer
    queryset = CopilPack.objects.none()

    def get_object(self):
        return selectors.get_pack_for_user(self.request.user, self.kwargs["pk"])

    def perform_content_negotiation(self, request, force=False):
        # The download answers a PDF whatever the Accept header asks (its errors: JSON).
        return super().perform_content_negotiation(
            request, force=force or self.action == "download"
        )

    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        return pack_response(self.get_object())


API_ROUTES = [
    ApiRoute("copil-meetings", CopilMeetingViewSet, "copil-meeting", 70),
    ApiRoute("copil-packs", CopilPackViewSet, "copil-pack", 71),
]
