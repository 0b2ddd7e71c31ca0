"""Status-report reminders, sent through the notification outbox (pmo_portal.notifications).

Run every morning by beat. Two kinds of e-mail, each at most once per recipient and period
(the outbox's de-duplication key), whatever the number of runs:

- *reminder*: to the manager of active projects whose report for the current period is not
  submitted while that period closes within ``REPORT_REMINDER_DAYS`` days; one e-mail per
  manager listing all their projects still to report;
- *late notice*: to the PMO of the portfolio when the previous period closed more than its
  due days ago without a submitted report (the portfolio's reporting policy, inherited down
  the tree; by default ``REPORT_GRACE_DAYS``); one e-mail per PMO member listing the late
  projects they look after.

The PMO of a portfolio is the PMO-group users who are members of the portfolio or of one of
its ancestors; when there is none, every active PMO user (nothing falls through the cracks).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone, translation

from pmo_portal.emails import render_email
from pmo_portal.notifications import Message, enqueue_many, wants
from pmo_portal.tasks import deliver_notifications
from pmo_portal.users import user_label
from portfolios.models import Project, ProjectStatus
from portfolios.selectors import pmo_people_by_portfolio
from reporting.models import ReportStatus, StatusReport
from reporting.periods import Period, period_containing
from reporting.selectors.policies import rules_by_portfolio

REMINDER_KIND = "report_reminder"
LATE_KIND = "report_late"
PREFERENCE = "email_reminders"


@dataclass(frozen=True)
class _Item:
    project: Project
    period: Period


def _settings() -> tuple[int, str]:
    return (
        int(getattr(settings, "REPORT_REMINDER_DAYS", 3)),
        str(getattr(settings, "PORTAL_BASE_URL", "http://127.0.0.1:8000")).rstrip("/"),
    )


def _project_url(base_url: str, project: Project) -> str:
    try:
        path = reverse("reporting:project_reports", args=[project.pk])
    except NoReverseMatch:
        path = reverse("portfolios:project_detail", args=[project.pk])
    return base_url + path


def _preferences_url(base_url: str) -> str:
    try:
        return base_url + reverse("notification_preferences")
    except NoReverseMatch:
        return base_url + "/"


def _day(value: date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _context(user, period: Period, projects: list[Project], base_url: str) -> dict:
    return {
        "recipient": user_label(user),
        "count": len(projects),
        "start": _day(period.start),
        "end": _day(period.end),
        "projects": [
            {
                "code": project.code,
                "name": project.name,
                "manager": user_label(project.manager),
                "url": _project_url(base_url, project),
            }
            for project in sorted(projects, key=lambda p: p.code)
        ],
        "preferences_url": _preferences_url(base_url),
    }


def _reminder(user, period: Period, projects: list[Project], base_url: str) -> Message:
    subject, body = render_email(
        "reporting/email/report_reminder", _context(user, period, projects, base_url)
    )
    return Message(
        dedup_key=f"report-reminder:{user.pk}:{period.frequency}:{period.start.isoformat()}",
        kind=REMINDER_KIND,
        recipient=user,
        subject=subject,
        body=body,
    )


def _late_notice(user, period: Period, projects: list[Project], base_url: str) -> Message:
    subject, body = render_email(
        "reporting/email/report_late", _context(user, period, projects, base_url)
    )
    return Message(
        dedup_key=f"report-late:{user.pk}:{period.frequency}:{period.start.isoformat()}",
        kind=LATE_KIND,
        recipient=user,
        subject=subject,
        body=body,
    )


def _projects_to_chase(
    portfolio_ids: list[int], current: Period, previous: Period, *, due: bool, late: bool
) -> list[Project]:
    """Active projects of these portfolios missing the current (``due``) or the previous
    (``late``) report. One query; a project that had not started yet owes no report."""
    submitted = StatusReport.objects.filter(project=OuterRef("pk"), status=ReportStatus.SUBMITTED)
    wanted = Q()
    if due:
        wanted |= Q(current_done=False, planned_start__lte=current.end)
    if late:
        wanted |= Q(previous_done=False, planned_start__lte=previous.end)
    return list(
        Project.objects.filter(
            portfolio_id__in=portfolio_ids,
            status=ProjectStatus.ACTIVE,
            is_archived=False,
        )
        .annotate(
            current_done=Exists(submitted.filter(period_start=current.start)),
            previous_done=Exists(submitted.filter(period_start=previous.start)),
        )
        .filter(wanted)
        .select_related("manager__notification_preference")
        .order_by("code")
    )


def send_report_reminders(*, today: date | None = None) -> dict:
    """Enqueue this run's reminders and late notices, then deliver after commit.

    A constant number of queries whatever the number of projects: two for the policies,
    one per distinct (frequency, due days) whose period needs chasing, three for the PMO,
    two to enqueue (and a savepoint).
    Returns counts: messages enqueued now (``reminders``, ``late_notices``; a rerun for the
    same period enqueues none) and projects found (``projects_due``, ``projects_late``).
    """
    today = today or timezone.localdate()
    reminder_days, base_url = _settings()

    # Portfolios grouped by their (inherited) frequency and due days: a query per group.
    portfolios_by_rule: dict[tuple[str, int], list[int]] = defaultdict(list)
    for portfolio_id, rule in rules_by_portfolio().items():
        portfolios_by_rule[rule].append(portfolio_id)

    due_items: list[_Item] = []
    late_items: list[_Item] = []
    for (frequency, grace_days), portfolio_ids in sorted(portfolios_by_rule.items()):
        current = period_containing(today, frequency)
        previous = current.previous()
        due = (current.end - today).days <= reminder_days
        late = (today - previous.end).days > grace_days
        if not (due or late):
            continue
        for project in _projects_to_chase(portfolio_ids, current, previous, due=due, late=late):
            if due and not project.current_done and project.planned_start <= current.end:
                due_items.append(_Item(project, current))
            if late and not project.previous_done and project.planned_start <= previous.end:
                late_items.append(_Item(project, previous))

    # One reminder per manager and period, one late notice per PMO member and period.
    reminders: dict[tuple, list[Project]] = defaultdict(list)
    recipients: dict[int, object] = {}
    for item in due_items:
        manager = item.project.manager
        if manager.is_active and wants(manager, PREFERENCE):
            recipients[manager.pk] = manager
            reminders[(manager.pk, item.period)].append(item.project)
    notices: dict[tuple, list[Project]] = defaultdict(list)
    if late_items:
        pmo = pmo_people_by_portfolio({item.project.portfolio_id for item in late_items})
        for item in late_items:
            for user in pmo.get(item.project.portfolio_id, []):
                if wants(user, PREFERENCE):
                    recipients[user.pk] = user
                    notices[(user.pk, item.period)].append(item.project)

    # No per-user language yet: every e-mail speaks the portal's default language.
    with translation.override(settings.LANGUAGE_CODE):
        reminder_messages = [
            _reminder(recipients[user_pk], period, projects, base_url)
            for (user_pk, period), projects in sorted(reminders.items())
        ]
        late_messages = [
            _late_notice(recipients[user_pk], period, projects, base_url)
            for (user_pk, period), projects in sorted(notices.items())
        ]

    created: list = []
    if reminder_messages or late_messages:
        with transaction.atomic():
            created = enqueue_many([*reminder_messages, *late_messages])
            if created:
                transaction.on_commit(lambda: deliver_notifications.delay(), robust=True)
    return {
        "reminders": sum(row.kind == REMINDER_KIND for row in created),
        "late_notices": sum(row.kind == LATE_KIND for row in created),
        "projects_due": len(due_items),
        "projects_late": len(late_items),
    }
