"""What governance adds to the portal's navigation, pages and pack (pmo_portal/registry.py).

Each page family of the app adds its entries to the lists below."""

from django.utils.translation import gettext_lazy as _

from governance import history_sources
from governance.api import PROJECT_API_FIELDS
from governance.selectors import compliance_panels
from pmo_portal.registry import Area, MenuEntry, Panel, ProjectTab

AREA = [Area("governance", _("Governance"), order=15)]
MENU: list = []
PROJECT_TABS: list = []
HOME_PANELS: list = []
DASHBOARD_PANELS: list = []
COPIL_SECTIONS: list = []

CONTRIBUTIONS = {
    "history_sources": history_sources.HISTORY_SOURCES,
    # The project's lifecycle phase in the REST API's project representation.
    "project_api_fields": PROJECT_API_FIELDS,
    "areas": AREA,
    "menu": MENU,
    "project_tabs": PROJECT_TABS,
    "home_panels": HOME_PANELS,
    "dashboard_panels": DASHBOARD_PANELS,
    "copil_sections": COPIL_SECTIONS,
}

# The template library (governance/views/library.py).
MENU.append(
    MenuEntry(
        "governance",
        "governance:library",
        _("Template library"),
        30,
        "governance.view_referential",
    )
)

# Methods and guides (governance/views/methods.py, guides.py), the project lifecycle tab
# (governance/views/lifecycle.py).
MENU.extend(
    [
        MenuEntry(
            "governance",
            "governance:methodology_list",
            _("Methods"),
            10,
            "governance.view_referential",
        ),
        MenuEntry(
            "governance",
            "governance:guide_list",
            _("Best-practice guides"),
            20,
            "governance.view_referential",
        ),
    ]
)
PROJECT_TABS.append(ProjectTab("governance:project_lifecycle", _("Governance"), 60))

# Compliance (governance/views/compliance.py, governance/selectors/compliance_panels.py).
MENU.append(
    MenuEntry(
        "governance", "governance:compliance", _("Compliance"), 40, "governance.view_compliance"
    )
)
DASHBOARD_PANELS.append(
    Panel(
        "governance-compliance",
        50,
        "governance/compliance/dashboard_panel.html",
        compliance_panels.dashboard_panel,
        "governance.view_compliance",
        deferred=True,  # sums every governed project of the scope: after the page
    )
)
HOME_PANELS.append(
    Panel(
        "governance-late-deliverables",
        40,
        "governance/compliance/home_panel.html",
        compliance_panels.home_panel,
        "governance.watch_compliance",
    )
)
COPIL_SECTIONS.append(compliance_panels.COPIL_SECTION)
