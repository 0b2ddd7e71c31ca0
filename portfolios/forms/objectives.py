"""Forms of the objective pages: an objective, a key indicator, a contribution set from the
objective's page or from the project's. They read input; portfolios.services.objectives
writes (and validates again: weight ≥ 0, horizon in order, no cycle in the tree)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from pmo_portal.concurrency import version_field
from pmo_portal.roles import Role
from pmo_portal.validators import no_control_characters, no_control_characters_multiline
from portfolios.filters import UserChoiceField
from portfolios.forms import DateInput, users_in
from portfolios.models import ObjectiveContribution, ObjectiveKPI, Project, StrategicObjective
from portfolios.selectors.objectives import objective_choices
from portfolios.selectors.objectives_projects import SEPARATOR, find_project
from portfolios.services.objectives import KPI_FIELDS, OBJECTIVE_FIELDS, revision_of


class RevisionFormMixin:
    """The hidden ``revision`` (latest history record) an edit page was opened at; a form
    creating a row has none (see portfolios/services/objectives.py)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk is not None:
            self.fields["revision"] = version_field()
            self.initial["revision"] = revision_of(instance)

    def model_fields(self, names) -> dict:
        return {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}


class ObjectiveChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} — {obj.title}"


class ObjectiveForm(RevisionFormMixin, forms.ModelForm):
    parent = ObjectiveChoiceField(
        label=_("Parent objective"),
        queryset=StrategicObjective.objects.order_by("code"),
        required=False,
        empty_label=_("None: a strategic axis (top level)"),
        help_text=_("An objective cannot be placed under itself or one of its sub-objectives."),
    )
    owner = UserChoiceField(
        label=_("Owner"),
        queryset=users_in(*Role),
        required=False,
        help_text=_("Who answers for this objective."),
    )

    class Meta:
        model = StrategicObjective
        fields = list(OBJECTIVE_FIELDS)
        widgets = {
            "horizon_start": DateInput(),
            "horizon_end": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "weight": _(
                "Relative importance (0 or more). The strategic fit of a project weighs each "
                "of its contributions by this weight, against the largest weight."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # Itself is never a choice; its sub-objectives are, and are refused with a clear
            # message (TreeNode.clean), so that a wrong choice says why.
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(
                pk=self.instance.pk
            )


class KPIForm(RevisionFormMixin, forms.ModelForm):
    class Meta:
        model = ObjectiveKPI
        fields = list(KPI_FIELDS)
        widgets = {"measured_on": DateInput()}
        help_texts = {
            "unit": _("For example %, k€, tCO2e, days."),
            "actual": _("The latest measured value; empty until it is measured."),
            "order": _("Indicators are listed by this number, then by name."),
        }


SCORE_CHOICES = ObjectiveContribution.Score.choices


class ContributionFormBase(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Contribution"),
        choices=SCORE_CHOICES,
        coerce=int,
        help_text=_("0 — none: assessed, does not serve the objective."),
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[no_control_characters_multiline],
        help_text=_("Required from 1 — low: how the project serves the objective."),
    )

    def clean_rationale(self) -> str:
        return self.cleaned_data["rationale"].strip()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("score") and not cleaned.get("rationale"):
            self.add_error("rationale", _("Explain how the project serves the objective."))
        return cleaned


class ObjectiveContributionForm(ContributionFormBase):
    """On an objective's page: set a project's contribution (a project already linked gets
    its contribution replaced). The project is typed by its code (or picked from the
    suggestions, "code — name"), among ``projects`` (those the user may link); with
    JavaScript, ``search_url`` fills the suggestions as the user types."""

    field_order = ["project", "score", "rationale"]
    # The id of the <datalist> of suggestions (portfolios/objectives/_contribution_form.html).
    project_options = "project-options"

    def __init__(self, *args, projects, search_url: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.projects = projects
        self.fields["project"] = forms.CharField(
            label=_("Project"),
            max_length=250,
            validators=[no_control_characters],
            widget=forms.TextInput(
                attrs={
                    "list": self.project_options,
                    "autocomplete": "off",
                    "spellcheck": "false",
                    "data-hx-get": search_url,
                    "data-hx-trigger": "input changed delay:300ms",
                    "data-hx-target": f"#{self.project_options}",
                    "data-hx-swap": "outerHTML",
                    "data-hx-sync": "this:replace",
                }
            ),
            help_text=_(
                "The project's code, for example PRJ-0042; suggestions come as you type its "
                "code or name. A project already linked gets its contribution replaced."
            ),
        )
        self.order_fields(self.field_order)

    def clean_project(self) -> Project:
        text = self.cleaned_data["project"]
        project = find_project(self.projects, text)
        if project is None:
            raise forms.ValidationError(
                _(
                    "No project you can link has the code “%(code)s”. Check the code; "
                    "archived projects and projects outside your scope cannot be linked."
                ),
                code="unknown_project",
                params={"code": text.split(SEPARATOR, 1)[0].strip()},
            )
        return project


class ProjectContributionForm(ContributionFormBase):
    """On a project's page: set its contribution to an objective."""

    field_order = ["objective", "score", "rationale"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = ObjectiveChoiceField(
            label=_("Objective"),
            queryset=StrategicObjective.objects.all(),
            empty_label=_("Choose an objective"),
            help_text=_("An objective already linked gets its contribution replaced."),
        )
        # Tree order, sub-objectives indented (validation still goes through the queryset).
        field.choices = [("", _("Choose an objective")), *objective_choices()]
        self.fields["objective"] = field
        self.order_fields(self.field_order)


class RemoveContributionForm(forms.Form):
    """Which page the remove button was on (where to come back to)."""

    back = forms.ChoiceField(
        choices=[("project", "project"), ("objective", "objective")], required=False
    )
