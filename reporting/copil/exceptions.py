"""The exceptions pack: which projects of a large scope need the committee, and why.

A pack whose scope holds more live projects than the PMO's setting
(``CopilSettings.exceptions_over``, default 40) is an *exceptions pack*: a page for each
project that meets at least one of the rules below, and one appendix table of all the
others. ``select`` reads every rule for the whole scope in five queries, whatever its size
(each rule is one SQL query returning project ids; the météo rule reads the two latest
submitted reports of each project through a window function).

The rules (printed in the pack, ``RULES``):
- worse météo: the latest submitted status report's overall health is worse than the
  previous submitted report's;
- escalation: the latest submitted report asks the committee for a decision or escalates
  (its "escalations and decisions needed" text is not blank);
- unflagged overrun: a budget alert of the project is not closed and the project manager's
  latest report did not flag it (``resources.selectors.alerts.unflagged_alerts``);
- key milestone slipping: a planned milestone is overdue (its forecast is before the day the
  pack is read) or its forecast is more than KEY_SLIP_DAYS days after its baseline (the
  portal has no "key" flag on milestones: a slip of more than a month is what makes one
  worth the committee's time);
- decision due: an open or in-progress COPIL decision naming the project, or an open RAID
  decision of the project, is due by the meeting's day.

Pages are capped at the same setting: the projects are ordered by severity (most rules met,
then worst météo, then priority, then code) and those past the cap are listed in a table
"Other projects to examine" with their reasons, so that the pack stays printable and the
committee still sees every project that qualified.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import F, Q, Window
from django.db.models.functions import Length, RowNumber, Trim
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from reporting.models import (
    CopilDecision,
    DecisionStatus,
    Milestone,
    MilestoneStatus,
    RaidItem,
    RaidKind,
    RaidStatus,
    ReportStatus,
    StatusReport,
)
from resources.selectors.alerts import unflagged_alerts

KEY_SLIP_DAYS = 30
DEFAULT_THRESHOLD = 40
# Worst first: stormy, rainy, cloudy, sunny, then projects that never reported.
HEALTH_RANK = {4: 0, 3: 1, 2: 2, 1: 3, None: 4}

WEATHER, ESCALATION, OVERRUN, MILESTONE, DECISION = (
    "weather",
    "escalation",
    "overrun",
    "milestone",
    "decision",
)
# Each rule: its short name (printed on the page: "Selected: worse weather, …") and its
# full statement (printed once, where the pack says how it chose its projects).
REASONS = {
    WEATHER: _("worse weather"),
    ESCALATION: _("escalation"),
    OVERRUN: _("unflagged budget overrun"),
    MILESTONE: _("key milestone slipping"),
    DECISION: _("decision due"),
}
# The rules' names in the columns of the appendix's listing (at most 7 characters).
SHORT = {
    WEATHER: _("Worse"),
    ESCALATION: _("Escal."),
    OVERRUN: pgettext_lazy("exceptions rule column", "Overrun"),
    MILESTONE: _("Milest."),
    DECISION: _("Decis."),
}
RULES = {
    WEATHER: _(
        "the overall health of the latest submitted status report is worse than the "
        "previous report's"
    ),
    ESCALATION: _(
        "the latest submitted status report escalates or asks the committee for a decision"
    ),
    OVERRUN: _(
        "a budget alert is still open and the project manager's latest report did not flag "
        "the overrun"
    ),
    MILESTONE: _(
        "a planned milestone is overdue, or its forecast is more than %(days)s days after "
        "its baseline"
    ),
    DECISION: _(
        "a COPIL decision or a RAID decision of the project, still open, is due by the "
        "meeting's day"
    ),
}


@dataclass
class Selection:
    """Which projects of a scope meet which rules, and the météo of their two latest
    submitted reports (the appendix prints the trend)."""

    reasons: dict[int, list[str]] = field(default_factory=dict)  # project id → rule keys
    health: dict[int, tuple[int | None, int | None]] = field(default_factory=dict)

    def count(self, rule: str) -> int:
        return sum(1 for keys in self.reasons.values() if rule in keys)

    def trend(self, project_id: int) -> int | None:
        """+1 better, −1 worse, 0 unchanged than the previous report; None: fewer than two."""
        latest, previous = self.health.get(project_id, (None, None))
        if latest is None or previous is None:
            return None
        return (latest < previous) - (latest > previous)


def reason_labels(keys: list[str]) -> list[str]:
    return [str(REASONS[key]) for key in keys]


def rule_lines() -> list[tuple[str, str]]:
    """(short name, statement) of every rule, in order, for the pack's selection page."""
    return [
        (
            str(REASONS[key]),
            str(RULES[key]) % {"days": KEY_SLIP_DAYS} if key == MILESTONE else str(RULES[key]),
        )
        for key in REASONS
    ]


def select(scope, *, meeting_day: date, today: date) -> Selection:
    """The rules each project of ``scope`` (a Project queryset) meets. Five queries."""
    ids = scope.order_by().values("pk")
    found: dict[str, set[int]] = {key: set() for key in REASONS}
    selection = Selection()
    reports = (
        StatusReport.objects.filter(status=ReportStatus.SUBMITTED, project__in=ids)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("project_id")],
                order_by=[F("period_start").desc()],
            ),
            asks=Length(Trim("escalations")),
        )
        .filter(rank__lte=2)
        .values_list("project_id", "rank", "health_overall", "asks")
    )
    latest: dict[int, int] = {}
    previous: dict[int, int] = {}
    for project_id, rank, health, asks in reports:
        if rank == 1:
            latest[project_id] = health
            if asks:
                found[ESCALATION].add(project_id)
        else:
            previous[project_id] = health
    for project_id, health in latest.items():
        before = previous.get(project_id)
        selection.health[project_id] = (health, before)
        if before is not None and health > before:
            found[WEATHER].add(project_id)
    found[OVERRUN] = set(
        unflagged_alerts(projects=scope).order_by().values_list("project_id", flat=True).distinct()
    )
    found[MILESTONE] = set(
        Milestone.objects.filter(project__in=ids, status=MilestoneStatus.PLANNED)
        .filter(
            Q(forecast_date__lt=today)
            | Q(forecast_date__gt=F("baseline_date") + timedelta(days=KEY_SLIP_DAYS))
        )
        .order_by()
        .values_list("project_id", flat=True)
        .distinct()
    )
    pending = (DecisionStatus.OPEN, DecisionStatus.IN_PROGRESS)
    copil = (
        CopilDecision.objects.filter(project__in=ids, status__in=pending, due_date__lte=meeting_day)
        .order_by()
        .values_list("project_id", flat=True)
    )
    raid = (
        RaidItem.objects.filter(project__in=ids, kind=RaidKind.DECISION, due_date__lte=meeting_day)
        .exclude(status=RaidStatus.CLOSED)
        .order_by()
        .values_list("project_id", flat=True)
    )
    found[DECISION] = set(copil.union(raid))
    for key, projects in found.items():
        for project_id in projects:
            selection.reasons.setdefault(project_id, []).append(key)
    order = list(REASONS)
    for keys in selection.reasons.values():
        keys.sort(key=order.index)
    return selection


def severity_order(projects: list, selection: Selection) -> list:
    """The selected ``projects`` (Project objects), most severe first: most rules met, then
    worst météo, then highest priority score, then code."""

    def key(project):
        score = project.priority_score if project.priority_score is not None else Decimal("-1")
        return (
            -len(selection.reasons.get(project.pk, ())),
            HEALTH_RANK[project.health_overall],
            -score,
            project.code,
        )

    return sorted(projects, key=key)
