"""The load test of ``make bench`` (issue 16): gunicorn with the production settings on the
bench's PostgreSQL and Redis, driven on loopback by locust (pmo_portal/management/loadtest/).

For each size: the plan of the run is read from the seeded database (project managers and
the projects whose report they still have to submit, the PMO, executives and a meeting
whose pack is generated once, synchronously, beforehand; an API token of the PMO) and
written to a JSON file for locust; the static files are collected; then

1. the mixed run: gunicorn with WORKERS workers (the production image's 3), 50 users
   (30 project managers, 12 PMO, 8 executives; see the locustfile), 60 s;
2. the one-worker throughput: gunicorn ``--workers 1`` (sync worker, as in production),
   10 users with no think time for 20 s on the HTML project list (page 1, 25 rows, the PMO
   signed in), then 10 on the API's project list (25 rows, the PMO's token).

A wiring module (shared/DESIGN.md): it may import every app.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count

from pmo_portal.api import tokens
from pmo_portal.management import bench_db, load_results
from pmo_portal.roles import SIGN_IN_BACKEND, Role
from portfolios import demo as portfolio_demo
from portfolios.models import Portfolio, Project, ProjectStatus
from reporting.models import CopilMeeting, PackStatus, ReportStatus, StatusReport
from reporting.periods import Frequency, period_containing
from reporting.selectors.copil import meeting_projects
from reporting.selectors.policies import frequency_by_portfolio
from reporting.services import copil as copil_services

WORKERS = 3  # the production image's gunicorn line (Dockerfile, docker-compose.yml)
USERS, SPAWN_RATE, RUN_TIME = 50, 10, "60s"
THROUGHPUT_USERS, THROUGHPUT_TIME = 10, "20s"
HTML_TARGET_RPS = 150  # issue 16: under 7 ms of CPU per request
PEER_API_RPS = 209  # KANAP's project list, 25 rows
MIXED_USERS = ("ProjectManager", "Pmo", "Executive")
PROJECTS_PER_ACCOUNT = 300  # more than a 60-s run submits
PMO_USER = "pmo"
BUSINESS_UNIT = "Direction des Systèmes d'Information"
PACK_MAX_PROJECTS = 120  # a larger portfolio COPIL is skipped for a project committee
LOCUSTFILE = Path(__file__).resolve().parent / "loadtest" / "locustfile.py"


def _password(username: str) -> str:
    """The demo's passwords (portfolios/demo.py: "<username>-2026")."""
    return portfolio_demo.DemoAccount(Role.PMO, username, "", "").password


def _account(user) -> dict:
    return {"username": user.username, "password": _password(user.username)}


# --- The plan of a run ----------------------------------------------------------------------
def _managers_plan(today) -> list[dict]:
    """Each project manager managing active projects whose current report is not submitted
    yet, with those projects (the demo's own manager first)."""
    projects = list(
        Project.objects.filter(
            status=ProjectStatus.ACTIVE,
            is_archived=False,
            manager__groups__name=Role.PROJECT_MANAGER.value,
        )
        .order_by("pk")
        .values_list("pk", "portfolio_id", "manager_id")
    )
    frequencies = frequency_by_portfolio()
    starts = {
        pk: period_containing(today, frequencies.get(portfolio, Frequency.MONTHLY)).start
        for pk, portfolio, _manager in projects
    }
    submitted = set(
        StatusReport.objects.filter(
            status=ReportStatus.SUBMITTED, period_start__in=set(starts.values())
        ).values_list("project_id", "period_start")
    )
    by_manager: dict[int, list[int]] = {}
    for pk, _portfolio, manager in projects:
        if (pk, starts[pk]) not in submitted:
            by_manager.setdefault(manager, []).append(pk)
    users = get_user_model().objects.filter(pk__in=by_manager).order_by("username")
    ordered = sorted(users, key=lambda user: user.username != "chef.projet")
    return [
        {**_account(user), "projects": by_manager[user.pk][:PROJECTS_PER_ACCOUNT]}
        for user in ordered
    ]


