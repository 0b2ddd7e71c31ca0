"""The files of reporting's lists (``?export=csv|xlsx`` on each list's own URL, through
pmo_portal/exports.py): the columns each list shows, one spec per list. A screen cell that
holds two facts ("code — name") is two columns here, in the screen's order."""

from __future__ import annotations

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from pmo_portal.exports import Column
from pmo_portal.templatetags.pmo import HEALTH, NOT_REPORTED
from pmo_portal.users import user_label
from reporting.models import RaidItem, ReportStatus, StatusReport
from reporting.selectors.raid import exposure_level


def health(level) -> str:
    """A météo level in words, as the badge on screen says it."""
    return str(HEALTH.get(level, NOT_REPORTED)[2])


def _field(model, name: str):
    return capfirst(model._meta.get_field(name).verbose_name)


PROJECT_COLUMNS = [
    Column(_("Code"), lambda p: p.code),
    Column(_("Project"), lambda p: p.name),
    Column(_("Portfolio"), lambda p: p.portfolio.name),
    Column(_("Project manager"), lambda p: user_label(p.manager)),
]

MISSING_REPORT_COLUMNS = [
    *PROJECT_COLUMNS,
    Column(_("Period"), lambda p: p.gap_start),
    Column(
        _("Report"),
        lambda p: (
            _("Draft in progress") if p.gap_report == ReportStatus.DRAFT else _("Not started")
        ),
    ),
    Column(_("Last report"), lambda p: p.status_date),
    Column(_("Health"), lambda p: health(p.health_overall)),
]


def milestone_columns(today) -> list[Column]:
    return [
        Column(_("Code"), lambda m: m.project.code),
        Column(_("Project"), lambda m: m.project.name),
        Column(_("Portfolio"), lambda m: m.project.portfolio.name),
        Column(_("Milestone"), lambda m: m.name),
        Column(_("Baseline"), lambda m: m.baseline_date),
        Column(_("Forecast"), lambda m: m.forecast_date),
        Column(_("Overdue"), lambda m: m.forecast_date < today),
        Column(_("Slip (days)"), lambda m: m.slip_days),
        Column(_("Project manager"), lambda m: user_label(m.project.manager)),
    ]


TOP_RISK_COLUMNS = [
    Column(_("Code"), lambda r: r.project.code),
    Column(_("Portfolio"), lambda r: r.project.portfolio.name),
    Column(_("Risk"), lambda r: r.title),
    Column(_field(RaidItem, "response"), lambda r: r.response),
    Column(_("Exposure"), lambda r: r.exposure),
    Column(_("Probability"), lambda r: r.probability),
    Column(_("Impact"), lambda r: r.impact),
    Column(_("Status"), lambda r: r.get_status_display()),
    Column(_("Owner"), lambda r: user_label(r.owner)),
    Column(_("Due date"), lambda r: r.due_date),
]

WORSE_COLUMNS = [
    *PROJECT_COLUMNS,
    Column(_("Previous report"), lambda p: health(p.previous_health)),
    Column(_("Latest report"), lambda p: health(p.health_overall)),
    Column(_("Reported on"), lambda p: p.status_date),
]

REPORT_HISTORY_COLUMNS = [
    Column(_field(StatusReport, "period_start"), lambda r: r.period_start),
    Column(_field(StatusReport, "period_end"), lambda r: r.period_end),
    Column(_("Status"), lambda r: r.get_status_display()),
    Column(_("Overall health"), lambda r: health(r.health_overall)),
    Column(_("Schedule"), lambda r: health(r.health_schedule)),
    Column(_("Budget"), lambda r: health(r.health_budget)),
    Column(_("Scope"), lambda r: health(r.health_scope)),
    Column(_("Resources"), lambda r: health(r.health_resources)),
    Column(_("Completion (%)"), lambda r: r.percent_complete),
    Column(_("EAC (€)"), lambda r: r.eac),
    Column(_("Submitted"), lambda r: r.submitted_at),
    Column(_field(StatusReport, "submitted_by"), lambda r: user_label(r.submitted_by)),
]

PROJECT_MILESTONE_COLUMNS = [
    Column(_("Milestone"), lambda m: m.name),
    Column(_("Baseline"), lambda m: m.baseline_date),
    Column(_("Forecast"), lambda m: m.forecast_date),
    Column(_("Actual"), lambda m: m.actual_date),
    Column(_("Status"), lambda m: m.get_status_display()),
    Column(_("Slip (days)"), lambda m: m.slip_days),
]

RAID_COLUMNS = [
    Column(_("Kind"), lambda i: i.get_kind_display()),
    Column(_("Title"), lambda i: i.title),
    Column(_field(RaidItem, "response"), lambda i: i.response),
    Column(_("Exposure"), lambda i: i.exposure),
    Column(_("Level"), lambda i: exposure_level(i.exposure)[1] if i.exposure else ""),
    Column(_("Probability"), lambda i: i.probability),
    Column(_("Impact"), lambda i: i.impact),
    Column(_("Owner"), lambda i: user_label(i.owner)),
    Column(_("Due date"), lambda i: i.due_date),
    Column(_("Status"), lambda i: i.get_status_display()),
]

MEETING_COLUMNS = [
    Column(_("Date"), lambda m: m.scheduled_at),
    Column(_("Steering committee"), lambda m: m.title),
    Column(
        _("Scope"),
        lambda m: f"{_('Project')} {m.project.code}" if m.project else m.portfolio.name,
    ),
    Column(_("Status"), lambda m: m.get_status_display()),
    Column(_("Decisions"), lambda m: m.decision_count),
    Column(_("Packs"), lambda m: m.pack_count),
]

# The decision log across meetings (rows annotated with ``overdue``).
DECISION_LOG_COLUMNS = [
    Column(_("Due date"), lambda d: d.due_date),
    Column(_("Overdue"), lambda d: d.overdue),
    Column(_("Decision"), lambda d: d.text),
    Column(_("Project code"), lambda d: d.project.code if d.project else ""),
    Column(_("Project"), lambda d: d.project.name if d.project else ""),
    Column(_("Owner"), lambda d: user_label(d.owner)),
    Column(_("Status"), lambda d: d.get_status_display()),
    Column(_("Steering committee"), lambda d: d.meeting.title),
    Column(_("Date"), lambda d: d.meeting.scheduled_at),
]

DECISION_COLUMNS = [
    Column(_("Decision"), lambda d: d.text),
    Column(_("Project code"), lambda d: d.project.code if d.project else ""),
    Column(_("Project"), lambda d: d.project.name if d.project else ""),
    Column(_("Owner"), lambda d: user_label(d.owner)),
    Column(_("Due date"), lambda d: d.due_date),
    Column(_("Status"), lambda d: d.get_status_display()),
]
