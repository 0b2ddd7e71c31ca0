from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LessonsConfig(AppConfig):
    """Continuous improvement (issue 13): the lessons register (retours d'expérience), their
    routing to the live projects that need them, closure reviews and improvement actions,
    past-performance analytics, the overrun-risk prediction and the drafted COPIL summary (with
    its optional rewrite by an on-premise model)."""

    name = "lessons"
    verbose_name = _("Continuous improvement")

    def ready(self):
        from lessons import (  # noqa: F401  (permission rules and Celery tasks of each part)
            contributions,
            rules,
            rules_analytics,
            rules_closure,
            rules_copil_summary,
            rules_routing,
            tasks_analytics,
            tasks_copil_summary,
            tasks_routing,
        )
        from pmo_portal import registry

        registry.contribute(self.label, **contributions.CONTRIBUTIONS)
