"""Resources' counts on the home page (the PMO's and the resource manager's cockpits,
pmo_portal/cockpit.py; registered in resources/contributions.py). One query each."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pmo_portal.cockpit import COUNT_TEMPLATE, count_panel, for_role, grouped
from pmo_portal.registry import Panel
from pmo_portal.roles import Role
from resources.models import Alert, AlertStatus
from resources.selectors.capacity import decidable_allocations


def unflagged_alerts_panel(request) -> dict | None:
    """Open budget alerts whose project manager had not shown the overrun in the latest
    report: the same rows as the alerts page filtered on open and not flagged."""
    if not for_role(request, Role.PMO):
        return None
    count = Alert.objects.filter(status=AlertStatus.OPEN, flagged_by_pm=False).count()
    return count_panel(
        key="alerts-unflagged",
        title=_("Budget overruns not reported"),
        count=count,
        todo=ngettext(
            "%(count)s overrun its project manager did not report: ask them to explain it.",
            "%(count)s overruns their project managers did not report: ask them to explain.",
            count,
        )
        % {"count": grouped(count)},
        done=_("Every budget overrun was reported by its project manager."),
        url=reverse("resources:alert_list")
        + "?"
        + urlencode({"status": AlertStatus.OPEN, "flagged": "no"}),
    )


def allocations_panel(request) -> dict | None:
    """Allocation requests the user may decide (the PMO all, a resource manager those of
    their teams): the allocations to decide page."""
    if not (for_role(request, Role.PMO) or for_role(request, Role.RESOURCE_MANAGER)):
        return None
    count = decidable_allocations(request.user).count()
    return count_panel(
        key="allocations-waiting",
        title=_("Allocation requests to decide"),
        count=count,
        todo=ngettext(
            "%(count)s allocation request is waiting: approve or reject it.",
            "%(count)s allocation requests are waiting: approve or reject them.",
            count,
        )
        % {"count": grouped(count)},
        done=_("No allocation request is waiting for a decision."),
        url=reverse("resources:pending_allocations"),
    )


HOME_PANELS = [
    Panel(
        "resources-alerts-unflagged",
        3,
        COUNT_TEMPLATE,
        unflagged_alerts_panel,
        "resources.view_alerts",
    ),
    Panel(
        "resources-allocations",
        4,
        COUNT_TEMPLATE,
        allocations_panel,
        "resources.decide_allocations",
    ),
]
