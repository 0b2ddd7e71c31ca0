"""Celery tasks of resources: thin, idempotent wrappers around services."""

from celery import shared_task

from pmo_portal.leases import LeasedTask


@shared_task(
    base=LeasedTask,
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
    de-duplication key in the outbox. Leased (pmo_portal.leases): when its worker dies, the
    sweeper runs it again within about a minute instead of the broker's hour.
    """
    from resources.services.alerts import scan_budget_overruns as run

    return run()


@shared_task(name="resources.tasks.purge_staged_imports", time_limit=300)
def purge_staged_imports() -> int:
    """Every hour (beat): delete the uploaded files left in preview for more than 24 hours.
    Idempotent: a rerun finds nothing more to delete."""
    from resources.services.staging import purge_expired_staged_imports

    return purge_expired_staged_imports()


@shared_task(
    name="resources.tasks.reconcile_remaining_need",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=900,
    soft_time_limit=840,
)
def reconcile_remaining_need() -> dict:
    """Every night (beat): recompute the remaining need of every active project on its
    business case (resources.services.remaining_need). The services that change budget lines,
    actual costs and allocations already write it; this catches the rest (a project that
    became active, a change made outside the services, the turn of a month or a year).

    Idempotent and safe to retry: a rerun writes the same figures, a killed run leaves its
    current batch of projects unwritten (each batch is one transaction)."""
    from resources.services.remaining_need import reconcile_remaining_need as run

    return run()
