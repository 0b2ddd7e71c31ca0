"""The budget-overrun scan: detection, flagged vs silent, e-mails once, steps, escalation,
and a query count independent of the number of projects."""

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pmo_portal.models import Notification
from pmo_portal.notifications import deliver_due
from pmo_portal.roles import Role
from portfolios.models import Project
from resources.models import (
    ActualCost,
    Alert,
    AlertKind,
    AlertStatus,
    BudgetLine,
    BudgetSettings,
    CommittedCost,
    CostCategory,
    Nature,
)
from resources.services.alerts import close_alert, scan_budget_overruns
from tests.portfolios.factories import UserFactory
from tests.resources.factories_alerts import (
    ActualCostFactory,
    BudgetLineFactory,
    CommittedCostFactory,
)

TODAY = date(2026, 6, 30)
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def overruns(world):
    """Project A overruns silently (budget health sunny, no EAC); project B overruns too but
    its PM has flagged it (budget health rainy, EAC showing the overrun)."""
    a, b = world.project_a, world.project_b
    Project.objects.filter(pk=a.pk).update(health_budget=1, eac=None)
    Project.objects.filter(pk=b.pk).update(health_budget=3, eac=Decimal("130000.00"))
    for project in (a, b):
        BudgetLineFactory(project=project, approved_amount=Decimal("100000.00"))
        ActualCostFactory(project=project, amount=Decimal("100000.00"))
        CommittedCostFactory(project=project, amount=Decimal("5000.00"))  # 5 % over
    return world


def _scan(callbacks_fixture, **kwargs):
    with callbacks_fixture() as callbacks:
        result = scan_budget_overruns(today=kwargs.pop("today", TODAY), **kwargs)
    return result, callbacks


def _recipients():
    return sorted(m.to[0] for m in mail.outbox)


def test_silent_overrun_emails_pm_and_pmo_once_flagged_one_only_recorded(
    overruns, django_capture_on_commit_callbacks
):
    result, callbacks = _scan(django_capture_on_commit_callbacks)
    assert len(callbacks) == 1  # delivery triggered after commit

    silent = Alert.objects.get(project=overruns.project_a)
    assert silent.kind == AlertKind.ACTUAL_OVER_BUDGET
    assert silent.nature == Nature.CAPEX
    assert silent.period == 2026
    assert silent.flagged_by_pm is False
    assert silent.measured == Decimal("105000.00")
    assert silent.overrun_percent == Decimal("5.00")
    assert silent.step_notified == 1
    flagged = Alert.objects.filter(project=overruns.project_b)
    # The actual overrun, and the declared EAC above budget beyond the 5 % tolerance.
    assert {a.kind for a in flagged} == {AlertKind.ACTUAL_OVER_BUDGET, AlertKind.EAC_OVER_BUDGET}
    assert all(a.flagged_by_pm and a.step_notified == 0 for a in flagged)
    assert result["created"] == 3
    assert result["messages"] == 2

    assert deliver_due()["sent"] == 2
    assert _recipients() == ["pm_user@example.org", "pmo_user@example.org"]
    assert all("PRJ-A" in m.subject for m in mail.outbox)
    assert not any("PRJ-B" in m.subject or "PRJ-B" in m.body for m in mail.outbox)


def test_second_run_sends_nothing(overruns, django_capture_on_commit_callbacks):
    _scan(django_capture_on_commit_callbacks)
    deliver_due()
    result, callbacks = _scan(django_capture_on_commit_callbacks)
    assert callbacks == []
    assert result["created"] == 0
    assert result["messages"] == 0
    assert deliver_due()["sent"] == 0
    assert len(mail.outbox) == 2
    assert Alert.objects.count() == 3


def test_growing_past_the_next_step_sends_one_more(overruns, django_capture_on_commit_callbacks):
    _scan(django_capture_on_commit_callbacks)
    deliver_due()
    # 5 % → 9 %: same step (steps of 10 %), nothing.
    ActualCostFactory(project=overruns.project_a, amount=Decimal("4000.00"))
    assert _scan(django_capture_on_commit_callbacks)[0]["messages"] == 0
    # 9 % → 12 %: step 2, one more e-mail to each.
    ActualCostFactory(project=overruns.project_a, amount=Decimal("3000.00"))
    result, _callbacks = _scan(django_capture_on_commit_callbacks)
    assert result["messages"] == 2
    deliver_due()
    assert _recipients() == ["pm_user@example.org"] * 2 + ["pmo_user@example.org"] * 2
    alert = Alert.objects.get(project=overruns.project_a)
    assert alert.step_notified == 2
    assert alert.measured == Decimal("112000.00")
    assert _scan(django_capture_on_commit_callbacks)[0]["messages"] == 0