def _ready_pack(pmo) -> tuple[CopilMeeting, int] | None:
    """A meeting the demo's executive attends, with a generated pack (rendered here, once,
    as the ``pdf`` queue would): the next portfolio COPIL when it covers at most
    PACK_MAX_PROJECTS live projects, else the project committee (a pack of one project)."""
    executive = get_user_model().objects.get(username="direction")
    meetings = list(CopilMeeting.objects.visible_to(executive).order_by("scheduled_at", "pk"))
    sized = [(meeting_projects(m).count(), m) for m in meetings]
    candidates = [m for count, m in sized if m.portfolio_id and count <= PACK_MAX_PROJECTS]
    candidates += [m for _count, m in sized if m.project_id]
    for meeting in candidates:
        done = meeting.packs.filter(status=PackStatus.DONE).order_by("-pk").first()
        if done is not None:
            return meeting, done.pk
        pack, _created = copil_services.request_pack(meeting=meeting, user=pmo)
        if copil_services.generate_pack(pack_id=pack.pk) is not None:
            return meeting, pack.pk
    return None


def _executives_plan(pmo) -> tuple[list[dict], dict]:
    ready = _ready_pack(pmo)
    if ready is None:
        return [], {"note": "no meeting with a pack could be prepared"}
    meeting, pack = ready
    users = get_user_model().objects.filter(groups__name=Role.EXECUTIVE.value).order_by("pk")
    plan = [
        {**_account(user), "meeting": meeting.pk, "pack": pack}
        for user in users
        if CopilMeeting.objects.visible_to(user).filter(pk=meeting.pk).exists()
    ]
    projects = meeting_projects(meeting).count()
    return plan, {"meeting": str(meeting), "projects": projects, "pack": pack}


def signed_in_session(user, secret_key: str) -> str:
    """A session of ``user`` for a server whose SECRET_KEY is ``secret_key`` (the session
    carries a hash made with it): the throughput runs measure the list, not the sign-in
    (PBKDF2, about half a second of CPU each, by design)."""
    from django.test import Client, override_settings

    with override_settings(SECRET_KEY=secret_key, ALLOWED_HOSTS=["testserver"]):
        client = Client()
        client.force_login(user, backend=SIGN_IN_BACKEND)
        return client.cookies[settings.SESSION_COOKIE_NAME].value


def prepare_plan(folder: Path, secret_key: str) -> tuple[Path, dict]:
    """Write the run's plan for the locustfile; returns its path and what it holds."""
    from django.utils import timezone

    today = timezone.localdate()
    pmo = get_user_model().objects.get(username=PMO_USER)
    business_unit = (
        Portfolio.objects.filter(name=BUSINESS_UNIT).first()
        or Portfolio.objects.filter(parent__isnull=False, parent__parent__isnull=True)
        .order_by("name")
        .first()
    )
    _token, secret = tokens.issue_token(
        owner=pmo,
        name=f"load test {timezone.now():%Y-%m-%d %H:%M:%S}",
        kind="personal",
        scopes=["read"],
        expires_on=today + timedelta(days=1),
        created_by=pmo,
    )
    managers = _managers_plan(today)
    executives, pack = _executives_plan(pmo)
    plan = {
        "pm": managers,
        "pmo": _account(pmo),
        "executives": executives,
        "business_unit": business_unit.pk if business_unit else None,
        "api_token": secret,
        "pmo_cookie": f"{settings.SESSION_COOKIE_NAME}={signed_in_session(pmo, secret_key)}",
    }
    path = folder / "load-plan.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    path.chmod(0o600)  # a token and passwords (the demo's)
    summary = {
        "project_managers": len(managers),
        "projects_to_submit": sum(len(m["projects"]) for m in managers),
        "executives": len(executives),
        "pack": pack,
    }
    return path, summary


# --- Processes ------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment() -> dict:
    """The production settings on loopback: a throw-away secret key, 127.0.0.1 as the host,
    this process's database and Redis. The API's rate limit is lifted (the throughput run
    sends thousands of requests a minute with one token; the throttle still runs)."""
    return {
        **os.environ,
        "DJANGO_ENV": "production",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": bench_db.database_url(),
        "REDIS_URL": settings.REDIS_URL or "",
        "API_RATE_LIMIT": "1000000",
        "LOG_LEVEL": "WARNING",
        "PMO_VAR_DIR": str(settings.VAR_DIR),
    }


