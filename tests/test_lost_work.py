"""kill -9 in the middle of the overrun scan and of a COPIL pack render, with real workers on
Redis: the work is found lost by its stopped heartbeat and done again by fresh workers, well
before the broker's one-hour visibility timeout, and every alert and e-mail exists once.

The workers use the real settings (visibility timeout of an hour, heartbeat every 10 s, lost
after 45 s); the test stands in for beat and sends the two sweepers every 5 s. Both kills
happen at once so that one wait of about 50 s measures both recoveries.

Run with REDIS_URL pointing to a Redis database of your own (the test flushes it). The test
sets its own clock (mid-June 2026, ticking) and the workers read the same one (tests/clock.py).
"""

import os
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

from pmo_portal.models import Notification, NotificationStatus, TaskRun, TaskRunStatus
from pmo_portal.roles import Role
from pmo_portal.tasks import requeue_lost_tasks
from portfolios.models import Project
from reporting.models import CopilPack, PackStatus, PackTrigger
from reporting.services.copil import request_pack
from reporting.tasks import requeue_lost_packs
from resources.models import Alert
from resources.services.alerts import PAUSE_ENV
from resources.tasks import scan_budget_overruns
from tests.clock import clock_env, python_on_test_clock
from tests.portfolios.factories import PortfolioFactory, ProjectFactory, UserFactory
from tests.reporting.factories_copil import CopilMeetingFactory, in_days
from tests.resources.factories_alerts import ActualCostFactory, BudgetLineFactory
from tests.workers import database_url, stop

SLOW_RENDER_ENV = "PMO_TEST_SLOW_RENDER"
# A worker of one queue, with the real broker options; the render waits SLOW_RENDER_ENV
# seconds before it starts, so that the kill lands in the middle of it.
WORKER = f"""
import os
import sys
import time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmo_portal.settings_test")
import django
django.setup()
slow = float(os.environ.get("{SLOW_RENDER_ENV}") or 0)
if slow:
    import reporting.copil.render as render
    original = render.render_pack
    def render_pack(**kwargs):
        time.sleep(slow)
        return original(**kwargs)
    render.render_pack = render_pack
from pmo_portal.celery import app
queue, name = sys.argv[1], sys.argv[2]
app.worker_main(["worker", "--pool=solo", "-Q", queue, "-n", name, "--without-mingle",
                 "--without-gossip", "--without-heartbeat", "-l", "info"])
"""
TARGET_SECONDS = 120


def _start_worker(log_path, queue: str, name: str, **env) -> subprocess.Popen:
    log = open(log_path, "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [*python_on_test_clock(code=WORKER), queue, f"{name}@test"],
        env={
            **os.environ,
            "DATABASE_URL": database_url(),
            "REDIS_URL": settings.CELERY_BROKER_URL,
            "DJANGO_SETTINGS_MODULE": "pmo_portal.settings_test",
            "MEDIA_ROOT": str(log_path.parent / "media"),
            **clock_env(),
            **env,
        },
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=settings.BASE_DIR,
    )
    process.log = log
    return process


def _wait_for(what, timeout: float = 30, logs=()) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if what():
            return
        time.sleep(0.2)
    raise AssertionError("\n\n".join(path.read_text(errors="replace") for path in logs))


def _ready(log_path) -> bool:
    return "ready." in log_path.read_text(errors="replace")


