"""manage.py bench_load (issue 16): the locustfile's users and their tasks, what they read in
pages, and the table printed from locust's CSV. No gunicorn here: the run itself is make
bench's."""

import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from pmo_portal.management import bench_load, load_results
from pmo_portal.management.loadtest import pages
from reporting.models import ReportStatus, StatusReport

# Imported in a process of its own: importing locust monkey-patches the standard library
# (gevent), which must not happen inside the test process.
DESCRIBE_USERS = """
import json
from pmo_portal.management.loadtest import locustfile as f
users = {}
for name in ("ProjectManager", "Pmo", "Executive", "HtmlProjectList", "ApiProjectList"):
    cls = getattr(f, name)
    users[name] = {"tasks": sorted({t.__name__ for t in cls.tasks}), "count": cls.fixed_count}
print(json.dumps({"users": users, "projects": {k: list(v) for k, v in f.PROJECTS.items()}}))
"""


@pytest.fixture
def plan(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(
        json.dumps(
            {
                "pm": [
                    {"username": "chef.projet", "password": "x", "projects": [7, 9]},
                    {"username": "t.moreau", "password": "x", "projects": [11]},
                ],
                "pmo": {"username": "pmo", "password": "x"},
                "executives": [{"username": "direction", "password": "x", "meeting": 1, "pack": 2}],
                "business_unit": 3,
                "api_token": "pmo_secret",
            }
        )
    )
    return path


def test_locustfile_defines_the_three_users_and_the_throughput_ones(plan):
    done = subprocess.run(
        [sys.executable, "-c", DESCRIBE_USERS],
        cwd=settings.BASE_DIR,
        env={**os.environ, "LOADTEST_PLAN": str(plan), "PYTHONPATH": str(settings.BASE_DIR)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    described = json.loads(done.stdout.strip().splitlines()[-1])
    users = described["users"]
    assert users["ProjectManager"]["tasks"] == ["report"]
    assert users["Pmo"]["tasks"] == ["budget", "dashboards", "project_list"]
    assert users["Executive"]["tasks"] == ["copil"]
    assert users["HtmlProjectList"]["tasks"] == ["first_page"]
    assert users["ApiProjectList"]["tasks"] == ["first_page"]
    # The mix of the 50 users of the mixed run.
    counts = [users[name]["count"] for name in bench_load.MIXED_USERS]
    assert counts == [30, 12, 8]
    assert sum(counts) == bench_load.USERS
    # Each project manager account's projects, to be submitted once each.
    assert described["projects"] == {"chef.projet": [7, 9], "t.moreau": [11]}


STORM = """
import json
from locust.env import Environment
from pmo_portal.management.loadtest import locustfile as f
env = Environment(events=f.events)
env.create_local_runner()
fire = env.events.request.fire
base = {"request_type": "POST", "response_length": 0, "context": {}}
fire(name="sign-in", response_time=900, exception=None, **base)
fire(name="PM: home", response_time=5000, exception=None, **base)
f._signed_in_one(env)
fire(name="sign-in", response_time=800, exception=RuntimeError("403"), **base)
f._signed_in_one(env)  # the second and last user: the figures start again
fire(name="PM: home", response_time=40, exception=None, **base)
stats = {
    e.name: [e.num_requests, e.num_failures, e.max_response_time]
    for e in env.stats.entries.values()
}
print(json.dumps(stats))
"""


def test_the_sign_in_storm_is_left_out_of_the_pages_figures_not_of_the_errors(plan):
    done = subprocess.run(
        [sys.executable, "-c", STORM],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "LOADTEST_PLAN": str(plan),
            "LOADTEST_USERS": "2",
            "PYTHONPATH": str(settings.BASE_DIR),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    stats = json.loads(done.stdout.strip().splitlines()[-1])
    # The home page opened during the storm (5 s) is not counted; the one after it is.
    assert stats["PM: home"] == [1, 0, 40]
    # Both sign-ins are kept, their failure with them.
    assert stats["sign-in"] == [2, 1, 900]


REPORT_FORM = """
<form method="post" action="/search/"><input name="q" value="x"></form>
<form method="post" novalidate class="report-form">
  <input type="hidden" name="csrfmiddlewaretoken" value="tok&amp;en">
  <input type="hidden" name="version" value="4">
  <input type="number" name="percent_complete" value="40">
  <input type="radio" name="health_overall" value="1">
  <input type="radio" name="health_overall" value="2" checked>
  <input type="checkbox" name="flag" checked>
  <input type="checkbox" name="other">
  <select name="trend"><option value="">---</option><option value="up" selected>Up</option></select>
  <select name="first"><option value="a">A</option><option value="b">B</option></select>
  <textarea name="summary">
Line one &lt;b&gt;
line two</textarea>
  <input type="date" name="milestones-0-forecast_date" value="2026-12-01">
  <button type="submit" name="action" value="submit">Submit report</button>
</form>
<div data-hx-get="/reporting/dashboard/budget/?a=1" data-hx-trigger="load"></div>
<div data-hx-get="/not/lazy/" data-hx-trigger="click"></div>
"""


def test_form_is_read_as_a_browser_would_send_it():
    form = pages.form_with(REPORT_FORM, "version")
    assert form["method"] == "post"
    assert form["action"] == ""
    assert form["fields"] == [
        ("csrfmiddlewaretoken", "tok&en"),
        ("version", "4"),
        ("percent_complete", "40"),
        ("health_overall", "2"),
        ("flag", "on"),
        ("trend", "up"),
        ("first", "a"),
        ("summary", "Line one <b>\nline two"),
        ("milestones-0-forecast_date", "2026-12-01"),
    ]
    assert pages.form_with(REPORT_FORM, "absent") is None
    assert pages.csrf_token(REPORT_FORM) == "tok&en"
    assert pages.lazy_blocks(REPORT_FORM) == ["/reporting/dashboard/budget/?a=1"]


STATS_HEADER = (
    "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,"
    "Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,"
    "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%\n"
)


def write_stats(folder: Path, rows: list[str], failures: list[str] = ()) -> tuple[Path, Path]:
    stats = folder / "run_stats.csv"
    stats.write_text(STATS_HEADER + "".join(f"{row}\n" for row in rows))
    failed = folder / "run_failures.csv"
    failed.write_text("Method,Name,Error,Occurrences\n" + "".join(f"{f}\n" for f in failures))
    return stats, failed


def test_table_prints_each_page_and_no_error(tmp_path):
    stats, failures = write_stats(
        tmp_path,
        [
            "GET,PMO: project list,120,0,40,45,20,300,51234,2.0,0.0,"
            "40,44,48,50,60,85,120,150,290,300,300",
            "GET,Executive: pack download,0,0,0,0,0,0,0,0.0,0.0,"
            "N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A,N/A",
            ",Aggregated,120,0,40,45,20,300,51234,2.0,0.0,40,44,48,50,60,85,120,150,290,300,300",
        ],
    )
    rows = load_results.read_stats(stats)
    assert rows[0] == {
        "name": "PMO: project list",
        "method": "GET",
        "requests": 120,
        "failures": 0,
        "rps": 2.0,
        "p50_ms": 40.0,
        "p95_ms": 85.0,
        "p99_ms": 150.0,
    }
    lines = load_results.table(rows)
    assert lines[0].split() == [
        "page",
        "requests",
        "failures",
        "req/s",
        "p50",
        "ms",
        "p95",
        "ms",
        "p99",
        "ms",
    ]
    assert lines[2].split()[-6:] == ["120", "0", "2.0", "40", "85", "150"]
    assert lines[3].split()[-3:] == ["n/a", "n/a", "n/a"]
    assert lines[-1].startswith("All requests")
    assert load_results.verdict(rows, load_results.read_failures(failures)) == ["Errors: none."]


def test_a_failed_request_makes_the_run_say_failed(tmp_path):
    stats, failures = write_stats(
        tmp_path,
        [
            "POST,PM: submit report,10,2,90,95,50,200,1000,0.5,0.1,"
            "90,95,100,100,150,180,200,200,200,200,200",
            ",Aggregated,10,2,90,95,50,200,1000,0.5,0.1,90,95,100,100,150,180,200,200,200,200,200",
        ],
        ['POST,PM: submit report,"submit: the form came back (edit conflict, invalid)",2'],
    )
    rows = load_results.read_stats(stats)
    verdict = load_results.verdict(rows, load_results.read_failures(failures))
    assert verdict[0] == "FAILED: 2 failed request(s)."
    assert "2 × POST PM: submit report: submit: the form came back" in verdict[1]
    assert load_results.throughput(rows, "PM: submit report")["rps"] == 0.5
    assert load_results.throughput(rows, "absent")["requests"] == 0


def test_report_prints_the_one_worker_figures_beside_the_targets():
    figures = {"requests": 3000, "failures": 0, "p50_ms": 60.0, "p95_ms": 90.0}
    entry = {
        "workers": 3,
        "load_before": [1.5, 1, 1],
        "load_after_mixed": [3.25, 2, 1],
        "load_after": [2.0, 2, 1],
        "mixed": [
            {"name": "Aggregated", "method": "", "requests": 9, "failures": 0, "rps": 1.0}
            | {"p50_ms": 1.0, "p95_ms": 2.0, "p99_ms": 3.0}
        ],
        "mixed_failures": [],
        "one_worker": {
            "html": {**figures, "rps": 162.4},
            "api": {**figures, "rps": 95.0, "failures": 4},
        },
    }
    printed = "\n".join(bench_load.lines(entry))
    assert (
        "HTML project list: 162 req/s (target ≥ 150: met) · API project list: 95 req/s "
        "(peer KANAP: 209)" in printed
    )
    assert "FAILED: API project list: 4 of 3000 failed" in printed
    assert "load average before 1.50, after 3.25" in printed


@pytest.fixture
def fixed_day():
    with time_machine.travel(datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))):
        yield date(2026, 11, 18)


def test_plan_gives_each_manager_the_projects_whose_report_is_still_due(fixed_day, world):
    plan = {account["username"]: account for account in bench_load._managers_plan(fixed_day)}
    assert {name: account["projects"] for name, account in plan.items()} == {
        "other_pm": [world.project_b.pk],
        "pm_user": [world.project_a.pk],  # its draft of this period is still to submit
    }
    assert plan["pm_user"]["password"] == "pm_user-2026"  # the demo's passwords
    StatusReport.objects.filter(pk=world.draft_a.pk).update(
        status=ReportStatus.SUBMITTED, submitted_at=timezone.now()
    )
    plan = bench_load._managers_plan(fixed_day)
    assert [account["username"] for account in plan] == ["other_pm"]


@pytest.mark.django_db
def test_the_load_test_never_reseeds_a_database_not_meant_for_it():
    with pytest.raises(CommandError, match="not a bench database"):
        call_command("bench_load", sizes=[10])
