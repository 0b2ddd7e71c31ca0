"""The form of a portfolio's yearly CAPEX/OPEX envelope (portfolios.services.envelopes
writes, and validates again)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from pmo_portal.concurrency import VersionedFormMixin
from portfolios.models import PortfolioEnvelope
from portfolios.services.envelopes import FIELDS


class EnvelopeForm(VersionedFormMixin, forms.ModelForm):
    capex = forms.DecimalField(
        label=_("CAPEX envelope (€)"), min_value=Decimal("0.00"), max_digits=14, decimal_places=2
    )
    opex = forms.DecimalField(
        label=_("OPEX envelope (€)"), min_value=Decimal("0.00"), max_digits=14, decimal_places=2
    )

    class Meta:
        model = PortfolioEnvelope
        fields = list(FIELDS)

    def validate_unique(self):
        """The service checks one envelope per portfolio and year (this form has no
        portfolio field)."""