def test_unacknowledged_alert_goes_to_the_sponsor_once(
    overruns, django_capture_on_commit_callbacks
):
    sponsor = UserFactory(username="sponsor_user")
    Project.objects.filter(pk=overruns.project_a.pk).update(sponsor=sponsor)
    _scan(django_capture_on_commit_callbacks)
    deliver_due()
    alert = Alert.objects.get(project=overruns.project_a)
    # Not yet N days old: no escalation.
    assert _scan(django_capture_on_commit_callbacks)[0]["escalated"] == 0
    days = BudgetSettings.current().escalation_days
    Alert.objects.filter(pk=alert.pk).update(
        first_detected_at=timezone.now() - timedelta(days=days + 1)
    )
    result, _callbacks = _scan(django_capture_on_commit_callbacks)
    assert result["escalated"] == 1
    assert result["messages"] == 1
    assert _scan(django_capture_on_commit_callbacks)[0]["messages"] == 0
    deliver_due()
    assert _recipients().count("sponsor_user@example.org") == 1
    alert.refresh_from_db()
    assert alert.escalated_at is not None
    notification = Notification.objects.get(to_email="sponsor_user@example.org")
    assert notification.dedup_key == f"budget-escalation:{alert.pk}:{sponsor.pk}"


def _escalate_to(sponsor, project, callbacks_fixture) -> str:
    """Project ``project`` sponsored by ``sponsor``: scan, age the alert past the escalation
    delay, scan again; the path of the link in the sponsor's escalation e-mail."""
    Project.objects.filter(pk=project.pk).update(sponsor=sponsor)
    _scan(callbacks_fixture)
    days = BudgetSettings.current().escalation_days
    Alert.objects.filter(project=project).update(
        first_detected_at=timezone.now() - timedelta(days=days + 1)
    )
    assert _scan(callbacks_fixture)[0]["escalated"] == 1
    mail.outbox.clear()
    deliver_due()
    [message] = [m for m in mail.outbox if m.to == [sponsor.email]]
    [url] = re.findall(r"https?://\S+", message.body)
    alert = Alert.objects.get(project=project)
    assert urlsplit(url).path == reverse("resources:alert_detail", args=[alert.pk])
    return urlsplit(url).path


@pytest.mark.parametrize("roles", [[Role.EXECUTIVE], []], ids=["executive", "no-role"])
def test_the_sponsor_opens_the_alert_of_the_escalation_email(
    overruns, client, django_capture_on_commit_callbacks, roles
):
    sponsor = UserFactory(username="sponsor_user", roles=roles)
    path = _escalate_to(sponsor, overruns.project_a, django_capture_on_commit_callbacks)
    client.force_login(sponsor)
    response = client.get(path, headers={"accept-language": "en"})
    assert response.status_code == 200
    assert overruns.project_a.code in response.content.decode()
    # Reading is all: no acknowledgement form, no closing.
    assert response.context["can_acknowledge"] is False
    assert response.context["can_close"] is False
    assert response.context["can_list"] is False
    # The project's page is linked only if the sponsor may open it (no role: not).
    project_url = overruns.project_a.get_absolute_url()
    assert (f'href="{project_url}"' in response.content.decode()) == bool(roles)
    assert client.get(project_url).status_code == (200 if roles else 404)
    ack = reverse("resources:alert_acknowledge", args=[response.context["alert"].pk])
    assert client.post(ack, {"comment": "vu"}).status_code == 403


def test_an_executive_who_does_not_sponsor_the_project_gets_404(
    overruns, client, django_capture_on_commit_callbacks
):
    sponsor = UserFactory(username="sponsor_user", roles=[Role.EXECUTIVE])
    path = _escalate_to(sponsor, overruns.project_a, django_capture_on_commit_callbacks)
    # The world's executive reads project A (member of BU North) but does not sponsor it.
    client.force_login(overruns.users["executive"])
    assert client.get(path).status_code == 404
    client.force_login(UserFactory(username="other_exec", roles=[Role.EXECUTIVE]))
    assert client.get(path).status_code == 404


