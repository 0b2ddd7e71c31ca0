"""A world built once per test module, for the modules that walk every URL with every role
(tests/test_permissions.py, tests/test_list_exports_walk.py): thousands of cases that only
read. Import both fixtures into such a module: ``copied_world`` replaces conftest's ``world``."""

import copy

import pytest
from django.core.cache import caches
from django.db import transaction
from django.test import override_settings

from tests.conftest import build_world


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The matrix's world, built once per module (and xdist worker) inside a transaction that
    is rolled back at the end; each test runs in a savepoint of it, as Django's TestCase runs
    ``setUpTestData``. Building the world for each of the matrix's thousands of cases was
    most of its time."""
    with (
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        django_db_blocker.unblock(),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(name="world")
def copied_world(shared_world, db):
    """A copy of the shared world for one case (as TestCase copies ``setUpTestData``'s
    objects): what a case builds on demand, or changes in memory, stays in that case."""
    caches["default"].clear()  # nothing read under another case's savepoint is served again
    return copy.deepcopy(shared_world)