def _world():
    """A silent overrun (e-mailed to its PM and the PMO), a flagged one (no e-mail), and a
    steering committee in ten days with one attendee (e-mailed when its pack is ready)."""
    year = timezone.localdate().year
    UserFactory(username="pmo_kill", roles=[Role.PMO])
    portfolio = PortfolioFactory(name="Kill -9")
    start, end = (
        timezone.localdate().replace(month=1, day=1),
        timezone.localdate().replace(month=12, day=31),
    )
    silent = ProjectFactory(
        code="SILENT",
        portfolio=portfolio,
        manager=UserFactory(username="pm_silent"),
        planned_start=start,
        planned_end=end,
    )
    flagged = ProjectFactory(
        code="FLAGGED",
        portfolio=portfolio,
        manager=UserFactory(username="pm_flagged"),
        planned_start=start,
        planned_end=end,
    )
    Project.objects.filter(pk=flagged.pk).update(health_budget=4, eac=Decimal("200000"))
    for project in (silent, flagged):
        BudgetLineFactory(project=project, fiscal_year=year, approved_amount=Decimal("100000"))
        ActualCostFactory(project=project, amount=Decimal("150000"), date=timezone.localdate())
    meeting = CopilMeetingFactory(
        portfolio=portfolio,
        scheduled_at=in_days(10),
        attendees=[UserFactory(username="attendee_kill")],
    )
    return silent, flagged, meeting


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_work_killed_mid_scan_and_mid_render_is_done_again_within_two_minutes_once(
    tmp_path, time_machine
):
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.skip("needs Redis (REDIS_URL)")
    time_machine.move_to(datetime(2026, 6, 15, 10, tzinfo=ZoneInfo("Europe/Paris")), tick=True)
    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()
    silent, flagged, meeting = _world()
    logs = {name: tmp_path / f"{name}.log" for name in ("default1", "pdf1", "default2", "pdf2")}

    first = [
        _start_worker(logs["default1"], "default", "default1", **{PAUSE_ENV: "120"}),
        _start_worker(logs["pdf1"], "pdf", "pdf1", **{SLOW_RENDER_ENV: "120"}),
    ]
    try:
        _wait_for(lambda: _ready(logs["default1"]) and _ready(logs["pdf1"]), logs=logs.values())
        scan_budget_overruns.delay()
        pack, _created = request_pack(meeting=meeting, trigger=PackTrigger.SCHEDULED)
        _wait_for(
            lambda: (
                TaskRun.objects.filter(status=TaskRunStatus.RUNNING).exists()
                and CopilPack.objects.filter(pk=pack.pk, status=PackStatus.RUNNING).exists()
            ),
            logs=logs.values(),
        )
        time.sleep(1)  # in the middle of the work (the scan detected, the render begun)
        for process in first:
            process.send_signal(signal.SIGKILL)
        killed_at = time.monotonic()
    finally:
        for process in first:
            stop(process, signal.SIGKILL)
    assert not Alert.objects.exists()
    assert not Notification.objects.exists()

    second = [
        _start_worker(logs["default2"], "default", "default2", **{PAUSE_ENV: "0"}),
        _start_worker(logs["pdf2"], "pdf", "pdf2"),
    ]
    try:
        deadline = killed_at + TARGET_SECONDS + 30
        next_sweep = 0.0
        while time.monotonic() < deadline:
            if time.monotonic() >= next_sweep:  # beat, every 5 s here (30 s in production)
                requeue_lost_tasks.apply_async(expires=10)
                requeue_lost_packs.apply_async(expires=10)
                next_sweep = time.monotonic() + 5
            done = (
                TaskRun.objects.filter(status=TaskRunStatus.DONE).exists()
                and CopilPack.objects.filter(pk=pack.pk, status=PackStatus.DONE).exists()
                and Notification.objects.filter(status=NotificationStatus.SENT).count() >= 3
            )
            if done:
                break
            time.sleep(0.5)
        recovered = time.monotonic() - killed_at
        print(f"\nrecovered {recovered:.1f} s after kill -9 (target {TARGET_SECONDS} s)")  # noqa: T201
        time.sleep(2)  # a duplicate would show now
    finally:
        for process in second:
            stop(process)
        # The killed runs' messages stay unacknowledged for an hour: leave no such message
        # for the next test that starts a worker on this Redis database.
        redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()
    worker_logs = "\n\n".join(path.read_text(errors="replace") for path in logs.values())
    assert recovered < TARGET_SECONDS, worker_logs

    run = TaskRun.objects.get()
    assert (run.task, run.status, run.attempts) == (
        "resources.tasks.scan_budget_overruns",
        TaskRunStatus.DONE,
        2,
    )
    pack.refresh_from_db()
    assert (pack.status, pack.attempts, pack.page_count > 0) == (PackStatus.DONE, 2, True)
    assert CopilPack.objects.count() == 1
    assert Alert.objects.filter(project=silent, flagged_by_pm=False).count() == 1
    assert Alert.objects.filter(project=flagged).exists()
    assert not Alert.objects.filter(project=flagged, flagged_by_pm=False).exists()
    rows = list(Notification.objects.order_by("to_email"))
    assert [(r.to_email, r.status, r.attempts) for r in rows] == [
        ("attendee_kill@example.org", NotificationStatus.SENT, 1),
        ("pm_silent@example.org", NotificationStatus.SENT, 1),
        ("pmo_kill@example.org", NotificationStatus.SENT, 1),
    ], worker_logs
