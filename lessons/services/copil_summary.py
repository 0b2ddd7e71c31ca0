"""The drafted COPIL summary of a steering committee (issue 13): an extractive, deterministic
summary of the period since the previous meeting, for the meeting's projects
(reporting.selectors.copil.meeting_projects), in the meeting's language.

Per project, in code order: the weather (météo) moves between the last report before the
period and the latest report of the period (or the lack of a report), the milestones that
slipped between those two reports, the escalations of the latest report, then the project's
open budget alerts (resources). Every sentence is templated from the data and carries its
source — project code, report (or alert) date and the figures it came from — so that the page
shows each sentence beside them. Same data, same text. A fixed number of queries.

Writes (the PMO, lessons.change_copil_summary): store or refresh the draft, ask the
operator's model for a rewrite (lessons/services/llm.py; on failure the draft is kept and the
reason noted), save the edited text and approve it for the pack. Optimistic concurrency on
the row (a row not stored yet is at version 0).
"""

from __future__ import annotations

import re
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lessons.models import CopilSummary, SummaryStatus
from lessons.services import llm
from pmo_portal.concurrency import check_version
from portfolios.models import Health
from reporting.models import MilestoneSnapshot, ReportStatus, StatusReport
from reporting.selectors.copil import meeting_projects, previous_meeting
from resources.models import Alert
from resources.models.budgets import AlertKind, AlertStatus

DIMENSIONS = (
    ("health_overall", gettext_lazy("Overall weather")),
    ("health_schedule", gettext_lazy("Schedule")),
    ("health_budget", gettext_lazy("Budget")),
    ("health_scope", gettext_lazy("Scope")),
    ("health_resources", gettext_lazy("Resources")),
)
REPORT_FIELDS = ("id", "project_id", "period_start", "period_end", "percent_complete")
REPORT_FIELDS += (*(name for name, _label in DIMENSIONS), "escalations")
ESCALATION_CHARS = 300
HISTORY_DAYS = 400  # how far before the period a report may serve as the baseline


def _day(moment):
    return timezone.localtime(moment).date()


def _source(kind, code, day, text, figures="") -> dict:
    return {
        "kind": kind,
        "project": code,
        "date": day.isoformat() if day else None,
        "text": text,
        "figures": figures,
    }


def _reports(project_ids, day, start):
    """Per project: (latest report up to ``day``, the baseline it is compared with)."""
    lower = (start or day) - timedelta(days=HISTORY_DAYS)
    rows = (
        StatusReport.objects.filter(
            project_id__in=project_ids,
            status=ReportStatus.SUBMITTED,
            period_start__lte=day,
            period_end__gte=lower,
        )
        .order_by("project_id", "-period_start")
        .values(*REPORT_FIELDS)
    )
    by_project: dict[int, list[dict]] = {}
    for report in rows:
        by_project.setdefault(report["project_id"], []).append(report)
    found = {}
    for project_id, reports in by_project.items():
        latest = reports[0]
        if start is None:
            baseline = reports[1] if len(reports) > 1 else None
        else:
            baseline = next((r for r in reports if r["period_end"] <= start), None)
            if latest is baseline:
                latest = None  # nothing reported since the previous meeting
        found[project_id] = (latest, baseline)
    return found


def _slips(pairs) -> dict[int, list[dict]]:
    """Milestones whose forecast moved later between a project's baseline and latest
    report: {latest report id: [{"name", "before", "after"}]}."""
    wanted = {r["id"] for pair in pairs for r in pair if r is not None}
    forecasts: dict[tuple[int, int], tuple] = {}
    names = {}
    snapshots = MilestoneSnapshot.objects.filter(report_id__in=wanted).values_list(
        "report_id", "milestone_id", "milestone__name", "forecast_date", "actual_date"
    )
    for report_id, milestone_id, name, forecast, actual in snapshots:
        forecasts[report_id, milestone_id] = actual or forecast
        names[milestone_id] = name
    slips: dict[int, list[dict]] = {}
    for latest, baseline in pairs:
        if latest is None or baseline is None:
            continue
        for (report_id, milestone_id), after in sorted(forecasts.items()):
            before = forecasts.get((baseline["id"], milestone_id))
            if report_id == latest["id"] and before and after > before:
                slip = {"name": names[milestone_id], "before": before, "after": after}
                slips.setdefault(latest["id"], []).append(slip)
    for found in slips.values():
        found.sort(key=lambda slip: (slip["after"], slip["name"]))
    return slips


def _health(value) -> str:
    return str(Health(value).label)


