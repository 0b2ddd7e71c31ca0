from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LessonsConfig(AppConfig):
    """Continuous improvement (lessons learned, matching to live projects): not built yet."""

    name = "lessons"
    verbose_name = _("Continuous improvement")
