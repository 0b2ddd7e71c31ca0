from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from pmo_portal.concurrency import VersionedFormMixin
from pmo_portal.roles import Role
from pmo_portal.users import user_label
from portfolios.filters import UserChoiceField
from portfolios.models import Project
from portfolios.services import GOVERNANCE_FIELDS


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return user_label(obj)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def users_in(*roles: Role):
    return (
        get_user_model()
        .objects.filter(groups__name__in=[role.value for role in roles], is_active=True)
        .distinct()
        .order_by("last_name", "first_name")
    )


class ProjectForm(VersionedFormMixin, forms.ModelForm):
    """Create/edit a project. Governance fields (code, portfolio, manager, sponsor, status)
    are read-only for a project manager: the PMO decides them."""

    manager = UserChoiceField(label=_("Project manager"), queryset=users_in(Role.PROJECT_MANAGER))
    sponsor = UserChoiceField(label=_("Sponsor"), queryset=users_in(Role.EXECUTIVE), required=False)
    deputies = UserMultipleChoiceField(
        label=_("Deputies"),
        queryset=users_in(Role.PROJECT_MANAGER),
        required=False,
        help_text=_("Deputies may update the project like its manager."),
    )

    class Meta:
        model = Project
        fields = [
            "code",
            "name",
            "portfolio",
            "business_domain",
            "project_type",
            "status",
            "manager",
            "sponsor",
            "deputies",
            "planned_start",
            "planned_end",
            "baseline_start",
            "baseline_end",
            "actual_end",
            "description",
            "expected_benefits",
            "estimated_cost",
            "is_archived",
        ]
        widgets = {
            "planned_start": DateInput(),
            "planned_end": DateInput(),
            "baseline_start": DateInput(),
            "baseline_end": DateInput(),
            "actual_end": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "expected_benefits": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["estimated_cost"].widget.attrs.update({"min": "0", "step": "0.01"})
        if not user.has_perm("portfolios.change_project_governance"):
            for name in GOVERNANCE_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Decided by the PMO.")
        submit_label = _("Save changes") if self.instance.pk else _("Create project")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("Identity"),
                Row(Column("code", css_class="col-md-4"), Column("name", css_class="col-md-8")),
                Row(
                    Column("portfolio", css_class="col-md-4"),
                    Column("business_domain", css_class="col-md-4"),
                    Column("project_type", css_class="col-md-4"),
                ),
                "status",
            ),
            Fieldset(
                _("People"),
                Row(
                    Column("manager", css_class="col-md-6"), Column("sponsor", css_class="col-md-6")
                ),
                "deputies",
            ),
            Fieldset(
                _("Dates"),
                Row(
                    Column("planned_start", css_class="col-md-6"),
                    Column("planned_end", css_class="col-md-6"),
                ),
                Row(
                    Column("baseline_start", css_class="col-md-6"),
                    Column("baseline_end", css_class="col-md-6"),
                ),
                "actual_end",
            ),
            Fieldset(
                _("Business case"),
                "description",
                "expected_benefits",
                "estimated_cost",
            ),
            "is_archived",
            *(["version"] if "version" in self.fields else []),
            Submit("submit", submit_label),
        )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        manager, deputies = cleaned.get("manager"), cleaned.get("deputies")
        if manager and deputies and manager in deputies:
            self.add_error("deputies", _("The project manager cannot also be one of the deputies."))
        return cleaned
