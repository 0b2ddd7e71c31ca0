"""Issue 10 item 15: the alert e-mails wrote amounts the French way ("100 000.00 €", a mix
of both) whatever the language of the e-mail. They now write them as the pages of that
language do."""

from datetime import date
from decimal import Decimal

import pytest

from pmo_portal.models import Notification
from portfolios.models import Project
from resources.services.alerts import scan_budget_overruns
from tests.resources.factories import ActualCostFactory, BudgetLineFactory, CommittedCostFactory


@pytest.fixture
def overrun(world):
    project = world.project_a
    Project.objects.filter(pk=project.pk).update(health_budget=1, eac=None)
    BudgetLineFactory(project=project, approved_amount=Decimal("100000.00"))
    ActualCostFactory(project=project, amount=Decimal("100000.00"))
    CommittedCostFactory(project=project, amount=Decimal("5500.00"))
    return project


@pytest.mark.parametrize(
    ("language", "budget", "measured", "percent"),
    [
        ("en", "100,000.00\xa0€", "105,500.00\xa0€", "5.50 %"),
        ("fr", "100\u202f000,00\xa0€", "105\u202f500,00\xa0€", "5,50 %"),
    ],
)
def test_alert_email_amounts_follow_the_language(
    settings, overrun, language, budget, measured, percent
):
    settings.LANGUAGE_CODE = language
    scan_budget_overruns(today=date(2026, 6, 30))
    bodies = list(Notification.objects.values_list("body", flat=True))
    assert bodies
    for body in bodies:
        assert budget in body, body
        assert measured in body
        assert percent in body
