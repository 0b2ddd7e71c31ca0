"""Status reports: open a period's draft, save it (optimistic locking), submit, reopen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from portfolios.models import Project, ProjectStatus
from portfolios.services import record_declared_status
from portfolios.services.rollups import refresh_projects
from reporting.models import (
    HEALTH_FIELDS,
    Milestone,
    MilestoneSnapshot,
    MilestoneStatus,
    ReportStatus,
    StatusReport,
)
from reporting.periods import Period, period_containing
from reporting.selectors.policies import frequency_for

# The fields a project manager writes in the form (the rest is bookkeeping).
REPORT_FIELDS = (
    *HEALTH_FIELDS,
    "percent_complete",
    "achievements",
    "next_steps",
    "escalations",
    "forecast_end",
    "eac",
    "comment",
)
# Projects that owe status reports.
REPORTING_STATUSES = frozenset(
    {ProjectStatus.APPROVED, ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD}
)
# Carried over from the previous report when a new period opens: the PM changes what moved.
CARRIED_OVER = (*HEALTH_FIELDS, "percent_complete", "next_steps", "forecast_end", "eac")


class ReportConflict(Exception):
    """Someone else saved the report since this form was opened."""

    def __init__(self, current: StatusReport):
        super().__init__("report changed since it was opened")
        self.current = current


class ReportLocked(PermissionDenied):
    """A submitted report cannot be changed (the PMO may reopen it)."""


@dataclass(frozen=True)
class MilestoneChange:
    milestone_id: int
    forecast_date: date
    actual_date: date | None
    status: str


def current_period(project: Project, *, today: date | None = None) -> Period:
    return period_containing(today or timezone.localdate(), frequency_for(project.portfolio_id))


def previous_report(project: Project, before: date) -> StatusReport | None:
    return (
        StatusReport.objects.filter(
            project=project, status=ReportStatus.SUBMITTED, period_start__lt=before
        )
        .order_by("-period_start")
        .first()
    )


@transaction.atomic
def open_report(*, project: Project, user, period: Period | None = None) -> StatusReport:
    """The report of ``period`` (default: the current one), created as a draft pre-filled
    from the previous submitted report, or from the project's declared status. Two
    simultaneous calls return the same report."""
    period = period or current_period(project)
    existing = StatusReport.objects.filter(project=project, period_start=period.start).first()
    if existing:
        return existing
    if project.status not in REPORTING_STATUSES or project.is_archived:
        raise ValidationError(_("Only projects in progress report their status."))
    previous = previous_report(project, period.start)
    if previous is not None:
        initial = {name: getattr(previous, name) for name in CARRIED_OVER}
    else:
        initial = {name: getattr(project, name) for name in CARRIED_OVER if hasattr(project, name)}
        for name in HEALTH_FIELDS:
            initial[name] = initial.get(name) or 1
        initial["percent_complete"] = initial.get("percent_complete") or 0
        initial["next_steps"] = ""
    report = StatusReport(
        project=project,
        period_start=period.start,
        period_end=period.end,
        frequency=period.frequency,
        author=user,
        **initial,
    )
    # The one-report-per-period constraint is left to the database: a concurrent request's
    # draft is not visible here before it commits.
    report.full_clean(validate_constraints=False)
    report.validate_constraints(exclude={"project"})
    report._history_user = user
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:  # a concurrent click (another tab) created it first
        existing = StatusReport.objects.filter(project=project, period_start=period.start).first()
        if existing is None:
            raise
        return existing
    return report


def _apply(report: StatusReport, data: dict) -> None:
    for name in REPORT_FIELDS:
        if name in data:
            setattr(report, name, data[name])


def _lock_milestones(project: Project, changes: list[MilestoneChange], *, submit: bool):
    """The milestones the changes name, and on submit the project's other live ones (for
    the snapshot), read FOR UPDATE in one query."""
    wanted = Q(pk__in=[c.milestone_id for c in changes])
    if submit:
        wanted |= ~Q(status=MilestoneStatus.CANCELLED)
    return list(project.milestones.select_for_update().filter(wanted))


def _update_milestones(milestones: list[Milestone], changes: list[MilestoneChange], user) -> None:
    by_pk = {m.pk: m for m in milestones}
    changed = {}
    for change in changes:
        milestone = by_pk.get(change.milestone_id)
        if milestone is None:
            raise ValidationError(_("This milestone does not belong to the project."))
        if (milestone.forecast_date, milestone.actual_date, milestone.status) == (
            change.forecast_date,
            change.actual_date,
            change.status,
        ):
            # Unchanged on the form: no write, no history entry, and its version stays, so
            # that someone editing it on the milestone page meanwhile gets no false conflict.
            continue
        milestone.forecast_date = change.forecast_date
        milestone.actual_date = change.actual_date
        milestone.status = change.status
        milestone.full_clean(exclude=["project"])  # its project is the report's, unchanged
        milestone.version += 1  # the milestone page's edit check (bulk_update skips save())
        changed[milestone.pk] = milestone
    if changed:
        bulk_update_with_history(
            list(changed.values()),
            Milestone,
            ["forecast_date", "actual_date", "status", "version"],
            default_user=user,
        )


def save_report(
    *,
    report: StatusReport,
    user,
    data: dict,
    version: int,
    milestones: list[MilestoneChange] = (),
    submit: bool = False,
    locked_milestones: list[Milestone] | None = None,
) -> StatusReport:
    """Save the PM's changes; with ``submit``, lock the report and publish its figures.

    Optimistic locking: ``version`` is the version the form was opened at. If someone saved
    in between, nothing is written and ReportConflict carries the current report.

    A caller that already read ``report`` and its project's live milestones FOR UPDATE in the
    current transaction (the form view: ``get_report(..., for_update=True)`` and
    ``report_milestones(..., for_update=True)``) passes those milestones as
    ``locked_milestones``; neither is read again (issue 16: the submit's query budget), and
    no savepoint is opened: the caller's transaction is the save's, and the caller leaves it
    by an exception when the save is refused.
    """
    if locked_milestones is not None:
        if not transaction.get_connection().in_atomic_block:
            raise transaction.TransactionManagementError("locked rows need a transaction")
        return _save(report, user, data, version, list(milestones), submit, locked_milestones)
    with transaction.atomic():
        locked = (
            StatusReport.objects.select_for_update(of=("self",))
            .select_related("project")
            .get(pk=report.pk)
        )
        return _save(locked, user, data, version, list(milestones), submit, None)


def _save(locked, user, data, version, changes, submit, locked_milestones) -> StatusReport:
    if locked.is_locked:
        raise ReportLocked(_("This report is submitted and locked."))
    if locked.version != version:
        raise ReportConflict(locked)
    _apply(locked, data)
    locked.version = version + 1
    if submit:
        locked.status = ReportStatus.SUBMITTED
        locked.submitted_by = user
        locked.submitted_at = timezone.now()
    # Its project, period and author do not change here, the submitter is the signed-in
    # user: their existence and the one-report-per-period rule need no query again.
    locked.full_clean(exclude=["project", "author", "submitted_by"], validate_unique=False)
    if locked_milestones is None:
        locked_milestones = _lock_milestones(locked.project, changes, submit=submit)
    _update_milestones(locked_milestones, changes, user)
    locked._history_user = user
    locked.save()
    declared = submit and _publish(locked, user, locked_milestones)
    # The dashboards' roll-ups (milestones, health…); writing the declared status has locked
    # the project's row already.
    refresh_projects([locked.project_id], rows_locked=declared)
    return locked


def _publish(report: StatusReport, user, milestones: list[Milestone]) -> bool:
    """Snapshot the milestones (slip chart) and write the project's declared status (False
    when a newer report's declaration stands)."""
    project = report.project
    MilestoneSnapshot.objects.bulk_create(
        [
            MilestoneSnapshot(
                report=report,
                milestone=milestone,
                forecast_date=milestone.forecast_date,
                actual_date=milestone.actual_date,
            )
            for milestone in milestones
            if milestone.status != MilestoneStatus.CANCELLED
        ],
        # A report reopened and submitted again restates its milestones.
        update_conflicts=True,
        unique_fields=["report", "milestone"],
        update_fields=["forecast_date", "actual_date"],
    )
    # The project's declared status is its latest submitted report's (submit writes its
    # period end as ``status_date``): a late report for an older period does not overwrite
    # a newer declaration.
    if project.status_date is not None and project.status_date > report.period_end:
        return False
    record_declared_status(
        project=project,
        user=user,
        status_date=report.period_end,
        **{name: getattr(report, name) for name in HEALTH_FIELDS},
        percent_complete=report.percent_complete,
        eac=report.eac,
        forecast_end=report.forecast_end,
    )
    return True


@transaction.atomic
def reopen_report(*, report: StatusReport, user, reason: str) -> StatusReport:
    """PMO only: put a submitted report back to draft; the reason goes to its history."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the report is reopened.")})
    locked = StatusReport.objects.select_for_update().get(pk=report.pk)
    if not locked.is_locked:
        raise ValidationError(_("Only a submitted report can be reopened."))
    locked.status = ReportStatus.DRAFT
    locked.version += 1
    locked._history_user = user
    locked._change_reason = reason[:100]
    locked.save()
    refresh_projects([locked.project_id])
    return locked
