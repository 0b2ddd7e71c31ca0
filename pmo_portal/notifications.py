"""The notification outbox: enqueue (a row, de-duplicated) and deliver (claim, send, retry).

Every app sends e-mail through ``enqueue`` (or ``enqueue_many``); ``deliver_due`` is run by a
beat task every minute and right after commit when something is enqueued.

A row's life: pending → sending (claimed by one worker with a conditional UPDATE, which also
counts the attempt) → sent. What a failure does depends on whose fault it is (``classify``):

- the server is unreachable or says "not now" (connection refused or reset, timeout, DNS,
  TLS, a server that disconnects or refuses our login, any 4xx): back to pending with a
  later ``next_attempt_at`` (1, 2, 4, 8 then every ``MAX_BACKOFF`` minutes) — for as long as
  the outage lasts, up to ``MAX_AGE`` after the message was written. A message that still
  fails past that age is failed; the PMO sees it on the home page and /healthz counts it
  (``outbox_health``). An unreachable server also ends the batch: the rest waits its turn.
- the server refuses this message (5xx: unknown recipient, sender refused, data rejected)
  or the message cannot be built: failed at once, the reason in ``last_error``.

Nothing depends on a Celery countdown surviving a restart: the beat task reads the rows
every minute. A worker that dies while sending leaves the row in "sending"; after
``CLAIM_TIMEOUT`` it is claimed again, at most ``MAX_LOST_CLAIMS`` times (a message that
kills its worker is failed instead of looping).
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Min, Q
from django.utils import timezone

from pmo_portal.models import Notification, NotificationPreference, NotificationStatus

logger = logging.getLogger(__name__)

# How long an undelivered message keeps being retried (from its creation).
MAX_AGE = timedelta(days=3)
MAX_BACKOFF = 15  # minutes between two attempts, at most
# A row stuck in "sending" longer than this (its worker died) is claimed again…
CLAIM_TIMEOUT = timedelta(minutes=10)
# … this many times, then failed.
MAX_LOST_CLAIMS = 3
# /healthz and the PMO's notice: a message unsent this long after it was written is overdue;
# failures of this period are shown.
OVERDUE_AFTER = timedelta(minutes=15)
RECENT_FAILURES = timedelta(days=7)
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError, TimeoutError)
UNREACHABLE, TEMPORARY, REFUSED = "unreachable", "temporary", "refused"
# Seconds an SMTP conversation may hang before it counts as a failure (settings may say more).
DEFAULT_EMAIL_TIMEOUT = 30


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 minutes, then every MAX_BACKOFF minutes (an outage is retried about
    every quarter of an hour: the message leaves soon after the server is back)."""
    return timedelta(minutes=min(2 ** min(max(attempts - 1, 0), 10), MAX_BACKOFF))


def wants(user, preference: str) -> bool:
    """Does ``user`` accept this kind of e-mail (``email_reminders``, ``email_alerts``)?

    Reads ``user.notification_preference`` when it was select_related (no query then)."""
    try:
        pref = user.notification_preference
    except NotificationPreference.DoesNotExist:
        return True
    return getattr(pref, preference)


_SERVER_ERRORS = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    smtplib.SMTPAuthenticationError,
    smtplib.SMTPNotSupportedError,
)


