"""Forms of the budget alerts: the alerts page filters, the PM's acknowledgement."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pmo_portal.validators import no_control_characters_multiline
from portfolios.models import Portfolio
from resources.models import AlertKind, AlertStatus, Nature

YES_NO = [("", _("All")), ("yes", _("Flagged by the project manager")), ("no", _("Not flagged"))]


ACTIVE = "active"  # the status filter's "open or acknowledged" (not closed)


class AlertFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *AlertStatus.choices, (ACTIVE, _("Open or acknowledged"))],
        initial=AlertStatus.OPEN,
    )
    portfolio = forms.ModelChoiceField(
        label=_("Portfolio"),
        required=False,
        queryset=Portfolio.objects.order_by("name"),
        empty_label=_("All"),
    )
    nature = forms.ChoiceField(
        label=_("Nature"), required=False, choices=[("", _("All")), *Nature.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *AlertKind.choices]
    )
    period = forms.IntegerField(
        label=_("Fiscal year"), required=False, min_value=2000, max_value=2100
    )
    flagged = forms.ChoiceField(label=_("Flagged"), required=False, choices=YES_NO)
    mine = forms.BooleanField(label=_("Only the projects I manage"), required=False)


class AcknowledgeForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        validators=[no_control_characters_multiline],
        help_text=_("What is being done about the overrun (re-forecast, budget revision…)."),
    )
