"""The PMO's form of the COPIL summary: the text for the pack (empty: the rewrite, else the
draft) and the version the page was opened at."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pmo_portal.concurrency import version_field
from pmo_portal.validators import no_control_characters_multiline


class SummaryTextForm(forms.Form):
    edited = forms.CharField(
        label=_("Text for the pack"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        validators=[no_control_characters_multiline],
        help_text=_("Leave empty to use the rewrite, or the draft when there is none."),
    )
    version = version_field()
