"""Cross-cutting models of the foundations layer."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """When a periodic task last ran; /healthz reads it to tell the scheduler is alive."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    last_seen = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return self.name