def _bin(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def collect_static(env: dict) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
    )


class Server:
    """A running gunicorn: its URL, and the CPU time its workers have used so far."""

    def __init__(self, url: str, process: subprocess.Popen):
        self.url = url
        self.process = process

    def worker_cpu_seconds(self) -> float:
        """User + system CPU of the master's children (the workers), from /proc: what a
        request costs whatever else the machine runs (0.0 where /proc is missing)."""
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            ticks = 0
            for child in children:
                fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
                ticks += int(fields[11]) + int(fields[12])  # utime, stime
        except OSError:
            return 0.0
        return ticks / os.sysconf("SC_CLK_TCK")


@contextmanager
def gunicorn(env: dict, *, workers: int, log: Path):
    """gunicorn as the production image runs it (sync workers), on a free loopback port."""
    port = _free_port()
    command = [
        _bin("gunicorn"),
        "pmo_portal.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-tmp-dir",
        "/dev/shm",  # noqa: S108 (the production image's heartbeat folder: a RAM disk)
        "--access-logfile",
        str(log.with_suffix(".access.log")),
        "--error-logfile",
        str(log),
    ]
    process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env)  # noqa: S603
    server = Server(f"http://127.0.0.1:{port}", process)
    try:
        _wait_until_up(server.url, process)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    request = urllib.request.Request(  # noqa: S310 (loopback http)
        f"{url}/accounts/login/", headers={"X-Forwarded-Proto": "https"}
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start (exit {server.returncode})")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer on {url} within {timeout:.0f} s")


