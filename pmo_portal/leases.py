"""Work lost with its worker is found in seconds, not after the broker's hour.

Tasks are acknowledged late, so Redis gives a dead worker's message to another worker — but
only after the broker's ``visibility_timeout`` (an hour). That timeout cannot be shortened:
Redis would also hand out again the message of a task that is still running (a pack renders
for up to 5 minutes, the scan may run 15), so every long task would run twice. Instead:

- A task that must not wait (``base=LeasedTask``) has a ``TaskRun`` row per delivery, keyed
  by its Celery task id. The worker claims the row when it starts (a conditional UPDATE: a
  row done, failed or running with a fresh heartbeat is not claimed, so a redelivered message
  does nothing) and, while the task runs, a thread (``beating``) writes ``heartbeat_at``
  every ``HEARTBEAT_EVERY`` seconds.
- The sweeper (``requeue_lost``, beat every ``SWEEP_EVERY`` seconds) sends again, with the
  same task id, the runs whose heartbeat is older than ``STALE_AFTER``: their worker died.
  A run whose worker died ``MAX_ATTEMPTS`` times is failed, not sent again (it may be the
  one killing them).

Worst case from a kill to a new start: STALE_AFTER + SWEEP_EVERY (+ a worker to take it).

Running twice never sends twice: the tasks are idempotent (alerts are upserted on their
unique key, e-mails have a unique de-duplication key in the outbox); the lease only spares
the second run and makes the first one come back quickly.

Other long work with a row of its own (COPIL packs) uses ``beating`` on that row.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from celery import Task, current_app
from celery.exceptions import Retry
from django.db import connections, transaction
from django.db.models import F, Q
from django.utils import timezone

from pmo_portal.models import TaskRun, TaskRunStatus

logger = logging.getLogger(__name__)

HEARTBEAT_EVERY = 10.0  # seconds
# Four missed heartbeats: long enough for a database hiccup, short enough to recover fast.
STALE_AFTER = timedelta(seconds=45)
SWEEP_EVERY = 30  # seconds (the beat schedule seeded by migration 0007)
# A run the sweeper re-queued that nobody started since (message lost again).
LOST_AFTER = timedelta(minutes=10)
MAX_ATTEMPTS = 3
KEEP_DONE = timedelta(days=30)


@contextmanager
def beating(beat: Callable[[], object], *, every: float = HEARTBEAT_EVERY) -> Iterator[None]:
    """Call ``beat`` every ``every`` seconds from a thread while the block runs.

    ``beat`` writes a heartbeat (an UPDATE of one row); a failure is logged, never raised
    into the work. The thread has its own database connection, closed when it stops; it
    beats through long C calls and SQL statements of the work, but stops with the process
    (kill -9, OOM), which is what the sweeper looks for."""
    stop = threading.Event()

    def loop() -> None:
        try:
            while not stop.wait(every):
                try:
                    beat()
                except Exception:
                    logger.warning("heartbeat not written", exc_info=True)
        finally:
            connections.close_all()  # this thread's connections only

    thread = threading.Thread(target=loop, name="pmo-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=every + 10)


def claim(*, task_id: str, task: str, args, kwargs, queue: str) -> bool:
    """Take the run of this delivery. False when it is done, failed, out of attempts or
    running with a fresh heartbeat (another live worker has it)."""
    now = timezone.now()
    run, created = TaskRun.objects.get_or_create(
        task_id=task_id,
        defaults={
            "task": task,
            "args": list(args),
            "kwargs": dict(kwargs),
            "queue": queue,
            "status": TaskRunStatus.RUNNING,
            "attempts": 1,
            "heartbeat_at": now,
        },
    )
    if created:
        return True
    return bool(
        TaskRun.objects.filter(pk=run.pk, attempts__lt=MAX_ATTEMPTS)
        .filter(
            Q(status=TaskRunStatus.QUEUED)
            | Q(status=TaskRunStatus.RUNNING, heartbeat_at__lt=now - STALE_AFTER)
        )
        .update(status=TaskRunStatus.RUNNING, attempts=F("attempts") + 1, heartbeat_at=now)
    )


def _end(task_id: str, status: str, error: str = "") -> None:
    TaskRun.objects.filter(
        task_id=task_id, status__in=[TaskRunStatus.RUNNING, TaskRunStatus.QUEUED]
    ).update(status=status, error=error[:2000], finished_at=timezone.now())


def _beat(task_id: str) -> None:
    TaskRun.objects.filter(task_id=task_id, status=TaskRunStatus.RUNNING).update(
        heartbeat_at=timezone.now()
    )


class LeasedTask(Task):
    """A task whose run is leased (claimed, kept alive, swept): see the module docstring.

    Called directly (not through a worker or ``apply``) it just runs."""

    def __call__(self, *args, **kwargs):
        request = self.request
        if request.called_directly or not request.id:
            return super().__call__(*args, **kwargs)
        queue = (request.delivery_info or {}).get("routing_key") or ""
        if not claim(task_id=request.id, task=self.name, args=args, kwargs=kwargs, queue=queue):
            logger.info("%s[%s]: already done or running elsewhere, skipped", self.name, request.id)
            return None
        try:
            with beating(lambda: _beat(request.id)):
                result = super().__call__(*args, **kwargs)
        except Retry:
            # The retry is a new message with the same id: it claims the queued row.
            TaskRun.objects.filter(task_id=request.id).update(status=TaskRunStatus.QUEUED)
            raise
        except BaseException as exc:
            _end(request.id, TaskRunStatus.FAILED, f"{type(exc).__name__}: {exc}")
            raise
        _end(request.id, TaskRunStatus.DONE)
        return result


def requeue_lost(*, now: datetime | None = None) -> dict[str, int]:
    """The sweeper: send again the runs whose worker died; fail those out of attempts.

    Rows are taken with SELECT … FOR UPDATE SKIP LOCKED and moved to "queued" before their
    message is sent (after commit), so two sweepers never send the same run twice."""
    now = now or timezone.now()
    lost = Q(status=TaskRunStatus.RUNNING, heartbeat_at__lt=now - STALE_AFTER) | Q(
        status=TaskRunStatus.QUEUED, heartbeat_at__lt=now - LOST_AFTER
    )
    failed = TaskRun.objects.filter(lost, attempts__gte=MAX_ATTEMPTS).update(
        status=TaskRunStatus.FAILED,
        finished_at=now,
        error=f"WorkerLost: the worker stopped during each of the {MAX_ATTEMPTS} attempts.",
    )
    if failed:
        logger.error("%s task run(s) failed: their worker died %s times", failed, MAX_ATTEMPTS)
    with transaction.atomic():
        runs = list(
            TaskRun.objects.select_for_update(skip_locked=True)
            .filter(lost, attempts__lt=MAX_ATTEMPTS)
            .order_by("pk")[:100]
        )
        TaskRun.objects.filter(pk__in=[r.pk for r in runs]).update(
            status=TaskRunStatus.QUEUED, heartbeat_at=now
        )
        for run in runs:
            logger.warning("%s[%s]: its worker died, sent again", run.task, run.task_id)
            transaction.on_commit(
                lambda run=run: current_app.send_task(
                    run.task,
                    args=run.args,
                    kwargs=run.kwargs,
                    task_id=run.task_id,
                    queue=run.queue or None,
                ),
                robust=True,
            )
    TaskRun.objects.filter(status=TaskRunStatus.DONE, finished_at__lt=now - KEEP_DONE).delete()
    return {"requeued": len(runs), "failed": failed}
