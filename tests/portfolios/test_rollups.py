"""The roll-ups' writes: a service's change reaches them in two queries, the nightly
reconciliation logs, fixes and counts differences (and a rerun finds none), its command
prints them, and the task is on the beat schedule."""

import logging
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_celery_beat.models import PeriodicTask

from portfolios.models import ALWAYS, Rollup, RollupEntry
from portfolios.services import update_project
from portfolios.services.rollups import reconcile, refresh_projects
from portfolios.tasks import reconcile_rollups
from reporting.services.reports import open_report, save_report


def figure(node, key, period=ALWAYS) -> int:
    row = Rollup.objects.filter(portfolio=node, key=key, period=period).first()
    return int(row.value) if row else 0


def test_a_submit_moves_the_health_counts_in_two_queries(world):
    reconcile(log_each=False)
    project = world.project_a
    assert figure(world.p1, "health:0") == 1  # A has declared nothing yet
    report = open_report(project=project, user=world.users["pm"])
    with CaptureQueriesContext(connection) as queries:
        refresh_projects([project.pk])
    assert len(queries) == 2
    save_report(
        report=report,
        user=world.users["pm"],
        data={"health_overall": 3},
        version=report.version,
        submit=True,
    )
    assert figure(world.p1, "health:0") == 0
    assert figure(world.p1, "health:3") == 1
    assert figure(world.p1, "sub", report.period_start) == 1
    assert reconcile() == {"differences": 0, "ledger_differences": 0}


def test_a_moved_project_takes_its_figures_along(world):
    reconcile(log_each=False)
    assert (figure(world.p1, "projects"), figure(world.p2, "projects")) == (1, 1)
    update_project(project=world.project_a, user=world.users["pmo"], fields={"portfolio": world.p2})
    assert (figure(world.p1, "projects"), figure(world.p2, "projects")) == (0, 2)
    assert figure(world.p1, "risks") == 0
    assert figure(world.p2, "risks") == 2
    update_project(project=world.project_b, user=world.users["pmo"], fields={"status": "closed"})
    assert figure(world.p2, "projects") == 1
    assert figure(world.p2, "status:closed") == 1
    assert reconcile() == {"differences": 0, "ledger_differences": 0}


def test_reconciliation_logs_fixes_and_counts_each_difference(world, caplog):
    reconcile(log_each=False)
    Rollup.objects.filter(portfolio=world.p1, key="projects").update(value=Decimal(7))
    RollupEntry.objects.filter(project=world.project_b, key="risks").delete()
    with caplog.at_level(logging.WARNING, logger="portfolios.services.rollups"):
        # B's node still holds its risk: only its ledger row was wrong.
        assert reconcile() == {"differences": 1, "ledger_differences": 1}
    messages = [record.getMessage() for record in caplog.records]
    assert any(f"portfolio {world.p1.pk}, projects" in m and "stored 7" in m for m in messages)
    assert any(f"[{world.project_b.pk}]" in m for m in messages)
    assert figure(world.p1, "projects") == 1
    assert reconcile() == {"differences": 0, "ledger_differences": 0}  # idempotent


def test_filling_empty_rollups_fixes_quietly_and_still_counts(world, caplog):
    """The seed fills the roll-ups of bulk-created rows: no warning for each project."""
    reconcile(log_each=False)
    RollupEntry.objects.filter(project=world.project_b).delete()
    with caplog.at_level(logging.WARNING, logger="portfolios.services.rollups"):
        assert reconcile(log_each=False)["ledger_differences"] == 1
    assert not caplog.records
    assert reconcile() == {"differences": 0, "ledger_differences": 0}


def test_the_command_prints_the_differences(world):
    out = StringIO()
    call_command("reconcile_rollups", stdout=out)
    assert "differences: 0" not in out.getvalue().splitlines()[0]  # filled from factories
    out = StringIO()
    call_command("reconcile_rollups", stdout=out)
    assert out.getvalue().splitlines()[0] == "differences: 0"


def test_the_nightly_task_is_scheduled_on_the_default_queue(world):
    task = PeriodicTask.objects.get(task="portfolios.tasks.reconcile_rollups")
    assert task.queue == "default"
    assert (task.crontab.hour, task.crontab.minute) == ("3", "10")
    assert reconcile_rollups.apply().get()["ledger_differences"] > 0
    assert reconcile_rollups.apply().get() == {"differences": 0, "ledger_differences": 0}


@pytest.mark.parametrize("sqlite", [True])
def test_nothing_is_written_without_postgresql(world, sqlite, monkeypatch):
    monkeypatch.setattr(connection, "vendor", "sqlite")
    refresh_projects([world.project_a.pk])
    assert reconcile() == {"differences": 0, "ledger_differences": 0}
    monkeypatch.undo()
    assert not Rollup.objects.exists()


@pytest.mark.parametrize("role", ["pmo", "executive", "pm"])
def test_the_portfolio_tree_counts_the_same_from_the_rollups(world, settings, role):
    from portfolios.selectors import portfolio_tree
    from tests.portfolios.factories import ProjectFactory

    ProjectFactory(portfolio=world.p1, status="closed")
    ProjectFactory(portfolio=world.north, status="proposed")
    ProjectFactory(portfolio=world.p2, is_archived=True)
    reconcile(log_each=False)
    user = world.users[role]

    def rows():
        return [(row.node.pk, row.own, row.total, row.cells) for row in portfolio_tree(user=user)]

    scanned = rows()
    settings.PMO_ROLLUPS_READ = True
    assert rows() == scanned
    if role == "pmo":  # the company: A, B, the closed and the proposed ones, not the archived
        assert scanned[0][2] == 4