def locust(
    url: str, plan: Path, prefix: Path, *, users: int, run_time: str, classes: tuple[str, ...]
) -> tuple[list[dict], list[dict]]:
    """Run locust headless; returns its per-name rows and its distinct failures."""
    command = [
        _bin("locust"),
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(min(users, SPAWN_RATE)),
        "--run-time",
        run_time,
        "--stop-timeout",
        "10",
        "--host",
        url,
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        *classes,
    ]
    env = {
        **os.environ,
        "LOADTEST_PLAN": str(plan),
        "LOADTEST_USERS": str(users),
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    with open(prefix.with_suffix(".log"), "w", encoding="utf-8") as output:
        subprocess.run(  # noqa: S603 (locust from this virtualenv, fixed arguments)
            command, cwd=settings.BASE_DIR, env=env, stdout=output, stderr=output, check=False
        )
    stats = Path(f"{prefix}_stats.csv")
    if not stats.exists():
        raise RuntimeError(f"locust wrote no results; see {prefix.with_suffix('.log')}")
    return load_results.read_stats(stats), load_results.read_failures(f"{prefix}_failures.csv")


WARM_UP = {
    "HtmlProjectList": ("/projects/", "pmo_cookie", "Cookie", "{}"),
    "ApiProjectList": ("/api/v1/projects/?page_size=25", "api_token", "Authorization", "Bearer {}"),
}


def warm_up(url: str, user_class: str, plan: Path, requests: int = 5) -> None:
    """A few requests before the measure: the worker's first one loads the URLconf, the
    templates and the translations, which no later request pays."""
    path, key, header, value = WARM_UP[user_class]
    secret = json.loads(plan.read_text(encoding="utf-8"))[key]
    headers = {"X-Forwarded-Proto": "https", header: value.format(secret)}
    for _ in range(requests):
        request = urllib.request.Request(f"{url}{path}", headers=headers)  # noqa: S310
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            response.read()


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def database_size() -> dict:
    return {
        "projects": Project.objects.count(),
        "status_reports": StatusReport.objects.count(),
        "active_projects": Project.objects.filter(status=ProjectStatus.ACTIVE).count(),
        "portfolios": Portfolio.objects.aggregate(n=Count("pk"))["n"],
        "database": connection.settings_dict["NAME"],
    }


# --- One size -------------------------------------------------------------------------------
def run_size(folder: Path, stamp: str, *, workers: int, run_time: str, throughput_time: str, say):
    """The mixed run and the two one-worker throughputs on the database as it is."""
    size = database_size()
    say(f"{size['projects']:,} projects, {size['status_reports']:,} status reports")
    env = server_environment()
    plan, summary = prepare_plan(folder, env["SECRET_KEY"])
    say(
        f"  plan: {summary['project_managers']} project managers with "
        f"{summary['projects_to_submit']:,} reports to submit, {summary['executives']} "
        f"executives, pack {summary['pack']}"
    )
    collect_static(env)
    base = folder / f"load-{stamp}-{size['projects']}"
    entry = {
        **size,
        "plan": summary,
        "workers": workers,
        "run_time": run_time,
        "load_before": load_average(),
    }
    with gunicorn(env, workers=workers, log=base.with_suffix(".gunicorn.log")) as server:
        rows, failures = locust(
            server.url,
            plan,
            Path(f"{base}-mixed"),
            users=USERS,
            run_time=run_time,
            classes=MIXED_USERS,
        )
    entry.update(mixed=rows, mixed_failures=failures, load_after_mixed=load_average())
    one = {}
    with gunicorn(env, workers=1, log=base.with_suffix(".one-worker.log")) as server:
        for key, user_class, name in (
            ("html", "HtmlProjectList", "HTML project list"),
            ("api", "ApiProjectList", "API project list"),
        ):
            warm_up(server.url, user_class, plan)
            cpu = server.worker_cpu_seconds()
            found, errors = locust(
                server.url,
                plan,
                Path(f"{base}-{key}"),
                users=THROUGHPUT_USERS,
                run_time=throughput_time,
                classes=(user_class,),
            )
            cpu = server.worker_cpu_seconds() - cpu
            every = load_results.total(found) or {"requests": 0}
            one[key] = {
                **load_results.throughput(found, name),
                "failures_detail": errors,
                # The worker's CPU per request: the figure the noise of a shared machine does
                # not move; 1000 / it is the rate on a core of its own.
                "cpu_ms": round(cpu * 1000 / every["requests"], 2) if every["requests"] else None,
            }
    entry.update(one_worker=one, load_after=load_average())
    plan.unlink(missing_ok=True)  # it holds a live token
    return entry


def lines(entry: dict) -> list[str]:
    """The printed report of one size."""
    out = [
        f"Mixed run: {USERS} users (30 project managers, 12 PMO, 8 executives), "
        f"{entry.get('run_time', RUN_TIME)} (figures from the last user's sign-in on), "
        f"gunicorn {entry['workers']} workers (load average before "
        f"{entry['load_before'][0]:.2f}, after {entry['load_after_mixed'][0]:.2f})",
        *load_results.table(entry["mixed"]),
        *load_results.verdict(entry["mixed"], entry["mixed_failures"]),
    ]
    html, api = entry["one_worker"]["html"], entry["one_worker"]["api"]
    out.append(
        f"One gunicorn worker, {THROUGHPUT_USERS} concurrent, {THROUGHPUT_TIME}: "
        f"HTML project list: {html['rps']:.0f} req/s (target ≥ {HTML_TARGET_RPS}: "
        f"{'met' if html['rps'] >= HTML_TARGET_RPS else 'MISSED'}) · "
        f"API project list: {api['rps']:.0f} req/s (peer KANAP: {PEER_API_RPS})"
    )
    cpu = [entry["one_worker"][key].get("cpu_ms") for key in ("html", "api")]
    if all(cpu):
        out.append(
            f"  worker CPU per request: HTML {cpu[0]:.1f} ms (target < 7 ms, i.e. "
            f"{1000 / cpu[0]:.0f} req/s on a free core) · API {cpu[1]:.1f} ms "
            f"({1000 / cpu[1]:.0f} req/s on a free core)"
        )
    for key, label in (("html", "HTML project list"), ("api", "API project list")):
        figures = entry["one_worker"][key]
        if figures["failures"] or not figures["requests"]:
            out.append(f"FAILED: {label}: {figures['failures']} of {figures['requests']} failed")
    out.append(f"Load average after the run: {entry['load_after'][0]:.2f} (2-core machine)")
    return out
