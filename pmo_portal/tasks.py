from celery import shared_task

from pmo_portal import services


@shared_task(name="pmo_portal.tasks.heartbeat", time_limit=30, soft_time_limit=20)
def heartbeat() -> None:
    """Run by beat every minute; proves that beat and a worker are both alive."""
    services.record_heartbeat()
