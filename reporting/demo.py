"""Demo reporting history (used by ``seed_demo`` after the portfolio demo).

For every active, on-hold or closed project: milestones, ``history`` submitted status reports
going back from the current period (closed projects: up to their end), milestone snapshots
whose forecasts slip for some milestones (the slip chart tells a story), and a RAID log.
The current period is already submitted for about half of the live projects, a draft for
some and missing for the others (some of those missed the last period's too), so the
dashboards show missing and late reports; and in each business unit the demo executive sits
on, one project turns stormy at its latest report after a cloudy one (their cockpit always has
a project in difficulty, worse than last time, whatever the day).

Deterministic and idempotent like ``portfolios.demo``: every project draws from its own
random generator seeded with its code, rows are looked up by their natural keys (project
and period, project and milestone name, report and milestone, project/kind/title) and only
missing ones are created, with bulk inserts in batches, so 20,000 projects take a minute or
two, not hours. What each project's history holds is planned in reporting/demo_plan.py; this
module writes it.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from portfolios.models import Portfolio, Project, ProjectStatus
from reporting.demo_plan import plan_project
from reporting.models import (
    HEALTH_FIELDS,
    Milestone,
    MilestoneSnapshot,
    MilestoneStatus,
    RaidItem,
    ReportingPolicy,
    ReportStatus,
    StatusReport,
)
from reporting.periods import Frequency
from reporting.selectors.policies import frequency_by_portfolio

BATCH = 2000  # rows per INSERT
CHUNK = 500  # projects planned and inserted together (about 20,000 rows)
# The project's declared status, as reporting's submit service writes it (with status_date).
DECLARED = (*HEALTH_FIELDS, "percent_complete", "eac", "forecast_end")
REPORTED = (ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD, ProjectStatus.CLOSED)
# Agile projects report every two weeks: shows that a portfolio's policy is honoured.
FORTNIGHTLY_PORTFOLIOS = ("Transformation numérique",)
# The executive's cockpit ("direction" sits on these business units) always has a project
# in difficulty in each, worse than at its previous report: the first active one that is old
# enough.
STORM_UNITS = ("Direction Clients et Services", "Direction Industrielle")
STORY_AGE = timedelta(days=120)


def _policies(counts: Counter) -> None:
    for name in FORTNIGHTLY_PORTFOLIOS:
        portfolio = Portfolio.objects.filter(name=name).first()
        if portfolio is None:
            continue
        _policy, created = ReportingPolicy.objects.get_or_create(
            portfolio=portfolio, defaults={"frequency": Frequency.FORTNIGHTLY}
        )
        counts["policies"] += created


def _story_projects(projects: list[dict], today: date) -> set[int]:
    """The projects of STORM_UNITS that turn stormy (reporting/demo_plan.py ``story``): in
    each, the first active one by code that started at least STORY_AGE days ago."""
    chosen = set()
    for unit in Portfolio.objects.filter(name__in=STORM_UNITS):
        portfolios = {unit.pk, *unit.children.values_list("pk", flat=True)}
        candidates = [
            p
            for p in projects
            if p["portfolio_id"] in portfolios
            and p["status"] == ProjectStatus.ACTIVE
            and p["planned_start"] <= today - STORY_AGE
        ]
        if candidates:
            chosen.add(min(candidates, key=lambda p: p["code"])["pk"])
    return chosen


def _seed_chunk(chunk, frequencies, users, today, history, counts, stories=()) -> None:
    ids = [p["pk"] for p in chunk]
    plans = {
        p["pk"]: plan_project(
            p,
            frequencies.get(p["portfolio_id"], Frequency.MONTHLY),
            today,
            history,
            story=p["pk"] in stories,
        )
        for p in chunk
    }
    manager_of = {p["pk"]: p["manager_id"] for p in chunk}

    milestone_ids = {
        (project_id, name): pk
        for pk, project_id, name in Milestone.objects.filter(project_id__in=ids).values_list(
            "pk", "project_id", "name"
        )
    }
    new_milestones = [
        Milestone(
            project_id=project_id,
            name=m.name,
            baseline_date=m.baseline,
            forecast_date=m.forecast,
            actual_date=m.actual,
            status=MilestoneStatus.ACHIEVED if m.actual else MilestoneStatus.PLANNED,
        )
        for project_id, plan in plans.items()
        for m in plan.milestones
        if (project_id, m.name) not in milestone_ids
    ]
    for milestone in Milestone.objects.bulk_create(new_milestones, batch_size=BATCH):
        milestone_ids[(milestone.project_id, milestone.name)] = milestone.pk
    counts["milestones"] += len(new_milestones)

    report_ids, submitted_ids = {}, set()
    for pk, project_id, start, status in StatusReport.objects.filter(
        project_id__in=ids
    ).values_list("pk", "project_id", "period_start", "status"):
        report_ids[(project_id, start)] = pk
        if status == ReportStatus.SUBMITTED:
            submitted_ids.add(pk)
    new_reports = []
    for project_id, plan in plans.items():
        for r in plan.reports:
            if (project_id, r.period.start) in report_ids:
                continue
            author = users.get(manager_of[project_id])
            report = StatusReport(
                project_id=project_id,
                period_start=r.period.start,
                period_end=r.period.end,
                frequency=r.period.frequency,
                status=ReportStatus.SUBMITTED if r.submitted else ReportStatus.DRAFT,
                author=author,
                submitted_by=author if r.submitted else None,
                submitted_at=r.submitted_at,
                version=2 if r.submitted else 1,
                **r.values,
            )
            report._history_user = author
            if r.submitted_at:
                report._history_date = r.submitted_at
            new_reports.append(report)
    for report in bulk_create_with_history(new_reports, StatusReport, batch_size=BATCH):
        report_ids[(report.project_id, report.period_start)] = report.pk
        if report.status == ReportStatus.SUBMITTED:
            submitted_ids.add(report.pk)
    counts["reports"] += sum(r.status == ReportStatus.SUBMITTED for r in new_reports)
    counts["drafts"] += sum(r.status == ReportStatus.DRAFT for r in new_reports)

    existing = set(
        MilestoneSnapshot.objects.filter(milestone__project_id__in=ids).values_list(
            "report_id", "milestone_id"
        )
    )
    snapshots = []
    for project_id, plan in plans.items():
        for r in plan.reports:
            report_id = report_ids[(project_id, r.period.start)]
            if report_id not in submitted_ids:
                continue  # snapshots belong to submitted reports only
            for name, (forecast, actual) in r.milestones.items():
                milestone_id = milestone_ids[(project_id, name)]
                if (report_id, milestone_id) not in existing:
                    snapshots.append(
                        MilestoneSnapshot(
                            report_id=report_id,
                            milestone_id=milestone_id,
                            forecast_date=forecast,
                            actual_date=actual,
                        )
                    )
    MilestoneSnapshot.objects.bulk_create(snapshots, batch_size=BATCH)
    counts["snapshots"] += len(snapshots)

    raid_keys = set(
        RaidItem.objects.filter(project_id__in=ids).values_list("project_id", "kind", "title")
    )
    new_items = []
    for project_id, plan in plans.items():
        for item in plan.raid:
            if (project_id, item["kind"], item["title"]) in raid_keys:
                continue
            raid = RaidItem(project_id=project_id, **item)
            raid._history_user = users.get(manager_of[project_id])
            new_items.append(raid)
    bulk_create_with_history(new_items, RaidItem, batch_size=BATCH)
    counts["raid_items"] += len(new_items)

    _declare(ids)


def _declare(project_ids: list[int]) -> None:
    """Write each project's declared status from its latest submitted report.

    Not through ``portfolios.services.record_declared_status`` per project: this is seed
    data, so no audit-history row per project is wanted (the reports carry the history), and
    20,000 service calls would take minutes. The values are exactly those the submit service
    writes (``reporting.services.reports._publish``); a project without any submitted report
    declares nothing. One parameterised UPDATE by primary key, sent with ``executemany``:
    ``bulk_update`` builds a CASE expression per field and row, which costs more than the
    rest of the seed at 20,000 projects.
    """
    latest: dict[int, dict] = {}
    reports = (
        StatusReport.objects.filter(project_id__in=project_ids, status=ReportStatus.SUBMITTED)
        .order_by("project_id", "-period_start")
        .values("project_id", "period_end", *DECLARED)
    )
    for report in reports:
        latest.setdefault(report["project_id"], report)
    rows = []
    for pk in project_ids:
        report = latest.get(pk)
        values = [report[name] if report else None for name in DECLARED]
        rows.append([*values, report["period_end"] if report else None, pk])
    meta, quote = Project._meta, connection.ops.quote_name
    assignments = ", ".join(
        f"{quote(meta.get_field(name).column)} = %s" for name in (*DECLARED, "status_date")
    )
    statement = (
        f"UPDATE {quote(meta.db_table)} SET {assignments} "  # noqa: S608 - names from the model
        f"WHERE {quote(meta.pk.column)} = %s"
    )
    with connection.cursor() as cursor:
        cursor.executemany(statement, rows)


def seed_reporting(*, history: int = 12, today: date | None = None, stdout=None) -> dict:
    """Create what is missing of the demo reporting history; returns counts of created rows.

    ``history`` is the number of submitted reports per project (fewer when the project
    started more recently); ``today`` fixes the current period (default: today).
    """
    today = today or timezone.localdate()
    counts: Counter = Counter()
    if history <= 0:
        return dict(counts)
    _policies(counts)
    frequencies = frequency_by_portfolio()
    projects = list(
        Project.objects.filter(status__in=REPORTED)
        .order_by("pk")
        .values(
            "pk",
            "code",
            "status",
            "portfolio_id",
            "manager_id",
            "planned_start",
            "planned_end",
            "baseline_start",
            "baseline_end",
            "actual_end",
            "estimated_cost",
        )
    )
    users = {
        user.pk: user
        for user in get_user_model().objects.filter(pk__in={p["manager_id"] for p in projects})
    }
    stories = _story_projects(projects, today)
    for offset in range(0, len(projects), CHUNK):
        chunk = projects[offset : offset + CHUNK]
        _seed_chunk(chunk, frequencies, users, today, history, counts, stories)
        if stdout is not None and len(projects) > CHUNK:
            done = min(offset + CHUNK, len(projects))
            stdout.write(f"  reporting history: {done}/{len(projects)} projects")
    return {
        name: counts[name]
        for name in ("policies", "milestones", "reports", "drafts", "snapshots", "raid_items")
    }
