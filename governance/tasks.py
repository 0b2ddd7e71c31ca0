"""Celery tasks of governance: thin, idempotent wrappers around services (run by beat)."""

from celery import shared_task

from pmo_portal.leases import LeasedTask


@shared_task(
    base=LeasedTask,
    name="governance.tasks.snapshot_compliance",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=900,
    soft_time_limit=840,
)
def snapshot_compliance() -> int:
    """Every night (beat): upsert this month's compliance snapshot of every project under a
    methodology. A rerun overwrites the month's rows with the same figures."""
    from governance.services.compliance import snapshot_compliance as run

    return run()


@shared_task(
    base=LeasedTask,
    name="governance.tasks.warn_missing_deliverables",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=600,
    soft_time_limit=540,
)
def warn_missing_deliverables() -> dict:
    """Every morning (beat): e-mail the PMs whose gate review is planned within five days
    while deliverables of the phase are missing. Each e-mail has a de-duplication key in the
    outbox: a rerun sends nothing twice."""
    from governance.services.compliance import warn_missing_deliverables as run

    return run()
