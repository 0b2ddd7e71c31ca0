"""A throw-away app for tests: it plugs into the portal through its own folder alone (its
AppConfig, rules, URLs and templates), as governance and lessons will. Installed only by the
``plugin_app`` fixture (tests/conftest.py)."""

from django.apps import AppConfig


class PluginAppConfig(AppConfig):
    name = "tests.plugin_app"
    label = "plugin_app"

    def ready(self):
        from pmo_portal import registry
        from tests.plugin_app import contributions, rules  # noqa: F401

        registry.contribute(self.label, **contributions.CONTRIBUTIONS)
