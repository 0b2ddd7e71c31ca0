"""Starting a period's report twice at once (double click, several tabs): every request gets
the same draft, none a 500 (issue 10, item 3)."""

import threading

import pytest
from django.db import connection

from reporting.models import StatusReport
from reporting.services import reports as services
from tests.portfolios.factories import PortfolioFactory, ProjectFactory, UserFactory
from tests.reporting.factories import StatusReportFactory


def test_a_concurrent_creation_returns_the_report_created_first(world, monkeypatch):
    """Deterministic race: the existence check misses the row another request inserts
    in between; the insert then fails on the unique constraint and the existing report is
    returned (the outer transaction stays usable)."""
    project = world.project_a
    world.draft_a.delete()
    period = services.current_period(project)
    real_previous = services.previous_report

    def previous_then_concurrent_insert(*args, **kwargs):
        # The other request's draft, written after this one's existence check.
        StatusReportFactory(project=project, period=period, draft=True)
        return real_previous(*args, **kwargs)

    monkeypatch.setattr(services, "previous_report", previous_then_concurrent_insert)
    report = services.open_report(project=project, user=world.users["pm"])
    assert StatusReport.objects.filter(project=project, period_start=period.start).count() == 1
    assert report.pk == StatusReport.objects.get(project=project, period_start=period.start).pk


@pytest.mark.django_db(transaction=True)
def test_four_simultaneous_starts_give_one_report(monkeypatch):
    # No role groups here: a transactional test may run after another one flushed them.
    manager = UserFactory(username="pm_race")
    project = ProjectFactory(code="RACE", portfolio=PortfolioFactory(name="Race"), manager=manager)
    threads_count = 4
    # Every thread passes the existence check before any of them inserts.
    barrier = threading.Barrier(threads_count, timeout=10)
    real_previous = services.previous_report

    def previous_after_everyone_checked(*args, **kwargs):
        barrier.wait()
        return real_previous(*args, **kwargs)

    results, errors = [], []

    def start():
        try:
            results.append(services.open_report(project=project, user=manager).pk)
        except Exception as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    monkeypatch.setattr(services, "previous_report", previous_after_everyone_checked)
    threads = [threading.Thread(target=start) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert len(results) == threads_count
    assert len(set(results)) == 1
    assert StatusReport.objects.filter(project=project).count() == 1
    assert StatusReport.objects.get(project=project).pk == results[0]
