from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """Tracking and reporting (status reports, dashboards, COPIL packs): not built yet."""

    name = "reporting"
    verbose_name = _("Tracking and reporting")
