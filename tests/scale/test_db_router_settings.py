"""DATABASE_REPLICA_URL read by the settings (pmo_portal/settings_db.py) and the router's
answers that need no database (pmo_portal/db_router.py)."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS

from pmo_portal.db_router import ReplicaRouter
from pmo_portal.settings_db import add_read_replica
from portfolios.models import Project
from tests.pmo_portal.test_settings import run_manage

POSTGRES = {
    "ENGINE": "django.db.backends.postgresql",
    "NAME": "pmo",
    "CONN_MAX_AGE": 60,
    "CONN_HEALTH_CHECKS": True,
    "OPTIONS": {"options": "-c jit=off"},
}
SHOW = (
    "from django.conf import settings; import json; "
    "print(json.dumps([sorted(settings.DATABASES), settings.READ_REPLICA]))"
)


def test_without_a_replica_url_there_is_no_replica_alias(tmp_path):
    """The real settings module, as `make run` and docker-compose read it."""
    result = run_manage(
        tmp_path, "shell", "-c", SHOW, DATABASE_URL="postgres://u@db.example:5432/pmo"
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [["default"], None]


def test_a_replica_url_adds_an_alias_configured_like_default():
    databases = {"default": dict(POSTGRES)}
    alias = add_read_replica("postgres://reader:pw@replica.example:5433/pmo", databases)
    assert alias == "replica"
    replica = databases["replica"]
    assert (replica["HOST"], replica["PORT"]) == ("replica.example", 5433)
    assert replica["USER"] == "reader"
    assert replica["CONN_MAX_AGE"] == 60
    assert replica["CONN_HEALTH_CHECKS"] is True
    assert replica["OPTIONS"] == {"options": "-c jit=off"}
    # A test run with DATABASE_REPLICA_URL set creates no second test database.
    assert replica["TEST"] == {"MIRROR": "default"}
    unset = {"default": dict(POSTGRES)}
    assert add_read_replica("", unset) is None
    assert list(unset) == ["default"]


@pytest.mark.parametrize(
    ("default_engine", "url", "message"),
    [
        ("django.db.backends.sqlite3", "postgres://r@replica/pmo", "needs DATABASE_URL"),
        ("django.db.backends.postgresql", "sqlite:///tmp/x.sqlite3", "expected a postgres"),
    ],
)
def test_a_replica_url_that_cannot_work_stops_start_up(default_engine, url, message):
    with pytest.raises(ImproperlyConfigured, match=f"DATABASE_REPLICA_URL: .*{message}"):
        add_read_replica(url, {"default": {**POSTGRES, "ENGINE": default_engine}})


def test_migrations_run_on_default_only_and_relations_span_both_aliases(settings):
    settings.READ_REPLICA = "replica"
    router = ReplicaRouter()
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "portfolios")
    assert not router.allow_migrate("replica", "portfolios")
    read, written, elsewhere = Project(), Project(), Project()
    read._state.db, written._state.db, elsewhere._state.db = "replica", "default", "archive"
    assert router.allow_relation(read, written) is True
    assert router.allow_relation(read, elsewhere) is None
    # Writes go to default, whatever the instance was read from.
    assert router.db_for_write(Project, instance=read) == DEFAULT_DB_ALIAS
