"""Steering committees (writes): meetings, recurring series, the decision log, and the
generation of their PDF packs.

A pack is a database row before it is a file. ``request_pack`` records the request (at most
one waiting or generating per meeting, a database constraint) and queues the render after
commit; ``generate_pack`` — the body of the Celery task on the ``pdf`` queue — claims the row
with a conditional UPDATE (so a rerun or a redelivered message does nothing), renders, stores
the file and its SHA-256, and only then marks the row done. ``schedule_packs`` (beat) makes one
scheduled pack per meeting a few days before it and e-mails the attendees once, through the
notification outbox.
"""

from __future__ import annotations

import calendar
import hashlib
import logging
import uuid
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pmo_portal.concurrency import check_version, lock_version
from pmo_portal.dates import months_from
from pmo_portal.emails import render_email
from pmo_portal.leases import beating
from pmo_portal.notifications import Message, enqueue_many
from reporting.models import (
    ACTIVE_PACK_STATUSES,
    CopilDecision,
    CopilMeeting,
    CopilPack,
    CopilSettings,
    MeetingStatus,
    PackStatus,
    PackTrigger,
)
from reporting.selectors.copil import meeting_projects

logger = logging.getLogger(__name__)

MEETING_FIELDS = (
    "title",
    "portfolio",
    "project",
    "scheduled_at",
    "location",
    "agenda",
    "minutes",
    "language",
    "project_order",
    "status",
)
DECISION_FIELDS = ("text", "owner", "due_date", "status", "project", "follow_up")
RENDER_TIMEOUT = 240
# A pack "running" without a heartbeat for this long lost its worker: it may be claimed
# again. The worker writes ``heartbeat_at`` every leases.HEARTBEAT_EVERY seconds while it
# renders (from a thread: it beats through WeasyPrint's layout), and ``requeue_lost_packs``
# (beat, every 30 s) queues such packs again: back within about a minute and a half of a
# kill, instead of when the 15-minute beat noticed a render older than 6 minutes.
STALE_AFTER = timedelta(seconds=45)
# A pack still waiting this long lost its message: the beat task queues it again.
LOST_AFTER = timedelta(minutes=10)
# Attempts of one pack (the task's first try and its two retries): a pack whose worker died
# on the last one (killed by a render too big for it) is failed, not claimed for ever.
MAX_ATTEMPTS = 3


# Meetings --------------------------------------------------------------------------------


def _apply(obj, data, fields) -> None:
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])


@transaction.atomic
def create_meeting(*, user, data: dict, attendees: Iterable = ()) -> CopilMeeting:
    meeting = CopilMeeting(created_by=user)
    _apply(meeting, data, MEETING_FIELDS)
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(list(attendees))
    return meeting


@transaction.atomic
def update_meeting(
    *, meeting: CopilMeeting, user, data: dict, attendees=None, version: int | None = None
) -> CopilMeeting:
    """``version``: the version the edit page was opened at; EditConflict, nothing saved, if
    it moved (pmo_portal/concurrency.py)."""
    meeting = lock_version(CopilMeeting, pk=meeting.pk, version=version)
    _apply(meeting, data, MEETING_FIELDS)
    meeting.full_clean()
    meeting._change_reason = _("changed by %(user)s") % {"user": user}
    meeting.save()
    if attendees is not None:
        meeting.attendees.set(list(attendees))
    return meeting


def nth_weekday(year: int, month: int, weekday: int, ordinal: int) -> date:
    """The ``ordinal``-th ``weekday`` (0 = Monday) of a month; ordinal -1 is the last one."""
    days = [
        day
        for day in calendar.Calendar().itermonthdates(year, month)
        if day.month == month and day.weekday() == weekday
    ]
    return days[-1] if ordinal == -1 else days[ordinal - 1]


def series_dates(*, first_month: date, months: int, weekday: int, ordinal: int) -> list[date]:
    return [
        nth_weekday(month.year, month.month, weekday, ordinal)
        for month in months_from(first_month, months)
    ]


