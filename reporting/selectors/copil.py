"""Read side of steering committees: access-checked fetches, lists, the previous meeting,
and the projects a meeting covers."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from portfolios.models import Portfolio, Project
from reporting.models import CopilDecision, CopilMeeting, CopilPack, MeetingStatus

LIVE_PROJECT_STATUSES = ("approved", "active", "on_hold")


def get_meeting_for_user(user, pk: int, *, perm: str | None = None) -> CopilMeeting:
    """A meeting ``user`` may read (404 otherwise); with ``perm``, 403 unless the rule
    allows it on this meeting (``reporting.change_copil``, ``reporting.record_decision``,
    ``reporting.generate_pack``)."""
    meeting = (
        CopilMeeting.objects.visible_to(user)
        .select_related("portfolio", "project", "project__portfolio", "created_by")
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404
    if perm and not user.has_perm(perm, meeting):
        raise PermissionDenied
    return meeting


def get_pack_for_user(user, pk: int) -> CopilPack:
    pack = (
        CopilPack.objects.filter(meeting__in=CopilMeeting.objects.visible_to(user))
        .select_related("meeting", "meeting__portfolio", "meeting__project")
        .filter(pk=pk)
        .first()
    )
    if pack is None:
        raise Http404
    return pack


def get_decision_for_user(user, pk: int) -> CopilDecision:
    decision = (
        CopilDecision.objects.filter(meeting__in=CopilMeeting.objects.visible_to(user))
        .select_related("meeting")
        .filter(pk=pk)
        .first()
    )
    if decision is None:
        raise Http404
    if not user.has_perm("reporting.record_decision", decision.meeting):
        raise PermissionDenied
    return decision


def meetings_for(user, *, when: str = "upcoming", today=None) -> QuerySet[CopilMeeting]:
    """Meetings ``user`` may read; ``upcoming`` (today and later, soonest first) or ``past``
    (latest first). Counts of decisions and packs come in the same query."""
    now = timezone.now() if today is None else today
    queryset = (
        CopilMeeting.objects.visible_to(user)
        .select_related("portfolio", "project")
        .annotate(
            decision_count=Count("decisions", distinct=True),
            pack_count=Count("packs", distinct=True, filter=Q(packs__status="done")),
        )
    )
    if when == "past":
        return queryset.filter(scheduled_at__lt=now).order_by("-scheduled_at", "-pk")
    return queryset.filter(scheduled_at__gte=now).order_by("scheduled_at", "pk")


def previous_meeting(meeting: CopilMeeting) -> CopilMeeting | None:
    """The last meeting of the same scope before this one (cancelled ones skipped), with its
    decisions (and their owner and project) prefetched."""
    same_scope = (
        Q(portfolio_id=meeting.portfolio_id)
        if meeting.portfolio_id
        else Q(project_id=meeting.project_id)
    )
    return (
        CopilMeeting.objects.filter(same_scope, scheduled_at__lt=meeting.scheduled_at)
        .exclude(status=MeetingStatus.CANCELLED)
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=CopilDecision.objects.select_related("owner", "project").order_by("pk"),
            )
        )
        .order_by("-scheduled_at", "-pk")
        .first()
    )


def meeting_projects(meeting: CopilMeeting) -> QuerySet[Project]:
    """The live projects a meeting covers: those of its portfolio and sub-portfolios, or its
    one project. Not archived; proposed, closed and cancelled projects left out."""
    if meeting.project_id:
        return Project.objects.filter(pk=meeting.project_id)
    portfolio_ids = Portfolio.objects.subtree_ids([meeting.portfolio_id])
    return Project.objects.filter(
        portfolio_id__in=portfolio_ids, is_archived=False, status__in=LIVE_PROJECT_STATUSES
    )


def meeting_packs(meeting: CopilMeeting) -> list[CopilPack]:
    return list(meeting.packs.select_related("requested_by").order_by("-created_at", "-pk"))
