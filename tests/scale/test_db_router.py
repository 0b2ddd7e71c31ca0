"""The read replica (pmo_portal/db_router.py): dashboards, lists and exports read from it,
nothing else does, and nobody reads a stale copy of what they have just written.

The "replica" alias of the test settings is Django's TEST MIRROR of default: another
connection to the same test database. So these tests commit (transaction=True), and they
tell the two apart by the queries each connection sent."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pmo_portal.db_router import PIN_COOKIE, replica_reads
from portfolios.models import Project

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])

TODAY = datetime(2026, 3, 18, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))  # a Wednesday
PROJECT_TABLE = re.compile(r'"portfolios_project"')


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def replica(settings):
    settings.READ_REPLICA = "replica"
    return settings


@contextmanager
def captured():
    """The queries sent to default and to the replica while the block runs."""
    with (
        CaptureQueriesContext(connections["default"]) as default,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        yield default, replica


def project_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if PROJECT_TABLE.search(q["sql"])]


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


# Pages whose reads go to the replica, and a text each shows from the projects' rows.
READ_PAGES = [
    ("reporting:dashboard", ""),
    ("reporting:missing_reports", ""),
    ("portfolios:project_list", "PRJ-A"),
    ("portfolios:project_export_csv", "PRJ-A"),  # streamed after the view has returned
    ("portfolios:project_export_xlsx", ""),
    ("reporting:dashboard_export", ""),
    ("portfolios:backlog", ""),
]


def test_dashboards_lists_and_exports_read_projects_from_the_replica(client, world, replica):
    client.force_login(world.users["pmo"])
    for url_name, shown in READ_PAGES:
        with captured() as (default, replica_queries):
            response = client.get(reverse(url_name))
            content = body(response)  # a streamed file is read here, as the server would
        assert response.status_code == 200, url_name
        assert shown.encode() in content, url_name
        assert project_queries(replica_queries.captured_queries), url_name
        # The primary only served the session and the user.
        assert project_queries(default.captured_queries) == [], url_name
        assert not any(q["sql"].startswith(("INSERT", "UPDATE", "DELETE")) for q in default)
        assert PIN_COOKIE not in response.cookies  # reading pins nobody to the primary


def test_a_page_outside_the_read_scope_never_touches_the_replica(client, world, replica):
    client.force_login(world.users["pmo"])
    with captured() as (default, replica_queries):
        response = client.get(reverse("portfolios:project_detail", args=[world.project_a.pk]))
    assert response.status_code == 200
    assert b"Projet Alpha" in response.content
    assert replica_queries.captured_queries == []
    assert project_queries(default.captured_queries)


def test_writes_reads_in_atomic_and_reads_after_a_write_go_to_default(world, replica):
    with captured() as (default, replica_queries), replica_reads():
        with transaction.atomic():
            assert Project.objects.filter(code="PRJ-A").exists()
        assert replica_queries.captured_queries == []
        # Users, groups and sessions: always the primary (a role withdrawn counts at once).
        assert get_user_model().objects.filter(username="pm_user").exists()
        assert world.users["pm"].groups.exists()
        assert replica_queries.captured_queries == []
        project = Project.objects.get(code="PRJ-A")
        assert project._state.db == "replica"
        project.name = "Projet Alpha bis"
        project.save(update_fields=["name"])
        assert project._state.db == "default"
        written = project_queries(default.captured_queries)
        assert [q[:6] for q in written[:2]] == ["SELECT", "UPDATE"]  # in atomic, the save
        # The scope wrote: what follows must read that write, so it reads default too.
        assert Project.objects.get(code="PRJ-A").name == "Projet Alpha bis"
        assert len(project_queries(default.captured_queries)) == len(written) + 1
        assert len(project_queries(replica_queries.captured_queries)) == 1


def test_after_a_write_the_browser_reads_from_default_for_a_moment(client, world, replica):
    """A PM who has just saved is redirected to pages read from the primary (the replica may
    lag a little): the write sets a short-lived cookie that pins their reads to default."""
    client.force_login(world.users["pm"])
    response = client.post(
        reverse("notification_preferences"), {"email_reminders": "no", "email_alerts": "yes"}
    )
    assert response.status_code == 302
    pin = response.cookies[PIN_COOKIE]
    assert pin["max-age"] == replica.READ_REPLICA_PIN_SECONDS
    assert pin["httponly"]
    with captured() as (default, replica_queries):
        assert client.get(reverse("portfolios:project_list")).status_code == 200
    assert replica_queries.captured_queries == []
    assert project_queries(default.captured_queries)
    # Once the cookie has expired, the list is read from the replica again.
    del client.cookies[PIN_COOKIE]
    with captured() as (_default, replica_queries):
        assert client.get(reverse("portfolios:project_list")).status_code == 200
    assert project_queries(replica_queries.captured_queries)


def test_without_a_replica_everything_stays_on_default(client, world, settings):
    assert settings.READ_REPLICA is None  # DATABASE_REPLICA_URL is not set in the tests
    client.force_login(world.users["pmo"])
    with captured() as (default, replica_queries):
        for url_name, _shown in READ_PAGES:
            assert client.get(reverse(url_name)).status_code == 200
        response = client.post(
            reverse("notification_preferences"), {"email_reminders": "no", "email_alerts": "no"}
        )
        with replica_reads():
            assert Project.objects.count() == 2
    assert replica_queries.captured_queries == []
    assert project_queries(default.captured_queries)
    assert PIN_COOKIE not in response.cookies
