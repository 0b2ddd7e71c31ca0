"""Forms of the RAID log: one item (crispy, one column) and the list filters."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from pmo_portal.concurrency import VersionedFormMixin
from pmo_portal.roles import Role
from portfolios.filters import UserChoiceField
from portfolios.forms import DateInput
from reporting.models import RaidItem, RaidKind, RaidStatus
from reporting.selectors.raid import IMPACT_LABELS, NOT_CLOSED, PROBABILITY_LABELS, SCALE


def _scale_choices(labels, blank="—") -> list[tuple[str, str]]:
    # format_lazy: the labels are translated when the page is rendered, not at import.
    return [("", blank), *((str(n), format_lazy("{} — {}", n, labels[n])) for n in SCALE)]


def owner_choices(current_owner_id: int | None = None):
    """Active users holding one of the portal's roles (plus the item's current owner)."""
    in_a_role = Q(groups__name__in=[role.value for role in Role], is_active=True)
    if current_owner_id:
        in_a_role |= Q(pk=current_owner_id)
    return (
        get_user_model()
        .objects.filter(in_a_role)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class RaidItemForm(VersionedFormMixin, forms.ModelForm):
    """Add or change a RAID item. A risk needs its probability and impact (model rule)."""

    owner = UserChoiceField(label=_("Owner"), queryset=None, required=False)
    probability = forms.TypedChoiceField(
        label=_("Probability"),
        choices=_scale_choices(PROBABILITY_LABELS),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Risks only: how likely it is to happen."),
    )
    impact = forms.TypedChoiceField(
        label=_("Impact"),
        choices=_scale_choices(IMPACT_LABELS),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Risks only: how hard it would hit the project."),
    )

    class Meta:
        model = RaidItem
        fields = [
            "kind",
            "title",
            "description",
            "probability",
            "impact",
            "response",
            "owner",
            "due_date",
            "status",
        ]
        widgets = {
            "due_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "response": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "response": _("For a risk, the mitigation or contingency plan; else what is done."),
            "due_date": _("Optional."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owner_choices(self.instance.owner_id)
        self.fields["owner"].empty_label = _("No owner yet")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            *self.Meta.fields,
            *(["version"] if "version" in self.fields else []),
            Submit(
                "submit",
                _("Save changes") if self.instance.pk else _("Add to the RAID log"),
            ),
        )

    def _update_errors(self, errors):
        # A field already in error (an invalid choice, say) does not need the model's
        # "a risk needs…" message on top.
        if hasattr(errors, "error_dict"):
            for name in [name for name in errors.error_dict if name in self._errors]:
                del errors.error_dict[name]
            if not errors.error_dict:
                return
        super()._update_errors(errors)


class RaidFilterForm(forms.Form):
    """Filters of the RAID list (GET). Unknown values are ignored, not an error page."""

    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *RaidKind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("", _("All statuses")),
            (NOT_CLOSED, _("Open or in progress")),
            *RaidStatus.choices,
        ],
        required=False,
    )
    probability = forms.TypedChoiceField(
        label=_("Probability"),
        choices=_scale_choices(PROBABILITY_LABELS, _("Any probability")),
        coerce=int,
        empty_value=None,
        required=False,
    )
    impact = forms.TypedChoiceField(
        label=_("Impact"),
        choices=_scale_choices(IMPACT_LABELS, _("Any impact")),
        coerce=int,
        empty_value=None,
        required=False,
    )

    def filters(self) -> dict:
        """The valid filters (an invalid one is dropped and shows its error)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if value not in ("", None)
        }
