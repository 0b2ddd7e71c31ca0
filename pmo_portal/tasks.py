import smtplib

from celery import shared_task

from pmo_portal import services


@shared_task(name="pmo_portal.tasks.heartbeat", time_limit=30, soft_time_limit=20)
def heartbeat() -> None:
    """Run by beat every minute; proves that beat and a worker are both alive."""
    services.record_heartbeat()


@shared_task(
    name="pmo_portal.tasks.deliver_notifications",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=300,
    soft_time_limit=270,
)
def deliver_notifications() -> dict:
    """Send due e-mails of the outbox (every minute, and after something is enqueued).

    Idempotent: rows are claimed one by one, so a rerun or a concurrent run sends nothing
    twice; what one run leaves (more than its batch, or retries not yet due) the next takes.
    """
    from pmo_portal.notifications import deliver_due

    return deliver_due()


@shared_task(
    name="pmo_portal.tasks.send_password_reset",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=120,
    soft_time_limit=100,
    # The SMTP server unreachable for a moment: try again a few times, then the user asks anew.
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=3,
)
def send_password_reset(email: str, language: str) -> int:
    """Send the reset link to the accounts at ``email`` (none for an unknown address); see
    pmo_portal.password_reset for why the lookup happens here and not in the request."""
    from pmo_portal.password_reset import send_reset_emails

    return send_reset_emails(email=email, language=language)


@shared_task(name="pmo_portal.tasks.requeue_lost_tasks", time_limit=60, soft_time_limit=50)
def requeue_lost_tasks() -> dict:
    """Beat, every 30 seconds: send again the leased tasks whose worker died (see
    pmo_portal.leases). Safe to run concurrently (rows are claimed with SKIP LOCKED)."""
    from pmo_portal.leases import requeue_lost

    return requeue_lost()
