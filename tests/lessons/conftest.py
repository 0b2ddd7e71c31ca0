"""Fixtures shared by the tests of lessons: the steering committee of the drafted COPIL summary
(tests/lessons/test_copil_summary*.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from reporting.models import MeetingStatus, MilestoneSnapshot
from reporting.periods import Frequency, period_containing
from tests.portfolios.factories import ProjectFactory
from tests.reporting.factories import MilestoneFactory, StatusReportFactory
from tests.reporting.factories_copil import CopilMeetingFactory
from tests.resources.factories_alerts import AlertFactory

ESCALATION = "Arbitrage demandé sur le budget du lot 2."


@pytest.fixture
def meeting(world):
    """An English COPIL of P1 in two days; the previous one was 60 days ago. Project SUM-1
    went from sunny to rainy between a report before that and one of the period, its go-live
    slipped 20 days, it escalates a budget decision and has an open budget alert."""
    today = timezone.localdate()
    project = ProjectFactory(code="SUM-1", name="Projet Synthèse", portfolio=world.p1)
    before = StatusReportFactory(
        project=project,
        period=period_containing(today - timedelta(days=120), Frequency.MONTHLY),
        health_overall=1,
        health_budget=1,
    )
    latest = StatusReportFactory(
        project=project,
        period=period_containing(today - timedelta(days=20), Frequency.MONTHLY),
        health_overall=3,
        health_budget=3,
        escalations=ESCALATION + "\n",
        percent_complete=55,
    )
    milestone = MilestoneFactory(project=project, name="Mise en service")
    planned = today + timedelta(days=40)
    MilestoneSnapshot.objects.create(report=before, milestone=milestone, forecast_date=planned)
    MilestoneSnapshot.objects.create(
        report=latest, milestone=milestone, forecast_date=planned + timedelta(days=20)
    )
    AlertFactory(project=project, period=today.year)
    CopilMeetingFactory(
        portfolio=world.p1,
        scheduled_at=timezone.now() - timedelta(days=60),
        status=MeetingStatus.HELD,
    )
    found = CopilMeetingFactory(
        portfolio=world.p1, scheduled_at=timezone.now() + timedelta(days=2), language="en"
    )
    found.latest_day = latest.period_end.isoformat()
    return found
