"""Reporting's blocks on the home page (registered in reporting/contributions.py): the PM's
desk, and the PMO's cockpit counts (pmo_portal/cockpit.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pmo_portal.cockpit import COUNT_TEMPLATE, count_panel, for_role, grouped
from pmo_portal.registry import Panel
from pmo_portal.roles import Role
from reporting.filters import LIVE_STATUSES
from reporting.selectors import cockpit
from reporting.selectors.reports import my_desk

DASHBOARD = "reporting.view_dashboard"
COPIL = "reporting.view_copil"


def desk_panel(request) -> dict | None:
    """A project manager's projects and this period's report of each; hidden when the user
    manages no open project."""
    desk = my_desk(user=request.user)
    return {"desk": desk} if desk else None


def _report_counts(request) -> dict[str, int]:
    """Read once per request for the three panels that show them."""
    counts = getattr(request, "_cockpit_report_counts", None)
    if counts is None:
        counts = cockpit.report_counts(user=request.user, today=timezone.localdate())
        request._cockpit_report_counts = counts
    return counts


def missing_panel(request) -> dict | None:
    if not for_role(request, Role.PMO):
        return None
    count = _report_counts(request)["missing"]
    return count_panel(
        key="reports-missing",
        title=_("Reports missing this period"),
        count=count,
        todo=ngettext(
            "%(count)s report missing: remind its project manager.",
            "%(count)s reports missing: remind their project managers.",
            count,
        )
        % {"count": grouped(count)},
        done=_("No report missing this period."),
        url=reverse("reporting:missing_reports"),
    )


def late_panel(request) -> dict | None:
    if not for_role(request, Role.PMO):
        return None
    count = _report_counts(request)["late"]
    return count_panel(
        key="reports-late",
        title=_("Reports late from last period"),
        count=count,
        todo=ngettext(
            "%(count)s report of last period was never submitted: escalate to its sponsor.",
            "%(count)s reports of last period were never submitted: escalate to their sponsors.",
            count,
        )
        % {"count": grouped(count)},
        done=_("Every report of last period was submitted."),
        url=reverse("reporting:missing_reports") + "?which=late",
    )


def worse_panel(request) -> dict | None:
    if not for_role(request, Role.PMO):
        return None
    count = _report_counts(request)["worse"]
    return count_panel(
        key="health-worse",
        title=_("Weather worse than last period"),
        count=count,
        todo=ngettext(
            "%(count)s project is worse than at its previous report: ask its manager why.",
            "%(count)s projects are worse than at their previous report: ask their managers why.",
            count,
        )
        % {"count": grouped(count)},
        done=_("No project got worse since last period."),
        url=reverse("reporting:health_worse"),
    )


def packs_due_panel(request) -> dict | None:
    if not for_role(request, Role.PMO):
        return None
    count = cockpit.packs_due_count(user=request.user, now=timezone.now())
    return count_panel(
        key="packs-due",
        title=_("COPIL packs due this week"),
        count=count,
        todo=ngettext(
            "%(count)s steering committee of the coming week has no pack ready: generate it.",
            "%(count)s steering committees of the coming week have no pack ready: generate them.",
            count,
        )
        % {"count": grouped(count)},
        done=_("Every pack of the coming week is ready."),
        url=reverse("reporting:copil_list") + "?pack=due",
    )


def overdue_decisions_panel(request) -> dict | None:
    if not for_role(request, Role.PMO):
        return None
    today = timezone.localdate()
    count = cockpit.decisions_count(user=request.user, show="overdue", mine=False, today=today)
    return count_panel(
        key="decisions-overdue",
        title=_("COPIL decisions overdue"),
        count=count,
        todo=ngettext(
            "%(count)s decision is past its due date: ask its owner where it stands.",
            "%(count)s decisions are past their due date: ask their owners where they stand.",
            count,
        )
        % {"count": grouped(count)},
        done=_("No COPIL decision is overdue."),
        url=reverse("reporting:decision_list") + "?show=overdue",
    )


def my_decisions_panel(request) -> dict | None:
    """The decisions an executive or a project manager owns, due within two weeks or
    overdue."""
    if not (for_role(request, Role.EXECUTIVE) or for_role(request, Role.PROJECT_MANAGER)):
        return None
    today = timezone.localdate()
    count = cockpit.decisions_count(user=request.user, show="due", mine=True, today=today)
    return count_panel(
        key="my-decisions-due",
        title=_("Your COPIL decisions due"),
        count=count,
        todo=ngettext(
            "%(count)s decision you own is due or overdue: carry it out or report on it.",
            "%(count)s decisions you own are due or overdue: carry them out or report on them.",
            count,
        )
        % {"count": grouped(count)},
        done=_("None of your COPIL decisions is due in the next two weeks."),
        url=reverse("reporting:decision_list") + "?show=due&owner=me",
    )


def next_meetings_panel(request) -> dict | None:
    """An executive's upcoming steering committees; the next one links to its pack once
    generated (else to the meeting)."""
    if not for_role(request, Role.EXECUTIVE):
        return None
    count, meeting, pack = cockpit.next_meetings(user=request.user, now=timezone.now())
    detail, detail_url = None, ""
    if meeting is not None:
        when = date_format(timezone.localtime(meeting.scheduled_at), "SHORT_DATETIME_FORMAT")
        values = {"title": meeting.title, "when": when}
        if pack is not None:
            detail = _("Next: %(title)s, %(when)s — read its pack") % values
            detail_url = reverse("reporting:pack_download", args=[pack.pk])
        else:
            detail = _("Next: %(title)s, %(when)s — pack not generated yet") % values
            detail_url = meeting.get_absolute_url()
    return count_panel(
        key="next-meetings",
        title=_("Your next steering committees"),
        count=count,
        todo=ngettext(
            "%(count)s steering committee ahead: read its pack before the meeting.",
            "%(count)s steering committees ahead: read their packs before the meetings.",
            count,
        )
        % {"count": grouped(count)},
        done=_("No steering committee is planned for your portfolios."),
        url=reverse("reporting:copil_list"),
        detail=detail,
        detail_url=detail_url,
    )


def weather_panel(request) -> dict | None:
    """An executive's projects in difficulty (rainy or stormy), and the trend since the
    previous month's reports."""
    if not for_role(request, Role.EXECUTIVE):
        return None
    count, before = cockpit.difficulty_trend(user=request.user, today=timezone.localdate())
    if before is None:
        trend = _("Nothing was reported last month to compare with.")
    elif count > before:
        trend = _("Worse: %(n)s more than last month.") % {"n": grouped(count - before)}
    elif count < before:
        trend = _("Better: %(n)s fewer than last month.") % {"n": grouped(before - count)}
    else:
        trend = _("Same as last month.")
    query = urlencode(
        [("status", status) for status in LIVE_STATUSES]
        + [("health", level) for level in cockpit.IN_DIFFICULTY]
    )
    return count_panel(
        key="weather",
        title=_("Projects in difficulty in your portfolios"),
        count=count,
        todo=ngettext(
            "%(count)s project is rainy or stormy: ask for its recovery plan.",
            "%(count)s projects are rainy or stormy: ask for their recovery plans.",
            count,
        )
        % {"count": grouped(count)},
        done=_("No project of your portfolios is rainy or stormy."),
        url=reverse("portfolios:project_list") + "?" + query,
        detail=trend,
    )