def test_acknowledged_alert_is_not_escalated(overruns, django_capture_on_commit_callbacks):
    sponsor = UserFactory(username="sponsor_user")
    Project.objects.filter(pk=overruns.project_a.pk).update(sponsor=sponsor)
    _scan(django_capture_on_commit_callbacks)
    Alert.objects.filter(project=overruns.project_a).update(
        status=AlertStatus.ACKNOWLEDGED, first_detected_at=timezone.now() - timedelta(days=30)
    )
    assert _scan(django_capture_on_commit_callbacks)[0]["escalated"] == 0


def test_closed_alert_stays_closed_unless_it_grows_a_step(
    overruns, django_capture_on_commit_callbacks
):
    _scan(django_capture_on_commit_callbacks)
    alert = Alert.objects.get(project=overruns.project_a)
    close_alert(alert=alert, user=overruns.users["pmo"])
    assert _scan(django_capture_on_commit_callbacks)[0]["messages"] == 0
    alert.refresh_from_db()
    assert alert.status == AlertStatus.CLOSED
    ActualCostFactory(project=overruns.project_a, amount=Decimal("20000.00"))  # 25 %
    assert _scan(django_capture_on_commit_callbacks)[0]["messages"] == 2
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN
    assert alert.step_notified == 3


def test_pace_and_other_years(world, django_capture_on_commit_callbacks):
    """Half-way through the year with 60 % spent: the linear projection (≈ 120 %) is above the
    budget. Costs of another year and closed purchase orders do not count."""
    project = world.project_a
    BudgetLineFactory(project=project, nature=Nature.OPEX, approved_amount=Decimal("100000"))
    ActualCostFactory(
        project=project, nature=Nature.OPEX, amount=Decimal("60000"), date=date(2026, 5, 1)
    )
    ActualCostFactory(
        project=project, nature=Nature.OPEX, amount=Decimal("90000"), date=date(2025, 5, 1)
    )
    CommittedCostFactory(
        project=project, nature=Nature.OPEX, amount=Decimal("90000"), status="closed"
    )
    scan_budget_overruns(today=date(2026, 7, 1))
    alert = Alert.objects.get(project=project)
    assert alert.kind == AlertKind.PACE
    assert alert.nature == Nature.OPEX
    assert Decimal("19") < alert.overrun_percent < Decimal("22")  # projected ≈ 120 300 €


def test_within_budget_and_inactive_projects_raise_nothing(world):
    BudgetLineFactory(project=world.project_a, approved_amount=Decimal("100000"))
    ActualCostFactory(project=world.project_a, amount=Decimal("10000"), date=date(2026, 1, 5))
    BudgetLineFactory(project=world.project_b, approved_amount=Decimal("100"))
    ActualCostFactory(project=world.project_b, amount=Decimal("10000"))
    Project.objects.filter(pk=world.project_b.pk).update(status="closed")
    assert scan_budget_overruns(today=TODAY)["breaches"] == 0
    assert not Alert.objects.exists()


def test_pm_who_rates_amber_without_eac_is_not_flagged(
    overruns, django_capture_on_commit_callbacks
):
    """Budget health amber but an EAC within budget: the EAC does not show the overrun."""
    Project.objects.filter(pk=overruns.project_a.pk).update(
        health_budget=2, eac=Decimal("100000.00")
    )
    _scan(django_capture_on_commit_callbacks)
    assert Alert.objects.get(project=overruns.project_a).flagged_by_pm is False


