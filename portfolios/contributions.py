"""What strategic alignment adds to the portal's navigation (pmo_portal/registry.py)."""

from django.utils.translation import gettext_lazy as _

from pmo_portal.registry import Area, MenuEntry, ProjectTab
from portfolios.placeholders import PLACEHOLDERS

CONTRIBUTIONS = {
    "areas": [Area("portfolios", _("Portfolios"), order=20)],
    "menu": [
        MenuEntry("portfolios", "portfolios:tree", _("Portfolio tree"), order=10),
        MenuEntry("portfolios", "portfolios:project_list", _("Projects"), order=20),
        MenuEntry("portfolios", "portfolios:objective_list", _("Strategic objectives"), order=30),
    ],
    "project_tabs": [ProjectTab("portfolios:project_detail", _("Overview"), order=0)],
    "placeholders": PLACEHOLDERS,
}