def portfolio_weather_panel(request) -> dict | None:
    """An executive's portfolios, each with its projects by weather, the count in difficulty
    (linking to them) and the trend since last month; hidden for a member of no portfolio."""
    if not for_role(request, Role.EXECUTIVE):
        return None
    rows = cockpit.portfolio_weather(user=request.user, today=timezone.localdate())
    if not rows:
        return None
    base = [("status", status) for status in LIVE_STATUSES] + [
        ("health", level) for level in cockpit.IN_DIFFICULTY
    ]
    for row in rows:
        query = urlencode([*base, ("portfolio", row["portfolio"].pk)])
        row["url"] = reverse("portfolios:project_list") + "?" + query
        count, before = row["difficulty"], row["before"]
        if before is None:
            row["trend"] = _("nothing reported last month")
        elif count > before:
            row["trend"] = _("worse: %(n)s more than last month") % {"n": grouped(count - before)}
        elif count < before:
            row["trend"] = _("better: %(n)s fewer than last month") % {"n": grouped(before - count)}
        else:
            row["trend"] = _("same as last month")
    return {"rows": rows}


HOME_PANELS = [
    Panel("reporting-desk", 10, "reporting/panels/desk.html", desk_panel),
    # The PMO's cockpit (its cards come before the other panels, in this order).
    Panel("reporting-missing", 1, COUNT_TEMPLATE, missing_panel, DASHBOARD),
    Panel("reporting-late", 2, COUNT_TEMPLATE, late_panel, DASHBOARD),
    Panel("reporting-worse", 6, COUNT_TEMPLATE, worse_panel, DASHBOARD),
    Panel("reporting-packs-due", 5, COUNT_TEMPLATE, packs_due_panel, COPIL),
    Panel("reporting-decisions-overdue", 7, COUNT_TEMPLATE, overdue_decisions_panel, COPIL),
    # The executive's (and, for their decisions, the project manager's).
    Panel("reporting-next-meetings", 1, COUNT_TEMPLATE, next_meetings_panel, COPIL),
    Panel("reporting-weather", 2, COUNT_TEMPLATE, weather_panel, DASHBOARD),
    Panel("reporting-my-decisions", 8, COUNT_TEMPLATE, my_decisions_panel, COPIL),
    Panel(
        "reporting-portfolio-weather",
        11,
        "reporting/panels/portfolio_weather.html",
        portfolio_weather_panel,
        DASHBOARD,
    ),
]
