"""What the lessons register adds to the portal's navigation (pmo_portal/registry.py)."""

from django.utils.translation import gettext_lazy as _

from lessons import history_sources
from lessons.api import API_ROUTES
from lessons.views import (
    actions,
    analytics,
    closure,
    copil_summary,
    imports,
    register,
    routing,
)
from pmo_portal.registry import Area

FAMILIES = (register, imports, closure, actions, routing, analytics, copil_summary)

CONTRIBUTIONS = {
    "api_routes": API_ROUTES,
    "history_sources": history_sources.HISTORY_SOURCES,
    "areas": [Area("lessons", _("Continuous improvement"), order=50)],
    "menu": [entry for family in FAMILIES for entry in family.MENU],
    "project_tabs": [tab for family in FAMILIES for tab in getattr(family, "PROJECT_TABS", [])],
    "home_panels": [panel for family in FAMILIES for panel in getattr(family, "HOME_PANELS", [])],
    "meeting_panels": [
        panel for family in FAMILIES for panel in getattr(family, "MEETING_PANELS", [])
    ],
    "copil_sections": [
        section for family in FAMILIES for section in getattr(family, "COPIL_SECTIONS", [])
    ],
}
