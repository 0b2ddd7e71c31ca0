"""The demo reporting history: 12 periods of believable reports, slips and risks; idempotent."""

import io
import itertools
from collections import Counter, defaultdict
from datetime import date

import pytest
from django.core.management import call_command

from portfolios.demo import seed_portfolios
from portfolios.models import Project, ProjectStatus
from reporting.demo import seed_reporting
from reporting.models import (
    HEALTH_FIELDS,
    Milestone,
    MilestoneSnapshot,
    MilestoneStatus,
    RaidItem,
    RaidKind,
    ReportingPolicy,
    ReportStatus,
    StatusReport,
)
from reporting.periods import Frequency, period_containing
from reporting.selectors.policies import frequency_by_portfolio

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 25)
LIVE = (ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD)
DECLARED = (*HEALTH_FIELDS, "percent_complete", "eac", "forecast_end")


@pytest.fixture
def demo():
    seed_portfolios(projects=20)
    return seed_reporting(history=12, today=TODAY)


def reports_by_project(**filters):
    reports = defaultdict(list)
    for report in StatusReport.objects.filter(**filters).order_by("period_start"):
        reports[report.project_id].append(report)
    return reports


def current_period(project, frequencies):
    return period_containing(TODAY, frequencies.get(project.portfolio_id, Frequency.MONTHLY))


def test_live_projects_have_twelve_consecutive_submitted_reports(demo):
    frequencies = frequency_by_portfolio()
    submitted = reports_by_project(status=ReportStatus.SUBMITTED)
    live = Project.objects.filter(status__in=LIVE)
    assert live.count() >= 8
    late = 0
    for project in live:
        reports = submitted[project.pk]
        periods = [report.period for report in reports]
        assert len(set(periods)) == len(periods), project.code
        # Consecutive periods of the portfolio's frequency, ending at this period, the last,
        # or the one before (a late report).
        for earlier, later in itertools.pairwise(periods):
            assert later == earlier.following(), project.code
        current = current_period(project, frequencies)
        late += periods[-1] == current.previous().previous()
        assert periods[-1] in (current, current.previous(), current.previous().previous()), (
            project.code
        )
        # Twelve of them, or one per period since the project started if it is younger.
        if periods[0].start > project.planned_start:
            assert len(reports) == 12, project.code
        else:
            assert periods[0].start <= project.planned_start <= periods[0].end, project.code
            assert len(reports) <= 12
        # % complete never goes back.
        percents = [report.percent_complete for report in reports]
        assert percents == sorted(percents), project.code
    # Some never submitted last period's report: late, besides missing this period's.
    assert 0 < late < live.count() / 2, late


def test_current_period_is_submitted_draft_or_missing(demo):
    frequencies = frequency_by_portfolio()
    states = Counter()
    for project in Project.objects.filter(status__in=LIVE):
        report = StatusReport.objects.filter(
            project=project, period_start=current_period(project, frequencies).start
        ).first()
        states[report.status if report else "missing"] += 1
    # The dashboard has something to say about this period's reports.
    assert states[ReportStatus.SUBMITTED] > 0
    assert states[ReportStatus.DRAFT] > 0
    assert states["missing"] > 0
    # Drafts only ever sit in the current period.
    for draft in StatusReport.objects.filter(status=ReportStatus.DRAFT):
        assert draft.period == current_period(draft.project, frequencies)
        assert not draft.milestone_snapshots.exists()


def test_a_mix_of_weather_with_escalations_when_it_rains(demo):
    latest = Counter(
        Project.objects.filter(status__in=LIVE).values_list("health_overall", flat=True)
    )
    assert len(latest) >= 3, latest
    stormy_or_rainy = StatusReport.objects.filter(health_overall__gte=3)
    assert stormy_or_rainy.exists()
    assert all(report.escalations for report in stormy_or_rainy)
    assert not StatusReport.objects.filter(health_overall__lte=2).exclude(escalations="").exists()
    assert not StatusReport.objects.filter(achievements="").exists()


def test_closed_projects_report_up_to_their_end(demo):
    closed = Project.objects.filter(status=ProjectStatus.CLOSED)
    assert closed.exists()
    for project in closed:
        last = project.status_reports.order_by("-period_start").first()
        assert last.status == ReportStatus.SUBMITTED
        assert last.period_start <= project.actual_end <= last.period_end
        assert last.percent_complete == 100
        assert not project.milestones.filter(status=MilestoneStatus.PLANNED).exists()


