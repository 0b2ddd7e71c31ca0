"""Forms of closure reviews and improvement actions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.models import MethodologyVersion, TemplateVersion
from lessons.models import ClosureReview, ImprovementAction, Lesson
from lessons.selectors import visible_lessons
from lessons.selectors_closure import owner_choices
from lessons.services.actions import ACTION_FIELDS
from lessons.services.closure import REVIEW_FIELDS
from pmo_portal.concurrency import VersionedFormMixin
from pmo_portal.users import user_label
from portfolios.forms import DateInput

CLOSURE_LESSON_FIELDS = (
    "title",
    "context",
    "what_happened",
    "recommendation",
    "category",
    "phase",
    "tags",
    "impact",
    "language",
)


class ClosureReviewForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ClosureReview
        fields = list(REVIEW_FIELDS)
        widgets = {
            "scope_notes": forms.Textarea(attrs={"rows": 3}),
            "went_well": forms.Textarea(attrs={"rows": 4}),
            "went_badly": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "scope_delivered": _("Share of the scope committed at the start that was delivered."),
        }

    def review_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in REVIEW_FIELDS}


class ClosureLessonForm(forms.ModelForm):
    """A lesson drafted from a closure review: the project gives its source, domain and type."""

    class Meta:
        model = Lesson
        fields = list(CLOSURE_LESSON_FIELDS)
        widgets = {
            "context": forms.Textarea(attrs={"rows": 3}),
            "what_happened": forms.Textarea(attrs={"rows": 3}),
            "recommendation": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "recommendation": _("What a future project should do, stated as an action."),
            "tags": _("Key words separated by commas."),
        }

    def lesson_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in CLOSURE_LESSON_FIELDS}


class ImprovementActionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ImprovementAction
        fields = list(ACTION_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "due_date": DateInput(),
        }
        help_texts = {
            "methodology_version": _("The governance change the action led to, if any."),
            "template_version": _("Or the new version of a document template."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        lesson = self.fields["lesson"]
        lesson.queryset = visible_lessons(user).order_by("title")
        lesson.empty_label = _("None (from an analytic)")
        owner = self.fields["owner"]
        owner.queryset = owner_choices()
        owner.label_from_instance = user_label
        method = self.fields["methodology_version"]
        method.queryset = MethodologyVersion.objects.select_related("methodology").order_by(
            "methodology__name", "-number"
        )
        method.empty_label = _("None")
        template = self.fields["template_version"]
        template.queryset = TemplateVersion.objects.select_related("template").order_by(
            "template__name", "-major", "-minor", "-patch"
        )
        template.empty_label = _("None")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("lesson") and not cleaned.get("analytic_reference"):
            self.add_error(
                "analytic_reference",
                _("Name the lesson or the analytic the action comes from."),
            )
        return cleaned

    def action_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ACTION_FIELDS}
