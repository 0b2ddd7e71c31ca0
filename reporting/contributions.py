"""What tracking and reporting adds to the portal (pmo_portal/registry.py): its menu, the
project tabs of reports, milestones and RAID log, the PM's desk on the home page, the
sections of the COPIL pack."""

from django.utils.translation import gettext_lazy as _

from pmo_portal.registry import Area, MenuEntry, PortfolioTab, ProjectTab
from reporting import api, api_copil, history_sources
from reporting.copil.sections import SECTIONS
from reporting.panels import HOME_PANELS
from reporting.placeholders import PLACEHOLDERS

CONTRIBUTIONS = {
    "api_routes": [*api.API_ROUTES, *api_copil.API_ROUTES],
    "history_sources": history_sources.HISTORY_SOURCES,
    "areas": [Area("reporting", _("Reporting"), order=40)],
    "menu": [
        MenuEntry(
            "reporting",
            "reporting:dashboard",
            _("Portfolio dashboard"),
            10,
            "reporting.view_dashboard",
        ),
        MenuEntry(
            "reporting",
            "reporting:my_reports",
            _("My status reports"),
            20,
            "reporting.write_reports",
        ),
        MenuEntry(
            "reporting",
            "reporting:missing_reports",
            _("Missing reports"),
            30,
            "reporting.view_dashboard",
        ),
        MenuEntry(
            "reporting", "reporting:top_risks", _("Top risks"), 40, "reporting.view_dashboard"
        ),
        MenuEntry(
            "reporting",
            "reporting:milestones",
            _("Milestones ahead"),
            50,
            "reporting.view_dashboard",
        ),
        MenuEntry(
            "reporting",
            "reporting:copil_list",
            _("Steering committees"),
            60,
            "reporting.view_copil",
        ),
        MenuEntry(
            "reporting",
            "reporting:decision_list",
            _("COPIL decisions"),
            65,
            "reporting.view_copil",
        ),
    ],
    "project_tabs": [
        ProjectTab("reporting:project_reports", _("Status reports"), 10),
        ProjectTab("reporting:project_milestones", _("Milestones"), 20),
        ProjectTab("reporting:raid_list", _("RAID log"), 30),
    ],
    "portfolio_tabs": [
        PortfolioTab(
            "reporting:portfolio_policy", _("Reporting policy"), 20, "reporting.manage_policies"
        ),
    ],
    "home_panels": HOME_PANELS,
    "copil_sections": SECTIONS,
    "placeholders": PLACEHOLDERS,
}
