"""A real Celery worker on Redis runs a task and its effect lands in the database."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from pmo_portal.celery import app
from pmo_portal.models import Heartbeat
from pmo_portal.tasks import heartbeat


@pytest.mark.django_db(transaction=True)
def test_worker_on_redis_runs_the_heartbeat_task():
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        heartbeat.delay()
        deadline = time.monotonic() + 20
        while not Heartbeat.objects.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
    assert Heartbeat.objects.filter(name="scheduler").exists()


def test_tasks_are_configured_not_to_be_lost():
    # A killed worker's task is delivered again (acks_late + reject on worker lost), and the
    # Redis visibility timeout outlasts the longest task.
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.broker_transport_options["visibility_timeout"] > app.conf.task_time_limit
