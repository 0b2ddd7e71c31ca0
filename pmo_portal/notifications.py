"""The notification outbox: enqueue (a row, de-duplicated) and deliver (claim, send, retry).

Every app sends e-mail through ``enqueue``; ``deliver_due`` is run by a beat task every
minute and right after commit when something is enqueued.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from pmo_portal.models import Notification, NotificationPreference, NotificationStatus

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# A row stuck in "sending" longer than this (its worker died) is claimed again.
CLAIM_TIMEOUT = timedelta(minutes=10)
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError, TimeoutError)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8… minutes, at most 2 hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 120))


def wants(user, preference: str) -> bool:
    pref = NotificationPreference.objects.filter(user=user).first()
    return True if pref is None else getattr(pref, preference)


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
                subject=subject[:250],
                body=body,
                next_attempt_at=timezone.now(),
            )
    except IntegrityError:  # a concurrent run enqueued it first
        return Notification.objects.get(dedup_key=dedup_key), False
    return row, True


def _claim(pk: int) -> bool:
    now = timezone.now()
    stale = now - CLAIM_TIMEOUT
    return bool(
        Notification.objects.filter(pk=pk)
        .filter(
            Q(status=NotificationStatus.PENDING, next_attempt_at__lte=now)
            | Q(status=NotificationStatus.SENDING, claimed_at__lt=stale)
        )
        .update(status=NotificationStatus.SENDING, claimed_at=now)
    )


def deliver_due(*, limit: int = 200) -> dict[str, int]:
    """Send the due messages. Safe to run concurrently and to rerun."""
    now = timezone.now()
    due = list(
        Notification.objects.filter(
            Q(status=NotificationStatus.PENDING, next_attempt_at__lte=now)
            | Q(status=NotificationStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    counts = {"sent": 0, "retry": 0, "failed": 0}
    if not due:
        return counts
    connection = get_connection(fail_silently=False)
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
            message.send()
        except TRANSIENT_ERRORS as exc:
            attempts = row.attempts + 1
            failed = attempts >= MAX_ATTEMPTS
            Notification.objects.filter(pk=pk).update(
                status=NotificationStatus.FAILED if failed else NotificationStatus.PENDING,
                attempts=attempts,
                next_attempt_at=timezone.now() + backoff(attempts),
                last_error=f"{exc.__class__.__name__}: {exc}"[:2000],
                claimed_at=None,
            )
            counts["failed" if failed else "retry"] += 1
            logger.warning("notification %s not sent (attempt %s): %s", pk, attempts, exc)
            connection = get_connection(fail_silently=False)
            continue
        Notification.objects.filter(pk=pk).update(
            status=NotificationStatus.SENT,
            attempts=row.attempts + 1,
            sent_at=timezone.now(),
            last_error="",
        )
        counts["sent"] += 1
    return counts
