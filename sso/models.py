"""The PMO's table of IdP groups → roles and portfolios, and the link of a portal account to
its identity at the provider."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmo_portal.roles import Role
from pmo_portal.validators import no_control_characters
from portfolios.models import Portfolio

DUPLICATE = _("This group already gives this role (with the same portfolio, or none).")


class SsoGroupMapping(models.Model):
    """Members of the IdP group ``group`` get ``role`` at sign-in, and when a portfolio is
    named, membership of it (they read it and its sub-portfolios). Applied at every sign-in
    (sso.services.apply_group_mappings); changes are audited (history)."""

    group = models.CharField(
        _("identity provider group"),
        max_length=255,
        validators=[no_control_characters],
        help_text=_(
            "The value of the groups claim, exactly as the identity provider sends it: the "
            "group's object ID with Entra ID, its name (or its path, such as /PMO) with "
            "Keycloak."
        ),
    )
    role = models.CharField(_("role"), max_length=150, choices=Role.choices)
    portfolio = models.ForeignKey(
        Portfolio,
        verbose_name=_("portfolio"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_(
            "Optional: members of the group also become members of this portfolio, and read "
            "it and its sub-portfolios."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "role", "pk"]
        verbose_name = _("single sign-on group mapping")
        verbose_name_plural = _("single sign-on group mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "role", "portfolio"],
                name="sso_mapping_unique",
                violation_error_message=DUPLICATE,
            ),
            models.UniqueConstraint(
                fields=["group", "role"],
                condition=Q(portfolio__isnull=True),
                name="sso_mapping_unique_without_portfolio",
                violation_error_message=DUPLICATE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} → {self.get_role_display()}"


class SsoIdentity(models.Model):
    """A portal account signed in through the provider: its issuer and subject (the
    provider's stable id of the person), and what the group mappings gave it, so that the
    next sign-in takes back only that when the groups change (roles and memberships given by
    hand stay)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="sso_identity",
    )
    issuer = models.CharField(_("issuer"), max_length=255)
    subject = models.CharField(_("subject"), max_length=255)
    granted_roles = models.JSONField(_("roles given by group mappings"), default=list)
    granted_portfolios = models.ManyToManyField(
        Portfolio,
        verbose_name=_("memberships given by group mappings"),
        blank=True,
        related_name="+",
    )
    first_login_at = models.DateTimeField(_("first sign-in"))
    last_login_at = models.DateTimeField(_("last sign-in"))

    class Meta:
        verbose_name = _("single sign-on identity")
        verbose_name_plural = _("single sign-on identities")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.subject})"