def test_milestones_snapshots_tell_the_slip_story(demo):
    live = Project.objects.filter(status__in=LIVE)
    for project in live:
        assert 2 <= project.milestones.count() <= 4, project.code
    for report in StatusReport.objects.filter(status=ReportStatus.SUBMITTED):
        assert report.milestone_snapshots.count() == report.project.milestones.count()
    slipped = 0
    for milestone in Milestone.objects.all():
        snapshots = list(milestone.snapshots.order_by("report__period_start"))
        forecasts = [snapshot.forecast_date for snapshot in snapshots]
        assert forecasts == sorted(forecasts), milestone  # forecasts only slip later
        if snapshots:
            # The milestone's current forecast is what the latest report stated.
            assert milestone.forecast_date == snapshots[-1].forecast_date
            assert milestone.actual_date == snapshots[-1].actual_date
        assert (milestone.status == MilestoneStatus.ACHIEVED) == (milestone.actual_date is not None)
        slipped += milestone.slip_days > 0
    assert slipped >= 3
    assert Milestone.objects.filter(name="Cadrage validé").exists()


def test_raid_log_has_scored_risks(demo):
    for project in Project.objects.filter(status=ProjectStatus.ACTIVE):
        risks = project.raid_items.filter(kind=RaidKind.RISK)
        assert 1 <= risks.count() <= 4, project.code
        for risk in risks:
            assert 1 <= risk.probability <= 4
            assert 1 <= risk.impact <= 4
            assert risk.exposure == risk.probability * risk.impact
            assert risk.title
            assert risk.response
    kinds = set(RaidItem.objects.values_list("kind", flat=True))
    assert kinds == {RaidKind.RISK, RaidKind.ISSUE, RaidKind.ACTION, RaidKind.DECISION}
    assert (
        RaidItem.objects.filter(title="Dérive du périmètre").exists()
        or RaidItem.objects.filter(title="Indisponibilité des experts métier").exists()
    )


def test_declared_status_is_the_latest_submitted_report(demo):
    latest = {
        project_id: reports[-1]
        for project_id, reports in reports_by_project(status=ReportStatus.SUBMITTED).items()
    }
    assert latest
    for project in Project.objects.all():
        report = latest.get(project.pk)
        if report is None:
            assert project.health_overall is None, project.code
            continue
        for name in DECLARED:
            assert getattr(project, name) == getattr(report, name), (project.code, name)
        assert project.status_date == report.period_end


def test_agile_portfolio_reports_fortnightly(demo):
    policy = ReportingPolicy.objects.get()
    assert policy.frequency == Frequency.FORTNIGHTLY
    reports = StatusReport.objects.filter(project__portfolio=policy.portfolio)
    assert reports.exists()
    assert set(reports.values_list("frequency", flat=True)) == {Frequency.FORTNIGHTLY}
    other = StatusReport.objects.exclude(project__portfolio=policy.portfolio)
    assert set(other.values_list("frequency", flat=True)) == {Frequency.MONTHLY}


def snapshot():
    return {
        "reports": list(StatusReport.objects.order_by("pk").values()),
        "report_history": StatusReport.history.count(),
        "milestones": list(Milestone.objects.order_by("pk").values()),
        "snapshots": list(MilestoneSnapshot.objects.order_by("pk").values()),
        "raid": list(RaidItem.objects.order_by("pk").values()),
        "raid_history": RaidItem.history.count(),
        "projects": list(Project.objects.order_by("pk").values()),
        "project_history": Project.history.count(),
        "policies": list(ReportingPolicy.objects.values()),
    }


def test_running_it_twice_changes_nothing(demo):
    assert demo["reports"] > 100
    assert demo["snapshots"] > demo["reports"]
    before = snapshot()
    again = seed_reporting(history=12, today=TODAY)
    assert set(again.values()) == {0}
    assert snapshot() == before


def test_seed_demo_runs_the_history_unless_told_not_to():
    out = io.StringIO()
    call_command("seed_demo", "--projects", "8", "--history", "0", stdout=out)
    assert not StatusReport.objects.exists()
    assert "pmo / pmo-2026" in out.getvalue()
    out = io.StringIO()
    call_command("seed_demo", "--projects", "8", stdout=out)
    assert StatusReport.objects.filter(status=ReportStatus.SUBMITTED).exists()
    assert "submitted reports" in out.getvalue()
    assert "pmo / pmo-2026" in out.getvalue()
