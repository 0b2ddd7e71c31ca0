from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfoliosConfig(AppConfig):
    name = "portfolios"
    verbose_name = _("Strategic alignment")

    def ready(self):
        from pmo_portal import registry
        from portfolios import contributions, filter_form, rules  # noqa: F401  (rules: permissions)

        registry.contribute(self.label, **contributions.CONTRIBUTIONS)
        filter_form.connect()

        from pmo_portal import rollup_sources
        from portfolios.services.rollups import portfolio_source

        rollup_sources.register("portfolios", portfolio_source)
