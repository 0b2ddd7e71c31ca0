from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    """Resources and budgets (capacity, FTE, CAPEX/OPEX, overrun alerts)."""

    name = "resources"
    verbose_name = _("Resources and budgets")

    def ready(self):
        from pmo_portal import registry
        from resources import contributions, rules  # noqa: F401  (rules: the app's permissions)

        registry.contribute(self.label, **contributions.CONTRIBUTIONS)

        from pmo_portal import rollup_sources
        from resources.rollup_source import budget_source

        rollup_sources.register("resources", budget_source)
