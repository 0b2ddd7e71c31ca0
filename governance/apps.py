from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    """Governance and standardisation (methodologies, gates, templates): not built yet."""

    name = "governance"
    verbose_name = _("Governance")
