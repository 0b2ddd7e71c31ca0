"""The budget alerts pages: the PMO's list (tabs, filters, age, query count), one alert,
the PM's acknowledgement (comment required) and the PMO's closing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from resources.models import Alert, AlertKind, AlertStatus, Nature
from tests.portfolios.factories import ProjectFactory
from tests.resources.factories_alerts import AlertFactory


@pytest.fixture
def alerts(world):
    a = AlertFactory(project=world.project_a)
    b = AlertFactory(
        project=world.project_b,
        nature=Nature.OPEX,
        kind=AlertKind.EAC_OVER_BUDGET,
        flagged_by_pm=True,
    )
    Alert.objects.filter(pk=a.pk).update(first_detected_at=timezone.now() - timedelta(days=12))
    return a, b


def test_pmo_sees_open_alerts_with_age(client_for, alerts):
    response = client_for("pmo").get(reverse("resources:alert_list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "PRJ-A" in content
    assert "PRJ-B" in content
    assert [a.age_days for a in response.context["alerts"]] == [12, 0]


def test_tabs_and_filters(client_for, world, alerts):
    a, b = alerts
    Alert.objects.filter(pk=b.pk).update(status=AlertStatus.CLOSED)
    client = client_for("pmo")
    url = reverse("resources:alert_list")
    assert list(client.get(url).context["alerts"]) == [a]
    assert list(client.get(url, {"status": "closed"}).context["alerts"]) == [b]
    assert len(client.get(url, {"status": ""}).context["alerts"]) == 2
    only = client.get(url, {"status": "", "portfolio": world.south.pk}).context["alerts"]
    assert list(only) == [b]  # P2 is under BU South
    assert list(client.get(url, {"status": "", "flagged": "yes"}).context["alerts"]) == [b]
    assert list(client.get(url, {"status": "", "nature": "capex"}).context["alerts"]) == [a]
    assert list(client.get(url, {"status": "", "kind": "eac"}).context["alerts"]) == [b]


def test_empty_list_says_what_is_missing(client_for, world):
    response = client_for("pmo").get(reverse("resources:alert_list"))
    assert "No budget alert matches these filters" in response.content.decode()


def test_list_query_count_does_not_grow(client_for, world, django_assert_max_num_queries):
    client = client_for("pmo")
    url = reverse("resources:alert_list")
    for _ in range(3):
        AlertFactory(project=ProjectFactory(portfolio=world.p1))
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    for _ in range(30):
        AlertFactory(project=ProjectFactory(portfolio=world.p1))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_pm_acknowledges_with_a_comment(client_for, world, alerts):
    a, _b = alerts
    client = client_for("pm")
    url = reverse("resources:alert_acknowledge", args=[a.pk])
    response = client.post(url, {"comment": "Budget revision requested at the next board."})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.status == AlertStatus.ACKNOWLEDGED
    assert a.acknowledged_by == world.users["pm"]
    assert a.acknowledgement == "Budget revision requested at the next board."


def test_empty_comment_is_refused_and_nothing_saved(client_for, alerts):
    a, _b = alerts
    response = client_for("pm").post(
        reverse("resources:alert_acknowledge", args=[a.pk]), {"comment": "   "}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["comment"]
    a.refresh_from_db()
    assert a.status == AlertStatus.OPEN
    assert a.acknowledged_at is None


def test_pm_cannot_close_pmo_can(client_for, world, alerts):
    a, _b = alerts
    url = reverse("resources:alert_close", args=[a.pk])
    assert client_for("pm").post(url).status_code == 403
    a.refresh_from_db()
    assert a.status == AlertStatus.OPEN
    client = client_for("pmo")
    assert client.post(url).status_code == 302
    a.refresh_from_db()
    assert a.status == AlertStatus.CLOSED
    assert a.closed_by == world.users["pmo"]


def test_other_pm_gets_404(client_for, alerts):
    _a, b = alerts
    client = client_for("pm")
    assert client.get(reverse("resources:alert_detail", args=[b.pk])).status_code == 404
    response = client.post(reverse("resources:alert_acknowledge", args=[b.pk]), {"comment": "x"})
    assert response.status_code == 404
    b.refresh_from_db()
    assert b.status == AlertStatus.OPEN


def test_detail_shows_figures_and_form(client_for, alerts):
    a, _b = alerts
    response = client_for("pm").get(reverse("resources:alert_detail", args=[a.pk]))
    content = response.content.decode()
    assert "Acknowledge the alert" in content
    assert "Close the alert" not in content
    assert a.measured == Decimal("120000.00")


def test_pages_are_valid_html(client_for, world, alerts):
    import html5lib

    a, _b = alerts
    Alert.objects.filter(pk=a.pk).update(escalated_at=timezone.now())
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    client = client_for("pmo")
    for response in (
        client.get(reverse("resources:alert_list"), {"status": ""}),
        client.get(reverse("resources:alert_detail", args=[a.pk])),
        client.post(reverse("resources:alert_acknowledge", args=[a.pk]), {"comment": ""}),
    ):
        assert response.status_code == 200
        parser.parse(response.content)
