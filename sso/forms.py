"""The form of a group mapping (sso.services.save_mapping validates again)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portfolios.models import Portfolio
from sso.models import SsoGroupMapping


class PortfolioChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class MappingForm(forms.ModelForm):
    portfolio = PortfolioChoiceField(
        label=_("Portfolio"),
        queryset=Portfolio.objects.order_by("name"),
        required=False,
        empty_label=_("None: the role only"),
        help_text=SsoGroupMapping._meta.get_field("portfolio").help_text,
    )

    class Meta:
        model = SsoGroupMapping
        fields = ["group", "role", "portfolio"]

    def validate_unique(self):
        """The service checks the table's constraints (and says so in the form's words)."""
