"""The company dashboard on the demo company: same queries at 20 and 2,000 projects with
12 periods of history (issue 4, done when 2); and every demo user's home page (their
cockpit, issue 14, done when 1) at 200 and 2,000."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lessons.demo_history import COUNT as HISTORY
from portfolios.demo import ACCOUNTS
from portfolios.models import Project
from reporting.models import StatusReport

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def dashboard_queries(client) -> int:
    url = reverse("reporting:dashboard")
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def home_queries(client) -> dict[str, int]:
    """The queries of each demo user's home page (warmed first)."""
    counts = {}
    for account in ACCOUNTS:
        client.force_login(get_user_model().objects.get(username=account.username))
        client.get(reverse("home"))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("home")).status_code == 200
        counts[account.username] = len(captured)
    return counts


def test_company_dashboard_queries_do_not_grow_with_the_demo_company(
    client, django_assert_max_num_queries
):
    call_command("seed_demo", "--projects", "20", stdout=io.StringIO())
    client.post(reverse("login"), {"username": "pmo", "password": "pmo-2026"})
    with_20 = dashboard_queries(client)
    call_command("seed_demo", "--projects", "200", stdout=io.StringIO())
    homes_200 = home_queries(client)
    client.post(reverse("login"), {"username": "pmo", "password": "pmo-2026"})
    call_command("seed_demo", "--projects", "2000", stdout=io.StringIO())
    # and the strategy demo's 30 candidates, and the closed projects of the lessons history
    assert Project.objects.count() == 2000 + 30 + HISTORY
    assert StatusReport.objects.count() > 2000 * 4  # a year of history for most projects
    with_2000 = dashboard_queries(client)
    assert with_20 == with_2000
    with django_assert_max_num_queries(20):
        client.get(reverse("reporting:dashboard"))
    assert home_queries(client) == homes_200
