"""Resources' cards in the cockpits of Finance, the resource manager and the project manager
(pmo_portal/cockpit.py; registered in resources/contributions.py). Each count is read
through the selector of the list it links to, so the two always agree; a few queries each,
whatever the number of projects."""

from __future__ import annotations

from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pmo_portal.cockpit import COUNT_TEMPLATE, count_panel, for_role, grouped
from pmo_portal.registry import Panel
from pmo_portal.roles import Role
from portfolios.filters import ProjectFilter
from portfolios.models import Project
from resources.forms.alerts import ACTIVE
from resources.models import AlertKind, ImportOutcome
from resources.selectors.alerts import filter_alerts
from resources.selectors.cockpit import MISSING, OVER_ALLOCATION_MONTHS, over_allocated_teams
from resources.selectors.import_log import recent_rejections, recent_since


def _alerts_count(request, params: dict) -> int:
    data = QueryDict(mutable=True)
    data.update(params)
    return filter_alerts(data=data, user=request.user)[1].count()


def rejected_imports_panel(request) -> dict | None:
    """Finance: the imports rejected in the last seven days (to fix and import again), and
    the latest import with its result."""
    if not for_role(request, Role.FINANCE):
        return None
    today = timezone.localdate()
    count, last = recent_rejections(user=request.user, today=today)
    detail = None
    if last is not None:
        detail = _("Last import: %(file)s, %(when)s — %(result)s") % {
            "file": last.file_name or last.get_kind_display(),
            "when": date_format(timezone.localtime(last.started_at), "SHORT_DATETIME_FORMAT"),
            "result": last.get_outcome_display(),
        }
    url = reverse("resources:import_log")
    return count_panel(
        key="imports-rejected",
        title=_("Imports rejected this week"),
        count=count,
        todo=ngettext(
            "%(count)s import was rejected in the last 7 days: fix the file and import it again.",
            "%(count)s imports were rejected in the last 7 days: fix the files and import them "
            "again.",
            count,
        )
        % {"count": grouped(count)},
        done=_("No import was rejected in the last 7 days."),
        url=url
        + "?"
        + urlencode({"outcome": ImportOutcome.REJECTED, "since": recent_since(today).isoformat()}),
        detail=detail,
        detail_url=url if last is not None else "",
    )


def budgets_over_panel(request) -> dict | None:
    """Finance: the project budgets (per nature) of this fiscal year whose actual and
    committed costs exceed the approved amount — the open or acknowledged alerts of that
    kind, found by the daily scan."""
    if not for_role(request, Role.FINANCE):
        return None
    params = {
        "status": ACTIVE,
        "kind": AlertKind.ACTUAL_OVER_BUDGET,
        "period": str(timezone.localdate().year),
    }
    count = _alerts_count(request, params)
    return count_panel(
        key="budgets-over",
        title=_("Budgets overspent this year"),
        count=count,
        todo=ngettext(
            "%(count)s project budget has actual and committed costs above the approved "
            "amount: check the costs or have the budget revised.",
            "%(count)s project budgets have actual and committed costs above the approved "
            "amount: check the costs or have the budgets revised.",
            count,
        )
        % {"count": grouped(count)},
        done=_("No project budget of this year is overspent."),
        url=reverse("resources:alert_list") + "?" + urlencode(params),
    )


def without_actuals_panel(request) -> dict | None:
    """Finance: active projects with a budget this year and no actual cost this month."""
    if not for_role(request, Role.FINANCE):
        return None
    data = {"actuals": MISSING}
    scope = Project.objects.visible_to(request.user)
    count = ProjectFilter(data=data, queryset=scope, user=request.user).qs.count()
    return count_panel(
        key="projects-without-actuals",
        title=_("Projects without actual costs this month"),
        count=count,
        todo=ngettext(
            "%(count)s active project with a budget has no actual cost this month: check that "
            "its invoices were imported.",
            "%(count)s active projects with a budget have no actual cost this month: check that "
            "their invoices were imported.",
            count,
        )
        % {"count": grouped(count)},
        done=_("Every active project with a budget has actual costs this month."),
        url=reverse("portfolios:project_list") + "?" + urlencode(data),
    )


def over_allocated_panel(request) -> dict | None:
    """The resource manager: their teams over-allocated in the current month or the next
    two (approved demand above capacity)."""
    if not for_role(request, Role.RESOURCE_MANAGER):
        return None
    count = over_allocated_teams(user=request.user, today=timezone.localdate())
    query = {"months": OVER_ALLOCATION_MONTHS, "over": "on", "mine": "on"}
    return count_panel(
        key="teams-over-allocated",
        title=_("Your teams over-allocated in the next 3 months"),
        count=count,
        todo=ngettext(
            "%(count)s of your teams has more approved work than capacity: move or refuse "
            "allocations.",
            "%(count)s of your teams have more approved work than capacity: move or refuse "
            "allocations.",
            count,
        )
        % {"count": grouped(count)},
        done=_("None of your teams is over-allocated in the next 3 months."),
        url=reverse("resources:capacity") + "?" + urlencode(query),
    )


def my_alerts_panel(request) -> dict | None:
    """A project manager: the open or acknowledged budget alerts of the projects they
    manage or deputise."""
    if not for_role(request, Role.PROJECT_MANAGER):
        return None
    params = {"status": ACTIVE, "mine": "on"}
    count = _alerts_count(request, params)
    return count_panel(
        key="my-alerts",
        title=_("Budget alerts on your projects"),
        count=count,
        todo=ngettext(
            "%(count)s budget alert on your projects: explain the overrun in your next report.",
            "%(count)s budget alerts on your projects: explain the overruns in your next report.",
            count,
        )
        % {"count": grouped(count)},
        done=_("No budget alert on your projects."),
        url=reverse("resources:alert_list") + "?" + urlencode(params),
    )


HOME_PANELS = [
    Panel(
        "resources-imports-rejected",
        1,
        COUNT_TEMPLATE,
        rejected_imports_panel,
        "resources.view_all_imports",
    ),
    Panel("resources-budgets-over", 2, COUNT_TEMPLATE, budgets_over_panel, "resources.view_alerts"),
    Panel(
        "resources-without-actuals",
        3,
        COUNT_TEMPLATE,
        without_actuals_panel,
        "resources.change_budget",
    ),
    Panel(
        "resources-over-allocated",
        5,
        COUNT_TEMPLATE,
        over_allocated_panel,
        "resources.manage_resources",
    ),
    Panel("resources-my-alerts", 9, COUNT_TEMPLATE, my_alerts_panel, "resources.view_alert_list"),
]
