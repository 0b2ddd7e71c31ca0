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
