"""Celery tasks of resources: thin, idempotent wrappers around services."""

from celery import shared_task


@shared_task(
    name="resources.tasks.scan_budget_overruns",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=900,
    soft_time_limit=840,
)
def scan_budget_overruns() -> dict:
    """Every morning (beat): detect budget overruns, record alerts, e-mail the silent ones.

    Safe to rerun, and to retry after a lost worker: the scan runs in one transaction (a
    killed run leaves nothing), alerts are upserted on their unique key and each e-mail has a
    de-duplication key in the outbox.
    """
    from resources.services.alerts import scan_budget_overruns as run

    return run()
