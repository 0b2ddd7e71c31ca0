"""What strategic alignment adds to the portal's navigation (pmo_portal/registry.py).

Each page family of the strategic alignment (portfolios/views/<family>.py) lists its own
MENU and PROJECT_TABS; its COPIL section, if any, is in COPIL_SECTIONS."""

from django.utils.translation import gettext_lazy as _

from pmo_portal.registry import Area, MenuEntry, PortfolioTab, ProjectTab
from portfolios import api, api_objectives
from portfolios.placeholders import PLACEHOLDERS
from portfolios.views import business_case, history, objectives, scenarios, scoring

FAMILIES = (objectives, scoring, scenarios, business_case, history)

CONTRIBUTIONS = {
    "api_routes": [*api.API_ROUTES, *api_objectives.API_ROUTES],
    "areas": [Area("portfolios", _("Portfolios"), order=20)],
    "menu": [
        MenuEntry("portfolios", "portfolios:tree", _("Portfolio tree"), order=10),
        MenuEntry("portfolios", "portfolios:project_list", _("Projects"), order=20),
        MenuEntry("portfolios", "portfolios:objective_list", _("Strategic objectives"), order=30),
        *[entry for family in FAMILIES for entry in family.MENU],
    ],
    "project_tabs": [
        ProjectTab("portfolios:project_detail", _("Overview"), order=0),
        *[tab for family in FAMILIES for tab in family.PROJECT_TABS],
    ],
    # The settings pages of a portfolio node (the reporting policy and the budget alert
    # recipients are contributed by their apps).
    "portfolio_tabs": [
        PortfolioTab(
            "portfolios:portfolio_envelopes", _("Envelopes"), 10, "portfolios.manage_envelopes"
        )
    ],
    "placeholders": PLACEHOLDERS,
    "history_sources": history.HISTORY_SOURCES,
    "copil_sections": [
        section for family in FAMILIES for section in getattr(family, "COPIL_SECTIONS", [])
    ],
}
