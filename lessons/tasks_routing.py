"""Celery task of lesson routing (imported by ``LessonsConfig.ready()``; run by beat)."""

from celery import shared_task

from pmo_portal.leases import LeasedTask


@shared_task(
    base=LeasedTask,
    name="lessons.tasks_routing.refresh_lesson_routes",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=1800,
    soft_time_limit=1740,
)
def refresh_lesson_routes() -> int:
    """Every night (beat, default queue): store each live project's top suggestions again.
    Idempotent: a rerun writes the same rows; manual routes and decisions are kept."""
    from lessons.services.routing import refresh_routes

    return refresh_routes()
