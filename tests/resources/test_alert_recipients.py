"""Extra recipients of a portfolio's budget alerts (issue 14): the PMO adds finance
controllers to a portfolio; they receive the alerts of its projects and of its
sub-portfolios' projects, once, as their preferences allow."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from pmo_portal.models import NotificationPreference
from pmo_portal.notifications import deliver_due
from pmo_portal.roles import Role
from portfolios.models import Project
from resources.models import AlertRecipient
from resources.services.alerts import scan_budget_overruns
from tests.portfolios.factories import UserFactory
from tests.resources.factories_alerts import ActualCostFactory, BudgetLineFactory

TODAY = date(2026, 6, 30)


def _url(portfolio):
    return reverse("resources:alert_recipients", args=[portfolio.pk])


def _remove_url(recipient):
    return reverse("resources:alert_recipient_remove", args=[recipient.portfolio_id, recipient.pk])


@pytest.fixture
def controller(world):
    return UserFactory(username="controleur", roles=[Role.FINANCE])


def test_pmo_adds_a_finance_controller_and_the_history_says_who(client_for, world, controller):
    client = client_for("pmo")
    page = client.get(_url(world.north))
    assert controller.get_full_name() in page.content.decode()  # offered, finance first
    response = client.post(_url(world.north), {"user": controller.pk})
    assert response.status_code == 302
    recipient = AlertRecipient.objects.get()
    assert (recipient.portfolio, recipient.user) == (world.north, controller)
    assert recipient.history.get().history_user == world.users["pmo"]
    # Shown on the sub-portfolio's page as inherited (it receives P1's alerts too).
    page = client.get(_url(world.p1)).content.decode()
    assert controller.get_full_name() in page
    assert world.north.name in page


def test_the_same_person_twice_is_refused(client_for, world, controller):
    AlertRecipient.objects.create(portfolio=world.north, user=controller)
    response = client_for("pmo").post(_url(world.north), {"user": controller.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["user"]
    assert AlertRecipient.objects.count() == 1


def test_an_inactive_or_unknown_user_is_refused(client_for, world, controller):
    controller.is_active = False
    controller.save()
    response = client_for("pmo").post(_url(world.north), {"user": controller.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["user"]
    assert not AlertRecipient.objects.exists()


def test_only_people_who_read_the_alerts_may_receive_them(client_for, world, controller):
    """The e-mail links to the alert: a project manager or an executive could not open it,
    so they are neither offered nor accepted."""
    executive = world.users["executive"]
    client = client_for("pmo")
    page = client.get(_url(world.north)).content.decode()
    assert f'value="{controller.pk}"' in page
    assert f'value="{executive.pk}"' not in page
    response = client.post(_url(world.north), {"user": executive.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["user"]
    assert not AlertRecipient.objects.exists()


def test_removing_twice_answers_a_conflict(client_for, world, controller):
    recipient = AlertRecipient.objects.create(portfolio=world.north, user=controller)
    client = client_for("pmo")
    assert client.post(_remove_url(recipient)).status_code == 302
    assert not AlertRecipient.objects.exists()
    response = client.post(_remove_url(recipient))  # a second tab, out of date
    assert response.status_code == 409
    assert "already removed" in response.content.decode() or "déjà" in response.content.decode()
    assert recipient.history.filter(history_type="-").get().history_user == world.users["pmo"]


def test_other_roles_get_403_in_scope_and_404_outside(client_for, world, controller):
    assert client_for("executive").post(_url(world.p1), {"user": controller.pk}).status_code == 403
    assert client_for("pm").get(_url(world.p2)).status_code == 404
    assert client_for("finance").post(_url(world.p2), {"user": controller.pk}).status_code == 403
    assert not AlertRecipient.objects.exists()


# --- the overrun scan sends them the alerts ------------------------------------------------
@pytest.fixture
def overrun_in_p1(world):
    """Project A (in P1, under BU North) is 5 % over budget, not flagged by its PM."""
    Project.objects.filter(pk=world.project_a.pk).update(health_budget=1, eac=None)
    BudgetLineFactory(project=world.project_a, approved_amount=Decimal("100000.00"))
    ActualCostFactory(project=world.project_a, amount=Decimal("105000.00"))
    return world


def _scan(capture):
    with capture(execute=False):
        return scan_budget_overruns(today=TODAY)


def test_finance_recipient_of_the_parent_gets_the_alert_once(
    overrun_in_p1, controller, django_capture_on_commit_callbacks
):
    world = overrun_in_p1
    AlertRecipient.objects.create(portfolio=world.north, user=controller)
    AlertRecipient.objects.create(portfolio=world.company, user=controller)  # twice up the tree
    AlertRecipient.objects.create(portfolio=world.south, user=world.users["finance"])  # not P1
    assert _scan(django_capture_on_commit_callbacks)["messages"] == 3
    deliver_due()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "controleur@example.org",
        "pm_user@example.org",
        "pmo_user@example.org",
    ]
    assert "PRJ-A" in next(m for m in mail.outbox if m.to == ["controleur@example.org"]).subject
    assert _scan(django_capture_on_commit_callbacks)["messages"] == 0  # a rerun sends none
    assert deliver_due()["sent"] == 0


def test_a_recipient_who_wants_no_alert_gets_none(
    overrun_in_p1, controller, django_capture_on_commit_callbacks
):
    AlertRecipient.objects.create(portfolio=overrun_in_p1.p1, user=controller)
    NotificationPreference.objects.create(user=controller, email_alerts=False)
    _scan(django_capture_on_commit_callbacks)
    deliver_due()
    assert "controleur@example.org" not in [m.to[0] for m in mail.outbox]


def test_the_page_costs_the_same_with_many_recipients(
    client_for, world, django_assert_max_num_queries
):
    client = client_for("pmo")
    users = [UserFactory(username=f"fin{i}", roles=[Role.FINANCE]) for i in range(24)]
    for user in users[:2]:
        AlertRecipient.objects.create(portfolio=world.north, user=user)
    client.get(_url(world.p1))
    with django_assert_max_num_queries(30) as small:
        client.get(_url(world.p1))
    for user in users[2:20]:
        AlertRecipient.objects.create(portfolio=world.p1, user=user)
        AlertRecipient.objects.filter(portfolio=world.p1, user=user).delete()
        AlertRecipient.objects.create(portfolio=world.p1, user=user)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(_url(world.p1))