def _report_sentences(code, latest, baseline, slips) -> list[dict]:
    if latest is None:
        day = baseline["period_end"] if baseline else None
        return [_source("report", code, day, _("No status report submitted for the period."))]
    day = latest["period_end"]
    figures = _("%(percent)s %% complete") % {"percent": latest["percent_complete"]}
    found = []
    for field, label in DIMENSIONS:
        after = latest[field]
        before = baseline[field] if baseline else None
        if before is None or before == after:
            continue
        template = (
            _("%(dimension)s worsened: %(before)s → %(after)s.")
            if after > before
            else _("%(dimension)s improved: %(before)s → %(after)s.")
        )
        values = {"dimension": label, "before": _health(before), "after": _health(after)}
        found.append(_source("weather", code, day, template % values, figures))
    if not found:
        text = _("Overall weather %(health)s, unchanged.") % {
            "health": _health(latest["health_overall"])
        }
        if baseline is None:
            text = _("Overall weather %(health)s (first report).") % {
                "health": _health(latest["health_overall"])
            }
        found.append(_source("weather", code, day, text, figures))
    for slip in slips.get(latest["id"], []):
        text = _("Milestone “%(name)s” slipped by %(days)s days, now due %(date)s.") % {
            "name": slip["name"],
            "days": (slip["after"] - slip["before"]).days,
            "date": slip["after"].isoformat(),
        }
        figures = f"{slip['before'].isoformat()} → {slip['after'].isoformat()}"
        found.append(_source("milestone", code, day, text, figures))
    escalation = re.sub(r"\s+", " ", latest["escalations"] or "").strip()
    if escalation:
        if len(escalation) > ESCALATION_CHARS:
            escalation = escalation[: ESCALATION_CHARS - 1].rstrip() + "…"
        text = _("Escalated: %(text)s") % {"text": escalation}
        found.append(_source("escalation", code, day, text))
    return found


def _alert_sentences(project_ids, codes) -> dict[int, list[dict]]:
    alerts = (
        Alert.objects.filter(
            project_id__in=project_ids, status__in=(AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED)
        )
        .order_by("project_id", "period", "nature", "kind")
        .values_list(
            "project_id",
            "kind",
            "nature",
            "period",
            "overrun_percent",
            "budget",
            "measured",
            "status",
            "first_detected_at",
        )
    )
    natures = dict(Alert._meta.get_field("nature").flatchoices)
    found: dict[int, list[dict]] = {}
    for project_id, kind, nature, period, percent, budget, measured, status, detected in alerts:
        text = _(
            "Budget alert (%(status)s): %(kind)s, %(nature)s %(year)s, %(percent)s %% over."
        ) % {
            "status": str(AlertStatus(status).label).lower(),
            "kind": str(AlertKind(kind).label),
            "nature": str(natures.get(nature, nature)),
            "year": period,
            "percent": f"{percent:.1f}",
        }
        figures = _("budget %(budget)s €, measured %(measured)s €") % {
            "budget": f"{budget:.0f}",
            "measured": f"{measured:.0f}",
        }
        item = _source("alert", codes[project_id], _day(detected), text, figures)
        found.setdefault(project_id, []).append(item)
    return found


def build_draft(meeting) -> tuple[str, list[dict]]:
    """The extractive draft (text) and its sentences with their sources, in the meeting's
    language. Deterministic: the same data gives the same text."""
    previous = previous_meeting(meeting)
    day = _day(meeting.scheduled_at)
    start = _day(previous.scheduled_at) if previous else None
    projects = list(meeting_projects(meeting).order_by("code").values_list("id", "code"))
    ids = [pk for pk, _code in projects]
    codes = dict(projects)
    with translation.override(meeting.language or "fr"):
        reports = _reports(ids, day, start)
        slips = _slips(reports.values())
        alerts = _alert_sentences(ids, codes)
        sources = []
        for pk, code in projects:
            latest, baseline = reports.get(pk, (None, None))
            if latest is None and baseline is None and pk not in alerts:
                continue  # a project that never reported and has no alert: nothing to say
            sources.extend(_report_sentences(code, latest, baseline, slips))
            sources.extend(alerts.get(pk, []))
    text = "\n".join(
        f"- {item['text']} [{item['project']}, {item['date'] or '—'}]" for item in sources
    )
    return text, sources


def summary_of(meeting) -> CopilSummary | None:
    return CopilSummary.objects.filter(meeting=meeting).first()


