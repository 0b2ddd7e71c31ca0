"""Status-report reminders (to PMs) and late notices (to the PMO) through the outbox.

Dates are fixed: on Saturday 28/11/2026 the monthly period (November) closes in 2 days and
October closed 28 days ago; the weekly period (23–29/11) closes tomorrow.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from unittest import mock

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django_celery_beat.models import PeriodicTask

from pmo_portal.celery import app
from pmo_portal.models import Notification, NotificationPreference, NotificationStatus
from pmo_portal.notifications import deliver_due
from pmo_portal.roles import Role
from portfolios.models import ProjectStatus
from reporting.models import ReportingPolicy
from reporting.periods import Frequency, period_containing
from reporting.services.reminders import LATE_KIND, REMINDER_KIND, send_report_reminders
from tests.portfolios.factories import PortfolioFactory, ProjectFactory, UserFactory
from tests.reporting.factories import StatusReportFactory

TODAY = date(2026, 11, 28)
NOVEMBER = period_containing(TODAY, Frequency.MONTHLY)
OCTOBER = NOVEMBER.previous()


@dataclass
class Setup:
    pmo_north: object
    pmo_south: object
    pm1: object
    pm2: object
    pm3: object
    pm4: object
    north: object
    p1: object
    p2: object
    p3: object
    p4: object
    p5: object


def submitted(project, period):
    return StatusReportFactory(project=project, period=period)


@pytest.fixture
def setup(db) -> Setup:
    """company → North → Portfolio N1 (all projects); company → South.

    pm1: P1, P2 (November missing) · pm2: P3 (November missing) · pm3: P4 (November
    submitted) · pm4: P5 (November submitted, October missing → late).
    The PMO user "pmo_north" sits on North; "pmo_south" on South.
    """
    company = PortfolioFactory(name="Compagnie")
    north = PortfolioFactory(name="Nord", parent=company)
    south = PortfolioFactory(name="Sud", parent=company)
    n1 = PortfolioFactory(name="Nord 1", parent=north)
    pmo_north = UserFactory(username="pmo_north", roles=[Role.PMO])
    pmo_south = UserFactory(username="pmo_south", roles=[Role.PMO])
    north.members.add(pmo_north)
    south.members.add(pmo_south)
    pms = [UserFactory(username=f"pm{i}", roles=[Role.PROJECT_MANAGER]) for i in range(1, 5)]
    projects = [
        ProjectFactory(code=code, name=f"Projet {code}", portfolio=n1, manager=manager)
        for code, manager in [
            ("P1", pms[0]),
            ("P2", pms[0]),
            ("P3", pms[1]),
            ("P4", pms[2]),
            ("P5", pms[3]),
        ]
    ]
    for project in projects[:4]:
        submitted(project, OCTOBER)
    for project in projects[3:]:
        submitted(project, NOVEMBER)
    StatusReportFactory(project=projects[0], period=NOVEMBER, draft=True)  # a draft is not enough
    return Setup(pmo_north, pmo_south, *pms, north, *projects)


def rows(kind=None):
    queryset = Notification.objects.order_by("dedup_key")
    if kind:
        queryset = queryset.filter(kind=kind)
    return list(queryset)


def recipients(kind=None):
    return sorted(row.recipient.username for row in rows(kind))


def report_path(project) -> str:
    """The project's reports page (its detail page until reporting ships that page)."""
    try:
        return reverse("reporting:project_reports", args=[project.pk])
    except NoReverseMatch:
        return reverse("portfolios:project_detail", args=[project.pk])


def run(today=TODAY):
    return send_report_reminders(today=today)


