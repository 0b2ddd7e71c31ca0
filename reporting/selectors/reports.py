"""Read side of status reports: access-checked fetches, a project's history, a PM's desk."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from portfolios.models import Project, ProjectStatus
from reporting.models import Milestone, MilestoneSnapshot, MilestoneStatus, StatusReport
from reporting.periods import Period, period_containing
from reporting.selectors.policies import frequency_by_portfolio

PROJECT_RELATED = ("portfolio", "manager", "project_type", "business_domain")


def get_report(user, pk: int, *, write: bool = False, for_update: bool = False) -> StatusReport:
    """A report of a project ``user`` may read (404 otherwise); with ``write``, 403 unless
    they may change it (their project, and not submitted). ``for_update`` locks the report's
    row until the end of the caller's transaction (a save reads it once)."""
    reports = StatusReport.objects.all()
    if for_update:
        reports = reports.select_for_update(of=("self",))
    report = (
        reports.filter(project__in=Project.objects.visible_to(user))
        .select_related(*(f"project__{name}" for name in PROJECT_RELATED))
        .select_related("author", "submitted_by")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404
    if write and not user.has_perm("reporting.change_statusreport", report):
        raise PermissionDenied
    return report


def get_milestone_for_user(user, pk: int) -> Milestone:
    """A milestone of a project ``user`` may read (404 otherwise)."""
    milestone = (
        Milestone.objects.filter(project__in=Project.objects.visible_to(user)).filter(pk=pk).first()
    )
    if milestone is None:
        raise Http404
    return milestone


def project_reports(project: Project):
    return project.status_reports.select_related("submitted_by").order_by("-period_start")


def report_milestones(project: Project, *, for_update: bool = False) -> list[Milestone]:
    """Milestones a PM updates in the status form (cancelled ones are left out); with
    ``for_update``, locked until the end of the caller's transaction."""
    milestones = project.milestones.exclude(status=MilestoneStatus.CANCELLED)
    if for_update:
        milestones = milestones.select_for_update()
    return list(milestones.order_by("baseline_date", "pk"))


def milestone_trend(project: Project, *, periods: int = 12) -> dict:
    """Data of the slip chart: forecast of each milestone as each submitted report stated it.

    Two queries: the last ``periods`` submitted reports, and their snapshots.
    """
    reports = list(
        project.status_reports.filter(status="submitted")
        .order_by("-period_start")
        .values("pk", "period_start")[:periods]
    )
    reports.reverse()
    index = {report["pk"]: i for i, report in enumerate(reports)}
    milestones: dict[int, dict] = {}
    snapshots = (
        MilestoneSnapshot.objects.filter(report_id__in=index)
        .select_related("milestone")
        .order_by("milestone__baseline_date", "milestone_id")
    )
    for snapshot in snapshots:
        entry = milestones.setdefault(
            snapshot.milestone_id,
            {
                "name": snapshot.milestone.name,
                "baseline": snapshot.milestone.baseline_date,
                "points": [None] * len(reports),
            },
        )
        entry["points"][index[snapshot.report_id]] = snapshot.actual_date or snapshot.forecast_date
    changes = baseline_changes(project)
    for change in changes:
        if change.milestone_id in milestones:
            milestones[change.milestone_id].setdefault("earlier_baselines", []).append(change.old)
    return {
        "periods": [report["period_start"] for report in reports],
        "milestones": list(milestones.values()),
        "baseline_changes": changes,
    }


@dataclass(frozen=True)
class BaselineChange:
    milestone_id: int
    name: str
    old: date
    new: date
    at: datetime
    by: object  # the user, or None (a change made outside a request)
    reason: str


def baseline_changes(project: Project) -> list[BaselineChange]:
    """Every change of a milestone's baseline date, oldest first, from the milestones'
    history (who, when, from what to what, and the reason given). One query."""
    records = (
        Milestone.history.filter(project_id=project.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
        .only(
            "id", "name", "baseline_date", "history_date", "history_user", "history_change_reason"
        )
    )
    changes: list[BaselineChange] = []
    previous = None
    for record in records:
        if (
            previous is not None
            and previous.id == record.id
            and previous.baseline_date != record.baseline_date
        ):
            changes.append(
                BaselineChange(
                    milestone_id=record.id,
                    name=record.name,
                    old=previous.baseline_date,
                    new=record.baseline_date,
                    at=record.history_date,
                    by=record.history_user,
                    reason=record.history_change_reason or "",
                )
            )
        previous = record
    changes.sort(key=lambda change: change.at)
    return changes


@dataclass
class DeskRow:
    project: Project
    period: Period
    report: StatusReport | None

    @property
    def state(self) -> str:
        if self.report is None:
            return "missing"
        return self.report.status


def my_desk(*, user, today=None) -> list[DeskRow]:
    """The open projects ``user`` manages or deputises, with this period's report (if any).

    Three queries whatever the number of projects: the projects, the frequency of each
    portfolio, and the reports of their current periods.
    """
    today = today or timezone.localdate()
    deputised = Project.deputies.through.objects.filter(user=user).values("project")
    projects = list(
        Project.objects.filter(Q(manager=user) | Q(pk__in=deputised))
        .filter(is_archived=False)
        .exclude(status__in=[ProjectStatus.CLOSED, ProjectStatus.CANCELLED, ProjectStatus.PROPOSED])
        .select_related(*PROJECT_RELATED)
        .order_by("code")
    )
    if not projects:
        return []
    frequencies = frequency_by_portfolio()
    periods = {
        p.pk: period_containing(today, frequencies.get(p.portfolio_id, "monthly")) for p in projects
    }
    condition = Q()
    for project in projects:
        condition |= Q(project_id=project.pk, period_start=periods[project.pk].start)
    reports = {r.project_id: r for r in StatusReport.objects.filter(condition)}
    return [DeskRow(project=p, period=periods[p.pk], report=reports.get(p.pk)) for p in projects]


def report_changes(report: StatusReport, *, limit: int = 20) -> list[dict]:
    """Who changed the report, when, what, and why (reopen reasons)."""
    records = list(
        report.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    entries = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        if len(entries) == limit:
            break
        changed = []
        if older is not None:
            delta = newer.diff_against(older, foreign_keys_are_objs=False)
            changed = [
                str(StatusReport._meta.get_field(c.field).verbose_name)
                for c in delta.changes
                if c.field not in {"updated_at", "version", "submitted_at", "submitted_by"}
            ]
        entries.append(
            {
                "date": newer.history_date,
                "user": newer.history_user,
                "type": newer.history_type,
                "status": newer.status,
                "reason": newer.history_change_reason,
                "changed": changed,
            }
        )
    return entries