@transaction.atomic
def plan_series(
    *,
    user,
    data: dict,
    first_month: date,
    months: int,
    weekday: int,
    ordinal: int,
    at: time,
    attendees: Iterable = (),
) -> tuple[list[CopilMeeting], list[date]]:
    """Create the meetings of a recurring series (e.g. monthly on the first Tuesday).

    Dates that already have a meeting of the same scope at that time are skipped, so running
    the same plan twice creates nothing more. Returns (created meetings, skipped dates)."""
    attendees = list(attendees)
    series = uuid.uuid4()
    tz = timezone.get_current_timezone()
    created, skipped = [], []
    days = series_dates(first_month=first_month, months=months, weekday=weekday, ordinal=ordinal)
    for day in days:
        scheduled_at = timezone.make_aware(datetime.combine(day, at), tz)
        meeting = CopilMeeting(created_by=user, series=series)
        _apply(meeting, data, MEETING_FIELDS)
        meeting.scheduled_at = scheduled_at
        same = CopilMeeting.objects.filter(
            portfolio_id=meeting.portfolio_id,
            project_id=meeting.project_id,
            scheduled_at=scheduled_at,
        )
        if same.exists():
            skipped.append(day)
            continue
        meeting.full_clean()
        meeting.save()
        meeting.attendees.set(attendees)
        created.append(meeting)
    return created, skipped


# Decisions -------------------------------------------------------------------------------


def _check_decision_project(decision: CopilDecision) -> None:
    if decision.project_id is None:
        return
    if not meeting_projects(decision.meeting).filter(pk=decision.project_id).exists():
        raise ValidationError(
            {"project": _("Choose a project covered by this steering committee.")}
        )


@transaction.atomic
def record_decision(*, meeting: CopilMeeting, user, data: dict) -> CopilDecision:
    decision = CopilDecision(meeting=meeting)
    _apply(decision, data, DECISION_FIELDS)
    decision.full_clean()
    _check_decision_project(decision)
    decision.save()
    return decision


@transaction.atomic
def update_decision(
    *, decision: CopilDecision, user, data: dict, version: int | None = None
) -> CopilDecision:
    """``version``: as for update_meeting."""
    decision = lock_version(CopilDecision, pk=decision.pk, version=version)
    _apply(decision, data, DECISION_FIELDS)
    decision.full_clean()
    _check_decision_project(decision)
    decision._change_reason = _("changed by %(user)s") % {"user": user}
    decision.save()
    return decision


# Packs -----------------------------------------------------------------------------------


def _queue_render(pack_id: int) -> None:
    from reporting.tasks import render_copil_pack

    transaction.on_commit(lambda: render_copil_pack.delay(pack_id), robust=True)


def request_pack(
    *, meeting: CopilMeeting, user=None, trigger: str = PackTrigger.ON_DEMAND
) -> tuple[CopilPack, bool]:
    """Record a request for the meeting's pack and queue its render after commit.

    While one is waiting or generating, that one is returned (``created`` False): a second
    click does not start a second render. A scheduled request is made once per meeting."""
    active = meeting.packs.filter(status__in=ACTIVE_PACK_STATUSES).first()
    if active is not None:
        return active, False
    try:
        with transaction.atomic():
            pack = CopilPack.objects.create(
                meeting=meeting,
                trigger=trigger,
                language=meeting.language,
                requested_by=user,
            )
            _queue_render(pack.pk)
    except IntegrityError:  # a concurrent click (or beat tick) recorded it first
        existing = meeting.packs.filter(status__in=ACTIVE_PACK_STATUSES).first()
        if existing is None and trigger == PackTrigger.SCHEDULED:
            existing = meeting.packs.filter(trigger=PackTrigger.SCHEDULED).first()
        if existing is None:
            raise
        return existing, False
    return pack, True


def _stale(now: datetime) -> Q:
    """Running, and no heartbeat for STALE_AFTER (rows from before heartbeats: by start)."""
    return Q(status=PackStatus.RUNNING) & (
        Q(heartbeat_at__lt=now - STALE_AFTER)
        | Q(heartbeat_at__isnull=True, started_at__lt=now - STALE_AFTER)
    )


