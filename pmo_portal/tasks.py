from celery import shared_task

from pmo_portal import services


@shared_task(name="pmo_portal.tasks.heartbeat", time_limit=30, soft_time_limit=20)
def heartbeat() -> None:
    """Run by beat every minute; proves that beat and a worker are both alive."""
    services.record_heartbeat()


@shared_task(name="pmo_portal.tasks.deliver_notifications", time_limit=300, soft_time_limit=270)
def deliver_notifications() -> dict:
    """Send due e-mails of the outbox (every minute, and after something is enqueued)."""
    from pmo_portal.notifications import deliver_due

    return deliver_due()
