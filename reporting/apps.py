from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """Tracking and reporting (status reports, dashboards, COPIL packs)."""

    name = "reporting"
    verbose_name = _("Tracking and reporting")

    def ready(self):
        from pmo_portal import registry
        from reporting import contributions, rules  # noqa: F401  (rules: the app's permissions)

        registry.contribute(self.label, **contributions.CONTRIBUTIONS)

        from pmo_portal import rollup_sources
        from reporting.rollup_source import reporting_items, reporting_source

        rollup_sources.register("reporting", reporting_source)
        rollup_sources.register_items("reporting", reporting_items)
