"""Forms of the methods pages (methodologies, phases, required deliverables, publishing,
migration) and of the best-practice guides. They read input; governance.services write."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from governance.models import Guide, Methodology, Phase, RequiredDeliverable
from pmo_portal.concurrency import version_field
from pmo_portal.roles import Role
from pmo_portal.validators import no_control_characters_multiline
from portfolios.forms import UserMultipleChoiceField


def people_with_a_role():
    return (
        get_user_model()
        .objects.filter(groups__name__in=[role.value for role in Role], is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class MethodologyForm(forms.ModelForm):
    class Meta:
        model = Methodology
        fields = ["name", "project_type", "business_domain", "description"]


class DraftFormMixin:
    """The hidden counter of the draft the page was opened at (``draft_version``)."""

    def __init__(self, *args, draft=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["draft_version"] = version_field()
        if draft is not None:
            self.initial["draft_version"] = draft.version


class PhaseForm(DraftFormMixin, forms.ModelForm):
    deciders = UserMultipleChoiceField(
        label=_("Named deciders"),
        queryset=people_with_a_role(),
        required=False,
        help_text=_("When named, they decide the gate instead of the role."),
    )

    class Meta:
        model = Phase
        fields = [
            "name",
            "key",
            "description",
            "gate_name",
            "gate_criteria",
            "decider_role",
            "deciders",
        ]
        help_texts = {
            "key": _(
                "Matches the phase across versions (guides, templates, migrations). Empty: "
                "made from the name."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].required = self.instance.pk is not None


class RequirementForm(DraftFormMixin, forms.ModelForm):
    class Meta:
        model = RequiredDeliverable
        fields = ["name", "description", "template"]


class PublishForm(forms.Form):
    change_note = forms.CharField(
        label=_("What changes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_control_characters_multiline],
    )


class GuideForm(forms.ModelForm):
    class Meta:
        model = Guide
        fields = ["title", "body", "project_type", "business_domain", "phase_key"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}
        help_texts = {
            "body": _("Markdown: **bold**, *italic*, lists, links, tables. HTML is shown as text."),
            "phase_key": _("A phase key (e.g. cadrage); empty: every phase."),
        }
