"""Read side of steering committees: access-checked fetches, lists, the previous meeting,
and the projects a meeting covers."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from portfolios.models import Portfolio, Project
from reporting.models import (
    CopilDecision,
    CopilMeeting,
    CopilPack,
    DecisionStatus,
    MeetingStatus,
    PackStatus,
)

LIVE_PROJECT_STATUSES = ("approved", "active", "on_hold")
PACK_DUE_DAYS = 7  # "packs due this week": meetings of the next seven days


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


def packs_due(queryset: QuerySet[CopilMeeting], *, now) -> QuerySet[CopilMeeting]:
    """Planned meetings of the next ``PACK_DUE_DAYS`` days that have no ready pack yet: the
    packs to generate (or check) this week."""
    ready = CopilPack.objects.filter(status=PackStatus.DONE).values("meeting_id")
    return queryset.filter(
        status=MeetingStatus.PLANNED,
        scheduled_at__gte=now,
        scheduled_at__lt=now + timedelta(days=PACK_DUE_DAYS),
    ).exclude(pk__in=ready)


def meetings_for(
    user, *, when: str = "upcoming", today=None, pack_due: bool = False
) -> QuerySet[CopilMeeting]:
    """Meetings ``user`` may read; ``upcoming`` (today and later, soonest first) or ``past``
    (latest first); ``pack_due``: only the upcoming ones whose pack is due (``packs_due``).
    Counts of decisions and packs come in the same query."""
    now = timezone.now() if today is None else today
    if pack_due:
        return packs_due(meetings_for(user, today=now), now=now)
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


def meeting_decisions(meeting: CopilMeeting) -> QuerySet[CopilDecision]:
    """The meeting's decision log, in the order they were recorded (its page, its export)."""
    return meeting.decisions.select_related("owner", "project").order_by("pk")


def meeting_attendees(meeting: CopilMeeting) -> QuerySet:
    return meeting.attendees.order_by("last_name", "first_name", "username")


# --- the decision log across meetings ----------------------------------------------------

DECISION_VIEWS = ("open", "due", "overdue", "closed", "all")
DECISION_DUE_DAYS = 14  # "due": an open decision due within two weeks, overdue ones included


def decision_conditions(today) -> dict[str, Q]:
    """What each tab of the decision log shows; a decision is still to do while it is open or
    in progress."""
    pending = Q(status__in=(DecisionStatus.OPEN, DecisionStatus.IN_PROGRESS))
    return {
        "open": pending,
        "due": pending & Q(due_date__lte=today + timedelta(days=DECISION_DUE_DAYS)),
        "overdue": pending & Q(due_date__lt=today),
        "closed": ~pending,
        "all": Q(),
    }


def decisions_for(user, *, show: str = "open", mine: bool = False, today) -> QuerySet:
    """Decisions of the meetings ``user`` reads and those ``user`` owns (named owner, they
    need to see it), per tab (``decision_conditions``); ``mine``: only those ``user`` owns
    (then the meetings they read need not be looked up). Soonest due first (no due date
    last). One query per page, plus the reader's portfolios unless ``mine``."""
    conditions = decision_conditions(today)
    queryset = CopilDecision.objects.filter(conditions.get(show, conditions["open"]))
    if mine:
        queryset = queryset.filter(owner=user)
    else:
        readable = CopilMeeting.objects.visible_to(user).values("pk")
        queryset = queryset.filter(Q(meeting__in=readable) | Q(owner=user))
    overdue = ExpressionWrapper(conditions["overdue"], output_field=BooleanField())
    return (
        queryset.annotate(overdue=overdue)
        .select_related("meeting", "owner", "project")
        .order_by(F("due_date").asc(nulls_last=True), "meeting__scheduled_at", "pk")
    )