# --- reminders to project managers ---------------------------------------------------------
def test_rerun_sends_exactly_one_email_per_pm(setup, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        first = run()
    assert first == {"reminders": 2, "late_notices": 1, "projects_due": 3, "projects_late": 1}
    assert len(callbacks) == 1  # delivery is triggered after commit

    with django_capture_on_commit_callbacks() as callbacks:
        second = run()
    assert second["reminders"] == second["late_notices"] == 0
    assert callbacks == []  # nothing new, no delivery triggered

    assert recipients(REMINDER_KIND) == ["pm1", "pm2"]
    assert deliver_due()["sent"] == 3
    run()
    assert deliver_due()["sent"] == 0
    assert sorted(m.to[0] for m in mail.outbox) == [
        "pm1@example.org",
        "pm2@example.org",
        "pmo_north@example.org",  # the late notice
    ]


def test_one_email_per_pm_lists_all_their_projects(setup, settings):
    settings.PORTAL_BASE_URL = "https://pmo.example.org/"
    run()
    (row,) = [r for r in rows(REMINDER_KIND) if r.recipient == setup.pm1]
    assert row.dedup_key == f"report-reminder:{setup.pm1.pk}:monthly:2026-11-01"
    assert row.to_email == "pm1@example.org"
    assert "30/11/2026" in row.subject  # the period's last day, in French
    assert "P1 — Projet P1" in row.body
    assert "P2 — Projet P2" in row.body
    assert "P3" not in row.body
    assert f"https://pmo.example.org{report_path(setup.p1)}\n" in row.body
    assert "https://pmo.example.org/accounts/notifications/" in row.body


def test_project_link_points_to_its_reports_page(setup):
    run()
    (row,) = [r for r in rows(REMINDER_KIND) if r.recipient == setup.pm2]
    assert f"http://127.0.0.1:8000{report_path(setup.p3)}\n" in row.body


def test_a_pm_who_submitted_gets_no_reminder(setup):
    run()
    assert "pm3" not in recipients()
    assert "pm4" not in recipients()  # P5 is late for October, but that goes to the PMO


def test_reminder_preference_off_means_no_email(setup):
    NotificationPreference.objects.create(user=setup.pm1, email_reminders=False)
    NotificationPreference.objects.create(user=setup.pm2, email_alerts=False)  # other kind
    result = run()
    assert recipients(REMINDER_KIND) == ["pm2"]
    assert result["reminders"] == 1
    deliver_due()
    assert "pm1@example.org" not in [m.to[0] for m in mail.outbox]


def test_no_reminder_before_the_window(setup):
    # 20 days before November closes and (on the 2nd) October closed only 2 days ago.
    assert run(date(2026, 11, 2)) == {
        "reminders": 0,
        "late_notices": 0,
        "projects_due": 0,
        "projects_late": 0,
    }
    assert rows() == []


def test_reminder_window_follows_the_setting(setup, settings):
    settings.REPORT_REMINDER_DAYS = 5
    assert run(date(2026, 11, 25))["reminders"] == 2
    settings.REPORT_REMINDER_DAYS = 3
    Notification.objects.all().delete()
    assert run(date(2026, 11, 25))["reminders"] == 0


def test_projects_that_owe_no_report_are_left_alone(setup):
    setup.p1.status = ProjectStatus.ON_HOLD
    setup.p1.save()
    setup.p2.is_archived = True
    setup.p2.save()
    setup.p3.planned_start = date(2026, 12, 1)  # starts next month
    setup.p3.save()
    assert run()["projects_due"] == 0
    assert recipients(REMINDER_KIND) == []


def test_inactive_manager_gets_nothing(setup):
    setup.pm2.is_active = False
    setup.pm2.save()
    run()
    assert recipients(REMINDER_KIND) == ["pm1"]


def test_weekly_portfolio_gets_weekly_reminders(setup):
    weekly = PortfolioFactory(name="Hebdo", parent=setup.north)
    ReportingPolicy.objects.create(portfolio=weekly, frequency=Frequency.WEEKLY)
    pm5 = UserFactory(username="pm5")
    project = ProjectFactory(code="W1", portfolio=weekly, manager=pm5)
    last_week = period_containing(TODAY, Frequency.WEEKLY).previous()
    submitted(project, last_week)
    run()
    (row,) = [r for r in rows(REMINDER_KIND) if r.recipient == pm5]
    assert row.dedup_key == f"report-reminder:{pm5.pk}:weekly:2026-11-23"
    assert "29/11/2026" in row.subject
    assert "W1" in row.body


def test_emails_speak_the_portal_language(setup, settings):
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("fr"):  # whatever the language of the caller
        run()
    (row,) = [r for r in rows(REMINDER_KIND) if r.recipient == setup.pm1]
    assert "30/11/2026" not in row.subject
    assert "2026" in row.subject


# --- late notices to the PMO ---------------------------------------------------------------
def test_late_report_goes_to_the_pmo_of_the_portfolio(setup):
    run()
    assert recipients(LATE_KIND) == ["pmo_north"]
    (row,) = rows(LATE_KIND)
    assert row.dedup_key == f"report-late:{setup.pmo_north.pk}:monthly:2026-10-01"
    assert "P5 — Projet P5" in row.body
    assert setup.pm4.get_full_name() in row.body
    assert "P1" not in row.body  # submitted for October
    assert "31/10/2026" in row.subject


def test_late_notice_once_per_period(setup):
    run()
    run(date(2026, 11, 29))
    assert len(rows(LATE_KIND)) == 1


def test_not_late_within_the_grace_days(setup, settings):
    settings.REPORT_GRACE_DAYS = 2
    assert run(date(2026, 11, 2))["late_notices"] == 0
    assert run(date(2026, 11, 3))["late_notices"] == 1


def test_late_without_a_pmo_on_the_portfolio_goes_to_every_pmo(setup):
    setup.north.members.remove(setup.pmo_north)
    run()
    assert recipients(LATE_KIND) == ["pmo_north", "pmo_south"]


def test_late_notice_respects_the_preference(setup):
    NotificationPreference.objects.create(user=setup.pmo_north, email_reminders=False)
    run()
    assert recipients(LATE_KIND) == []


def test_one_late_notice_lists_every_late_project(setup):
    setup.p1.status_reports.filter(period_start=OCTOBER.start).delete()
    run()
    (row,) = rows(LATE_KIND)
    assert "P1 — Projet P1" in row.body
    assert "P5 — Projet P5" in row.body


# --- cost: constant number of queries ------------------------------------------------------
def _grow(portfolios, managers, count, start):
    for i in range(start, start + count):
        project = ProjectFactory(
            code=f"Q{i:04d}",
            portfolio=portfolios[i % len(portfolios)],
            manager=managers[i % len(managers)],
        )
        if i % 2:
            submitted(project, period_containing(TODAY, Frequency.MONTHLY).previous())


def _count_queries():
    Notification.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        result = run()
    return len(queries), result


def test_query_count_does_not_grow_with_the_number_of_projects(setup):
    weekly = PortfolioFactory(name="Hebdo", parent=setup.north)
    ReportingPolicy.objects.create(portfolio=weekly, frequency=Frequency.WEEKLY)
    managers = [UserFactory(username=f"grow{i}") for i in range(5)]
    portfolios = [weekly, setup.p1.portfolio]
    _grow(portfolios, managers, 10, 0)
    small, small_result = _count_queries()
    _grow(portfolios, managers, 190, 10)
    large, large_result = _count_queries()
    assert large_result["projects_due"] > small_result["projects_due"] + 150
    assert large_result["projects_late"] > small_result["projects_late"] + 50
    assert small == large
    assert large <= 12


# --- the task and its schedule -------------------------------------------------------------
def test_task_is_registered_and_safe_to_lose_a_worker():
    app.loader.import_default_modules()  # what a worker does at start: autodiscovery
    task = app.tasks["reporting.tasks.send_report_reminders"]
    assert task.acks_late is True
    assert task.reject_on_worker_lost is True
    assert task.time_limit
    assert task.soft_time_limit < task.time_limit


def test_task_calls_the_service(db):
    """The task runs the service (under its lease: pmo_portal.leases writes a TaskRun row)."""
    from reporting.tasks import send_report_reminders as task

    with mock.patch(
        "reporting.services.reminders.send_report_reminders", return_value={"reminders": 0}
    ) as service:
        assert task.apply().get() == {"reminders": 0}
    service.assert_called_once_with()


def test_reminders_are_scheduled_every_morning_in_paris(db):
    task = PeriodicTask.objects.select_related("crontab").get(name="Status report reminders")
    assert task.task == "reporting.tasks.send_report_reminders"
    assert task.queue == "default"
    crontab = task.crontab
    assert (crontab.minute, crontab.hour, crontab.day_of_week) == ("30", "7", "*")
    assert (crontab.day_of_month, crontab.month_of_year) == ("*", "*")
    assert str(crontab.timezone) == "Europe/Paris"


# --- end to end: commit → a real worker on Redis delivers ----------------------------------
@pytest.mark.django_db(transaction=True)
def test_after_commit_a_worker_delivers_the_reminders():
    # No role groups here: a transactional test may run after another one flushed them.
    manager = UserFactory(username="pm_worker")
    project = ProjectFactory(code="E2E", portfolio=PortfolioFactory(name="E2E"), manager=manager)
    submitted(project, OCTOBER)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert run()["reminders"] == 1
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if Notification.objects.filter(status=NotificationStatus.SENT).exists():
                break
            time.sleep(0.2)
    row = Notification.objects.get()
    assert row.status == NotificationStatus.SENT
    assert [m.to for m in mail.outbox] == [["pm_worker@example.org"]]
