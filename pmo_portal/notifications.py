"""The notification outbox: enqueue (a row, de-duplicated) and deliver (claim, send, retry).

Every app sends e-mail through ``enqueue`` (or ``enqueue_many``); ``deliver_due`` is run by a
beat task every minute and right after commit when something is enqueued.

A row's life: pending → sending (claimed by one worker with a conditional UPDATE, which also
counts the attempt) → sent; a transient SMTP error puts it back to pending with a later
``next_attempt_at`` (backoff) until ``MAX_ATTEMPTS``, then failed. A worker that dies while
sending leaves the row in "sending"; after ``CLAIM_TIMEOUT`` it is claimed again.
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
from django.db.models import F, Q
from django.utils import timezone

from pmo_portal.models import Notification, NotificationPreference, NotificationStatus

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# A row stuck in "sending" longer than this (its worker died) is claimed again.
CLAIM_TIMEOUT = timedelta(minutes=10)
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError, TimeoutError)
# Seconds an SMTP conversation may hang before it counts as a failure (settings may say more).
DEFAULT_EMAIL_TIMEOUT = 30


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8… minutes, at most 2 hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 120))


def wants(user, preference: str) -> bool:
    """Does ``user`` accept this kind of e-mail (``email_reminders``, ``email_alerts``)?

    Reads ``user.notification_preference`` when it was select_related (no query then)."""
    try:
        pref = user.notification_preference
    except NotificationPreference.DoesNotExist:
        return True
    return getattr(pref, preference)


def _server_unreachable(exc: Exception) -> bool:
    """The server, not this one message, is the problem: the rest of the batch would fail
    the same way (smtplib's errors are OSErrors too, hence the second test)."""
    if isinstance(exc, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return True
    return isinstance(exc, OSError | TimeoutError) and not isinstance(exc, smtplib.SMTPException)


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


def _due(now):
    return Q(status=NotificationStatus.PENDING) & (
        Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True)
    ) | Q(status=NotificationStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)


def _claim(pk: int) -> bool:
    """Take the row for this worker (pending and due, or abandoned by a dead worker).

    One conditional UPDATE: of two workers claiming the same row, exactly one gets it. The
    attempt is counted here, so a message whose sending kills the worker still runs out of
    attempts instead of looping for ever.
    """
    now = timezone.now()
    return bool(
        Notification.objects.filter(_due(now), pk=pk, attempts__lt=MAX_ATTEMPTS).update(
            status=NotificationStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    )


def _give_up_abandoned(now) -> None:
    """Rows abandoned in "sending" that have no attempt left are failed, not retried."""
    Notification.objects.filter(
        status=NotificationStatus.SENDING,
        claimed_at__lt=now - CLAIM_TIMEOUT,
        attempts__gte=MAX_ATTEMPTS,
    ).update(
        status=NotificationStatus.FAILED,
        claimed_at=None,
        last_error="Abandoned while sending (worker lost or timed out).",
    )


def _retry_later(row: Notification, exc: Exception) -> str:
    failed = row.attempts >= MAX_ATTEMPTS
    Notification.objects.filter(pk=row.pk).update(
        status=NotificationStatus.FAILED if failed else NotificationStatus.PENDING,
        next_attempt_at=timezone.now() + backoff(row.attempts),
        last_error=f"{exc.__class__.__name__}: {exc}"[:2000],
        claimed_at=None,
    )
    logger.warning("notification %s not sent (attempt %s): %s", row.pk, row.attempts, exc)
    return "failed" if failed else "retry"


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
        Notification.objects.filter(_due(now), attempts__lt=MAX_ATTEMPTS)
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
            except TRANSIENT_ERRORS as exc:
                counts[_retry_later(row, exc)] += 1
                if _server_unreachable(exc):
                    break  # the server is unreachable: the rest waits for the next run
                connection.close()
                connection = _open_connection()
                continue
            except Exception as exc:
                # Not a delivery problem (a malformed message…): retrying cannot help.
                logger.exception("notification %s cannot be sent", pk)
                Notification.objects.filter(pk=pk).update(
                    status=NotificationStatus.FAILED,
                    last_error=f"{exc.__class__.__name__}: {exc}"[:2000],
                    claimed_at=None,
                )
                counts["failed"] += 1
                continue
            Notification.objects.filter(pk=pk).update(
                status=NotificationStatus.SENT,
                sent_at=timezone.now(),
                claimed_at=None,
                last_error="",
            )
            counts["sent"] += 1
    finally:
        try:
            connection.close()
        except TRANSIENT_ERRORS:
            logger.warning("could not close the SMTP connection cleanly", exc_info=True)
    return counts


def retry_now(queryset) -> int:
    """Put failed or pending rows of ``queryset`` back in the queue, due now, with their
    attempts reset (the admin's "retry now"). Returns how many rows changed."""
    return queryset.filter(
        status__in=[NotificationStatus.FAILED, NotificationStatus.PENDING]
    ).update(
        status=NotificationStatus.PENDING,
        next_attempt_at=timezone.now(),
        attempts=0,
        claimed_at=None,
    )


def set_preferences(*, user, email_reminders: bool, email_alerts: bool) -> NotificationPreference:
    """Store what ``user`` agrees to receive by e-mail."""
    pref, _created = NotificationPreference.objects.get_or_create(user=user)
    pref.email_reminders = email_reminders
    pref.email_alerts = email_alerts
    pref.full_clean()
    pref.save()
    return pref
