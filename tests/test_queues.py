"""One worker per queue: the Procfile's `default` and `pdf` workers, started as written
there on Redis, deliver an alert e-mail while COPIL packs render (a long render never delays
an alert, shared/DESIGN.md "Background work")."""

import os
import shlex
import subprocess
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.utils import timezone

from pmo_portal.models import Notification, NotificationStatus
from pmo_portal.notifications import enqueue
from pmo_portal.tasks import deliver_notifications
from reporting.models import CopilPack, PackStatus
from reporting.services.copil import request_pack
from tests.clock import clock_env, python_on_test_clock
from tests.portfolios.factories import PortfolioFactory, ProjectFactory, UserFactory
from tests.reporting.factories import MilestoneFactory, StatusReportFactory
from tests.reporting.factories_copil import CopilMeetingFactory
from tests.workers import database_url, stop

PROCFILE = Path(settings.BASE_DIR) / "Procfile"


def procfile() -> dict[str, list[str]]:
    processes = {}
    for line in PROCFILE.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, command = line.split(":", 1)
            processes[name.strip()] = shlex.split(command)
    return processes


def test_procfile_runs_one_worker_per_queue_and_one_beat():
    processes = procfile()
    queues = {}
    for name, argv in processes.items():
        if argv[:4] == ["celery", "-A", "pmo_portal", "worker"]:
            queues[name] = argv[argv.index("-Q") + 1]
    assert sorted(queues.values()) == ["default", "pdf"]
    pdf = processes[next(name for name, queue in queues.items() if queue == "pdf")]
    assert pdf[pdf.index("--prefetch-multiplier") + 1] == "1"  # one render at a time
    assert sum(argv[3] == "beat" for argv in processes.values() if len(argv) > 3) == 1


def _start(name: str, argv: list[str], log_path: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.CELERY_BROKER_URL,
        "DJANGO_SETTINGS_MODULE": "pmo_portal.settings_test",
        **clock_env(),
    }
    log = open(log_path, "w")  # noqa: SIM115 - closed with the process
    # The Procfile's command, run with this interpreter's celery on the test's clock (its
    # notifications are due at the test's time, tests/clock.py).
    command = python_on_test_clock(module=[*argv, "--without-mingle", "--without-gossip"])
    process = subprocess.Popen(
        command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=settings.BASE_DIR
    )
    process.log = log
    return process


def _wait(condition, timeout: float, what: str, logs: list[Path]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(what + "\n" + "\n".join(p.read_text(errors="replace") for p in logs))


def _meeting(index: int, pmo):
    portfolio = PortfolioFactory(name=f"Portefeuille {index}")
    for number in range(30):
        project = ProjectFactory(
            code=f"Q{index}-{number:02d}", portfolio=portfolio, health_overall=2
        )
        StatusReportFactory(project=project)
        MilestoneFactory(project=project)
    return CopilMeetingFactory(
        title=f"COPIL {index}",
        portfolio=portfolio,
    )


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_alert_delivered_while_packs_render(tmp_path):
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.skip("needs Redis (REDIS_URL)")
    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()
    processes = procfile()
    workers = {
        argv[argv.index("-Q") + 1]: argv
        for argv in processes.values()
        if argv[:4] == ["celery", "-A", "pmo_portal", "worker"]
    }
    pmo = UserFactory(username="pmo_queues")
    meetings = [_meeting(index, pmo) for index in (1, 2)]
    logs = {queue: tmp_path / f"{queue}.log" for queue in workers}
    started = {queue: _start(queue, argv, logs[queue]) for queue, argv in workers.items()}
    try:
        for log in logs.values():
            _wait(lambda log=log: "ready." in log.read_text(), 60, "worker not ready", [log])
        # Two packs: enough to keep every process of a shared worker busy.
        for meeting in meetings:
            request_pack(meeting=meeting, user=pmo)
        _wait(
            lambda: CopilPack.objects.filter(status=PackStatus.RUNNING).exists(),
            60,
            "no pack started",
            list(logs.values()),
        )
        row, _created = enqueue(
            dedup_key="queues-test",
            kind="budget_alert",
            recipient=pmo,
            subject="Dépassement budgétaire",
            body="Alerte",
        )
        deliver_notifications.delay()
        _wait(
            lambda: Notification.objects.filter(status=NotificationStatus.SENT).exists(),
            60,
            "alert not delivered",
            list(logs.values()),
        )
        delivered = timezone.now()
        # The alert went out while the packs were still rendering.
        assert CopilPack.objects.exclude(status=PackStatus.DONE).exists()
        _wait(
            lambda: CopilPack.objects.filter(status=PackStatus.DONE).count() == 2,
            240,
            "packs not rendered",
            list(logs.values()),
        )
    finally:
        for process in started.values():
            stop(process)
    row.refresh_from_db()
    packs = list(CopilPack.objects.order_by("finished_at"))
    assert row.sent_at <= delivered
    assert row.sent_at < packs[-1].finished_at
    # Each queue's work ran in its own worker.
    assert "render_copil_pack[" in logs["pdf"].read_text()
    assert "render_copil_pack[" not in logs["default"].read_text()
    assert "deliver_notifications[" in logs["default"].read_text()
