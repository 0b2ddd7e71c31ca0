from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    """Resources and budgets (capacity, FTE, CAPEX/OPEX, overrun alerts): not built yet."""

    name = "resources"
    verbose_name = _("Resources and budgets")
