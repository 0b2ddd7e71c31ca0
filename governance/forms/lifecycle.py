"""Forms of a project's lifecycle: request a gate review, decide it (with its conditions),
waive a deliverable. They read input; governance.services.lifecycle writes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.forms.methods import people_with_a_role
from governance.models import GateDecision
from governance.services.lifecycle import ConditionInput
from pmo_portal.validators import no_control_characters, no_control_characters_multiline
from portfolios.forms import DateInput, UserChoiceField

CONDITION_ROWS = 3  # blank condition rows offered on the decision form


class GateRequestForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the deciders"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[no_control_characters_multiline],
    )
    planned_on = forms.DateField(label=_("Planned date"), required=False, widget=DateInput)


class GateDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=GateDecision.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required unless the decision is go."),
        validators=[no_control_characters_multiline],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index in range(CONDITION_ROWS):
            self.fields[f"condition_{index}_text"] = forms.CharField(
                label=_("Condition %(n)s") % {"n": index + 1},
                required=False,
                max_length=300,
                validators=[no_control_characters],
            )
            self.fields[f"condition_{index}_owner"] = UserChoiceField(
                label=_("Owner of condition %(n)s") % {"n": index + 1},
                queryset=people_with_a_role(),
                required=False,
            )
            self.fields[f"condition_{index}_due"] = forms.DateField(
                label=_("Due date of condition %(n)s") % {"n": index + 1},
                required=False,
                widget=DateInput,
            )

    def clean(self):
        cleaned = super().clean()
        conditions = []
        for index in range(CONDITION_ROWS):
            text = (cleaned.get(f"condition_{index}_text") or "").strip()
            owner = cleaned.get(f"condition_{index}_owner")
            due = cleaned.get(f"condition_{index}_due")
            if not (text or owner or due):
                continue
            if not text:
                self.add_error(f"condition_{index}_text", _("Describe the condition."))
            if owner is None:
                self.add_error(f"condition_{index}_owner", _("Name who answers for it."))
            if due is None:
                self.add_error(f"condition_{index}_due", _("Give its due date."))
            if text and owner and due:
                conditions.append(ConditionInput(text=text, owner=owner, due_date=due))
        cleaned["conditions"] = conditions
        return cleaned

    def condition_rows(self):
        return [
            [self[f"condition_{i}_{part}"] for part in ("text", "owner", "due")]
            for i in range(CONDITION_ROWS)
        ]


class WaiverForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the waiver"),
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_control_characters_multiline],
    )
