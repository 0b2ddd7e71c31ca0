"""Forms of the lessons register: a lesson, and the upload of a register to import."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from lessons.models import Lesson
from lessons.services.register import LESSON_FIELDS
from pmo_portal.concurrency import VersionedFormMixin
from portfolios.forms import DateInput
from portfolios.models import Project
from resources.import_limits import limits_text


class LessonForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Lesson
        fields = list(LESSON_FIELDS)
        widgets = {
            "context": forms.Textarea(attrs={"rows": 4}),
            "what_happened": forms.Textarea(attrs={"rows": 4}),
            "recommendation": forms.Textarea(attrs={"rows": 4}),
            "date": DateInput(),
        }
        help_texts = {
            "context": _("The project's situation when it happened."),
            "what_happened": _("The facts, and what they caused."),
            "recommendation": _("What a future project should do, stated as an action."),
            "phase": _("The lifecycle phase, as the method names it (Cadrage, Recette…)."),
            "tags": _("Key words separated by commas."),
            "source_project_label": _("For a past project that is not in the portal."),
            "language": _("The language the lesson is written in: its search uses it."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        projects = Project.objects.visible_to(user).order_by("code")
        field = self.fields["source_project"]
        field.queryset = projects
        field.label_from_instance = lambda project: f"{project.code} — {project.name}"
        field.empty_label = _("None (or a past project, below)")

    def lesson_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in LESSON_FIELDS}


class LessonImportForm(forms.Form):
    file = forms.FileField(
        label=_("Lessons register"),
        help_text=format_lazy(
            "{} {}",
            _(
                "CSV (any separator, UTF-8 or Windows-1252) or Excel .xlsx, French or English "
                "headers."
            ),
            limits_text(),
        ),
    )
