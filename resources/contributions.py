"""What resources and budgets add to the portal's navigation (pmo_portal/registry.py)."""

from django.utils.translation import gettext_lazy as _

from pmo_portal.registry import Area, MenuEntry, ProjectTab, TeamNeeds
from resources import history_sources
from resources.panels import HOME_PANELS
from resources.placeholders import PLACEHOLDERS
from resources.selectors import team_needs

CONTRIBUTIONS = {
    "history_sources": history_sources.HISTORY_SOURCES,
    "areas": [Area("resources", _("Resources and budgets"), order=30)],
    "menu": [
        MenuEntry(
            "resources", "resources:capacity", _("Capacity plan"), 10, "resources.view_capacity"
        ),
        MenuEntry(
            "resources", "resources:resource_list", _("Resources"), 20, "resources.view_capacity"
        ),
        MenuEntry(
            "resources",
            "resources:pending_allocations",
            _("Allocations to decide"),
            30,
            "resources.decide_allocations",
        ),
        MenuEntry("resources", "resources:portfolio_budget", _("Portfolio budgets"), 40),
        MenuEntry(
            "resources",
            "resources:cost_import",
            _("Import actual costs"),
            50,
            "resources.import_costs",
        ),
        MenuEntry(
            "resources", "resources:alert_list", _("Budget alerts"), 60, "resources.view_alerts"
        ),
    ],
    "project_tabs": [
        ProjectTab("resources:project_budget", _("Budget"), 40, "resources.view_budget"),
        ProjectTab("resources:project_allocations", _("Allocations"), 50),
        ProjectTab("resources:project_team_needs", _("Team needs"), 38),
    ],
    "home_panels": HOME_PANELS,  # counts of the PMO's and resource manager's cockpits
    "placeholders": PLACEHOLDERS,
    # Scenarios limited per team (portfolios/selectors/scenarios_teams.py).
    "team_needs": [TeamNeeds(teams=team_needs.teams, needs=team_needs.needs)],
}
