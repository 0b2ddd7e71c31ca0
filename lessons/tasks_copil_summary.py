"""Celery task of the drafted COPIL summary (imported by ``LessonsConfig.ready()``)."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from pmo_portal.leases import LeasedTask


@shared_task(
    base=LeasedTask,
    name="lessons.tasks_copil_summary.rewrite_summary",
    # The default queue: the worker mostly waits for the model's answer (LLM_TIMEOUT, 20 s
    # by default), it does not compute; the COPIL packs' queue stays free for renders.
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=150,
    soft_time_limit=120,
)
def rewrite_summary(summary_id: int) -> str:
    """Ask the operator's model for a rewrite that the PMO requested (``request_rewrite``).

    Idempotent: a summary no longer waiting for a rewrite is left alone. Leased
    (pmo_portal.leases): run again within about a minute when its worker dies."""
    from django.utils.translation import gettext as _

    from lessons.services.copil_summary import run_rewrite, stop_rewrite

    try:
        return run_rewrite(summary_id=summary_id)
    except SoftTimeLimitExceeded:
        stop_rewrite(summary_id=summary_id, note=_("the model did not answer in time"))
        return "stopped"
    except BaseException:
        note = _("the rewrite failed unexpectedly; try again later")
        stop_rewrite(summary_id=summary_id, note=note)
        raise