def classify(exc: Exception) -> str:
    """UNREACHABLE: the server, not this message, is the problem (the rest of the batch
    would fail alike) — retried; TEMPORARY: this message, "not now" (4xx) — retried;
    REFUSED: this message, for good (5xx, or it cannot be built) — failed at once.

    A refused login (535) counts as unreachable: the message is fine, the configuration or
    the relay is not, and it will go once they are fixed."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _reply in exc.recipients.values()]
        return REFUSED if codes and all(500 <= code < 600 for code in codes) else TEMPORARY
    if isinstance(exc, _SERVER_ERRORS):
        return UNREACHABLE
    if isinstance(exc, smtplib.SMTPResponseException):
        if exc.smtp_code == 421:  # "service not available, closing the channel"
            return UNREACHABLE
        return REFUSED if 500 <= exc.smtp_code < 600 else TEMPORARY
    if isinstance(exc, smtplib.SMTPException):
        return TEMPORARY
    if isinstance(exc, OSError | TimeoutError):  # refused, reset, timed out, DNS, TLS
        return UNREACHABLE
    return REFUSED


def _clean_subject(subject: str) -> str:
    # A line break in a header makes Django refuse the message (BadHeaderError).
    return " ".join(str(subject).split())[:250]


def enqueue(
    *, dedup_key: str, kind: str, recipient, subject: str, body: str, to_email: str = ""
) -> tuple[Notification | None, bool]:
    """Store a message to send once. Returns (row, created); (None, False) without address.

    Enqueueing the same ``dedup_key`` again returns the existing row untouched.
    """
    address = to_email or (recipient.email if recipient else "")
    if not address:
        return None, False
    existing = Notification.objects.filter(dedup_key=dedup_key).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            row = Notification.objects.create(
                dedup_key=dedup_key,
                kind=kind,
                recipient=recipient,
                to_email=address,
                subject=_clean_subject(subject),
                body=body,
                next_attempt_at=timezone.now(),
            )
    except IntegrityError:  # a concurrent run enqueued it first
        return Notification.objects.get(dedup_key=dedup_key), False
    return row, True


@dataclass(frozen=True)
class Message:
    dedup_key: str
    kind: str
    recipient: object  # a user
    subject: str
    body: str
    to_email: str = ""


def enqueue_many(messages: list[Message]) -> list[Notification]:
    """``enqueue`` for a batch, in two queries whatever its size. Returns the new rows
    (without primary keys: PostgreSQL returns none for ON CONFLICT DO NOTHING).

    Keys already in the outbox are skipped (the existing rows stay untouched); a concurrent
    run inserting the same key at the same moment is absorbed by ON CONFLICT DO NOTHING (it
    may then count a row the other run wrote).
    """
    if not messages:
        return []
    keys = [m.dedup_key for m in messages]
    existing = set(
        Notification.objects.filter(dedup_key__in=keys).values_list("dedup_key", flat=True)
    )
    now = timezone.now()
    rows, seen = [], set(existing)
    for message in messages:
        address = message.to_email or (message.recipient.email if message.recipient else "")
        if not address or message.dedup_key in seen:
            continue
        seen.add(message.dedup_key)
        rows.append(
            Notification(
                dedup_key=message.dedup_key,
                kind=message.kind,
                recipient=message.recipient,
                to_email=address,
                subject=_clean_subject(message.subject),
                body=message.body,
                next_attempt_at=now,
            )
        )
    if rows:
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return rows


def _pending_due(now) -> Q:
    return Q(status=NotificationStatus.PENDING) & (
        Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True)
    )


def _abandoned(now) -> Q:
    return Q(status=NotificationStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)


def _due(now) -> Q:
    return _pending_due(now) | (_abandoned(now) & Q(lost_claims__lt=MAX_LOST_CLAIMS))


def _claim(pk: int) -> bool:
    """Take the row for this worker (pending and due, or abandoned by a dead worker).

    A conditional UPDATE: of two workers claiming the same row, exactly one gets it. The
    attempt is counted here; taking an abandoned row counts a lost claim too, so a message
    whose sending kills the worker ends failed instead of looping for ever.
    """
    now = timezone.now()
    claimed = {
        "status": NotificationStatus.SENDING,
        "claimed_at": now,
        "attempts": F("attempts") + 1,
    }
    rows = Notification.objects.filter(pk=pk)
    if rows.filter(_pending_due(now)).update(**claimed):
        return True
    return bool(
        rows.filter(_abandoned(now), lost_claims__lt=MAX_LOST_CLAIMS).update(
            **claimed, lost_claims=F("lost_claims") + 1
        )
    )


def _fail(pk: int, reason: str, now=None) -> None:
    Notification.objects.filter(pk=pk).update(
        status=NotificationStatus.FAILED,
        failed_at=now or timezone.now(),
        last_error=reason[:2000],
        claimed_at=None,
    )


def _give_up_abandoned(now) -> None:
    """Rows abandoned in "sending" too many times are failed, not retried."""
    Notification.objects.filter(_abandoned(now), lost_claims__gte=MAX_LOST_CLAIMS).update(
        status=NotificationStatus.FAILED,
        failed_at=now,
        claimed_at=None,
        last_error="Abandoned while sending (worker lost or timed out).",
    )


def _error(exc: Exception) -> str:
    return f"{exc.__class__.__name__}: {exc}"


def _retry_later(row: Notification, exc: Exception) -> str:
    """Back to pending for a later attempt, or failed once the message is MAX_AGE old."""
    now = timezone.now()
    if now - row.created_at >= MAX_AGE:
        _fail(row.pk, f"Undelivered after {MAX_AGE.days} days of retries: {_error(exc)}", now)
        logger.error("notification %s given up after %s attempts: %s", row.pk, row.attempts, exc)
        return "failed"
    Notification.objects.filter(pk=row.pk).update(
        status=NotificationStatus.PENDING,
        next_attempt_at=now + backoff(row.attempts),
        last_error=_error(exc)[:2000],
        claimed_at=None,
    )
    logger.warning("notification %s not sent (attempt %s): %s", row.pk, row.attempts, exc)
    return "retry"


def _open_connection():
    timeout = getattr(settings, "EMAIL_TIMEOUT", None) or DEFAULT_EMAIL_TIMEOUT
    return get_connection(fail_silently=False, timeout=timeout)


def deliver_due(*, limit: int = 200) -> dict[str, int]:
    """Send the due messages (at most ``limit``). Safe to run concurrently and to rerun.

    Returns counts: sent, retry (back to pending, later), failed (given up).
    """
    now = timezone.now()
    _give_up_abandoned(now)
    due = list(
        Notification.objects.filter(_due(now))
        .order_by(F("next_attempt_at").asc(nulls_first=True), "pk")
        .values_list("pk", flat=True)[:limit]
    )
    counts = {"sent": 0, "retry": 0, "failed": 0}
    if not due:
        return counts
    connection = _open_connection()
    try:
        for pk in due:
            if not _claim(pk):
                continue  # another worker has it
            row = Notification.objects.get(pk=pk)
            message = EmailMessage(
                subject=row.subject,
                body=row.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[row.to_email],
                connection=connection,
                headers={"X-PMO-Notification": row.dedup_key[:200]},
            )
            try:
                connection.open()  # no-op once open: one SMTP session for the whole batch
                message.send()
            except SoftTimeLimitExceeded:
                # The task ran out of time in the middle of this one: hand it back untouched.
                Notification.objects.filter(pk=pk).update(
                    status=NotificationStatus.PENDING,
                    attempts=F("attempts") - 1,
                    claimed_at=None,
                )
                raise
            except Exception as exc:
                kind = classify(exc)
                if kind == REFUSED:
                    # This message is refused (5xx) or cannot be built: retrying cannot help.
                    logger.warning("notification %s refused: %s", pk, exc, exc_info=True)
                    _fail(pk, _error(exc))
                    counts["failed"] += 1
                else:
                    counts[_retry_later(row, exc)] += 1
                if kind == UNREACHABLE:
                    break  # the server is unreachable: the rest waits for the next run
                _close(connection)
                connection = _open_connection()
                continue
            Notification.objects.filter(pk=pk).update(
                status=NotificationStatus.SENT,
                sent_at=timezone.now(),
                claimed_at=None,
                last_error="",
            )
            counts["sent"] += 1
    finally:
        _close(connection)
    return counts


def _close(connection) -> None:
    try:
        connection.close()
    except TRANSIENT_ERRORS:
        logger.warning("could not close the SMTP connection cleanly", exc_info=True)


def retry_now(queryset) -> int:
    """Put failed or pending rows of ``queryset`` back in the queue, due now, with their
    attempts reset (the admin's "retry now"). Returns how many rows changed.

    A row older than MAX_AGE gets one more attempt: failed again if that one fails too."""
    return queryset.filter(
        status__in=[NotificationStatus.FAILED, NotificationStatus.PENDING]
    ).update(
        status=NotificationStatus.PENDING,
        next_attempt_at=timezone.now(),
        attempts=0,
        lost_claims=0,
        claimed_at=None,
        failed_at=None,
    )


def outbox_health(*, now=None) -> dict:
    """What /healthz and the PMO's home notice say about e-mail (one query).

    ``overdue``: messages not sent ``OVERDUE_AFTER`` after they were written (an SMTP outage,
    or no worker); ``failed``: messages given up in the last ``RECENT_FAILURES``. Status
    "degraded" when either is not zero."""
    now = now or timezone.now()
    waiting = Q(
        status__in=[NotificationStatus.PENDING, NotificationStatus.SENDING],
        created_at__lt=now - OVERDUE_AFTER,
    )
    figures = Notification.objects.aggregate(
        overdue=Count("pk", filter=waiting),
        oldest=Min("created_at", filter=waiting),
        failed=Count(
            "pk",
            filter=Q(status=NotificationStatus.FAILED, failed_at__gte=now - RECENT_FAILURES),
        ),
    )
    oldest = figures["oldest"]
    return {
        "status": "degraded" if figures["overdue"] or figures["failed"] else "ok",
        "overdue": figures["overdue"],
        "oldest_overdue_minutes": int((now - oldest).total_seconds() // 60) if oldest else None,
        "failed_last_days": figures["failed"],
        "failed_window_days": RECENT_FAILURES.days,
    }


def set_preferences(*, user, email_reminders: bool, email_alerts: bool) -> NotificationPreference:
    """Store what ``user`` agrees to receive by e-mail."""
    pref, _created = NotificationPreference.objects.get_or_create(user=user)
    pref.email_reminders = email_reminders
    pref.email_alerts = email_alerts
    pref.full_clean()
    pref.save()
    return pref