def _claim(pack_id: int, now: datetime) -> bool:
    """pending → running, or running → running again when its worker died (stale)."""
    return bool(
        CopilPack.objects.filter(pk=pack_id)
        .filter(Q(status=PackStatus.PENDING) | (_stale(now) & Q(attempts__lt=MAX_ATTEMPTS)))
        .update(
            status=PackStatus.RUNNING,
            started_at=now,
            heartbeat_at=now,
            attempts=F("attempts") + 1,
        )
    )


def _beat(pack_id: int) -> None:
    CopilPack.objects.filter(pk=pack_id, status=PackStatus.RUNNING).update(
        heartbeat_at=timezone.now()
    )


def pack_filename(pack: CopilPack, sha256: str) -> str:
    meeting = pack.meeting
    day = timezone.localtime(meeting.scheduled_at).date()
    return f"copil-{day:%Y-%m-%d}-{meeting.pk}-{pack.pk}-{sha256[:12]}.pdf"


def generate_pack(*, pack_id: int, final: bool = True) -> CopilPack | None:
    """Render and archive one requested pack (the body of the ``pdf`` queue's task).

    Does nothing (returns None) when the pack is not waiting: done, failed, or being
    rendered by a live worker. On an error the row records it and goes back to waiting for a
    retry, or to failed when ``final``; the exception is raised again for the task."""
    from reporting.copil.render import render_pack

    now = timezone.now()
    if not _claim(pack_id, now):
        return None
    pack = CopilPack.objects.select_related("meeting", "meeting__portfolio", "meeting__project")
    pack = pack.get(pk=pack_id)
    started = timezone.now()
    try:
        with beating(lambda: _beat(pack_id)):
            rendered = render_pack(
                meeting=pack.meeting,
                settings=CopilSettings.current(),
                today=timezone.localdate(),
                timeout=RENDER_TIMEOUT,
            )
            sha256 = hashlib.sha256(rendered.pdf).hexdigest()
            name = default_storage.save(
                pack.file.field.generate_filename(pack, pack_filename(pack, sha256)),
                ContentFile(rendered.pdf),
            )
    except Exception as exc:
        message = f"{type(exc).__name__}: {exc}"[:2000]
        logger.exception("COPIL pack %s failed (attempt %s)", pack_id, pack.attempts)
        CopilPack.objects.filter(pk=pack_id, status=PackStatus.RUNNING).update(
            status=PackStatus.FAILED if final else PackStatus.PENDING,
            error=message,
            finished_at=timezone.now() if final else None,
        )
        raise
    finished = timezone.now()
    with transaction.atomic():
        updated = CopilPack.objects.filter(pk=pack_id, status=PackStatus.RUNNING).update(
            status=PackStatus.DONE,
            file=name,
            size=len(rendered.pdf),
            page_count=rendered.page_count,
            sha256=sha256,
            snapshot_at=rendered.snapshot_at,
            finished_at=finished,
            render_seconds=(finished - started).total_seconds(),
            error="",
        )
        if not updated:  # another worker finished it meanwhile: keep theirs, drop ours
            transaction.on_commit(lambda: default_storage.delete(name))
            return None
        pack.refresh_from_db()
        # Attendees hear once per meeting: from the scheduled pack, or from the next pack
        # that succeeds when the scheduled one failed.
        if (
            pack.trigger == PackTrigger.SCHEDULED
            or pack.meeting.packs.filter(
                trigger=PackTrigger.SCHEDULED, status=PackStatus.FAILED
            ).exists()
        ):
            notify_attendees(pack=pack)
    return pack


def _meeting_url(meeting: CopilMeeting) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse(
        "reporting:copil_detail", args=[meeting.pk]
    )


def notify_attendees(*, pack: CopilPack) -> int:
    """E-mail each attendee once that the pack of their meeting is ready (outbox key: the
    meeting and the attendee, so a new pack of the same meeting does not e-mail again)."""
    from pmo_portal.tasks import deliver_notifications

    meeting = pack.meeting
    messages = []
    with translation.override(meeting.language):
        when = date_format(timezone.localtime(meeting.scheduled_at), "DATETIME_FORMAT")
        subject, body = render_email(
            "reporting/email/copil_pack_ready",
            {
                "title": meeting.title,
                "scope": meeting.scope_label,
                "when": when,
                "pages": pack.page_count,
                "url": _meeting_url(meeting),
            },
        )
    for attendee in meeting.attendees.filter(is_active=True).order_by("pk"):
        messages.append(
            Message(
                dedup_key=f"copil-pack:{meeting.pk}:{attendee.pk}",
                kind="copil_pack",
                recipient=attendee,
                subject=subject,
                body=body,
            )
        )
    created = enqueue_many(messages)
    if created:
        transaction.on_commit(lambda: deliver_notifications.delay(), robust=True)
    return len(created)


