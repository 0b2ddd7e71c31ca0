"""Every role's cockpit on the demo company (issue 14, done when 1): on a freshly seeded demo,
whatever the day of the year, each count card of each demo user's home page has something
to show (its count is not zero) and counts the rows of the list it links to, for the same
user. (The same homes cost the same number of queries on the demo at 200 and 2,000
projects: tests/reporting/test_dashboard_scale.py, which seeds those sizes anyway.)

The demo is seeded once per day tested, in a transaction rolled back after the module's
tests of that day (each test runs in a savepoint inside it), with the clock fixed to that day.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from pmo_portal.roles import Role
from portfolios.demo import ACCOUNTS
from tests.test_cockpits import EN, PMO_CARDS, cards, rows_of

PARIS = ZoneInfo("Europe/Paris")
# A Monday that opens a month (nothing submitted nor invoiced yet this period) and one that
# closes a month, in another season.
DAYS = [date(2027, 3, 1), date(2026, 11, 30)]
PROJECTS = "60"  # the default demo: every business unit holds live projects
USERNAMES = {account.role: account.username for account in ACCOUNTS}
CARDS = {
    Role.PMO: set(PMO_CARDS),
    Role.PROJECT_MANAGER: {"my-decisions-due", "my-alerts"},
    Role.EXECUTIVE: {"next-meetings", "weather", "my-decisions-due"},
    Role.RESOURCE_MANAGER: {"allocations-waiting", "teams-over-allocated"},
    Role.FINANCE: {"imports-rejected", "budgets-over", "projects-without-actuals"},
}


def seed(*args: str) -> None:
    call_command("seed_demo", *args, stdout=io.StringIO())


def at_ten(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=PARIS)


@pytest.fixture(scope="module", params=DAYS, ids=[day.isoformat() for day in DAYS])
def demo(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo company seeded on ``request.param`` (the clock stays on that day), rolled
    back after the tests of that day."""
    media = tmp_path_factory.mktemp("media")
    with (
        time_machine.travel(at_ten(request.param), tick=False),
        override_settings(MEDIA_ROOT=media),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        seed("--projects", PROJECTS)
        yield request.param
        transaction.set_rollback(True)


def sign_in(client, role: Role):
    client.force_login(get_user_model().objects.get(username=USERNAMES[role]))
    return client


def counts_of(client) -> dict[str, dict]:
    response = client.get(reverse("home"), headers=EN)
    assert response.status_code == 200
    return cards(response)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(CARDS), ids=[role.name.lower() for role in CARDS])
def test_every_card_of_the_demo_shows_the_rows_it_links_to(demo, client, role):
    client = sign_in(client, role)
    shown = counts_of(client)
    assert set(shown) == CARDS[role]
    counts = {key: card["count"] for key, card in shown.items()}
    assert all(counts.values()), (demo, counts)  # the demo has something for every card
    for key, card in shown.items():
        assert rows_of(client, card["url"]) == card["count"], (demo, key)


@pytest.mark.django_db
def test_each_portfolio_of_the_executive_has_a_project_in_difficulty(demo, client):
    """The météo of each portfolio they sit on (below the cards): its count in difficulty
    links to exactly those projects."""
    client = sign_in(client, Role.EXECUTIVE)
    response = client.get(reverse("home"), headers=EN)
    panels = {item["key"]: item for item in response.context["panels"]}
    rows = panels["reporting-portfolio-weather"]["panel"]["rows"]
    assert len(rows) == 2  # the two business units "direction" sits on
    for row in rows:
        assert row["difficulty"] > 0, (demo, row["portfolio"].name)
        assert rows_of(client, row["url"]) == row["difficulty"], (demo, row["portfolio"].name)


@pytest.mark.django_db
def test_seeding_the_demo_again_changes_no_card(demo, client):
    def all_counts() -> dict:
        return {
            role: {key: card["count"] for key, card in counts_of(sign_in(client, role)).items()}
            for role in CARDS
        }

    before = all_counts()
    seed("--projects", PROJECTS)
    assert all_counts() == before


@pytest.mark.django_db
def test_finance_reads_the_demo_imports_of_the_week(demo, client):
    client = sign_in(client, Role.FINANCE)
    card = counts_of(client)["imports-rejected"]
    assert card["count"] == 2
    # The latest: yesterday afternoon's purchase orders, after the corrected ledger.
    assert card["detail"].startswith("Last import: commandes-achats-")
    assert card["detail"].endswith("— Rejected")
