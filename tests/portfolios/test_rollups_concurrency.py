"""Concurrent changes reach the roll-ups without losing an update: the node row is
incremented in the database (``value = value + excluded.value``), and two refreshes of the
same project run one after the other (a lock on the project row), each seeing the other's
change."""

import threading
import time

import pytest
from django.db import connection, transaction

from portfolios.models import ALWAYS, Project, Rollup
from portfolios.services.rollups import reconcile, refresh_projects
from tests.portfolios.factories import PortfolioFactory, ProjectFactory, UserFactory

THREADS = 4


def figure(node, key) -> int:
    row = Rollup.objects.filter(portfolio=node, key=key, period=ALWAYS).first()
    return int(row.value) if row else 0


def run_together(work) -> list:
    """``work(index)`` in THREADS threads, each in its own transaction that holds its locks
    a little before committing; returns the errors."""
    errors = []
    barrier = threading.Barrier(THREADS, timeout=10)

    def run(index):
        try:
            barrier.wait()
            with transaction.atomic():
                work(index)
                time.sleep(0.2)  # the others' refreshes wait on this one's locks
        except Exception as exc:  # reported by the caller's assertion
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_changes_to_one_node_lose_no_update():
    node = PortfolioFactory(name="Concurrent")
    manager = UserFactory(username="pm_rollups_race")
    projects = [ProjectFactory(portfolio=node, manager=manager) for _ in range(THREADS)]
    reconcile(log_each=False)
    assert figure(node, "health:0") == THREADS

    def declare(index):
        Project.objects.filter(pk=projects[index].pk).update(health_overall=3)
        refresh_projects([projects[index].pk])

    assert run_together(declare) == []
    assert (figure(node, "health:0"), figure(node, "health:3")) == (0, THREADS)
    assert reconcile() == {"differences": 0, "ledger_differences": 0}


@pytest.mark.django_db(transaction=True)
def test_concurrent_refreshes_of_one_project_count_it_once():
    node = PortfolioFactory(name="Same project")
    project = ProjectFactory(portfolio=node, manager=UserFactory(username="pm_rollups_same"))
    reconcile(log_each=False)

    def declare(index):
        Project.objects.filter(pk=project.pk).update(health_overall=1 + index % 4)
        refresh_projects([project.pk])

    assert run_together(declare) == []
    health = Project.objects.get(pk=project.pk).health_overall
    assert figure(node, "projects") == 1
    assert figure(node, f"health:{health}") == 1
    assert reconcile() == {"differences": 0, "ledger_differences": 0}