def _stored(meeting, version):
    """Inside the transaction: the meeting's row, locked, created at version 1 from a fresh
    draft when none is stored; EditConflict when it moved since ``version``."""
    current = CopilSummary.objects.select_for_update().filter(meeting=meeting).first()
    check_version(current, version)
    if current is None:
        draft, sources = build_draft(meeting)
        try:
            with transaction.atomic():
                current = CopilSummary.objects.create(meeting=meeting, draft=draft, sources=sources)
        except IntegrityError:  # created by someone else meanwhile
            current = CopilSummary.objects.filter(meeting=meeting).first()
            check_version(current, 0)
    return current


@transaction.atomic
def refresh_draft(*, meeting, version: int | None = None) -> CopilSummary:
    """Store the current draft; a rewrite of the former draft is dropped and the summary
    goes back to draft (the PMO's edited text is kept)."""
    summary = _stored(meeting, version)
    draft, sources = build_draft(meeting)
    if draft != summary.draft:
        summary.rewrite, summary.rewritten_at, summary.rewrite_note = "", None, ""
    summary.draft, summary.sources = draft, sources
    _unapprove(summary)
    summary.save()
    return summary


def _unapprove(summary) -> None:
    summary.status, summary.approved_by, summary.approved_at = SummaryStatus.DRAFT, None, None


REWRITE_STUCK_AFTER = timedelta(minutes=5)


def rewriting(summary: CopilSummary | None) -> bool:
    """A rewrite was asked for and its worker has not answered yet (a request older than
    REWRITE_STUCK_AFTER counts as lost: it may be asked for again)."""
    return bool(
        summary
        and summary.rewrite_requested_at
        and timezone.now() - summary.rewrite_requested_at < REWRITE_STUCK_AFTER
    )


def request_rewrite(*, meeting, version: int | None = None) -> CopilSummary:
    """Ask for a rewrite of the stored draft: the summary is marked as waiting and a worker
    calls the model (lessons/tasks_copil_summary.py), since the call may take LLM_TIMEOUT
    seconds. A second request while one waits is refused."""
    from lessons.tasks_copil_summary import rewrite_summary

    with transaction.atomic():
        summary = _stored(meeting, version)
        if rewriting(summary):
            raise ValidationError(_("The model is already writing a rewrite of this summary."))
        summary.rewrite_requested_at, summary.rewrite_note = timezone.now(), ""
        summary.save()
        transaction.on_commit(partial(rewrite_summary.delay, summary.pk))
    return summary


def run_rewrite(*, summary_id: int) -> str:
    """The worker's part: ask the model for a rewrite of the summary's draft, outside any
    transaction, then store it (or why there is none) and clear the request. Idempotent: a
    summary no longer waiting is left alone; a draft refreshed meanwhile drops the answer."""
    summary = (
        CopilSummary.objects.select_related("meeting")
        .filter(pk=summary_id, rewrite_requested_at__isnull=False)
        .first()
    )
    if summary is None:
        return "skipped"
    language = summary.meeting.language or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            rewrite, note = llm.rewrite(summary.draft, summary.sources, language), ""
        except llm.RewriteFailed as exc:
            rewrite, note = "", str(exc)[:300]
        with transaction.atomic():
            current = CopilSummary.objects.select_for_update().filter(pk=summary_id).first()
            if current is None or current.rewrite_requested_at is None:
                return "skipped"
            if current.draft != summary.draft:
                rewrite = ""
                note = _("the draft was refreshed while the model was writing; ask again")
            current.rewrite_requested_at, current.rewrite_note = None, note
            if rewrite:
                current.rewrite, current.rewritten_at = rewrite, timezone.now()
                _unapprove(current)
            current.save()
    return "done" if rewrite else "failed"


def stop_rewrite(*, summary_id: int, note: str) -> None:
    """The worker failed or ran out of time: the request is cleared and the page says why."""
    CopilSummary.objects.filter(pk=summary_id, rewrite_requested_at__isnull=False).update(
        rewrite_requested_at=None, rewrite_note=note[:300], version=F("version") + 1
    )


@transaction.atomic
def save_text(*, meeting, user, edited: str, approve: bool, version: int | None = None):
    """The PMO's text (empty: back to the rewrite or the draft); ``approve`` puts it in the
    next pack, otherwise the summary is a draft again."""
    summary = _stored(meeting, version)
    summary.edited = edited.strip()
    summary.full_clean(exclude=["meeting"])
    if approve:
        summary.status, summary.approved_by = SummaryStatus.APPROVED, user
        summary.approved_at = timezone.now()
    else:
        _unapprove(summary)
    summary.save()
    return summary
