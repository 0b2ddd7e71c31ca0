"""The compliance pages' own filters (the project filters come from
portfolios.filters.ProjectFilter, see governance.selectors.compliance.compliance_scope)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ComplianceFilterForm(forms.Form):
    """``phase`` (a phase key) and ``state`` (one of ``states``); unknown values are refused
    with a message and ignored."""

    phase = forms.ChoiceField(label=_("Phase"), required=False)
    state = forms.ChoiceField(label=_("Compliance"), required=False)

    def __init__(self, *args, phases, states, phase_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [("", _("All phases")), *phases]
        self.fields["state"].choices = [("", _("All")), *states.items()]
        if phase_label:
            self.fields["phase"].label = phase_label

    def value(self, name: str) -> str:
        if not self.is_bound:
            return ""
        self.is_valid()  # the valid fields are kept when another one is wrong
        return self.cleaned_data.get(name) or ""
