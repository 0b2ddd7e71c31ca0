from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SsoConfig(AppConfig):
    name = "sso"
    verbose_name = _("Single sign-on")

    def ready(self):
        from pmo_portal import registry
        from pmo_portal.registry import MenuEntry
        from sso import rules  # the app's permissions

        registry.contribute(
            self.label,
            # The governance area holds the PMO's settings pages.
            menu=[
                MenuEntry(
                    "governance",
                    "sso:mapping_list",
                    _("Single sign-on groups"),
                    order=90,
                    perm=rules.MANAGE,
                )
            ],
        )
