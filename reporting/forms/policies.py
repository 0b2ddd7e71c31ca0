"""The form of a portfolio's reporting policy (reporting.services.policies writes it)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pmo_portal.concurrency import version_field, version_of
from reporting.models import ReportingPolicy
from reporting.periods import Frequency


class PolicyForm(forms.ModelForm):
    """``inherited``: the selectors' PolicyPage, to say what an empty value means here."""

    class Meta:
        model = ReportingPolicy
        fields = ["frequency", "due_days"]

    def __init__(self, *args, inherited, **kwargs):
        super().__init__(*args, **kwargs)
        frequency = self.fields["frequency"]
        frequency.required = False
        frequency.choices = [
            ("", _inherited_label(Frequency(inherited.frequency.value).label, inherited.frequency)),
            *Frequency.choices,
        ]
        due_days = self.fields["due_days"]
        due_days.widget.attrs.update(min=0, max=31)
        due_days.help_text = _(
            "Days after the end of the period by which the report is due; after them the PMO "
            "is told it is late. Empty: %(inherited)s."
        ) % {"inherited": _inherited_label(str(inherited.due_days.value), inherited.due_days)}
        # One row per portfolio, edited in place: its version (0 until first saved).
        self.fields["version"] = version_field()
        self.initial["version"] = version_of(self.instance)


def _inherited_label(value: str, inherited) -> str:
    if inherited.source is None:
        return gettext("inherited: %(value)s (the company default)") % {"value": value}
    return gettext("inherited: %(value)s (from %(portfolio)s)") % {
        "value": value,
        "portfolio": inherited.source.name,
    }