def schedule_packs(*, now: datetime | None = None) -> dict[str, int]:
    """Beat: one scheduled pack per planned meeting due within the PMO's ``days_before``,
    and a new message for packs whose message was lost (waiting too long, or stuck running
    after their worker died; failed once that was their last attempt). Safe to run as often
    as wanted."""
    now = now or timezone.now()
    days_before = CopilSettings.current().days_before
    due = (
        CopilMeeting.objects.filter(
            status=MeetingStatus.PLANNED,
            scheduled_at__gt=now,
            scheduled_at__lte=now + timedelta(days=days_before),
        )
        .exclude(packs__trigger=PackTrigger.SCHEDULED)
        .order_by("scheduled_at")
    )
    requested = 0
    for meeting in due:
        if meeting.packs.filter(status__in=ACTIVE_PACK_STATUSES).exists():
            continue  # an on-demand render is under way; the next tick makes the scheduled one
        _pack, created = request_pack(meeting=meeting, trigger=PackTrigger.SCHEDULED)
        requested += created
    return {"requested": requested, **requeue_lost_packs(now=now)}


def requeue_lost_packs(*, now: datetime | None = None) -> dict[str, int]:
    """Beat (every 30 s, and from ``schedule_packs``): a new message for the packs whose
    worker died (running without a heartbeat for STALE_AFTER: back to waiting, then queued)
    or whose message was lost (waiting longer than LOST_AFTER since the request or the last
    requeue); failed instead when the worker died during their last attempt.

    Each pack is moved by a conditional UPDATE before its message is sent, so concurrent
    sweeps queue it once, and a pack with no PDF worker to take it is queued again only
    every LOST_AFTER. A message sent twice renders nothing twice (``generate_pack`` claims
    the row) and attendees are e-mailed through outbox keys unique per meeting and attendee."""
    now = now or timezone.now()
    CopilPack.objects.filter(_stale(now), attempts__gte=MAX_ATTEMPTS).update(
        status=PackStatus.FAILED,
        error=f"WorkerLost: the PDF worker stopped during each of the {MAX_ATTEMPTS} attempts.",
        finished_at=now,
    )
    waiting_too_long = Q(status=PackStatus.PENDING) & (
        Q(heartbeat_at__lt=now - LOST_AFTER)
        | Q(heartbeat_at__isnull=True, created_at__lt=now - LOST_AFTER)
    )
    lost = CopilPack.objects.filter(waiting_too_long | _stale(now))
    requeued = 0
    for pack_id in lost.values_list("pk", flat=True):
        moved = CopilPack.objects.filter(Q(pk=pack_id) & (waiting_too_long | _stale(now))).update(
            status=PackStatus.PENDING, heartbeat_at=now
        )
        if moved:
            logger.warning(
                "COPIL pack %s: its message or its worker was lost, queued again", pack_id
            )
            _queue_render(pack_id)
            requeued += 1
    return {"requeued": requeued}


@transaction.atomic
def save_settings(
    *, instance: CopilSettings, data: dict, version: int | None = None
) -> CopilSettings:
    """``version``: the version the page showed (0: no settings saved yet); EditConflict,
    nothing saved, if it moved."""
    if instance.pk is not None:
        instance = lock_version(CopilSettings, pk=instance.pk, version=version)
    else:
        check_version(CopilSettings.objects.select_for_update().first(), version)
    for name in (
        "organisation",
        "logo",
        "confidentiality",
        "days_before",
        "exceptions_over",
    ):
        if name in data:
            setattr(instance, name, data[name])
    instance.full_clean()
    instance.save()
    return instance