def _bulk_projects(world, count: int) -> None:
    """``count`` projects, two thirds overrunning (half of those flagged), built in bulk."""
    template = world.project_a
    projects = Project.objects.bulk_create(
        [
            Project(
                code=f"BULK-{n:05d}",
                name=f"Bulk {n}",
                portfolio_id=template.portfolio_id,
                business_domain_id=template.business_domain_id,
                project_type_id=template.project_type_id,
                manager_id=template.manager_id,
                status=template.status,
                planned_start=template.planned_start,
                planned_end=template.planned_end,
                health_budget=3 if n % 3 == 1 else 1,
                eac=Decimal("300000") if n % 3 == 1 else None,
            )
            for n in range(count)
        ]
    )
    lines, actuals, commitments = [], [], []
    for n, project in enumerate(projects):
        for nature in (Nature.CAPEX, Nature.OPEX):
            lines.append(
                BudgetLine(
                    project=project,
                    nature=nature,
                    category=CostCategory.OTHER,
                    fiscal_year=2026,
                    approved_amount=Decimal("100000"),
                    baseline_amount=Decimal("100000"),
                )
            )
            spent = Decimal("120000") if n % 3 else Decimal("10000")
            actuals.append(
                ActualCost(
                    project=project,
                    date=date(2026, 2, 1),
                    nature=nature,
                    category=CostCategory.OTHER,
                    amount=spent,
                )
            )
            commitments.append(
                CommittedCost(
                    project=project,
                    date=date(2026, 2, 1),
                    nature=nature,
                    category=CostCategory.OTHER,
                    amount=Decimal("1000"),
                )
            )
    BudgetLine.objects.bulk_create(lines)
    ActualCost.objects.bulk_create(actuals)
    CommittedCost.objects.bulk_create(commitments)


def _count_scan_queries() -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        result = scan_budget_overruns(today=TODAY)
    return len(queries), result


def test_query_count_is_the_same_at_50_and_2000_projects(world):
    _bulk_projects(world, 50)
    small, small_result = _count_scan_queries()
    assert small_result["notified"] > 0
    assert small_result["flagged"] > 0
    Alert.objects.all().delete()
    Notification.objects.all().delete()
    Project.objects.filter(code__startswith="BULK-").delete()
    _bulk_projects(world, 2000)
    large, large_result = _count_scan_queries()
    assert large_result["notified"] > 20 * small_result["notified"]
    assert large == small, (small, large)


def test_scan_is_scheduled_every_morning_in_paris(db):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.select_related("crontab").get(name="Budget overrun scan")
    assert task.task == "resources.tasks.scan_budget_overruns"
    assert task.queue == "default"
    crontab = task.crontab
    assert (crontab.minute, crontab.hour, crontab.day_of_week) == ("30", "6", "*")
    assert str(crontab.timezone) == "Europe/Paris"


def test_task_runs_the_scan(overruns, time_machine):
    from resources.tasks import scan_budget_overruns as task

    time_machine.move_to(datetime(2026, 6, 30, 7, 30, tzinfo=PARIS), tick=False)
    assert task.acks_late
    assert task.reject_on_worker_lost
    result = task.apply().get()
    assert {"breaches", "created", "flagged", "notified", "escalated", "messages"} <= set(result)


@pytest.mark.parametrize(
    "day", [date(2027, 1, 1), date(2027, 3, 28), date(2027, 5, 31), date(2028, 2, 29)]
)
def test_year_without_budget_lines_alerts_at_the_highest_step(overruns, time_machine, day):
    """A new fiscal year starts before its budget lines are entered: the open commitments of
    2026 now overrun a zero 2027 budget. The scan records that as the highest overrun
    (it used to fail with "smallint out of range" on the step number)."""
    from resources.services.alerts import MAX_PERCENT, MAX_STEP
    from resources.tasks import scan_budget_overruns as task

    time_machine.move_to(datetime.combine(day, time(6, 30), tzinfo=PARIS), tick=False)
    result = task.apply().get()
    assert result["created"] >= 1
    silent = Alert.objects.get(project=overruns.project_a, kind=AlertKind.ACTUAL_OVER_BUDGET)
    assert silent.period == day.year
    assert silent.budget == Decimal("0.00")
    assert silent.measured == Decimal("5000.00")  # the open commitment
    assert silent.overrun_percent == MAX_PERCENT
    assert silent.step_notified == MAX_STEP
    told = {n.recipient.username for n in Notification.objects.filter(dedup_key__contains=":")}
    assert {"pm_user", "pmo_user"} <= told
    # The next morning: same overrun, same step, nothing queued twice.
    queued = Notification.objects.count()
    time_machine.move_to(datetime.combine(day + timedelta(days=1), time(6, 30), tzinfo=PARIS))
    task.apply().get()
    assert Notification.objects.count() == queued
