from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    """Governance and standardisation: methodologies, phases and gates, the template
    library, deliverables and compliance."""

    name = "governance"
    verbose_name = _("Governance")

    def ready(self):
        from governance import contributions, rules  # noqa: F401  (rules: the app's permissions)
        from pmo_portal import registry

        registry.contribute(self.label, **contributions.CONTRIBUTIONS)
