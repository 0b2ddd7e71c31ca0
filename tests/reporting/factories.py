"""factory_boy factories of reporting: status reports, milestones, RAID items."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from reporting.models import (
    Milestone,
    RaidItem,
    RaidKind,
    ReportStatus,
    StatusReport,
)
from reporting.periods import Frequency, period_containing
from tests.portfolios.factories import ProjectFactory


class StatusReportFactory(factory.django.DjangoModelFactory):
    """``period=`` a reporting Period (default: this month); ``draft=True`` for a draft."""

    class Meta:
        model = StatusReport
        exclude = ["period", "draft"]

    project = factory.SubFactory(ProjectFactory)
    period = factory.LazyFunction(
        lambda: period_containing(timezone.localdate(), Frequency.MONTHLY)
    )
    draft = False
    period_start = factory.LazyAttribute(lambda o: o.period.start)
    period_end = factory.LazyAttribute(lambda o: o.period.end)
    frequency = factory.LazyAttribute(lambda o: o.period.frequency)
    status = factory.LazyAttribute(
        lambda o: ReportStatus.DRAFT if o.draft else ReportStatus.SUBMITTED
    )
    submitted_at = factory.LazyAttribute(lambda o: None if o.draft else timezone.now())
    health_overall = 2
    health_schedule = 2
    health_budget = 1
    health_scope = 1
    health_resources = 2
    percent_complete = 40
    achievements = "Recette du lot 1 terminée."
    next_steps = "Démarrer le lot 2."
    escalations = ""
    eac = Decimal("160000.00")
    forecast_end = date(2026, 12, 31)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Jalon {n}")
    baseline_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    forecast_date = factory.LazyAttribute(lambda o: o.baseline_date + timedelta(days=10))


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RaidItem

    project = factory.SubFactory(ProjectFactory)
    kind = RaidKind.RISK
    title = factory.Sequence(lambda n: f"Risque {n}")
    probability = 3
    impact = 4
    response = "Plan de mitigation défini."
