"""kill -9 in the middle of the scan: a real worker on Redis (acks_late) is killed while the
scan task runs, a new worker takes the task again, and the outcome is the same alerts and
exactly one e-mail per recipient.

Run with REDIS_URL pointing to a Redis database of your own (the test flushes it).

The test sets its own clock (mid-June 2026, ticking) and the workers read the same one: they
start through tests/clock.py, so the scan's fiscal year is the year the test built its data
for, whatever the day the suite runs.
"""

import os
import re
import signal
import subprocess
import time
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import redis
from django.conf import settings
from django.utils import timezone

from pmo_portal.models import Notification, NotificationStatus
from pmo_portal.roles import Role
from portfolios.models import Project
from resources.models import Alert
from resources.services.alerts import PAUSE_ENV
from resources.tasks import scan_budget_overruns
from tests.clock import clock_env, python_on_test_clock
from tests.portfolios.factories import PortfolioFactory, ProjectFactory, UserFactory
from tests.resources.factories_alerts import ActualCostFactory, BudgetLineFactory
from tests.workers import database_url, stop

# The worker's own broker options: an unacknowledged task becomes visible again after 2 s
# (instead of an hour), so that the restarted worker takes it at once.
WORKER = """
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmo_portal.settings_test")
import django
django.setup()
from pmo_portal.celery import app
app.conf.broker_transport_options = {
    "visibility_timeout": 2, "unacked_restore_interval": 1, "unacked_restore_throttle": 1,
}
app.worker_main(["worker", "--pool=solo", "-Q", "default", "--without-mingle",
                 "--without-gossip", "--without-heartbeat", "-l", "info"])
"""


def _start_worker(log_path, pause: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.CELERY_BROKER_URL,
        "DJANGO_SETTINGS_MODULE": "pmo_portal.settings_test",
        PAUSE_ENV: pause,
        **clock_env(),
    }
    log = open(log_path, "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        python_on_test_clock(code=WORKER),
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=settings.BASE_DIR,
    )
    process.log = log
    return process


def _wait_for(log_path, text: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in log_path.read_text(errors="replace"):
            return
        time.sleep(0.2)
    raise AssertionError(f"{text!r} not in the worker log:\n{log_path.read_text()}")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_killed_worker_loses_no_alert_and_sends_no_duplicate(tmp_path, time_machine):
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.skip("needs Redis (REDIS_URL)")
    time_machine.move_to(datetime(2026, 6, 15, 10, tzinfo=ZoneInfo("Europe/Paris")), tick=True)
    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()
    year = timezone.localdate().year
    UserFactory(username="pmo_kill", roles=[Role.PMO])
    portfolio = PortfolioFactory(name="Kill -9")
    silent = ProjectFactory(
        code="SILENT",
        portfolio=portfolio,
        manager=UserFactory(username="pm_silent"),
        planned_start=timezone.localdate().replace(month=1, day=1),
        planned_end=timezone.localdate().replace(month=12, day=31),
    )
    flagged = ProjectFactory(
        code="FLAGGED",
        portfolio=portfolio,
        manager=UserFactory(username="pm_flagged"),
        planned_start=silent.planned_start,
        planned_end=silent.planned_end,
    )
    Project.objects.filter(pk=flagged.pk).update(health_budget=4, eac=Decimal("200000"))
    for project in (silent, flagged):
        BudgetLineFactory(project=project, fiscal_year=year, approved_amount=Decimal("100000"))
        ActualCostFactory(project=project, amount=Decimal("150000"), date=timezone.localdate())

    first_log, second_log = tmp_path / "worker1.log", tmp_path / "worker2.log"
    first = _start_worker(first_log, pause="60")
    try:
        _wait_for(first_log, "ready.")
        scan_budget_overruns.delay()
        _wait_for(first_log, "resources.tasks.scan_budget_overruns")
        time.sleep(2)  # detection done, sleeping before the writes
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        stop(first, signal.SIGKILL)
    assert not Alert.objects.exists()
    assert not Notification.objects.exists()

    time.sleep(3)  # past the worker's visibility timeout: the task is visible again
    second = _start_worker(second_log, pause="0")
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if Notification.objects.filter(status=NotificationStatus.SENT).count() >= 2:
                break
            time.sleep(0.3)
        time.sleep(2)  # anything more would show now
    finally:
        stop(second)

    # The second worker ran the task the first one died in (nobody sent it again).
    assert re.search(r"scan_budget_overruns\[[^]]+\] succeeded", second_log.read_text())
    assert Alert.objects.filter(project=silent, flagged_by_pm=False).count() == 1
    assert Alert.objects.filter(project=flagged).exists()
    assert not Alert.objects.filter(project=flagged, flagged_by_pm=False).exists()
    rows = list(Notification.objects.order_by("to_email"))
    assert [(r.to_email, r.status, r.attempts) for r in rows] == [
        ("pm_silent@example.org", NotificationStatus.SENT, 1),
        ("pmo_kill@example.org", NotificationStatus.SENT, 1),
    ], second_log.read_text()
