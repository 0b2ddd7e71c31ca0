"""Forms of the template library and of deliverable uploads. They read input; the file itself
is checked by governance.uploads inside the services (the one door)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.forms.methods import people_with_a_role
from governance.models import KEY, DocumentTemplate
from governance.uploads import limits_text
from pmo_portal.concurrency import version_field
from pmo_portal.users import user_label
from pmo_portal.validators import no_control_characters_multiline


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return user_label(obj)


class TemplateForm(forms.ModelForm):
    owner = PersonChoiceField(label=_("Owner"), queryset=people_with_a_role(), required=False)
    phase_keys = forms.CharField(
        label=_("Phases"),
        required=False,
        max_length=400,
        help_text=_("Phase keys separated by commas (e.g. cadrage, recette); empty: every phase."),
    )

    class Meta:
        model = DocumentTemplate
        fields = ["name", "description", "owner", "project_types", "business_domains"]
        widgets = {
            "project_types": forms.CheckboxSelectMultiple,
            "business_domains": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "project_types": _("None ticked: every project type."),
            "business_domains": _("None ticked: every business domain."),
        }

    def clean_phase_keys(self) -> list[str]:
        keys = [key.strip() for key in self.cleaned_data["phase_keys"].split(",") if key.strip()]
        for key in keys:
            KEY(key)
        return sorted(set(keys))


class BumpChoices:
    CHOICES = [
        ("major", _("Major: the document changes its structure (deliverables made from the "
                    "previous version become outdated)")),
        ("minor", _("Minor: new or reworded content, same structure")),
        ("patch", _("Patch: corrections only")),
    ]  # fmt: skip


class VersionUploadForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=limits_text)
    bump = forms.ChoiceField(
        label=_("Kind of change"),
        choices=BumpChoices.CHOICES,
        initial="minor",
        widget=forms.RadioSelect,
        help_text=_("The first version of a template is 1.0.0 whatever is chosen."),
    )
    change_note = forms.CharField(
        label=_("What changes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        validators=[no_control_characters_multiline],
    )


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.template.name} {obj.label}"


class DeliverableUploadForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=limits_text)
    template_version = VersionChoiceField(
        label=_("Made from template version"),
        queryset=None,
        required=False,
        empty_label=_("Detect it (a document pre-filled by the portal says it) or none"),
    )

    def __init__(self, *args, versions=None, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template_version"].queryset = versions
        self.fields["version"] = version_field()
        self.initial.setdefault("version", current.version if current is not None else 0)
