"""A portfolio's reporting cadence and due day, set by the PMO in the portal (issue 14), and
the late notices that follow them (inherited down the portfolio tree)."""

from datetime import date

import pytest
from django.urls import reverse

from reporting.models import ReportingPolicy
from reporting.periods import Frequency, period_containing
from reporting.selectors.policies import rules_by_portfolio
from reporting.services.policies import save_policy
from reporting.services.reminders import send_report_reminders
from tests.portfolios.factories import PortfolioFactory, ProjectFactory, UserFactory
from tests.reporting.factories import StatusReportFactory


def _url(portfolio):
    return reverse("reporting:portfolio_policy", args=[portfolio.pk])


def test_pmo_sets_the_due_days_and_the_history_says_who(client_for, world):
    client = client_for("pmo")
    response = client.post(_url(world.north), {"frequency": "", "due_days": "10", "version": 0})
    assert response.status_code == 302
    policy = ReportingPolicy.objects.get(portfolio=world.north)
    assert (policy.frequency, policy.due_days) == ("", 10)
    assert policy.history.get().history_user == world.users["pmo"]
    # The sub-portfolio shows what it inherits, and from where.
    page = client.get(_url(world.p1)).content.decode()
    assert world.north.name in page
    assert rules_by_portfolio()[world.p1.pk] == (Frequency.MONTHLY, 10)


def test_pmo_clears_a_value_back_to_the_inherited_one(client_for, world, settings):
    settings.REPORT_GRACE_DAYS = 4
    save_policy(portfolio=world.north, data={"frequency": Frequency.WEEKLY, "due_days": 1})
    policy = save_policy(portfolio=world.p1, data={"frequency": "", "due_days": 6})
    assert rules_by_portfolio()[world.p1.pk] == (Frequency.WEEKLY, 6)
    response = client_for("pmo").post(
        _url(world.p1), {"frequency": Frequency.MONTHLY, "due_days": "", "version": policy.version}
    )
    assert response.status_code == 302
    rules = rules_by_portfolio()
    assert rules[world.p1.pk] == (Frequency.MONTHLY, 1)  # due days from BU North again
    assert rules[world.south.pk] == (Frequency.MONTHLY, 4)  # the company default
    page = client_for("pmo").get(_url(world.p1)).content.decode()
    assert "6 → —" in page


@pytest.mark.parametrize("due_days", ["32", "-1", "x"])
def test_wrong_due_days_are_refused_and_nothing_is_saved(client_for, world, due_days):
    response = client_for("pmo").post(
        _url(world.p1), {"frequency": "", "due_days": due_days, "version": 0}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["due_days"]
    assert not ReportingPolicy.objects.exists()


def test_a_concurrent_edit_is_not_overwritten(client_for, world):
    save_policy(portfolio=world.p1, data={"due_days": 9})  # created after the page opened
    response = client_for("pmo").post(
        _url(world.p1), {"frequency": "", "due_days": "3", "version": 0}
    )
    assert response.status_code == 409
    assert ReportingPolicy.objects.get().due_days == 9


def test_other_roles_get_403_in_scope_and_404_outside(client_for, world):
    assert client_for("pm").post(_url(world.p1), {"due_days": "1"}).status_code == 403
    assert client_for("executive").get(_url(world.p2)).status_code == 404
    assert not ReportingPolicy.objects.exists()


# --- the late notices follow the due days --------------------------------------------------
OCTOBER = period_containing(date(2026, 10, 15), Frequency.MONTHLY)


@pytest.fixture
def late_projects(db):
    """Company → Long (due 10 days) → Long child (inherits); company → Short (company default
    2 days). Each has an active project whose October report is missing."""
    from pmo_portal.roles import Role

    pmo = UserFactory(username="pmo_all", roles=[Role.PMO])
    company = PortfolioFactory(name="Groupe")
    long_ = PortfolioFactory(name="Long", parent=company)
    child = PortfolioFactory(name="Long enfant", parent=long_)
    short = PortfolioFactory(name="Court", parent=company)
    save_policy(portfolio=long_, data={"due_days": 10})
    for code, portfolio in [("L1", child), ("S1", short)]:
        project = ProjectFactory(code=code, portfolio=portfolio)
        StatusReportFactory(project=project, period=OCTOBER.following())  # November done
    return pmo


def test_late_notices_wait_for_the_due_days_of_the_portfolio(late_projects, settings):
    settings.REPORT_GRACE_DAYS = 2
    on_3rd = send_report_reminders(today=date(2026, 11, 3))
    assert on_3rd["projects_late"] == 1  # S1 (2 days), not L1 (10 days, inherited)
    assert send_report_reminders(today=date(2026, 11, 10))["projects_late"] == 1
    assert send_report_reminders(today=date(2026, 11, 11))["projects_late"] == 2
