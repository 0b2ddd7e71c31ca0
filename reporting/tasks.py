"""Celery tasks of reporting: thin, idempotent wrappers around services."""

from celery import shared_task


@shared_task(
    name="reporting.tasks.send_report_reminders",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=600,
    soft_time_limit=540,
)
def send_report_reminders() -> dict:
    """Every morning (beat): reminders to PMs and late notices to the PMO, through the outbox.

    Safe to rerun: each e-mail has a de-duplication key per recipient and period.
    """
    from reporting.services.reminders import send_report_reminders as run

    return run()
