"""What resources and budgets add to the portal's navigation (pmo_portal/registry.py)."""

from django.utils.translation import gettext_lazy as _

from pmo_portal.registry import Area, MenuEntry, PortfolioTab, ProjectTab, TeamNeeds
from resources import history_sources, panels_roles
from resources.api import API_ROUTES
from resources.api_imports import API_ROUTES as IMPORT_API_ROUTES
from resources.panels import HOME_PANELS
from resources.placeholders import PLACEHOLDERS
from resources.project_filters import PROJECT_FILTERS
from resources.selectors import team_needs

CONTRIBUTIONS = {
    "api_routes": [*API_ROUTES, *IMPORT_API_ROUTES],
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
            "resources", "resources:alert_list", _("Budget alerts"), 60, "resources.view_alert_list"
        ),
        MenuEntry(
            "resources", "resources:import_log", _("Imports"), 55, "resources.view_all_imports"
        ),
        MenuEntry(
            "resources",
            "resources:budget_settings",
            _("Budget thresholds"),
            70,
            "resources.manage_budget_settings",
        ),
    ],
    "portfolio_tabs": [
        PortfolioTab(
            "resources:alert_recipients",
            _("Budget alert recipients"),
            30,
            "resources.manage_alert_recipients",
        ),
    ],
    "project_tabs": [
        ProjectTab("resources:project_budget", _("Budget"), 40, "resources.view_budget"),
        ProjectTab("resources:project_allocations", _("Allocations"), 50),
        ProjectTab("resources:project_team_needs", _("Team needs"), 38),
    ],
    # Counts of the cockpits: the PMO's and resource manager's, then Finance's, the resource
    # manager's and the project manager's (issue 14).
    "home_panels": [*HOME_PANELS, *panels_roles.HOME_PANELS],
    # The project list's "actual costs this month" filter (Finance's cockpit links to it).
    "project_filters": PROJECT_FILTERS,
    "placeholders": PLACEHOLDERS,
    # Scenarios limited per team (portfolios/selectors/scenarios_teams.py).
    "team_needs": [TeamNeeds(teams=team_needs.teams, needs=team_needs.needs)],
}
