"""Celery tasks of reporting: thin, idempotent wrappers around services."""

from celery import shared_task

from pmo_portal.leases import LeasedTask


@shared_task(
    base=LeasedTask,
    name="reporting.tasks.send_report_reminders",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=600,
    soft_time_limit=540,
)
def send_report_reminders() -> dict:
    """Every morning (beat): reminders to PMs and late notices to the PMO, through the outbox.

    Safe to rerun: each e-mail has a de-duplication key per recipient and period. Leased
    (pmo_portal.leases): run again within about a minute when its worker dies.
    """
    from reporting.services.reminders import send_report_reminders as run

    return run()


@shared_task(
    bind=True,
    name="reporting.tasks.render_copil_pack",
    queue="pdf",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=2,
    time_limit=330,
    soft_time_limit=300,
)
def render_copil_pack(self, pack_id: int) -> str:
    """Render and archive one requested COPIL pack (``pdf`` queue).

    Idempotent: a pack that is done, failed or being rendered by a live worker is left
    alone. A failure is recorded on the pack and retried (30 s, then 60 s); after the last
    attempt the pack shows as failed with its reason.
    """
    from reporting.services.copil import generate_pack

    final = self.request.retries >= self.max_retries
    try:
        pack = generate_pack(pack_id=pack_id, final=final)
    except Exception as exc:
        if final:
            return "failed"
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc
    return "done" if pack is not None else "skipped"


@shared_task(
    name="reporting.tasks.schedule_copil_packs",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=120,
    soft_time_limit=100,
)
def schedule_copil_packs() -> dict:
    """Beat, every quarter of an hour: packs of the meetings due within the PMO's notice
    (one per meeting), and a new message for packs whose message was lost."""
    from reporting.services.copil import schedule_packs

    return schedule_packs()


@shared_task(
    name="reporting.tasks.requeue_lost_packs",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=60,
    soft_time_limit=50,
)
def requeue_lost_packs() -> dict:
    """Beat, every 30 seconds: packs whose render lost its worker (no heartbeat for
    reporting.services.copil.STALE_AFTER) are queued again, or failed after their last
    attempt."""
    from reporting.services.copil import requeue_lost_packs as run

    return run()
