"""Fixtures shared by the tests of portfolios."""

import pytest


@pytest.fixture
def worker(monkeypatch, django_capture_on_commit_callbacks):
    """Solves asked for in the block run when it ends, as the worker would (the task runs
    in this process, on the test's database)."""
    from contextlib import contextmanager

    from portfolios import tasks

    monkeypatch.setattr(tasks.solve_scenario, "delay", lambda pk: tasks.solve_scenario(pk))

    @contextmanager
    def run():
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return run
