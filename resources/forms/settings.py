"""Forms of the PMO's budget settings pages (resources.services.settings writes)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pmo_portal.concurrency import version_field, version_of
from resources.models import BudgetSettings
from resources.services.settings import BUDGET_SETTINGS_FIELDS


class BudgetSettingsForm(forms.ModelForm):
    class Meta:
        model = BudgetSettings
        fields = list(BUDGET_SETTINGS_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One row, edited in place: its version (0 until first saved).
        self.fields["version"] = version_field()
        self.initial["version"] = version_of(self.instance)


class RecipientForm(forms.Form):
    """``choices``: resources.selectors.settings.recipient_choices (grouped by role)."""

    user = forms.TypedChoiceField(
        label=_("Add a recipient"),
        coerce=int,
        help_text=_(
            "Finance controllers and PMO members (the roles that read every alert). They "
            "receive the budget alerts of the projects of this portfolio and of its "
            "sub-portfolios, as their notification preferences allow."
        ),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", _("Choose a person…")), *choices]
