"""Extra recipients of the budget alerts of a portfolio (typically finance controllers)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmo_portal.roles import Role
from pmo_portal.users import user_label
from portfolios.models import Portfolio

# Who may receive a portfolio's budget alerts: the roles that read every alert, so that the
# e-mail's link opens (resources/rules.py ``view_alert``). The PMO people of a portfolio get
# its alerts anyway (portfolios.selectors.pmo_people_by_portfolio); adding one of the PMO
# here covers a portfolio they are not a member of.
RECIPIENT_ROLES = (Role.FINANCE, Role.PMO)


class AlertRecipient(models.Model):
    """``user`` receives the budget alerts of the projects of ``portfolio`` and of its
    sub-portfolios, besides the project manager and the PMO (resources/services/alerts.py)."""

    portfolio = models.ForeignKey(
        Portfolio,
        verbose_name=_("portfolio"),
        on_delete=models.CASCADE,
        related_name="alert_recipients",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="budget_alert_portfolios",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["portfolio", "user__last_name", "user__first_name", "user__username"]
        verbose_name = _("budget alert recipient")
        verbose_name_plural = _("budget alert recipients")
        constraints = [
            models.UniqueConstraint(
                fields=["portfolio", "user"], name="alert_recipient_one_per_portfolio"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.portfolio} · {user_label(self.user)}"
